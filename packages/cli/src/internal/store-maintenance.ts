/**
 * What `kotae store compact` and `kotae store erase` share: opening the store (a directory or a
 * PostgreSQL URL) and reporting the files and damaged lines they touched.
 */
import { basename } from 'node:path';
import { maskLocation, type CompactOptions, type EraseSelector, type MaintenanceResult, type RemovedCounts } from '@kotae/server';
import { isPostgresUrl, openInteractionStore } from '@kotae/server/node';
import { plural } from './format.js';
import { assertStoreDirectory } from './paths.js';

/** Files a store command changed, by name in the store directory. */
export interface MaintenanceFiles {
  /** Rewritten without the removed lines. */
  readonly rewritten: string[];
  /** Deleted because nothing was left in them. */
  readonly deleted: string[];
}

/** Damaged lines a store command removed from quarantine files (`*.corrupt.jsonl`), and left there. */
export interface QuarantineCounts {
  readonly removed: number;
  readonly kept: number;
}

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

/** The files of a maintenance result, as names in the store directory. */
export function maintenanceFiles(result: StoreMaintenance): MaintenanceFiles {
  return { rewritten: (result.rewritten ?? []).map((f) => basename(f)), deleted: (result.deleted ?? []).map((f) => basename(f)) };
}

/** `3 interactions, 2 feedback and 1 escalation`. */
export function formatRemoved(removed: RemovedCounts): string {
  // Reviews and annotations are named only when there were some, so the usual line stays short.
  const parts = [`${plural(removed.interaction, 'interaction')}`, `${removed.feedback} feedback`, plural(removed.escalation, 'escalation')];
  if (removed.review > 0) parts.push(plural(removed.review, 'review'));
  if (removed.annotation > 0) parts.push(plural(removed.annotation, 'annotation'));
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** The `files` line: `2 rewritten, 1 deleted`, or `none changed`. */
export function formatFiles(files: MaintenanceFiles): string {
  if (files.rewritten.length + files.deleted.length === 0) return 'none changed';
  return `${files.rewritten.length} rewritten, ${files.deleted.length} deleted`;
}

/** The note on stderr about damaged lines left in quarantine files, or '' when there are none. */
export function formatQuarantineNote(storeDir: string, quarantine: QuarantineCounts, erasing: boolean): string {
  if (quarantine.kept === 0) return '';
  const lines = plural(quarantine.kept, 'damaged line');
  const why = erasing
    ? 'a damaged line is erased only when its bytes still show an erased id'
    : 'a damaged line is removed only when its bytes still show an old "at"';
  return `note: ${lines} remain in ${storeDir}/interactions-*.corrupt.jsonl (${why}): inspect them, and delete the files once done\n`;
}

/** The `files` line of a store directory; PostgreSQL has no files to report. */
export function filesLine(result: { readonly store: StoreKind; readonly files: MaintenanceFiles }): string {
  return result.store === 'postgres' ? '' : `  files  ${formatFiles(result.files)}\n`;
}

/** Records removed, of every kind. */
export function totalRemoved(removed: RemovedCounts): number {
  return removed.interaction + removed.feedback + removed.escalation + removed.review + removed.annotation;
}
