/** The validation every interaction store applies before it keeps a record (browser-safe). */
import { InvalidOptionError, StoreRecordError } from '@kotae/knowledge/errors';
import { StoreRecordSchema, type StoreRecord } from '@kotae/knowledge';

/**
 * Parses `record` with `StoreRecordSchema` (dropping unknown keys) or throws a
 * {@link StoreRecordError} listing every problem as `"path": message`.
 */
export function validateStoreRecord(record: unknown): StoreRecord {
  const parsed = StoreRecordSchema.safeParse(record);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    return path ? `"${path}": ${issue.message}` : issue.message;
  });
  throw new StoreRecordError(issues);
}

/**
 * The instant (ms since the epoch) of `records({ since })`, or `undefined` without one; throws a
 * InvalidOptionError quoting `since` when it is not a date.
 */
export function sinceInstant(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const ms = Date.parse(since);
  if (Number.isNaN(ms))
    throw new InvalidOptionError('since', `records: since must be an ISO 8601 date-time (got ${JSON.stringify(since)})`);
  return ms;
}
