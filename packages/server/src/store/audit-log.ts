/**
 * The audit log of console users' actions (browser-safe): who did what, when, to what, with the
 * state before and after. Every store keeps it append-only beside its records; retention
 * (`compact`) and erasure (`erase`) leave it alone.
 */
import { z } from 'zod';
import { InvalidOptionError, StoreRecordError } from '@kotae/knowledge/errors';

/**
 * One entry of the audit log.
 *
 * @example
 * ```ts
 * await store.appendAudit({ at: new Date().toISOString(), actor: 'ana@example.com', role: 'reviewer', action: 'review.create', target: 'i-1', after: review })
 * ```
 */
export const AuditEntrySchema = z.object({
  /** When (ISO 8601). */
  at: z.string().min(1),
  /** Who: the console user's name. */
  actor: z.string().min(1),
  /** The role they acted in (`viewer`, `reviewer`, `admin`). */
  role: z.string().min(1),
  /** What, as `<object>.<verb>`: `review.create`, `reviews.export`, `session.create`, … */
  action: z.string().min(1),
  /** What it was done to: an interaction id, a conversation id; absent when nothing in particular. */
  target: z.string().optional(),
  /** The state before, when the action changed something that existed. */
  before: z.unknown().optional(),
  /** The state after, when the action changed or created something. */
  after: z.unknown().optional(),
});

/** One entry of the audit log; see {@link AuditEntrySchema}. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Options of `InteractionStore.auditLog`. */
export interface AuditLogQuery {
  /** Only entries at or after this time (ISO 8601). */
  readonly since?: string | undefined;
}

/** Parses `entry` with {@link AuditEntrySchema} or throws a `StoreRecordError` listing the problems. */
export function validateAuditEntry(entry: unknown): AuditEntry {
  const parsed = AuditEntrySchema.safeParse(entry);
  if (parsed.success) return parsed.data;
  throw new StoreRecordError(parsed.error.issues.map((issue) => `"${issue.path.join('.') || 'entry'}": ${issue.message}`));
}

/** The instant of `auditLog({ since })`, or `undefined`; throws `InvalidOptionError` when it is not a date. */
export function auditSince(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const ms = Date.parse(since);
  if (Number.isNaN(ms))
    throw new InvalidOptionError('since', `auditLog: since must be an ISO 8601 date-time (got ${JSON.stringify(since)})`);
  return ms;
}
