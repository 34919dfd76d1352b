import type { InsightsAggregateSource, InteractionRecord, StoreRecord } from '@kotae/knowledge';
import { maskLocation } from '@kotae/server';
import { isPostgresUrl, openInteractionStore } from '@kotae/server/node';
import { assertStoreDirectory } from './paths.js';

/** An interaction store opened for reading only. */
export interface ReadableStore {
  /** Where it is, with any password masked. */
  readonly location: string;
  /** Every record, oldest first. */
  records(): AsyncIterable<StoreRecord>;
  /** The database's own aggregation of the insights report (a PostgreSQL store), if it has one. */
  insights?(): InsightsAggregateSource;
  /** The interaction with this id, or `undefined`. */
  interaction(id: string): Promise<InteractionRecord | undefined>;
  /** Releases whatever reading holds (a database connection). */
  close(): Promise<void>;
}

/**
 * Opens the interaction store at `location` (a JSONL store directory or a `postgres://` URL) for
 * a report (`kotae insights`, `kotae cases`), read-only: a directory is read without taking its
 * writer lock, so reports run while `kotae serve` has it open; a database is not migrated.
 *
 * @throws `PathError` when the directory is missing or holds no store; the store's errors
 * (`StoreConnectionError`, `StoreSchemaVersionError`) for a database, with its password masked.
 */
export async function openStoreForReading(location: string): Promise<ReadableStore> {
  if (!isPostgresUrl(location)) await assertStoreDirectory(location);
  const store = await openInteractionStore(location, { readOnly: true });
  const insights = store.insights?.bind(store);
  return {
    location: maskLocation(location),
    records: () => store.records(),
    interaction: (id) => store.interaction(id),
    ...(insights === undefined ? {} : { insights }),
    close: () => store.close(),
  };
}
