import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { RemovedCounts } from '@kotae/server';
import {
  filesLine,
  formatRemoved,
  formatQuarantineNote,
  maintenanceFiles,
  openMaintainedStore,
  totalRemoved,
  type MaintenanceFiles,
  type QuarantineCounts,
} from '../internal/store-maintenance.js';
import { UsageError } from '../errors.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, plural } from '../internal/format.js';

export type { MaintenanceFiles, QuarantineCounts };

const DAY_MS = 86_400_000;

/** Options of {@link storeCompact}. */
export interface StoreCompactCommandOptions {
  /**
   * The interaction store (`kotae serve --store`): a JSONL store directory, or a `postgres://`
   * or `postgresql://` URL.
   */
  readonly storeDir: string;
  /**
   * The retention period: records from before this many days ago are removed. A whole number of
   * days, at least 1; a day is 24 hours (86,400,000 ms), whatever the time zone.
   */
  readonly olderThanDays: number;
  /** The clock the days are counted back from. @default the current time */
  readonly now?: Date | undefined;
  /**
   * What opening a store directory does with a damaged line that is not a torn tail (see
   * `JsonlStoreOptions.onCorrupt`; unused for PostgreSQL): `'fail'` stops with `StoreCorruptionError`, `'quarantine'`
   * moves it into `<segment>.corrupt.jsonl` and goes on.
   * @default 'fail'
   */
  readonly onCorrupt?: 'fail' | 'quarantine' | undefined;
}

/** What {@link storeCompact} did. */
export interface StoreCompactCommandResult {
  /** The store directory as given, or the URL with its password masked. */
  readonly storeDir: string;
  /** Which store it is: `jsonl` (a directory) or `postgres`. */
  readonly store: 'jsonl' | 'postgres';
  /** The retention period, in days. */
  readonly olderThanDays: number;
  /** The cut-off: records whose `at` is before this instant were removed (ISO 8601, UTC). */
  readonly olderThan: string;
  /** Records removed, by kind. */
  readonly removed: RemovedCounts;
  /** Records kept because their `at` is not a date. */
  readonly undated: number;
  /** Damaged lines removed from and left in quarantine files (`*.corrupt.jsonl`; none for PostgreSQL). */
  readonly quarantine: QuarantineCounts;
  /** Files rewritten and deleted, by name in the store directory (none for PostgreSQL). */
  readonly files: MaintenanceFiles;
}

/**
 * `kotae store compact`: retention. Opens the store (a JSONL directory: taking its lock, so it
 * fails with `StoreLockedError` while `kotae serve` or another process has it open; a PostgreSQL
 * URL: alongside the running services), removes every record whose `at` is more than
 * `olderThanDays` days old, and closes it. In a directory only the files holding such records are
 * rewritten (through a temporary file and a rename) or deleted; in PostgreSQL it is one `DELETE`.
 *
 * Throws a `PathError` when the directory is missing or holds no store, and
 * `StoreConnectionError` when the database cannot be reached.
 *
 * @example
 * ```ts
 * const { removed } = await storeCompact({ storeDir: 'var/interactions', olderThanDays: 90 })
 * console.log(removed) // { interaction: 1200, feedback: 310, escalation: 12, review: 0 }
 * ```
 */
export async function storeCompact(options: StoreCompactCommandOptions): Promise<StoreCompactCommandResult> {
  const days = options.olderThanDays;
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new InvalidOptionError('olderThanDays', `olderThanDays must be a whole number of days, at least 1 (got ${JSON.stringify(days)})`);
  }
  const olderThan = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  const { store, kind, location } = await openMaintainedStore(options.storeDir, options.onCorrupt);
  try {
    const result = await store.compact({ olderThan });
    return {
      storeDir: location,
      store: kind,
      olderThanDays: days,
      olderThan: olderThan.toISOString(),
      removed: result.removed,
      undated: result.undated,
      quarantine: { removed: result.quarantineRemoved ?? 0, kept: result.quarantineKept ?? 0 },
      files: maintenanceFiles(result),
    };
  } finally {
    await store.close();
  }
}

/** `kotae store compact` on the command line: options, usage and output. */
export const storeCompactCommand = defineCommand({
  name: 'store compact',
  summary: 'drop interaction records older than a number of days (retention)',
  positionals: [{ name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store)' }],
  options: {
    'older-than': {
      type: 'string',
      value: '<days>d',
      description: 'remove records from before this many days ago, e.g. 90d (required)',
      doc: 'remove records from before this many days ago: a whole number of days, at least 1, followed by `d` (`90d`). Required',
      required: true,
    },
    quarantine: {
      type: 'boolean',
      description: 'move damaged lines into <segment>.corrupt.jsonl and go on, instead of stopping',
      doc: 'when opening the store finds a damaged line (not a torn tail), move it into `<segment>.corrupt.jsonl` and go on, instead of stopping ([Recovery](interaction-store.md#recovery))',
    },
    json: JSON_OPTION,
  },
  exit: {
    0: 'compacted (also when nothing was old enough)',
    3: 'the store directory is missing or holds no store',
    5: 'the store is in use (locked), damaged (see --quarantine) or unreachable',
  },
  examples: [
    'kotae store compact .kotae/interactions --older-than 90d',
    'kotae store compact /srv/kotae/interactions --older-than 30d --json',
    'kotae store compact "$KOTAE_STORE_URL" --older-than 90d',
  ],
  async run(args, io) {
    const result = await storeCompact({
      storeDir: args.positional('storeDir')!,
      olderThanDays: days(args.string('older-than')!),
      onCorrupt: args.flag('quarantine') ? 'quarantine' : 'fail',
    });
    if (result.undated > 0) io.err(`warning: ${result.undated} records have an "at" that is not a date; they were kept\n`);
    io.err(formatQuarantineNote(result.storeDir, result.quarantine, false));
    io.out(args.flag('json') ? formatJson(result) : formatStoreCompact(result));
    return 0;
  },
});

/** `--older-than 90d`: a whole number of days, at least 1. */
function days(value: string): number {
  const match = /^\s*(\d+)d\s*$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid --older-than ${JSON.stringify(value)} (expected a number of days, such as 90d)`, 'store compact');
  }
  return n;
}

/** The human summary of `kotae store compact`. */
export function formatStoreCompact(result: StoreCompactCommandResult): string {
  const when = `from before ${result.olderThan} (older than ${plural(result.olderThanDays, 'day')})`;
  if (totalRemoved(result.removed) === 0) return `Nothing to remove: no record in ${result.storeDir} is ${when}\n`;
  return `Removed ${formatRemoved(result.removed)} ${when} in ${result.storeDir}\n${filesLine(result)}`;
}
