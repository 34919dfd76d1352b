import type { InsightsAggregateSource, InteractionRecord, StoreRecord } from '@kotae/knowledge';
import type { ReviewQueuePage, ReviewQueueQuery, ThreadSelector } from './review-queue.js';
import type { AuditEntry, AuditLogQuery } from './audit-log.js';

/** Options of {@link InteractionStore.records}. */
export interface RecordsQuery {
  /** Only records at or after this time (ISO 8601). */
  readonly since?: string | undefined;
}

/** Options of {@link InteractionStore.compact}: the retention cut-off. */
export interface CompactOptions {
  /**
   * Records whose own `at` is before this instant are removed: a `Date`, or an ISO 8601
   * date-time (compared as instants, so time zones may differ). Each record is judged by its own
   * `at`, so feedback given after the cut-off on an interaction from before it stays.
   *
   * @example
   * ```ts
   * await store.compact({ olderThan: new Date(Date.now() - 90 * 86_400_000) }) // keep 90 days
   * ```
   */
  readonly olderThan: Date | string;
}

/**
 * What {@link InteractionStore.erase} removes. A record goes when it matches any of the given
 * values (one value or a list for each key); at least one value must be given.
 *
 * Erasing an interaction also erases every feedback and escalation record of it (they name it by
 * `interactionId`), also when the interaction itself is already gone.
 */
export interface EraseSelector {
  /** Every interaction of these conversations (`conversationId`), and their feedback and escalations. */
  readonly conversationId?: string | readonly string[] | undefined;
  /** Every interaction of these users (`userHash`; see `hashUserId`), and their feedback and escalations. */
  readonly userHash?: string | readonly string[] | undefined;
  /** These interactions (by `id`), and their feedback and escalations. */
  readonly interactionId?: string | readonly string[] | undefined;
}

/** How many records of each kind a {@link InteractionStore.compact} or {@link InteractionStore.erase} removed. */
export interface RemovedCounts {
  readonly interaction: number;
  readonly feedback: number;
  readonly escalation: number;
  readonly review: number;
  /** Reviewers' annotations (eval cases, topic labels). */
  readonly annotation: number;
}

/** What {@link InteractionStore.compact} or {@link InteractionStore.erase} did. */
export interface MaintenanceResult {
  /** Records removed, by kind. */
  readonly removed: RemovedCounts;
}

/**
 * Where the answer service records every interaction, feedback and escalation.
 *
 * Implementations: `JsonlInteractionStore` (`@kotae/server/node`, the embedded default),
 * `MemoryInteractionStore` (`@kotae/server`) and `PostgresInteractionStore` (`@kotae/server/postgres`). Records are redacted
 * before they reach a store; a store keeps what it is given, until {@link InteractionStore.compact}
 * (retention) or {@link InteractionStore.erase} (erasure) removes it.
 */
export interface InteractionStore {
  /**
   * Appends one record. Resolves only once the record is durable (for files: written and
   * fsynced), so a caller acknowledges nothing that a crash could lose.
   */
  append(record: StoreRecord): Promise<void>;
  /** The interaction with this id, or `undefined` when there is none. */
  interaction(id: string): Promise<InteractionRecord | undefined>;
  /** Every record, oldest first. */
  records(query?: RecordsQuery): AsyncIterable<StoreRecord>;
  /**
   * Retention: removes every record whose `at` is before `olderThan`, so that nothing of it
   * remains in the store. Records whose `at` is not a date are kept.
   *
   * @throws `InvalidOptionError` when `olderThan` is not a date.
   */
  compact(options: CompactOptions): Promise<MaintenanceResult>;
  /**
   * Erasure: removes every interaction matching `selector` and every feedback and escalation of
   * those interactions, so that nothing of them remains in the store.
   *
   * @throws `InvalidOptionError` when `selector` names nothing (or an empty id).
   */
  erase(selector: EraseSelector): Promise<MaintenanceResult>;
  /**
   * The review queue: interactions with any of the asked signals (thumbs-down, escalated, refused,
   * low answerability, flagged, the random sample), in the asked order, one page at a time; the
   * page's `next` cursor reads the following page. Never loads every record at once.
   *
   * @throws `InvalidOptionError` for an unknown signal or sort, a bad limit or share, or a cursor
   *   this store did not return.
   */
  reviewQueue(query?: ReviewQueueQuery): Promise<ReviewQueuePage>;
  /**
   * Every record (interactions, feedback, escalations, reviews) of the interactions of one
   * conversation, or of one interaction, in store order; empty when there are none.
   *
   * @throws `InvalidOptionError` when `selector` names neither (or an empty id).
   */
  thread(selector: ThreadSelector): Promise<StoreRecord[]>;
  /**
   * Appends one entry to the audit log, durably (as {@link InteractionStore.append}). The audit
   * log is append-only: nothing updates or removes an entry, `compact` and `erase` included.
   *
   * @throws `StoreRecordError` for an invalid entry.
   */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The audit log, oldest first. */
  auditLog(query?: AuditLogQuery): AsyncIterable<AuditEntry>;
  /**
   * Where the store can compute the insights report's aggregates itself (a database), their
   * source: `storeInsights` then reads counts instead of every record. Absent for stores that
   * stream (memory, JSONL).
   */
  insights?(): InsightsAggregateSource;
  /** Flushes and releases the store; further calls reject. */
  close(): Promise<void>;
}
