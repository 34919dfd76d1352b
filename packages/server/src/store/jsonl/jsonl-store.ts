import { mkdir, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidOptionError, StoreChangedError, StoreClosedError, StoreCorruptionError, StoreWriteError } from '@kotae/knowledge/errors';
import type { InteractionRecord, StoreRecord } from '@kotae/knowledge';
import type { CompactOptions, EraseSelector, InteractionStore, MaintenanceResult, RecordsQuery } from '../interaction-store.js';
import { sinceInstant, validateStoreRecord } from '../validate-record.js';
import { ageVerdict, collectErased, compactCutoff, erasePlan, isErased, needsCollecting, RemovedCounter } from '../maintenance.js';
import { readLines } from './line-reader.js';
import { scanReviewQueue, scanThread, type ReviewQueuePage, type ReviewQueueQuery, type ThreadSelector } from '../review-queue.js';
import type { AuditEntry, AuditLogQuery } from '../audit-log.js';
import { JsonlAuditFile } from './jsonl-audit.js';
import { decodeStoreLine, encodeStoreLine } from './store-line.js';
import { acquireStoreLock, type StoreLock } from './store-lock.js';
import { recoverSegments, type QuarantinedLine, type StoreRecovery, type TruncatedTail } from './store-recovery.js';

export type { QuarantinedLine, StoreRecovery, TruncatedTail };
import { discard, listQuarantineFiles, passQuarantine, passSegment, scanRecords, type StagedFile } from './store-rewrite.js';
import { listSegments, segmentName, syncDir, type Segment } from './store-segments.js';

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

/**
 * What {@link JsonlInteractionStore.compact} or {@link JsonlInteractionStore.erase} did: the
 * records removed, and the files changed. File paths are absolute.
 */
export interface JsonlMaintenanceResult extends MaintenanceResult {
  /** Records kept because their `at` is not a date, so their age is unknown (`compact` only; 0 for `erase`). */
  readonly undated: number;
  /** Damaged lines removed from quarantine files (`<segment>.corrupt.jsonl`). */
  readonly quarantineRemoved: number;
  /**
   * Damaged lines left in quarantine files. A damaged line is removed only when its bytes show it
   * is one to remove (an erased id, or an `at` before the cut-off), which damage can hide:
   * inspect and delete quarantine files yourself.
   */
  readonly quarantineKept: number;
  /** Files rewritten without the removed lines. */
  readonly rewritten: readonly string[];
  /** Files deleted because nothing was left in them (never the active segment). */
  readonly deleted: readonly string[];
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
const LEFTOVER_TMP = /^interactions-\d{6,}(\.corrupt)?\.jsonl\.\d+\.tmp$/;

/** How a compaction or an erasure decides, record by record (and for damaged lines in quarantine files). */
interface Removal {
  /** Sees every record first, when the decision needs that (erasure by conversation or user). */
  readonly collect: ((record: StoreRecord) => void) | undefined;
  /** True for a record to remove. */
  drop(record: StoreRecord): boolean;
  /** True for the bytes of a quarantined damaged line to remove (asked after `collect` saw every record). */
  dropDamaged(bytes: Buffer): boolean;
  /** Records kept because their age is unknown. */
  readonly undated: () => number;
}

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
 * - **Retention and erasure**: {@link JsonlInteractionStore.compact} and
 *   {@link JsonlInteractionStore.erase} rewrite only the segments (and quarantine files) holding
 *   records to remove, through a temporary file and a rename, so a crash leaves each file old or
 *   new and nothing of an erased record remains in the directory.
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
  #segments: Segment[];
  /** Committed (written and synced) bytes of each segment; the last one grows. */
  #sizes: number[];
  /**
   * Where each segment starts in the store's positions: the sum of the sizes of the segments
   * before it. A position is one number (a small integer for the first 2 GiB, which V8 stores
   * unboxed), and never collides: a segment's successor starts where it ended.
   */
  #starts: number[];
  /** Interaction id → position of its latest line. */
  #index: Map<string, number>;
  #active: FileHandle;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #failure: StoreWriteError | undefined;
  #closing: Promise<void> | undefined;
  /** The end of the last compaction or erasure (they run one at a time). */
  #maintenance: Promise<void> = Promise.resolve();
  /** True while a compaction or erasure holds appends back (it rewrites the active segment). */
  #paused = false;
  /** Counts the rewrites of the files: a read that saw another generation started before one. */
  #generation = 0;
  /** Set while rewritten files are being renamed into place and the index swapped. */
  #swapping: Promise<void> | undefined;
  /** Set when renaming rewritten files failed halfway: the files and the index no longer agree. */
  #broken: StoreWriteError | undefined;
  readonly #audit: JsonlAuditFile;

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
    this.#audit = new JsonlAuditFile(dir);
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
      throw new InvalidOptionError(
        'segmentBytes',
        `segmentBytes must be a whole number of bytes from 1 to 2^36 (got ${JSON.stringify(segmentBytes)})`,
      );
    }
    if (onCorrupt !== 'fail' && onCorrupt !== 'quarantine') {
      throw new InvalidOptionError('onCorrupt', `onCorrupt must be "fail" or "quarantine" (got ${JSON.stringify(onCorrupt)})`);
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
    let valid: StoreRecord;
    try {
      valid = validateStoreRecord(record);
    } catch (e) {
      return Promise.reject(e);
    }
    const line = encodeStoreLine(valid);
    const id = valid.kind === 'interaction' ? valid.id : undefined;
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
    for (;;) {
      if (this.#closing) throw new StoreClosedError(this.dir);
      if (this.#broken) throw this.#broken;
      await this.#swapping;
      const generation = this.#generation;
      const position = this.#index.get(id);
      if (position === undefined) return undefined;
      const i = segmentAt(this.#starts, position);
      const segment = this.#segments[i]!;
      const offset = position - this.#starts[i]!;
      let line: Buffer;
      try {
        line = await readLineAt(segment.path, offset);
      } catch (e) {
        if (generation !== this.#generation) continue; // the file was rewritten meanwhile: look again
        throw e;
      }
      if (generation !== this.#generation) continue;
      const decoded = decodeStoreLine(line);
      if (!decoded.ok) throw new StoreCorruptionError(segment.path, undefined, offset, decoded.problem);
      if (decoded.record.kind !== 'interaction' || decoded.record.id !== id) {
        throw new StoreCorruptionError(segment.path, undefined, offset, `expected interaction ${JSON.stringify(id)} here`);
      }
      return decoded.record;
    }
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
   * @throws `StoreChangedError` when {@link JsonlInteractionStore.compact} or
   *   {@link JsonlInteractionStore.erase} rewrote the files in the middle of the iteration.
   * @example
   * ```ts
   * for await (const r of store.records({ since: '2026-03-01T00:00:00Z', signal })) if (r.kind === 'feedback') count++
   * ```
   */
  async *records(query: JsonlRecordsQuery = {}): AsyncGenerator<StoreRecord, void, undefined> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    if (this.#broken) throw this.#broken;
    const since = sinceInstant(query.since);
    await this.#swapping;
    const generation = this.#generation;
    const snapshot = this.#segments.map((segment, i) => ({ path: segment.path, end: this.#sizes[i]! }));
    for (const { path, end } of snapshot) {
      try {
        for await (const { bytes, offset, line } of readLines(path, { end, signal: query.signal })) {
          if (this.#closing) throw new StoreClosedError(this.dir);
          // Never yield a record of a file that an erasure has replaced since.
          if (this.#generation !== generation) throw new StoreChangedError(this.dir);
          const decoded = decodeStoreLine(bytes);
          if (!decoded.ok) throw new StoreCorruptionError(path, line, offset, decoded.problem);
          if (since === undefined || Date.parse(decoded.record.at) >= since) yield decoded.record;
        }
      } catch (e) {
        if (this.#generation !== generation && !(e instanceof StoreClosedError)) throw new StoreChangedError(this.dir);
        throw e;
      }
    }
  }

  /**
   * Retention: removes every record whose own `at` is before `olderThan`, from the segments and
   * from the quarantine files, and resolves once the rewritten files are on disk.
   *
   * Each record is judged by its own `at`: feedback given after the cut-off on an interaction
   * from before it stays. A record whose `at` is not a date is kept (and counted in `undated`). A
   * damaged line in a quarantine file goes when its bytes hold an `"at"` before the cut-off.
   *
   * Segments with nothing to remove are read, not written; the others are rewritten through a
   * temporary file and a rename (or deleted when nothing is left), so a crash leaves each file
   * either as it was or as it should be, and never loses a record that was to stay. Appends go on
   * while sealed segments are rewritten, and wait only while the active segment is. A
   * {@link JsonlInteractionStore.records} iteration running when the files are replaced throws
   * `StoreChangedError`.
   *
   * @throws `InvalidOptionError` when `olderThan` is not a date.
   * @throws `StoreCorruptionError` for a line damaged since the store was opened (nothing is changed).
   * @throws `StoreWriteError` when a rewritten file could not be put in place; close and reopen the store.
   * @example
   * ```ts
   * const { removed } = await store.compact({ olderThan: new Date(Date.now() - 90 * 86_400_000) })
   * console.log(`dropped ${removed.interaction} interactions older than 90 days`)
   * ```
   */
  compact(options: CompactOptions): Promise<JsonlMaintenanceResult> {
    let cutoff: number;
    try {
      cutoff = compactCutoff(options.olderThan);
    } catch (e) {
      return Promise.reject(e);
    }
    let undated = 0;
    return this.#maintain({
      collect: undefined,
      drop: (record) => {
        const verdict = ageVerdict(record, cutoff);
        if (verdict === 'undated') undated++;
        return verdict === 'drop';
      },
      dropDamaged: (bytes) => {
        const at = /"at":"([^"\\]*)"/.exec(bytes.toString('utf8'))?.[1];
        const ms = at === undefined ? NaN : Date.parse(at);
        return !Number.isNaN(ms) && ms < cutoff;
      },
      undated: () => undated,
    });
  }

  /**
   * Erasure: removes every interaction matching `selector` (by conversation, user hash or id) and
   * every feedback and escalation of those interactions, from the segments and from the
   * quarantine files, and resolves once the rewritten files are on disk: afterwards no byte of
   * those records is left in the store directory.
   *
   * Erasing by conversation or user reads the store twice (to find the interactions, then to
   * remove them and what refers to them). Files are replaced as by
   * {@link JsonlInteractionStore.compact}: a crash leaves each file as it was or as it should be;
   * run the erasure again to finish it. A damaged line in a quarantine file goes when its bytes
   * contain one of the erased ids, conversation ids or user hashes (as JSON strings); damage
   * inside those very bytes hides it, so `quarantineKept` reports what is left there.
   *
   * @throws `InvalidOptionError` when `selector` names nothing.
   * @throws `StoreCorruptionError` for a line damaged since the store was opened (nothing is changed).
   * @throws `StoreWriteError` when a rewritten file could not be put in place; close and reopen the store.
   * @example
   * ```ts
   * await store.erase({ conversationId: 'c-42' })
   * await store.erase({ userHash: await hashUserId('user-7', secret) })
   * ```
   */
  erase(selector: EraseSelector): Promise<JsonlMaintenanceResult> {
    let plan: ReturnType<typeof erasePlan>;
    try {
      plan = erasePlan(selector);
    } catch (e) {
      return Promise.reject(e);
    }
    let needles: Buffer[] | undefined;
    return this.#maintain({
      collect: needsCollecting(plan) ? (record) => collectErased(plan, record) : undefined,
      drop: (record) => isErased(plan, record),
      dropDamaged: (bytes) => {
        needles ??= [...plan.interactionIds, ...plan.conversationIds, ...plan.userHashes].map((v) => Buffer.from(JSON.stringify(v)));
        if (!needles.some((needle) => bytes.includes(needle))) return false;
        // A damaged interaction of the conversation: its feedback and escalations (intact lines) go too.
        const id = damagedInteractionId(bytes);
        if (id !== undefined) plan.interactionIds.add(id);
        return true;
      },
      undated: () => 0,
    });
  }

  /**
   * Waits for the appends already made, then closes the files and releases the lock. Every
   * later call of another method rejects with {@link StoreClosedError}; calling `close` again
   * returns the same promise.
   */
  /**
   * The review queue, in two streaming passes over the files (see {@link InteractionStore.reviewQueue}):
   * memory holds the ids with feedback, escalations or reviews and one page.
   */
  async reviewQueue(query?: ReviewQueueQuery): Promise<ReviewQueuePage> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    return scanReviewQueue(() => this.records(), query);
  }

  /** Every record of a conversation's (or one interaction's) interactions, in two passes over the files. */
  async thread(selector: ThreadSelector): Promise<StoreRecord[]> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    return scanThread(() => this.records(), selector);
  }

  /** Appends an entry to `audit.jsonl` in the store directory, fsynced before it resolves. */
  appendAudit(entry: AuditEntry): Promise<void> {
    if (this.#closing) return Promise.reject(new StoreClosedError(this.dir));
    return this.#audit.append(entry);
  }

  /** The entries of `audit.jsonl`, oldest first. */
  auditLog(query?: AuditLogQuery): AsyncIterable<AuditEntry> {
    if (this.#closing) throw new StoreClosedError(this.dir);
    return this.#audit.entries(query);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await this.#maintenance;
      await this.#draining;
      // A failed swap may have closed the active segment already.
      await this.#active.close().catch((e: unknown) => {
        if (!this.#broken) throw e;
      });
    } finally {
      await this.#lock.release();
    }
  }

  /** Runs a compaction or erasure; one at a time. */
  #maintain(removal: Removal): Promise<JsonlMaintenanceResult> {
    const usable = () => {
      if (this.#broken) throw this.#broken;
      if (this.#failure) throw this.#failure;
    };
    if (this.#closing) return Promise.reject(new StoreClosedError(this.dir));
    try {
      usable();
    } catch (e) {
      return Promise.reject(e);
    }
    // Called before close(): it runs, and close waits for it.
    const run = this.#maintenance.then(() => {
      usable();
      return this.#rewrite(removal);
    });
    this.#maintenance = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Passes over every file, staging rewrites without the removed records, then renames them into
   * place. Sealed segments are done while appends go on; the active segment (and any started
   * meanwhile) with appends held back, so none is written to a file about to be replaced.
   */
  async #rewrite(removal: Removal): Promise<JsonlMaintenanceResult> {
    const removed = new RemovedCounter();
    const staged: StagedFile[] = [];
    /** The segments that stay, with their sizes afterwards. */
    const kept: { segment: Segment; size: number }[] = [];
    /** The index afterwards: positions in the files as they will be. */
    const index = new Map<string, number>();
    let start = 0;
    const pass = async (i: number, keepEmpty: boolean) => {
      const segment = this.#segments[i]!;
      const base = start;
      const result = await passSegment(
        segment.path,
        this.#sizes[i]!,
        (record) => {
          if (!removal.drop(record)) return false;
          removed.add(record);
          return true;
        },
        (record, offset) => {
          if (record.kind === 'interaction') index.set(record.id, base + offset);
        },
        keepEmpty,
      );
      if (result.staged) staged.push(result.staged);
      if (result.staged && result.staged.tmp === undefined) return; // deleted
      kept.push({ segment, size: result.size });
      start += result.size;
    };
    let quarantineRemoved = 0;
    let quarantineKept = 0;
    try {
      const sealed = this.#segments.length - 1;
      if (removal.collect) {
        for (const [i, segment] of this.#segments.entries()) await scanRecords(segment.path, this.#sizes[i]!, removal.collect);
      }
      // Quarantine files first: a damaged interaction found there names feedback to remove.
      for (const file of await listQuarantineFiles(this.dir)) {
        const result = await passQuarantine(file, (bytes) => removal.dropDamaged(bytes));
        quarantineRemoved += result.removed;
        quarantineKept += result.kept;
        if (result.staged) staged.push(result.staged);
      }
      for (let i = 0; i < sealed; i++) await pass(i, false);
      // The rest was (or is being) appended to: hold appends back, let the write in flight finish.
      this.#paused = true;
      try {
        await this.#draining;
        if (removal.collect) {
          for (let i = sealed; i < this.#segments.length; i++) await scanRecords(this.#segments[i]!.path, this.#sizes[i]!, removal.collect);
        }
        for (let i = sealed; i < this.#segments.length; i++) await pass(i, i === this.#segments.length - 1);
        if (staged.length > 0) await this.#swap(staged, kept, index);
      } finally {
        this.#paused = false;
        if (this.#queue.length > 0) this.#draining ??= this.#drain();
      }
    } catch (e) {
      await Promise.all(staged.map(discard));
      throw e;
    }
    return {
      removed: removed.counts(),
      undated: removal.undated(),
      quarantineRemoved,
      quarantineKept,
      rewritten: staged.filter((f) => f.tmp !== undefined).map((f) => f.path),
      deleted: staged.filter((f) => f.tmp === undefined).map((f) => f.path),
    };
  }

  /** Renames the rewritten files into place (deletes the emptied ones) and switches to the new index. */
  async #swap(
    staged: readonly StagedFile[],
    kept: readonly { segment: Segment; size: number }[],
    index: Map<string, number>,
  ): Promise<void> {
    this.#generation++;
    let done!: () => void;
    this.#swapping = new Promise<void>((resolve) => (done = resolve));
    const activePath = this.#segments.at(-1)!.path;
    const replacesActive = staged.some((f) => f.path === activePath);
    try {
      // Close the active segment first, so no handle keeps the old file's bytes alive.
      if (replacesActive) await this.#active.close();
      for (const file of staged) {
        if (file.tmp === undefined) await unlink(file.path);
        else await rename(file.tmp, file.path);
      }
      await syncDir(this.dir);
      if (replacesActive) this.#active = await open(activePath, 'a');
      this.#segments = kept.map((k) => k.segment);
      this.#sizes = kept.map((k) => k.size);
      this.#starts = [];
      let start = 0;
      for (const size of this.#sizes) {
        this.#starts.push(start);
        start += size;
      }
      this.#index = index;
    } catch (cause) {
      // Some files are replaced, others not, and the index fits neither: only reopening can tell.
      this.#broken = new StoreWriteError(activePath, cause);
      this.#failure ??= this.#broken;
      for (const p of this.#queue.splice(0)) p.reject(this.#failure);
      throw this.#broken;
    } finally {
      this.#swapping = undefined;
      done();
    }
  }

  /** Writes queued lines in batches, one write and one fdatasync each, until the queue is empty. */
  async #drain(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await null;
    try {
      while (this.#queue.length > 0 && !this.#paused) {
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

/** The `"id"` a damaged interaction line still shows, if it does. */
function damagedInteractionId(bytes: Buffer): string | undefined {
  const quoted = /"kind":"interaction","id":("(?:[^"\\]|\\.)*")/.exec(bytes.toString('utf8'))?.[1];
  if (quoted === undefined) return undefined;
  try {
    const id = JSON.parse(quoted) as unknown;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Removes temporary files a crash during a rewrite (quarantine, compaction, erasure) left behind (the lock is held). */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (LEFTOVER_TMP.test(name)) await unlink(join(dir, name));
}
