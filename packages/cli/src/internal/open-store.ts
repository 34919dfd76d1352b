import type { StoreRecord } from '@kotae/knowledge';
import { JsonlInteractionStore } from '@kotae/knowledge/node';
import { PathError } from '../errors.js';
import { assertStoreDirectory } from './paths.js';

/** An interaction store opened for reading only. */
export interface ReadableStore {
  /** Where it is, as given. */
  readonly location: string;
  /** Every record, oldest first. */
  records(): AsyncIterable<StoreRecord>;
  /** Releases whatever reading holds. */
  close(): Promise<void>;
}

/**
 * Opens the interaction store at `location` for a report (`kotae insights`, `kotae cases`),
 * without taking its writer lock: a JSONL store directory is read as it is, so reports run while
 * `kotae serve` has it open. `postgres://` URLs are for a later version.
 *
 * @throws `PathError` when the directory is missing or holds no store, or for a database URL.
 */
export async function openStoreForReading(location: string): Promise<ReadableStore> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new PathError(
      location.replace(/\/\/[^@/]*@/, '//…@'),
      'PostgreSQL interaction stores are not supported by this version yet; give a store directory',
    );
  }
  await assertStoreDirectory(location);
  return {
    location,
    records: () => JsonlInteractionStore.readRecords(location),
    close: () => Promise.resolve(),
  };
}
