import { InvalidOptionError } from '@kotae/knowledge';
import type { RemovedCounts } from '@kotae/server';
import { openMaintainedStore } from '../internal/store-open.js';
import { maintenanceFiles } from '../internal/store-output.js';

const DAY_MS = 86_400_000;

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
 * console.log(removed) // { interaction: 1200, feedback: 310, escalation: 12 }
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
