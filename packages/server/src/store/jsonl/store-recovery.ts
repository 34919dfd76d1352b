/**
 * Opening a JSONL interaction store: reading every segment, checking every line, cutting off a
 * torn tail and dealing with damage before it (Node-only).
 *
 * A crash can only damage what was being written when it happened: the end of the last segment
 * (sealed segments were fsynced before the next one was started). So damage after the last good
 * line of the last segment is a write that never finished: its records were never acknowledged,
 * and it is cut off. Damage anywhere else is not explained by a crash (a disk error, a hand
 * edit), and silently dropping acknowledged records is the one thing a store must not do: open
 * fails naming the file and line, or, when asked to, moves the damaged lines aside into a
 * `.corrupt.jsonl` file next to the segment and goes on. A line whose checksum matches but which is
 * not a record this version understands is never "torn": it was written completely.
 */
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreCorruptionError } from '@kotae/knowledge/errors';
import type { StoreRecord } from '@kotae/knowledge';
import { readLines } from './line-reader.js';
import { decodeStoreLine } from './store-line.js';
import { syncDir, type Segment } from './store-segments.js';

/** The end of the last segment that a crash left half-written, cut off when the store opened. */
export interface TruncatedTail {
  /** The segment file. */
  readonly file: string;
  /** 1-based line where the torn part began. */
  readonly line: number;
  /** Byte offset where the torn part began (the file's length afterwards, unless lines were also quarantined). */
  readonly offset: number;
  /** How many bytes were cut off. */
  readonly bytes: number;
  /** What was wrong with the first cut line, e.g. `incomplete line (no newline at the end)`. */
  readonly reason: string;
}

/** A damaged line that opening with `onCorrupt: 'quarantine'` moved out of its segment. */
export interface QuarantinedLine {
  /** The segment file it was in. */
  readonly file: string;
  /** Its 1-based line in that file, before the rewrite. */
  readonly line: number;
  /** Its byte offset in that file, before the rewrite. */
  readonly offset: number;
  /** Its length in bytes, newline included. */
  readonly bytes: number;
  /** What was wrong with it, e.g. `checksum mismatch`. */
  readonly reason: string;
  /** The file its bytes were moved to (`<segment>.corrupt.jsonl`). */
  readonly movedTo: string;
}

/** What opening a store repaired; both empty after a clean shutdown. */
export interface StoreRecovery {
  /** The torn tail cut off the last segment, if there was one. */
  readonly truncated: TruncatedTail | undefined;
  /** Damaged lines moved aside (only with `onCorrupt: 'quarantine'`). */
  readonly quarantined: readonly QuarantinedLine[];
}

/**
 * Called for every good record found, with its line's position in the store: the sizes of the
 * segments before its own (after their repair) plus its byte offset in its segment.
 */
export type OnRecord = (record: StoreRecord, position: number) => void;

interface BadLine {
  readonly line: number;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

interface Scan {
  /** Byte offset just past the last good line. */
  readonly goodEnd: number;
  /** The file's size as read. */
  readonly size: number;
  /** Damaged lines before the last good line (or anywhere in a sealed segment). */
  readonly corrupt: BadLine[];
  /** Damaged lines after the last good line of the last segment: a torn write. */
  readonly tail: BadLine[];
}

/**
 * Reads every segment, reporting good records through `onRecord`, and repairs what a crash left
 * behind. Returns the sizes of the segments afterwards and what was repaired.
 *
 * @throws StoreCorruptionError for damage that is not a torn tail, unless `quarantine` is set.
 */
export async function recoverSegments(
  segments: readonly Segment[],
  quarantine: boolean,
  onRecord: OnRecord,
): Promise<{ sizes: number[]; recovery: StoreRecovery }> {
  const sizes: number[] = [];
  const quarantined: QuarantinedLine[] = [];
  let truncated: TruncatedTail | undefined;
  let base = 0;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const scan = await scanSegment(segment.path, last, base, onRecord);
    const firstTorn = scan.tail[0];
    if (firstTorn) {
      truncated = {
        file: segment.path,
        line: firstTorn.line,
        offset: scan.goodEnd,
        bytes: scan.size - scan.goodEnd,
        reason: firstTorn.reason,
      };
    }
    if (scan.corrupt.length > 0) {
      if (!quarantine) throw corruptionError(segment.path, scan.corrupt);
      const movedTo = await rewriteWithout(segment.path, scan.corrupt);
      for (const bad of scan.corrupt) quarantined.push({ file: segment.path, ...bad, movedTo });
      // The good lines moved: index the rewritten segment again (it has the same records).
      const again = await scanSegment(segment.path, last, base, onRecord);
      sizes.push(again.size);
    } else if (firstTorn) {
      await truncate(segment.path, scan.goodEnd);
      sizes.push(scan.goodEnd);
    } else {
      sizes.push(scan.size);
    }
    base += sizes.at(-1)!;
  }
  return { sizes, recovery: { truncated, quarantined } };
}

async function scanSegment(path: string, last: boolean, base: number, onRecord: OnRecord): Promise<Scan> {
  const corrupt: BadLine[] = [];
  let pending: BadLine[] = []; // damaged lines that are torn if no good line follows them
  let goodEnd = 0;
  let size = 0;
  for await (const { bytes, offset, line, terminated } of readLines(path)) {
    size = offset + bytes.length + (terminated ? 1 : 0);
    const decoded = terminated
      ? decodeStoreLine(bytes)
      : { ok: false as const, problem: 'incomplete line (no newline at the end)', intact: false };
    if (decoded.ok) {
      corrupt.push(...pending);
      pending = [];
      onRecord(decoded.record, base + offset);
      goodEnd = size;
      continue;
    }
    const bad = { line, offset, bytes: size - offset, reason: decoded.problem };
    if (decoded.intact || !last) {
      corrupt.push(...pending, bad);
      pending = [];
    } else {
      pending.push(bad);
    }
  }
  return { goodEnd, size, corrupt, tail: pending };
}

function corruptionError(file: string, corrupt: readonly BadLine[]): StoreCorruptionError {
  const first = corrupt[0]!;
  const more = corrupt.length > 1 ? ` and ${corrupt.length - 1} more damaged line${corrupt.length > 2 ? 's' : ''}` : '';
  const hint = `${more}; records after it were acknowledged, so it is not a torn write. Open the store with onCorrupt: 'quarantine' to move damaged lines aside and go on`;
  return new StoreCorruptionError(file, first.line, first.offset, first.reason, hint);
}

/** Cuts `file` to `length` bytes and fsyncs it. */
async function truncate(file: string, length: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Rewrites a segment without its damaged lines (and without a torn tail): the damaged lines are
 * appended to `<segment>.corrupt.jsonl` (one JSON object each, the bytes in base64), then the good
 * lines go to a temporary file that replaces the segment by a rename. Returns the quarantine file.
 */
async function rewriteWithout(file: string, corrupt: readonly BadLine[]): Promise<string> {
  const movedTo = join(dirname(file), `${basename(file, '.jsonl')}.corrupt.jsonl`);
  const damaged = new Map(corrupt.map((bad) => [bad.offset, bad.reason]));
  const tmp = `${file}.${process.pid}.tmp`;
  const out = await open(tmp, 'w');
  let aside = '';
  try {
    for await (const { bytes, offset, line, terminated } of readLines(file)) {
      const reason = damaged.get(offset);
      if (reason !== undefined) {
        aside += `${JSON.stringify({ file: basename(file), line, offset, reason, base64: bytes.toString('base64') })}\n`;
      } else if (terminated && decodeStoreLine(bytes).ok) {
        await out.write(Buffer.concat([bytes, NEWLINE]));
      }
    }
    await out.sync();
  } finally {
    await out.close();
  }
  const quarantine = await open(movedTo, 'a');
  try {
    await quarantine.write(aside);
    await quarantine.sync();
  } finally {
    await quarantine.close();
  }
  await rename(tmp, file);
  await syncDir(dirname(file));
  return movedTo;
}

const NEWLINE = Buffer.from('\n');
