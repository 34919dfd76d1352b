import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StoreClosedError, StoreNotFoundError, StoreCorruptionError, StoreReadOnlyError } from '@kotae/knowledge/errors';
import type { InteractionRecord, StoreRecord } from '@kotae/knowledge';
import type { InteractionStore, MaintenanceResult } from '../interaction-store.js';
import { sinceInstant } from '../validate-record.js';
import { readLines } from './line-reader.js';
import { scanReviewQueue, scanThread, type ReviewQueuePage, type ReviewQueueQuery, type ThreadSelector } from '../review-queue.js';
import type { AuditEntry, AuditLogQuery } from '../audit-log.js';
import { JsonlAuditFile } from './jsonl-audit.js';
import { decodeStoreLine } from './store-line.js';
import { listSegments } from './store-segments.js';
import type { JsonlRecordsQuery } from './jsonl-store.js';

/**
 * A JSONL interaction store directory opened read-only: reads the files without taking the
 * store's lock, so a reporting tool (`kotae insights`, `kotae cases`) can read while
 * `kotae serve` (the writer, which holds the lock) keeps appending.
 *
 * - Nothing is written: no lock, no repair; `append`, `compact` and `erase` reject with
 *   `StoreReadOnlyError`.
 * - `records()` reads the segments as they are when it starts (later appends are left out) and
 *   skips the end of the last segment when it is a write still in progress (or a torn tail the
 *   writer will cut off when it next opens); damage before the last good line throws
 *   `StoreCorruptionError`, as opening the store for writing would.
 * - While the writer compacts or erases, an iteration may see some segments before and others
 *   after the rewrite (each segment file is read whole, as it was when the iteration reached it).
 * - `interaction(id)` scans the files (there is no index in memory).
 *
 * @example
 * ```ts
 * const store = await JsonlStoreReader.open('var/interactions')
 * for await (const record of store.records({ since: '2026-03-01T00:00:00Z' })) console.log(record.kind)
 * await store.close()
 * ```
 */
export class JsonlStoreReader implements InteractionStore {
  /** The store directory, as an absolute path. */
  readonly dir: string;
  #closed = false;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Opens the store in directory `dir` for reading; the directory must exist.
   *
   * @throws `StoreNotFoundError` when `dir` is not a directory.
   * @example
   * ```ts
   * const store = await JsonlStoreReader.open('var/interactions')
   * ```
   */
  static async open(dir: string): Promise<JsonlStoreReader> {
    const root = resolve(dir);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new StoreNotFoundError(root);
    return new JsonlStoreReader(root);
  }

  /** Rejects: the store is read-only. */
  append(_record: StoreRecord): Promise<void> {
    return Promise.reject(this.#closed ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir, 'append'));
  }

  /** Rejects: the store is read-only. */
  compact(): Promise<MaintenanceResult> {
    return Promise.reject(this.#closed ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir, 'compact'));
  }

  /** Rejects: the store is read-only. */
  erase(): Promise<MaintenanceResult> {
    return Promise.reject(this.#closed ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir, 'erase'));
  }

  /**
   * The latest interaction record with this id, or `undefined` (a scan of every segment).
   *
   * @example
   * ```ts
   * const asked = await store.interaction('i-1')
   * ```
   */
  async interaction(id: string): Promise<InteractionRecord | undefined> {
    let found: InteractionRecord | undefined;
    for await (const record of this.records()) if (record.kind === 'interaction' && record.id === id) found = record;
    return found;
  }

  /**
   * Every record, oldest first, streamed and verified; see the class for what a concurrent writer
   * means for it. `since` keeps records whose `at` is at or after that instant.
   *
   * @throws `InvalidOptionError` when `since` is not a date.
   * @throws `StoreCorruptionError` for a damaged line followed by good ones.
   * @example
   * ```ts
   * for await (const r of store.records({ signal })) count++
   * ```
   */
  async *records(query: JsonlRecordsQuery = {}): AsyncGenerator<StoreRecord, void, undefined> {
    if (this.#closed) throw new StoreClosedError(this.dir);
    const since = sinceInstant(query.since);
    const segments = await listSegments(this.dir);
    // The sizes now: what is appended later is left out.
    const ends = await Promise.all(
      segments.map((s) =>
        stat(s.path).then(
          (i) => i.size,
          () => 0,
        ),
      ),
    );
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      let damage: StoreCorruptionError | undefined;
      try {
        for await (const { bytes, offset, line, terminated } of readLines(segment.path, { end: ends[i], signal: query.signal })) {
          if (this.#closed) throw new StoreClosedError(this.dir);
          const decoded = decodeStoreLine(bytes);
          if (!decoded.ok || !terminated) {
            damage ??= new StoreCorruptionError(
              segment.path,
              line,
              offset,
              decoded.ok ? 'incomplete line (no newline at the end)' : decoded.problem,
            );
            continue;
          }
          if (damage) throw damage;
          if (since === undefined || Date.parse(decoded.record.at) >= since) yield decoded.record;
        }
      } catch (e) {
        // A segment the writer's compaction deleted since the listing held nothing to keep.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      // Only the end of the last segment may be a write in progress (or a torn tail).
      if (damage && !last) throw damage;
    }
  }

  /** The review queue, in two streaming passes over the files (see `InteractionStore.reviewQueue`). */
  async reviewQueue(query?: ReviewQueueQuery): Promise<ReviewQueuePage> {
    if (this.#closed) throw new StoreClosedError(this.dir);
    return scanReviewQueue(() => this.records(), query);
  }

  /** Every record of a conversation's (or one interaction's) interactions, in two passes over the files. */
  async thread(selector: ThreadSelector): Promise<StoreRecord[]> {
    if (this.#closed) throw new StoreClosedError(this.dir);
    return scanThread(() => this.records(), selector);
  }

  /** Rejects: the store is read-only. */
  appendAudit(_entry: AuditEntry): Promise<void> {
    return Promise.reject(this.#closed ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir, 'appendAudit'));
  }

  /** The entries of the directory's `audit.jsonl`, oldest first. */
  auditLog(query?: AuditLogQuery): AsyncIterable<AuditEntry> {
    if (this.#closed) throw new StoreClosedError(this.dir);
    return new JsonlAuditFile(this.dir).entries(query);
  }

  /** Forgets the store; later calls reject with `StoreClosedError`. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
