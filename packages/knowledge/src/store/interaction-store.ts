import type { InteractionRecord, StoreRecord } from '../schema/interaction.js';

/** Options of {@link InteractionStore.records}. */
export interface RecordsQuery {
  /** Only records at or after this time (ISO 8601). */
  readonly since?: string | undefined;
}

/**
 * Where the answer service records every interaction, feedback and escalation.
 *
 * Implementations: `JsonlInteractionStore` (`@kotae/knowledge/node`, the embedded default) and,
 * later, PostgreSQL. Records are redacted before they reach a store; a store keeps what it is given.
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
  /** Flushes and releases the store; further calls reject. */
  close(): Promise<void>;
}
