/**
 * Streams a file as lines of bytes with their offsets, never holding more than one chunk and one
 * line in memory (Node-only).
 */
import { open } from 'node:fs/promises';

/** One line of a file, without its newline. */
export interface FileLine {
  /** The line's bytes, newline excluded. Owned by the caller (not reused). */
  readonly bytes: Buffer;
  /** Byte offset of the line's first byte in the file. */
  readonly offset: number;
  /** 1-based line number. */
  readonly line: number;
  /** False for trailing bytes with no newline after them (the file ends mid-line). */
  readonly terminated: boolean;
}

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Read only bytes before this offset. @default the file's size when reading reaches it */
  readonly end?: number | undefined;
  /** Stops the reading: the iterator throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Bytes read at once. @default 65536 */
  readonly chunkBytes?: number | undefined;
}

const NEWLINE = 0x0a;

/** Yields the lines of `file` in order, from offset 0 up to `end`. */
export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<FileLine> {
  const { end = Infinity, signal, chunkBytes = 65536 } = options;
  signal?.throwIfAborted();
  const handle = await open(file, 'r');
  try {
    let position = 0;
    let line = 1;
    let carry: Buffer | undefined; // the start of a line that continues in the next chunk
    while (position < end) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, end - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      signal?.throwIfAborted();
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        const piece = data.subarray(start, nl);
        const bytes = carry ? Buffer.concat([carry, piece]) : piece;
        yield { bytes, offset: position + start - (carry?.length ?? 0), line: line++, terminated: true };
        carry = undefined;
        start = nl + 1;
      }
      if (start < data.length) {
        const rest = data.subarray(start);
        carry = carry ? Buffer.concat([carry, rest]) : rest;
      }
      position += bytesRead;
    }
    if (carry) yield { bytes: carry, offset: position - carry.length, line, terminated: false };
  } finally {
    await handle.close();
  }
}
