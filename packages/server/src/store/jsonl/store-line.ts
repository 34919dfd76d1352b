/**
 * The line format of the JSONL interaction store (Node-only: `node:crypto`):
 *
 * ```
 * {"sha256":"<16 hex digits>","r":<the record as JSON>}\n
 * ```
 *
 * The checksum is the first 16 hex digits (64 bits) of the SHA-256 of the UTF-8 bytes of `<the
 * record as JSON>`, exactly as they stand in the line. Each line is still plain JSON (`jq .r` reads
 * a store file), and a reader checks the checksum on the raw bytes before parsing them. The prefix
 * has a fixed length, so the record's bytes are found without parsing anything.
 */
import { createHash } from 'node:crypto';
import { StoreRecordSchema, type StoreRecord } from '@kotae/knowledge';

const PREFIX = '{"sha256":"';
const SUM_DIGITS = 16;
const MIDDLE = '","r":';
const HEAD = PREFIX.length + SUM_DIGITS + MIDDLE.length;
const CLOSE = 0x7d; // '}'
const NEWLINE = 0x0a;
const HEX = /^[0-9a-f]{16}$/;

/** The checksum of a record's JSON bytes, as the line carries it. */
export function lineChecksum(json: Uint8Array): string {
  return createHash('sha256').update(json).digest('hex').slice(0, SUM_DIGITS);
}

/** One store line for a record (already validated), newline included. */
export function encodeStoreLine(record: StoreRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const line = Buffer.allocUnsafe(HEAD + json.length + 2);
  line.write(PREFIX, 0, 'latin1');
  line.write(lineChecksum(json), PREFIX.length, 'latin1');
  line.write(MIDDLE, PREFIX.length + SUM_DIGITS, 'latin1');
  json.copy(line, HEAD);
  line[HEAD + json.length] = CLOSE;
  line[HEAD + json.length + 1] = NEWLINE;
  return line;
}

/** What a line decodes to: the record, or why it is not one. */
export type DecodedLine =
  | { readonly ok: true; readonly record: StoreRecord }
  | {
      readonly ok: false;
      /** What is wrong, for messages. */
      readonly problem: string;
      /**
       * True when the checksum matched: the line was written completely, so its problem is not a
       * torn write (a record of a newer format, say) and must never be cut off as one.
       */
      readonly intact: boolean;
    };

/** Decodes one line (without its newline): checks the frame and the checksum, parses, validates. */
export function decodeStoreLine(line: Uint8Array): DecodedLine {
  if (line.length < HEAD + 1 || line[line.length - 1] !== CLOSE) return broken('not a store line');
  const head = Buffer.from(line.buffer, line.byteOffset, HEAD).toString('latin1');
  const sum = head.slice(PREFIX.length, PREFIX.length + SUM_DIGITS);
  if (!head.startsWith(PREFIX) || !head.endsWith(MIDDLE) || !HEX.test(sum)) return broken('not a store line');
  const json = line.subarray(HEAD, line.length - 1);
  if (lineChecksum(json) !== sum) return broken('checksum mismatch');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.length).toString('utf8'));
  } catch (e) {
    return { ok: false, problem: `invalid JSON: ${(e as Error).message}`, intact: true };
  }
  const parsed = StoreRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    return { ok: false, problem: `not a record this version understands: ${path ? `"${path}" ` : ''}${issue.message}`, intact: true };
  }
  return { ok: true, record: parsed.data };
}

function broken(problem: string): DecodedLine {
  return { ok: false, problem, intact: false };
}
