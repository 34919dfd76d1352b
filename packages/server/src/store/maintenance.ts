/**
 * What retention and erasure remove, decided the same way by every interaction store
 * (browser-safe).
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { StoreRecord } from '@kotae/knowledge';
import type { EraseSelector, RemovedCounts } from './interaction-store.js';

/** The instant (ms since the epoch) of `compact`'s `olderThan`; throws an InvalidOptionError for anything that is not a date. */
export function compactCutoff(olderThan: Date | string): number {
  const ms = olderThan instanceof Date ? olderThan.getTime() : typeof olderThan === 'string' ? Date.parse(olderThan) : NaN;
  if (Number.isNaN(ms)) {
    const shown = olderThan instanceof Date ? 'an invalid Date' : JSON.stringify(olderThan);
    throw new InvalidOptionError('olderThan', `compact: olderThan must be a Date or an ISO 8601 date-time (got ${shown})`);
  }
  return ms;
}

/** How retention judges a record: `drop` before the cut-off, `keep` after, `undated` when its `at` is not a date (kept). */
export function ageVerdict(record: StoreRecord, cutoff: number): 'drop' | 'keep' | 'undated' {
  const at = Date.parse(record.at);
  if (Number.isNaN(at)) return 'undated';
  return at < cutoff ? 'drop' : 'keep';
}

/** An erase selector, normalized: sets of values, and the interaction ids found so far. */
export interface ErasePlan {
  readonly conversationIds: ReadonlySet<string>;
  readonly userHashes: ReadonlySet<string>;
  /**
   * Interaction ids whose records go: the ones given, plus (once {@link collectErased} has seen
   * every interaction) those of the conversations and users given.
   */
  readonly interactionIds: Set<string>;
}

/** Normalizes `selector`; throws an InvalidOptionError when it names nothing, or names an empty id. */
export function erasePlan(selector: EraseSelector): ErasePlan {
  const values = (key: keyof EraseSelector): Set<string> => {
    const given = selector[key];
    const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
    for (const value of list) {
      if (typeof value !== 'string' || value === '') {
        throw new InvalidOptionError(key, `erase: ${key} must be a non-empty string or a list of them (got ${JSON.stringify(value)})`);
      }
    }
    return new Set(list);
  };
  const plan = { conversationIds: values('conversationId'), userHashes: values('userHash'), interactionIds: values('interactionId') };
  if (plan.conversationIds.size + plan.userHashes.size + plan.interactionIds.size === 0) {
    throw new InvalidOptionError('selector', 'erase: give a conversationId, userHash or interactionId');
  }
  return plan;
}

/** True when the plan needs to see every interaction first (it erases by conversation or user). */
export function needsCollecting(plan: ErasePlan): boolean {
  return plan.conversationIds.size > 0 || plan.userHashes.size > 0;
}

/** First pass: adds the id of `record` to the plan when it is an interaction of a conversation or user being erased. */
export function collectErased(plan: ErasePlan, record: StoreRecord): void {
  if (record.kind !== 'interaction') return;
  if (
    (record.conversationId !== undefined && plan.conversationIds.has(record.conversationId)) ||
    (record.userHash !== undefined && plan.userHashes.has(record.userHash))
  ) {
    plan.interactionIds.add(record.id);
  }
}

/** Second pass: true when `record` goes (after {@link collectErased} has seen every interaction). */
export function isErased(plan: ErasePlan, record: StoreRecord): boolean {
  if (record.kind !== 'interaction') return plan.interactionIds.has(record.interactionId);
  return (
    plan.interactionIds.has(record.id) ||
    (record.conversationId !== undefined && plan.conversationIds.has(record.conversationId)) ||
    (record.userHash !== undefined && plan.userHashes.has(record.userHash))
  );
}

/** Counts removed records by kind. */
export class RemovedCounter {
  interaction = 0;
  feedback = 0;
  escalation = 0;
  review = 0;
  annotation = 0;

  add(record: StoreRecord): void {
    this[record.kind]++;
  }

  get total(): number {
    return this.interaction + this.feedback + this.escalation + this.review + this.annotation;
  }

  counts(): RemovedCounts {
    return {
      interaction: this.interaction,
      feedback: this.feedback,
      escalation: this.escalation,
      review: this.review,
      annotation: this.annotation,
    };
  }
}
