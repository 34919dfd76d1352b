/**
 * {@link textLines}: splits a stream of text into numbered lines in bounded memory.
 */

/** One line of a text stream, or the number of a line too long to hold. */
export type TextLine =
  | {
      /** 1-based line number. */
      readonly line: number;
      /** The line without its line break (`\n` or `\r\n`). */
      readonly text: string;
      readonly tooLong?: undefined;
    }
  | {
      readonly line: number;
      readonly text?: undefined;
      /** The line had more than `maxChars` characters and was skipped. */
      readonly tooLong: true;
    };

/** Options of {@link textLines}. */
export interface TextLinesOptions {
  /**
   * The longest line held, in UTF-16 code units. A longer line is reported as `tooLong` and the
   * rest of it is skipped without being held, so a file without line breaks never needs its size
   * in memory.
   * @default 2000000
   */
  readonly maxChars?: number | undefined;
  /** Stops the iteration (it throws the signal's reason). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Yields the lines of a text stream (chunks of any size, such as a file read with
 * `createReadStream(path, { encoding: 'utf8' })`), numbered from 1. A byte-order mark at the start
 * and the `\r` of `\r\n` are dropped; an empty last line (after a final line break) is not
 * yielded. Holds at most one line (up to `maxChars`) and one chunk.
 *
 * @example
 * ```ts
 * for await (const { line, text, tooLong } of textLines(createReadStream(file, { encoding: 'utf8' }))) {
 *   if (tooLong) console.warn(`${file}:${line}: line too long`)
 * }
 * ```
 */
export async function* textLines(chunks: AsyncIterable<string>, options: TextLinesOptions = {}): AsyncGenerator<TextLine> {
  const maxChars = options.maxChars ?? 2_000_000;
  let pending = '';
  let line = 1;
  let skipping = false;
  let first = true;
  for await (let chunk of chunks) {
    options.signal?.throwIfAborted();
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = chunk === '';
    }
    let start = 0;
    if (skipping) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) continue;
      skipping = false;
      line++;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf('\n', start); nl >= 0; nl = chunk.indexOf('\n', start)) {
      if (pending.length + nl - start > maxChars) {
        yield { line, tooLong: true };
      } else {
        const text = pending + chunk.slice(start, nl);
        yield { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
      }
      pending = '';
      line++;
      start = nl + 1;
    }
    if (pending.length + chunk.length - start > maxChars) {
      yield { line, tooLong: true };
      pending = '';
      skipping = true;
    } else {
      pending += chunk.slice(start);
    }
  }
  if (!skipping && pending !== '') yield { line, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}
