import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { KotaeError, StoreClosedError, StoreCorruptionError, StoreRecordError, StoreWriteError } from '../errors.js';
import { StoreRecordSchema, type InteractionRecord, type StoreRecord } from '../schema/interaction.js';
import type { InteractionStore, RecordsQuery } from '../store/interaction-store.js';
import { readLines } from '../internal/node/line-reader.js';
import { decodeStoreLine, encodeStoreLine } from '../internal/node/store-line.js';
import { acquireStoreLock, type StoreLock } from '../internal/node/store-lock.js';
import { recoverSegments } from '../internal/node/store-recovery.js';
import { listSegments, segmentName, syncDir, type Segment } from '../internal/node/store-segments.js';

/** Options of {@link JsonlInteractionStore.open}. */
export interface JsonlStoreOptions {
  /**
   * Size in bytes past which appends go to a new segment file. Segments let retention and erasure
   * rewrite old records one file at a time; a segment ends on a whole group commit, so it can be
   * larger by up to 1 MiB.
   *
   * @default 67108864 (64 MiB)
   */
  readonly segmentBytes?: number | undefined;
  /**
   * What opening does with a damaged line that is not a torn tail (see the store's docs):
   * `'fail'` throws a {@link StoreCorruptionError} naming the file and line and changes nothing;
   * `'quarantine'` moves the damaged lines into `<segment>.corrupt.jsonl` (with their line,
   * offset, reason and bytes), rewrites the segment without them, reports them in
   * {@link JsonlInteractionStore.recovery} and opens.
   *
   * @default 'fail'
   */
  readonly onCorrupt?: 'fail' | 'quarantine' | undefined;
  /** Called once during {@link JsonlInteractionStore.open} when it cut off a torn tail or quarantined lines. */
  readonly onRecover?: ((recovery: StoreRecovery) => void) | undefined;
}

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

/** Options of {@link JsonlInteractionStore.records}. */
export interface JsonlRecordsQuery extends RecordsQuery {
  /** Stops the iteration: the next step throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

interface Pending {
  readonly line: Buffer;
  readonly id: string | undefined;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const DEFAULT_SEGMENT_BYTES = 64 * 2 ** 20;
/** At most this many bytes go into one write + fdatasync (more wait for the next). */
const MAX_BATCH_BYTES = 2 ** 20;
const LEFTOVER_TMP = /^interactions-\d{6,}\.jsonl\.\d+\.tmp$/;

/**
 * The embedded interaction store: append-only JSON Lines files in one directory, one checksummed
 * record per line, fsynced before an append resolves.
 *
 * - **Durable**: `append` resolves only after the line is written and `fdatasync`ed. Appends made
 *   while a write is in flight are queued in order and written together with one `fdatasync`
 *   (group commit), so many concurrent appenders cost few syncs.
 * - **Recovering**: opening checks every line's checksum; a torn tail (what a crash left of an
 *   unacknowledged write) is cut off, other damage fails the open naming file and line (or is
 *   quarantined, see {@link JsonlStoreOptions.onCorrupt}).
 * - **Single writer**: a lock file (`store.lock`, with the owner's pid) keeps a second process, or a
 *   second open in this one, out; the lock of a process that died is taken over.
 * - **Small in memory**: only a map from interaction id to the line's position is kept: 60–75
 *   bytes per interaction with 20-character ids, about half of it the id (feedback and
 *   escalations cost nothing). Records are read from disk when asked for.
 *
 * Files: `interactions-000001.jsonl`, `interactions-000002.jsonl`, … (a new one past
 * {@link JsonlStoreOptions.segmentBytes}); each line is `{"sha256":"<16 hex>","r":<record>}` where
 * the checksum is the first 16 hex digits of the SHA-256 of the record's JSON bytes. See
 * `docs/interaction-store.md`.
 *
 * @example
 * ```ts
 * const store = await JsonlInteractionStore.open('var/interactions')
 * await store.append({ kind: 'feedback', interactionId: 'i-1', at: new Date().toISOString(), helpful: true })
 * for await (const record of store.records({ since: '2026-01-01T00:00:00Z' })) console.log(record.kind)
 * await store.close()
 * ```
 */
export class JsonlInteractionStore implements InteractionStore {
  /** The store directory, as an absolute path. */
  readonly dir: string;
  /** What opening repaired (a torn tail, quarantined lines); empty after a clean shutdown. */
  readonly recovery: StoreRecovery;

  readonly #lock: StoreLock;
  readonly #segmentBytes: number;
  readonly #segments: Segment[];
  /** Committed (written and synced) bytes of each segment; the last one grows. */
  readonly #sizes: number[];
  /**
   * Where each segment starts in the store's positions: the sum of the sizes of the segments
   * before it. A position is one number (a small integer for the first 2 GiB, which V8 stores
   * unboxed), and never collides: a segment's successor starts where it ended.
   */
  readonly #starts: number[];
  /** Interaction id → position of its latest line. */
  readonly #index: Map<string, number>;
  #active: FileHandle;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #failure: StoreWriteError | undefined;
  #closing: Promise<void> | undefined;

  private constructor(
    dir: string,
    lock: StoreLock,
    segmentBytes: number,
    segments: Segment[],
    sizes: number[],
    index: Map<string, number>,
    active: FileHandle,
    recovery: StoreRecovery,
  ) {
    this.dir = dir;
    this.#lock = lock;
    this.#segmentBytes = segmentBytes;
    this.#segments = segments;
    this.#sizes = sizes;
    this.#starts = [];
    let start = 0;
    for (const size of sizes) {
      this.#starts.push(start);
      start += size;
    }
    this.#index = index;
    this.#active = active;
    this.recovery = recovery;
  }

  /**
   * Opens (creating if needed) the store in directory `dir`: takes its lock, reads every
   * segment, verifies every line, repairs a torn tail and builds the id index.
   *
   * @throws `StoreLockedError` when another process (or another open store in this one)
   *   holds the directory.
   * @throws `StoreCorruptionError` for a damaged line before the end of the data, unless
   *   `onCorrupt` is `'quarantine'`.
   * @example
   * ```ts
   * const store = await JsonlInteractionStore.open('var/interactions', {
   *   onRecover: (r) => console.warn('interaction store repaired', r),
   * })
   * ```
   */
  static async open(dir: string, options: JsonlStoreOptions = {}): Promise<JsonlInteractionStore> {
    const { segmentBytes = DEFAULT_SEGMENT_BYTES, onCorrupt = 'fail', onRecover } = options;
    if (!Number.isInteger(segmentBytes) || segmentBytes < 1 || segmentBytes > 2 ** 36) {
      throw new KotaeError(`segmentBytes must be a whole number of bytes from 1 to 2^36 (got ${JSON.stringify(segmentBytes)})`);
    }
    if (onCorrupt !== 'fail' && onCorrupt !== 'quarantine') {
      throw new KotaeError(`onCorrupt must be "fail" or "quarantine" (got ${JSON.stringify(onCorrupt)})`);
    }
    const root = resolve(dir);
    const created = await mkdir(root, { recursive: true });
    // Make every directory created here durable in its parent.
    if (created !== undefined) for (let d = root; d !== dirname(created); d = dirname(d)) await syncDir(dirname(d));
    const lock = await acquireStoreLock(root);
    try {
      await removeLeftovers(root);
      const segments = await listSegments(root);
      const index = new Map<string, number>();
      const { sizes, recovery } = await recoverSegments(segments, onCorrupt === 'quarantine', (record, position) => {
        if (record.kind === 'interaction') index.set(record.id, position);
      });
      if (segments.length === 0) {
        segments.push({ number: 1, path: join(root, segmentName(1)) });
        sizes.push(0);
      }
      if (recovery.truncated || recovery.quarantined.length > 0) onRecover?.(recovery);
      const active = await open(segments.at(-1)!.path, 'a');
      try {
        await syncDir(root); // so a segment created just now survives a crash
      } catch (e) {
        await active.close();
        throw e;
      }
      return new JsonlInteractionStore(root, lock, segmentBytes, segments, sizes, index, active, recovery);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /**
   * Validates `record` against `StoreRecordSchema`, appends it, and resolves once it is on disk
   * (written and `fdatasync`ed). Appends are written in call order. Unknown keys are dropped, as
   * the schema parses them away.
   *
   * @throws `StoreRecordError` for an invalid record (nothing is written).
   * @throws `StoreWriteError` when writing or syncing failed (then and for every later append).
   * @throws `StoreClosedError` after {@link JsonlInteractionStore.close}.
   * @example
   * ```ts
   * await store.append({ kind: 'escalation', interactionId: 'i-1', at: new Date().toISOString(), delivered: true, status: 201 })
   * ```
   */
  append(record: StoreRecord): Promise<void> {
    if (this.#closing) return Promise.reject(new StoreClosedError(this.dir));
    if (this.#failure) return Promise.reject(this.#failure);
    const parsed = StoreRecordSchema.safeParse(record);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => {
        const path = issue.path.join('.');
        return path ? `"${path}": ${issue.message}` : issue.message;
      });
      return Promise.reject(new StoreRecordError(issues));
    }
    const line = encodeStoreLine(parsed.data);
    const id = parsed.data.kind === 'interaction' ? parsed.data.id : undefined;
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, id, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /**
   * The latest interaction record appended with this id (read from disk and verified), or
   * `undefined`. Only acknowledged appends are found.
   *
   * @throws `StoreCorruptionError` when the line on disk no longer matches its checksum.
   * @example
   * ```ts
   * const asked = await store.interaction(feedback.interactionId)
   * ```
   */
  async interaction(id: string): Promise<InteractionRecord | undefined> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    const position = this.#index.get(id);
    if (position === undefined) return undefined;
    const i = segmentAt(this.#starts, position);
    const segment = this.#segments[i]!;
    const offset = position - this.#starts[i]!;
    const decoded = decodeStoreLine(await readLineAt(segment.path, offset));
    if (!decoded.ok) throw new StoreCorruptionError(segment.path, undefined, offset, decoded.problem);
    if (decoded.record.kind !== 'interaction' || decoded.record.id !== id) {
      throw new StoreCorruptionError(segment.path, undefined, offset, `expected interaction ${JSON.stringify(id)} here`);
    }
    return decoded.record;
  }

  /**
   * Every record, oldest first, streamed from the files line by line and verified. The records
   * are those acknowledged when the iteration starts; later appends are not included.
   *
   * `since` keeps records whose `at` is at or after that time, compared as instants (so time
   * zones may differ); a record whose `at` is not a date is left out.
   *
   * @throws `StoreCorruptionError` for a line damaged since the store was opened.
   * @throws `StoreClosedError` when the store is closed (also in the middle of an iteration).
   * @example
   * ```ts
   * for await (const r of store.records({ since: '2026-03-01T00:00:00Z', signal })) if (r.kind === 'feedback') count++
   * ```
   */
  async *records(query: JsonlRecordsQuery = {}): AsyncGenerator<StoreRecord, void, undefined> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    const since = query.since === undefined ? undefined : Date.parse(query.since);
    if (Number.isNaN(since)) throw new KotaeError(`records: since must be an ISO 8601 date-time (got ${JSON.stringify(query.since)})`);
    const snapshot = this.#segments.map((segment, i) => ({ path: segment.path, end: this.#sizes[i]! }));
    for (const { path, end } of snapshot) {
      for await (const { bytes, offset, line } of readLines(path, { end, signal: query.signal })) {
        if (this.#closing) throw new StoreClosedError(this.dir);
        const decoded = decodeStoreLine(bytes);
        if (!decoded.ok) throw new StoreCorruptionError(path, line, offset, decoded.problem);
        if (since === undefined || Date.parse(decoded.record.at) >= since) yield decoded.record;
      }
    }
  }

  /**
   * Waits for the appends already made, then closes the files and releases the lock. Every
   * later call of another method rejects with {@link StoreClosedError}; calling `close` again
   * returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await this.#draining;
      await this.#active.close();
    } finally {
      await this.#lock.release();
    }
  }

  /** Writes queued lines in batches, one write and one fdatasync each, until the queue is empty. */
  async #drain(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await null;
    try {
      while (this.#queue.length > 0) {
        const batch = takeBatch(this.#queue);
        const bytes = Buffer.concat(batch.map((p) => p.line));
        try {
          if (this.#sizes.at(-1)! >= this.#segmentBytes) await this.#roll();
          await writeFully(this.#active, bytes);
          await this.#active.datasync();
        } catch (cause) {
          this.#failure = new StoreWriteError(this.#segments.at(-1)!.path, cause);
          for (const p of [...batch, ...this.#queue.splice(0)]) p.reject(this.#failure);
          return;
        }
        const segment = this.#segments.length - 1;
        let offset = this.#sizes[segment]!;
        for (const p of batch) {
          if (p.id !== undefined) this.#index.set(p.id, this.#starts[segment]! + offset);
          offset += p.line.length;
        }
        this.#sizes[segment] = offset;
        for (const p of batch) p.resolve();
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** Seals the active segment (already synced) and starts the next one. */
  async #roll(): Promise<void> {
    const number = this.#segments.at(-1)!.number + 1;
    const next = { number, path: join(this.dir, segmentName(number)) };
    const handle = await open(next.path, 'ax');
    try {
      await syncDir(this.dir);
    } catch (e) {
      await handle.close();
      throw e;
    }
    await this.#active.close().catch(() => undefined); // synced already: nothing can be lost here
    this.#active = handle;
    this.#starts.push(this.#starts.at(-1)! + this.#sizes.at(-1)!);
    this.#segments.push(next);
    this.#sizes.push(0);
  }
}

/** The index of the segment holding `position`: the last one starting at or before it. */
function segmentAt(starts: readonly number[], position: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Takes the first queued appends, up to MAX_BATCH_BYTES (at least one). */
function takeBatch(queue: Pending[]): Pending[] {
  let count = 0;
  let bytes = 0;
  while (count < queue.length && (count === 0 || bytes + queue[count]!.line.length <= MAX_BATCH_BYTES)) {
    bytes += queue[count]!.line.length;
    count++;
  }
  return queue.splice(0, count);
}

async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done)).bytesWritten;
}

/** Reads the line starting at `offset` (without its newline). */
async function readLineAt(path: string, offset: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(4096);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
      const newline = buffer.indexOf(0x0a, filled);
      filled += bytesRead;
      if (newline !== -1 && newline < filled) return buffer.subarray(0, newline);
      if (bytesRead === 0) return buffer.subarray(0, filled);
      if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
    }
  } finally {
    await handle.close();
  }
}

/** Removes temporary files a crash during a quarantine rewrite left behind (the lock is held). */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (LEFTOVER_TMP.test(name)) await unlink(join(dir, name));
}
