import { createReadStream } from 'node:fs';

/** A file's text as a stream of chunks, with how many bytes have been read so far. */
export interface FileChunks {
  readonly chunks: AsyncIterable<string>;
  /** Bytes read so far (for progress). */
  bytesRead(): number;
}

/**
 * Opens a UTF-8 file as an async iterable of text chunks (64 KiB reads; characters split across
 * reads are joined by the stream's decoder). Aborting `signal` destroys the stream.
 */
export function fileChunks(path: string, signal?: AbortSignal): FileChunks {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024, signal });
  return { chunks: stream as AsyncIterable<string>, bytesRead: () => stream.bytesRead };
}

/** One conversation read from a file, or a problem with a line of it. */
export type ConversationItem<C> =
  | { readonly line: number; readonly conversation: C; readonly problem?: undefined; readonly severity?: undefined }
  | {
      readonly line: number;
      readonly conversation?: undefined;
      /** What is wrong with the line (or the file, at line 1). */
      readonly problem: string;
      /** `error` when the whole file cannot be read (a header without a mapped column); lines are `warning`s. */
      readonly severity: 'error' | 'warning';
    };
