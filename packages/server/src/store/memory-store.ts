import { StoreClosedError } from '@kotae/knowledge/errors';
import type { InteractionRecord, StoreRecord } from '@kotae/knowledge';
import type { CompactOptions, EraseSelector, InteractionStore, MaintenanceResult, RecordsQuery } from './interaction-store.js';
import { sinceInstant, validateStoreRecord } from './validate-record.js';
import { ageVerdict, collectErased, compactCutoff, erasePlan, isErased, RemovedCounter } from './maintenance.js';
import { scanReviewQueue, scanThread, type ReviewQueuePage, type ReviewQueueQuery, type ThreadSelector } from './review-queue.js';
import { auditSince, validateAuditEntry, type AuditEntry, type AuditLogQuery } from './audit-log.js';

/**
 * An {@link InteractionStore} in memory: for tests, serverless functions that ship records
 * elsewhere, and trying kotae out. Nothing survives the process. Keeps at most `max` records
 * (the oldest go first).
 */
export class MemoryInteractionStore implements InteractionStore {
  readonly #records: StoreRecord[] = [];
  readonly #interactions = new Map<string, InteractionRecord>();
  readonly #audit: AuditEntry[] = [];
  readonly #max: number;
  #closed = false;

  /** @param max - Most records kept. @default 100000 */
  constructor(max = 100_000) {
    this.#max = max;
  }

  async append(record: StoreRecord): Promise<void> {
    this.#open();
    const valid = validateStoreRecord(record);
    this.#records.push(valid);
    if (valid.kind === 'interaction') this.#interactions.set(valid.id, valid);
    while (this.#records.length > this.#max) {
      const dropped = this.#records.shift()!;
      if (dropped.kind === 'interaction') this.#interactions.delete(dropped.id);
    }
  }

  async interaction(id: string): Promise<InteractionRecord | undefined> {
    this.#open();
    return this.#interactions.get(id);
  }

  async *records(query: RecordsQuery = {}): AsyncIterable<StoreRecord> {
    this.#open();
    const since = sinceInstant(query.since);
    for (const record of [...this.#records]) {
      this.#open(); // an iteration stops once the store is closed, as in the other stores
      if (since === undefined || Date.parse(record.at) >= since) yield record;
    }
  }

  /** Removes every record whose `at` is before `olderThan` (see {@link InteractionStore.compact}). */
  async compact(options: CompactOptions): Promise<MaintenanceResult> {
    this.#open();
    const cutoff = compactCutoff(options.olderThan);
    return this.#remove((record) => ageVerdict(record, cutoff) === 'drop');
  }

  /** Removes the matching interactions and their feedback and escalations (see {@link InteractionStore.erase}). */
  async erase(selector: EraseSelector): Promise<MaintenanceResult> {
    this.#open();
    const plan = erasePlan(selector);
    for (const record of this.#records) collectErased(plan, record);
    return this.#remove((record) => isErased(plan, record));
  }

  /** The review queue, computed over the records in memory (see {@link InteractionStore.reviewQueue}). */
  async reviewQueue(query?: ReviewQueueQuery): Promise<ReviewQueuePage> {
    this.#open();
    return scanReviewQueue(() => this.records(), query);
  }

  /** Every record of a conversation's (or one interaction's) interactions (see {@link InteractionStore.thread}). */
  async thread(selector: ThreadSelector): Promise<StoreRecord[]> {
    this.#open();
    return scanThread(() => this.records(), selector);
  }

  /** Appends an entry to the audit log in memory (not bounded by `max`). */
  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#open();
    this.#audit.push(validateAuditEntry(entry));
  }

  async *auditLog(query: AuditLogQuery = {}): AsyncIterable<AuditEntry> {
    this.#open();
    const since = auditSince(query.since);
    for (const entry of [...this.#audit]) if (since === undefined || Date.parse(entry.at) >= since) yield entry;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #remove(drop: (record: StoreRecord) => boolean): MaintenanceResult {
    const removed = new RemovedCounter();
    const kept = this.#records.filter((record) => {
      if (!drop(record)) return true;
      removed.add(record);
      return false;
    });
    this.#records.length = 0;
    for (const record of kept) this.#records.push(record);
    // The latest remaining record of each id, as append would have left it.
    this.#interactions.clear();
    for (const record of kept) if (record.kind === 'interaction') this.#interactions.set(record.id, record);
    return { removed: removed.counts() };
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError('(memory)');
  }
}
