import { InvalidOptionError } from '../errors.js';
import type { EscalationRecord, FeedbackRecord, InteractionRecord, ReviewRecord, StoreRecord } from '../schema/interaction.js';

/** An interaction with what followed it: its latest feedback and its escalations. */
export interface InteractionEntry {
  readonly interaction: InteractionRecord;
  /** The latest feedback on it, if any (a user may change their mind: the last verdict counts). */
  feedback: FeedbackRecord | undefined;
  /** Its escalations (requests for a person: `filed` records, and records from before stages), delivered or not. */
  readonly escalations: EscalationRecord[];
  /** The latest reviewer's scorecard on it, if any (a later review replaces an earlier one). */
  review: ReviewRecord | undefined;
}

/** An escalation with its delivery attempts (see `EscalationRecord`). */
export interface EscalationEntry {
  /** The `filed` record (or a record from before stages, which is its own delivery). */
  readonly filed: EscalationRecord;
  /** Its `delivery` records, in the order they were written. */
  readonly deliveries: EscalationRecord[];
}

/** A period of time: `since` inclusive, `until` exclusive, either open. */
export interface TimeRange {
  readonly since: number | undefined;
  readonly until: number | undefined;
}

/** Parses a `since`/`until` option: a `Date` or an ISO 8601 date-time. */
export function instant(value: Date | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms))
    throw new InvalidOptionError(name, `${name} must be a date (got ${JSON.stringify(value instanceof Date ? 'Invalid Date' : value)})`);
  return ms;
}

/**
 * Reads every record of a store into interactions with their feedback and escalations. Feedback
 * and escalations are attached whatever their own time; interactions are kept when their `at` is
 * in `range` (all of them when `keepAll`, for the repeat check past the range's end).
 */
export async function readLedger(
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
  range: TimeRange,
): Promise<{ inRange: InteractionEntry[]; all: InteractionEntry[]; escalations: EscalationEntry[] }> {
  const entries = new Map<string, InteractionEntry>();
  // Escalations by their id (a record from before stages is one escalation of its own).
  const escalations = new Map<string, EscalationEntry>();
  const earlyDeliveries = new Map<string, EscalationRecord[]>();
  const orphanFeedback = new Map<string, FeedbackRecord>();
  const orphanEscalations = new Map<string, EscalationRecord[]>();
  const orphanReviews = new Map<string, ReviewRecord>();
  for await (const record of records) {
    if (record.kind === 'interaction') {
      const entry: InteractionEntry = {
        interaction: record,
        feedback: orphanFeedback.get(record.id),
        escalations: orphanEscalations.get(record.id) ?? [],
        review: orphanReviews.get(record.id),
      };
      entries.set(record.id, entry);
    } else if (record.kind === 'review') {
      const entry = entries.get(record.interactionId);
      if (entry) entry.review = later(entry.review, record);
      else orphanReviews.set(record.interactionId, later(orphanReviews.get(record.interactionId), record));
    } else if (record.kind === 'annotation') {
      // Eval cases and topic labels: not part of resolution.
      continue;
    } else {
      const entry = entries.get(record.interactionId);
      if (record.kind === 'escalation' && record.stage === 'delivery') {
        const escalation = record.id === undefined ? undefined : escalations.get(record.id);
        if (escalation) escalation.deliveries.push(record);
        else if (record.id !== undefined) earlyDeliveries.set(record.id, [...(earlyDeliveries.get(record.id) ?? []), record]);
        continue;
      }
      if (record.kind === 'escalation') {
        const key = record.id ?? `${record.interactionId} ${record.at}`;
        escalations.set(key, { filed: record, deliveries: earlyDeliveries.get(key) ?? (record.stage === undefined ? [record] : []) });
        earlyDeliveries.delete(key);
      }
      if (record.kind === 'feedback') {
        if (entry) entry.feedback = later(entry.feedback, record);
        else orphanFeedback.set(record.interactionId, later(orphanFeedback.get(record.interactionId), record));
      } else if (entry) {
        entry.escalations.push(record);
      } else {
        const list = orphanEscalations.get(record.interactionId) ?? [];
        list.push(record);
        orphanEscalations.set(record.interactionId, list);
      }
    }
  }
  const all = [...entries.values()].filter((e) => !Number.isNaN(Date.parse(e.interaction.at)));
  all.sort((a, b) => Date.parse(a.interaction.at) - Date.parse(b.interaction.at));
  const inRange = all.filter((e) => {
    const at = Date.parse(e.interaction.at);
    return (range.since === undefined || at >= range.since) && (range.until === undefined || at < range.until);
  });
  const inRangeEscalations = [...escalations.values()].filter((e) => {
    const at = Date.parse(e.filed.at);
    return !Number.isNaN(at) && (range.since === undefined || at >= range.since) && (range.until === undefined || at < range.until);
  });
  return { inRange, all, escalations: inRangeEscalations };
}

function later<T extends { readonly at: string }>(a: T | undefined, b: T): T {
  return a === undefined || Date.parse(b.at) >= Date.parse(a.at) ? b : a;
}

/** The article id of a section id (`articleId#anchor` → `articleId`). */
export function articleOf(sectionId: string): string {
  const hash = sectionId.indexOf('#');
  return hash === -1 ? sectionId : sectionId.slice(0, hash);
}

/**
 * The default topic of an interaction: the article its answer cited first, else the article
 * retrieval ranked first, else `undefined` (nothing matched at all).
 */
export function articleTopic(interaction: InteractionRecord): string | undefined {
  const id = interaction.citations[0] ?? interaction.sourceIds[0];
  return id === undefined ? undefined : articleOf(id);
}

/** True for an end user's interaction (agent-assist drafts are not end users' questions). */
export function isEndUser(entry: InteractionEntry): boolean {
  return entry.interaction.audience !== 'agent';
}

/**
 * True for an end user's question: an end user's interaction that is not small talk (a greeting,
 * thanks or goodbye, answered as what it is). Resolution figures count only questions. A request
 * for a person (`handoff`) and "that didn't work" (`not-resolved`) stay: they say what became of
 * the user's problem.
 */
export function isQuestion(entry: InteractionEntry): boolean {
  return isEndUser(entry) && !isSmallTalk(entry);
}

/** True when the message was a greeting, thanks or goodbye: not a question. */
export function isSmallTalk(entry: InteractionEntry): boolean {
  const act = entry.interaction.act;
  return act === 'greeting' || act === 'thanks' || act === 'goodbye';
}

/** True when the user said the answer did not help or did not solve it. */
export function isNegative(feedback: FeedbackRecord | undefined): boolean {
  return feedback !== undefined && (feedback.helpful === false || feedback.resolved === false);
}
