/** Opening the store of `kotae store compact` and `kotae store erase`: a directory or a PostgreSQL URL. */
import { maskLocation, type CompactOptions, type EraseSelector, type MaintenanceResult } from '@kotae/server';
import { isPostgresUrl, openInteractionStore } from '@kotae/server/node';
import { assertStoreDirectory } from './paths.js';

/** Which store a command worked on: `jsonl` (a directory) or `postgres` (a URL). */
export type StoreKind = 'jsonl' | 'postgres';

/** What the maintenance of either store returns (the JSONL store reports quarantine files and files too). */
export interface StoreMaintenance extends MaintenanceResult {
  readonly undated: number;
  readonly quarantineRemoved?: number | undefined;
  readonly quarantineKept?: number | undefined;
  readonly rewritten?: readonly string[] | undefined;
  readonly deleted?: readonly string[] | undefined;
}

/** A store open for maintenance. */
export interface MaintainedStore {
  readonly store: {
    compact(options: CompactOptions): Promise<StoreMaintenance>;
    erase(selector: EraseSelector): Promise<StoreMaintenance>;
    close(): Promise<void>;
  };
  readonly kind: StoreKind;
  /** The directory as given, or the URL with its password masked. */
  readonly location: string;
}

/** Opens `location` for compaction or erasure; a directory must already hold a store. */
export async function openMaintainedStore(location: string, onCorrupt: 'fail' | 'quarantine' | undefined): Promise<MaintainedStore> {
  const postgres = isPostgresUrl(location);
  if (!postgres) await assertStoreDirectory(location);
  // Both stores' compact and erase report `undated` (and the JSONL store its files).
  const store = (await openInteractionStore(location, { jsonl: { onCorrupt } })) as unknown as MaintainedStore['store'];
  return { store, kind: postgres ? 'postgres' : 'jsonl', location: postgres ? maskLocation(location) : location };
}
