/**
 * {@link csvRecords}: a streaming CSV reader that knows the line of every record and recovers
 * from broken ones.
 *
 * Why not a CSV library: kotae must name the line of every bad record in exports of any size.
 * `csv-parse` (the best-kept streaming parser on npm) counts a `\r\n` inside a quoted field as two
 * lines, so every line number after one drifts, and after a record over its size limit it drops
 * the rest of the input without a word. The format itself is small (RFC 4180); this reader is
 * checked against a serializer by a property test.
 */

import { InvalidOptionError } from '../errors.js';

/** A record of a CSV stream, or a record that could not be read. */
export type CsvItem =
  | {
      /** 1-based line where the record starts. */
      readonly line: number;
      /** The record's fields, unquoted. */
      readonly fields: string[];
      readonly problem?: undefined;
    }
  | {
      readonly line: number;
      readonly fields?: undefined;
      /** Why the record at `line` could not be read; reading goes on at the next line. */
      readonly problem: string;
    };

/** Options of {@link csvRecords}. */
export interface CsvRecordsOptions {
  /** The field separator, one character (not `"`, `\r` or `\n`). @default "," */
  readonly delimiter?: string | undefined;
  /**
   * The longest record held, in UTF-16 code units. A longer one (usually an unclosed quote that
   * runs on through the file) is reported, and reading goes on at the line after its first.
   * @default 2000000
   */
  readonly maxChars?: number | undefined;
  /** Stops the iteration (it throws the signal's reason). */
  readonly signal?: AbortSignal | undefined;
}

const QUOTE = 0x22;
const NEED_MORE = 0;
const UNCLOSED = 1;

/**
 * Reads CSV (RFC 4180) from a stream of text chunks, one record at a time, in bounded memory.
 *
 * - Fields may be quoted (`"a ""quoted"" word, with a comma"`) and quoted fields may span lines
 *   (`\n` or `\r\n`, kept as written).
 * - Lenient where a spreadsheet would be: a quote inside an unquoted field is kept as a
 *   character (`5" screen`), and text right after a closing quote is appended to the field.
 * - Empty lines are skipped; a byte-order mark at the start is dropped; lines end with `\n` or
 *   `\r\n` (a lone `\r` is not a line break).
 * - An unclosed quote is reported at the line where its record starts, and reading resumes at the
 *   next line, as if that record had been one line.
 *
 * Records are not checked against a header here: every record is yielded with its fields.
 *
 * @example
 * ```ts
 * for await (const item of csvRecords(createReadStream('export.csv', { encoding: 'utf8' }))) {
 *   if (item.problem) console.warn(`export.csv:${item.line}: ${item.problem}`)
 *   else console.log(item.line, item.fields)
 * }
 * ```
 */
export async function* csvRecords(chunks: AsyncIterable<string>, options: CsvRecordsOptions = {}): AsyncGenerator<CsvItem> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new InvalidOptionError(
      'delimiter',
      `delimiter must be one character other than a quote or a line break (got ${JSON.stringify(delimiter)})`,
    );
  }
  const maxChars = options.maxChars ?? 2_000_000;
  const source = chunks[Symbol.asyncIterator]();
  let buf = '';
  let pos = 0;
  let line = 1;
  let final = false;
  let first = true;
  /** Drop the text before `pos` and append the next chunk (or mark the end of the input). */
  const pull = async () => {
    const next = await source.next();
    options.signal?.throwIfAborted();
    if (next.done) {
      final = true;
      return;
    }
    let text = next.value;
    if (first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    buf = buf.slice(pos) + text;
    pos = 0;
  };
  /** Skip the rest of the line at `pos`, pulling chunks without holding them when it is long. */
  const skipLine = async () => {
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl >= 0) {
        pos = nl + 1;
        line++;
        return;
      }
      if (final) {
        pos = buf.length;
        return;
      }
      pos = buf.length;
      await pull();
    }
  };
  for (;;) {
    if (pos >= buf.length || (buf[pos] === '\r' && pos + 1 >= buf.length)) {
      if (final) {
        // A lone `\r` at the very end is whitespace, not a record.
        return;
      }
      await pull();
      continue;
    }
    const c = buf[pos];
    if (c === '\n' || (c === '\r' && buf[pos + 1] === '\n')) {
      pos += c === '\n' ? 1 : 2;
      line++;
      continue;
    }
    const result = parseRecord(buf, pos, final, delimiter);
    if (result === NEED_MORE) {
      if (buf.length - pos > maxChars) {
        yield {
          line,
          problem: `record longer than ${maxChars.toLocaleString('en-US')} characters (an unclosed quote?); skipped its first line`,
        };
        await skipLine();
      } else {
        await pull();
      }
      continue;
    }
    if (result === UNCLOSED) {
      yield { line, problem: 'unclosed quote: the record runs to the end of the file; skipped its first line' };
      await skipLine();
      continue;
    }
    yield { line, fields: result.fields };
    line += countNewlines(buf, pos, result.end);
    pos = result.end;
  }
}

/**
 * Parses the record at `i`: its fields and the index after its line break, or NEED_MORE when the
 * buffer ends inside it (and more input may come), or UNCLOSED when the input ends inside a quote.
 */
function parseRecord(
  buf: string,
  i: number,
  final: boolean,
  delimiter: string,
): { fields: string[]; end: number } | typeof NEED_MORE | typeof UNCLOSED {
  const fields: string[] = [];
  let nl = -1;
  for (;;) {
    let value: string;
    if (buf.charCodeAt(i) === QUOTE) {
      value = '';
      let j = i + 1;
      for (;;) {
        const q = buf.indexOf('"', j);
        if (q < 0) return final ? UNCLOSED : NEED_MORE;
        if (q + 1 >= buf.length && !final) return NEED_MORE;
        if (buf.charCodeAt(q + 1) === QUOTE) {
          value += buf.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += buf.slice(j, q);
        i = q + 1;
        break;
      }
      // Lenient: text after the closing quote, up to the next delimiter or line break, is kept.
      if (i < buf.length && buf[i] !== delimiter && buf[i] !== '\n' && !(buf[i] === '\r' && buf[i + 1] === '\n')) {
        const end = fieldEnd(buf, i, delimiter);
        if (end < 0 && !final) return NEED_MORE;
        const stop = end < 0 ? buf.length : end;
        value += trimCr(buf.slice(i, stop), stop < buf.length && buf[stop] === '\n');
        i = stop;
      }
      if (buf[i] === '\r') {
        if (i + 1 >= buf.length && !final) return NEED_MORE;
        if (buf[i + 1] === '\n') i++;
      }
    } else {
      if (nl < i) {
        nl = buf.indexOf('\n', i);
        if (nl < 0) {
          if (!final) return NEED_MORE;
          nl = buf.length;
        }
      }
      let end = buf.indexOf(delimiter, i);
      if (end < 0 || end > nl) end = nl;
      value = end === nl ? trimCr(buf.slice(i, end), true) : buf.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i >= buf.length) {
      if (!final) return NEED_MORE;
      return { fields, end: i };
    }
    if (buf[i] === '\n') return { fields, end: i + 1 };
    // A delimiter: another field follows (an empty one at the end of the line or input).
    i++;
    if (i >= buf.length && !final) return NEED_MORE;
  }
}

/** Index of the next delimiter or `\n` from `i`, or -1. */
function fieldEnd(buf: string, i: number, delimiter: string): number {
  const d = buf.indexOf(delimiter, i);
  const n = buf.indexOf('\n', i);
  if (d < 0) return n;
  if (n < 0) return d;
  return Math.min(d, n);
}

function trimCr(text: string, atLineEnd: boolean): string {
  return atLineEnd && text.endsWith('\r') ? text.slice(0, -1) : text;
}

function countNewlines(buf: string, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) n++;
  return n;
}
