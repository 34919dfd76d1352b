import { basename } from 'node:path';
import type { RemovedCounts } from '@kotae/server';
import type { MaintenanceFiles, QuarantineCounts, StoreCompactCommandResult } from '../commands/store-compact.js';
import type { StoreEraseCommandResult } from '../commands/store-erase.js';
import { plural } from './output.js';
import type { StoreMaintenance } from './store-open.js';

/** The files of a maintenance result, as names in the store directory. */
export function maintenanceFiles(result: StoreMaintenance): MaintenanceFiles {
  return { rewritten: (result.rewritten ?? []).map((f) => basename(f)), deleted: (result.deleted ?? []).map((f) => basename(f)) };
}

/** `3 interactions, 2 feedback and 1 escalation`. */
export function formatRemoved(removed: RemovedCounts): string {
  return `${plural(removed.interaction, 'interaction')}, ${removed.feedback} feedback and ${plural(removed.escalation, 'escalation')}`;
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

/** The human summary of `kotae store compact`. */
export function formatStoreCompact(result: StoreCompactCommandResult): string {
  const when = `from before ${result.olderThan} (older than ${plural(result.olderThanDays, 'day')})`;
  if (total(result.removed) === 0) return `Nothing to remove: no record in ${result.storeDir} is ${when}\n`;
  return `Removed ${formatRemoved(result.removed)} ${when} in ${result.storeDir}\n${filesLine(result)}`;
}

/** The human summary of `kotae store erase`. */
export function formatStoreErase(result: StoreEraseCommandResult): string {
  const what = [
    ...(result.erased.conversationId ?? []).map((id) => `conversation ${JSON.stringify(id)}`),
    ...(result.erased.userHash ?? []).map((hash) => `user hash ${JSON.stringify(hash)}`),
    ...(result.erased.interactionId ?? []).map((id) => `interaction ${JSON.stringify(id)}`),
  ].join(', ');
  if (total(result.removed) === 0) return `Nothing to erase: no record in ${result.storeDir} matches ${what}\n`;
  return `Erased ${formatRemoved(result.removed)} (${what}) from ${result.storeDir}\n${filesLine(result)}`;
}

/** The `files` line of a store directory; PostgreSQL has no files to report. */
function filesLine(result: StoreCompactCommandResult | StoreEraseCommandResult): string {
  return result.store === 'postgres' ? '' : `  files  ${formatFiles(result.files)}\n`;
}

function total(removed: RemovedCounts): number {
  return removed.interaction + removed.feedback + removed.escalation;
}
