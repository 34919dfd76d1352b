/**
 * Rewriting the files of a JSONL interaction store without some of their lines, for retention and
 * erasure (Node-only).
 *
 * A file is never changed in place: the lines that stay are written to `<file>.<pid>.tmp`, which
 * is fsynced and later renamed over the file (or, when nothing is left, the file is deleted). A
 * crash before the rename leaves the old file and a temporary file that the next open removes; a
 * crash after it leaves the new file. Either way no line that was meant to stay is lost, and the
 * rename drops the old file's inode, so its bytes are no longer reachable through the store
 * directory. The temporary file is made only once a line is actually dropped: a file with nothing
 * to remove is read, never written.
 */
import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError, StoreCorruptionError } from '@kotae/knowledge/errors';
import type { StoreRecord } from '@kotae/knowledge';
import { readLines } from './line-reader.js';
import { decodeStoreLine } from './store-line.js';

/** A file whose rewrite is ready: rename `tmp` over `path`, or delete `path` when `tmp` is undefined. */
export interface StagedFile {
  readonly path: string;
  readonly tmp: string | undefined;
}

/** What {@link passSegment} found. */
export interface SegmentPass {
  /** The segment's size afterwards, in bytes (0 when it is to be deleted). */
  readonly size: number;
  /** Its rewrite, when a line was dropped. */
  readonly staged: StagedFile | undefined;
}

const NEWLINE = Buffer.from('\n');
const FLUSH_BYTES = 2 ** 20;
const QUARANTINE = /^interactions-\d{6,}\.corrupt\.jsonl$/;

/** Calls `onRecord` for every record of segment `path` before byte `end`; any damaged line throws. */
export async function scanRecords(path: string, end: number, onRecord: (record: StoreRecord) => void): Promise<void> {
  for await (const { bytes, offset, line } of readLines(path, { end })) onRecord(decodeLine(path, bytes, offset, line));
}

/**
 * Reads segment `path` up to `end`, verifying every line, and stages a rewrite without the
 * records `drop` returns true for. `onKept` gets every other record with its byte offset in the
 * segment afterwards. When nothing is left, the segment is staged for deletion, unless
 * `keepEmpty` (the active segment stays, empty).
 *
 * @throws StoreCorruptionError for a damaged line (nothing is staged).
 */
export async function passSegment(
  path: string,
  end: number,
  drop: (record: StoreRecord) => boolean,
  onKept: (record: StoreRecord, offset: number) => void,
  keepEmpty: boolean,
): Promise<SegmentPass> {
  const rewrite = new Rewrite(path);
  try {
    for await (const { bytes, offset, line } of readLines(path, { end })) {
      const record = decodeLine(path, bytes, offset, line);
      if (drop(record)) {
        await rewrite.drop();
      } else {
        onKept(record, rewrite.size);
        await rewrite.keep(bytes, NEWLINE);
      }
    }
    return { size: rewrite.size, staged: await rewrite.finish(keepEmpty) };
  } catch (e) {
    await rewrite.abort();
    throw e;
  }
}

/** What {@link passQuarantine} found. */
export interface QuarantinePass {
  /** Lines dropped. */
  readonly removed: number;
  /** Lines kept. */
  readonly kept: number;
  /** The rewrite, when a line was dropped. */
  readonly staged: StagedFile | undefined;
}

/**
 * Stages a rewrite of quarantine file `path` (`<segment>.corrupt.jsonl`, one JSON object per
 * damaged line, its bytes in `base64`) without the lines `drop` returns true for. `drop` gets
 * the damaged line's bytes, decoded from base64 (or the quarantine line itself when it is not one
 * of ours). A file left empty is staged for deletion.
 */
export async function passQuarantine(path: string, drop: (damaged: Buffer) => boolean): Promise<QuarantinePass> {
  const rewrite = new Rewrite(path);
  let removed = 0;
  let kept = 0;
  try {
    for await (const { bytes, terminated } of readLines(path)) {
      if (drop(quarantinedBytes(bytes))) {
        removed++;
        await rewrite.drop();
      } else {
        kept++;
        await rewrite.keep(bytes, ...(terminated ? [NEWLINE] : []));
      }
    }
    return { removed, kept, staged: await rewrite.finish(false) };
  } catch (e) {
    await rewrite.abort();
    throw e;
  }
}

/** The quarantine files (`interactions-*.corrupt.jsonl`) in store directory `dir`. */
export async function listQuarantineFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => QUARANTINE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Removes a staged temporary file (after a failure). */
export async function discard(staged: StagedFile): Promise<void> {
  if (staged.tmp !== undefined) await unlink(staged.tmp).catch(() => undefined);
}

function decodeLine(path: string, bytes: Buffer, offset: number, line: number): StoreRecord {
  const decoded = decodeStoreLine(bytes);
  if (!decoded.ok) throw new StoreCorruptionError(path, line, offset, decoded.problem);
  return decoded.record;
}

function quarantinedBytes(line: Buffer): Buffer {
  try {
    const value = JSON.parse(line.toString('utf8')) as { base64?: unknown };
    if (typeof value.base64 === 'string') return Buffer.from(value.base64, 'base64');
  } catch {
    // Not one of our quarantine lines (edited, or damaged itself): judge its raw bytes.
  }
  return line;
}

/**
 * A file being rewritten without some of its lines. Until the first dropped line nothing is
 * written (the lines so far are the file's own first bytes); at the first drop the temporary file
 * is created with that prefix, and every later kept line is appended to it.
 */
class Rewrite {
  readonly #path: string;
  readonly #tmp: string;
  #out: FileHandle | undefined;
  #size = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(path: string) {
    this.#path = path;
    this.#tmp = `${path}.${process.pid}.tmp`;
  }

  /** Bytes kept so far: the size of the file afterwards, and the offset of the next kept line. */
  get size(): number {
    return this.#size;
  }

  async keep(...parts: Buffer[]): Promise<void> {
    for (const part of parts) this.#size += part.length;
    if (!this.#out) return;
    this.#pending.push(...parts);
    for (const part of parts) this.#pendingBytes += part.length;
    if (this.#pendingBytes >= FLUSH_BYTES) await this.#flush();
  }

  async drop(): Promise<void> {
    if (this.#out) return;
    this.#out = await open(this.#tmp, 'w');
    await copyPrefix(this.#path, this.#out, this.#size);
  }

  /** Fsyncs and closes the rewrite; undefined when nothing was dropped. */
  async finish(keepEmpty: boolean): Promise<StagedFile | undefined> {
    if (!this.#out) return undefined;
    await this.#flush();
    const out = this.#out;
    this.#out = undefined;
    try {
      await out.sync();
    } finally {
      await out.close();
    }
    if (this.#size === 0 && !keepEmpty) {
      await unlink(this.#tmp);
      return { path: this.#path, tmp: undefined };
    }
    return { path: this.#path, tmp: this.#tmp };
  }

  async abort(): Promise<void> {
    if (!this.#out) return;
    await this.#out.close().catch(() => undefined);
    this.#out = undefined;
    await unlink(this.#tmp).catch(() => undefined);
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const bytes = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    for (let done = 0; done < bytes.length;) done += (await this.#out!.write(bytes, done)).bytesWritten;
  }
}

/** Copies the first `length` bytes of `path` to `out`. */
async function copyPrefix(path: string, out: FileHandle, length: number): Promise<void> {
  if (length === 0) return;
  const source = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(FLUSH_BYTES, length));
    for (let position = 0; position < length;) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, length - position), position);
      if (bytesRead === 0) throw new InternalError(`${path} ended at byte ${position}, before ${length}`);
      for (let done = 0; done < bytesRead;) done += (await out.write(buffer, done, bytesRead - done)).bytesWritten;
      position += bytesRead;
    }
  } finally {
    await source.close();
  }
}
