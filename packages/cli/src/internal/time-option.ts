import { UsageError } from '../errors.js';

const UNITS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * Parses a `--since`/`--until` value: a span back from `now` (`30d`, `12h`, `2w`) or a date
 * (`2026-05-01`, `2026-05-01T09:00:00Z`). Throws a {@link UsageError} naming the option.
 */
export function timeOption(command: string, option: string, value: string, now: Date): Date {
  const span = /^\s*(\d+)\s*([hdw])\s*$/.exec(value);
  if (span) return new Date(now.getTime() - Number(span[1]) * UNITS[span[2]!]!);
  if (/^\s*\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?\s*$/.test(value)) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(
    `invalid --${option} ${JSON.stringify(value)} (expected a span back from now such as 30d, 12h or 2w, or a date such as 2026-05-01)`,
    command,
  );
}

/** Parses `--since` and `--until` (either may be absent) and checks that the range is not empty. */
export function timeRange(
  command: string,
  since: string | undefined,
  until: string | undefined,
  now: Date,
): { since: Date | undefined; until: Date | undefined } {
  const from = since === undefined ? undefined : timeOption(command, 'since', since, now);
  const to = until === undefined ? undefined : timeOption(command, 'until', until, now);
  if (from && to && to.getTime() <= from.getTime()) {
    throw new UsageError(`--until ${JSON.stringify(until)} must be later than --since ${JSON.stringify(since)}`, command);
  }
  return { since: from, until: to };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration option (`30s`, `15m`, `24h`, `7d`, or `0`) into milliseconds. Throws a
 * {@link UsageError} naming the option.
 */
export function durationOption(command: string, option: string, value: string): number {
  if (/^\s*0\s*$/.test(value)) return 0;
  const match = /^\s*(\d+)\s*([smhd])\s*$/.exec(value);
  if (match) return Number(match[1]) * DURATION_UNITS[match[2]!]!;
  throw new UsageError(`invalid --${option} ${JSON.stringify(value)} (expected a duration such as 30m, 24h or 7d, or 0)`, command);
}

/** The `--grace` option of `kotae publish` and `kotae rollback`. */
export const GRACE_OPTION = {
  type: 'string',
  value: '<duration>',
  description: 'how long the shards of a version that leaves the history stay, for readers mid-search (default 24h; 30m, 7d, 0)',
  doc: 'how long the shards of a version that leaves the history (trimmed past `--keep`, or rolled back from) stay in the target, so a reader that loaded its manifest just before still finds every shard: a duration such as `30m`, `24h`, `7d`, or `0` to remove them at once (default `24h`)',
} as const;
