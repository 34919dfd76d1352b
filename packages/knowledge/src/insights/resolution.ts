import { InvalidOptionError } from '../errors.js';
import type { InteractionRecord, StoreRecord } from '../schema/interaction.js';
import { articleTopic, instant, isEndUser, isNegative, isQuestion, isSmallTalk, readLedger, type InteractionEntry } from './ledger.js';
import { rateEstimate, type RateEstimate } from './wilson.js';

/**
 * What became of an end user's question, one category each (they add up to the total):
 *
 * - `escalated`: the user asked for a person (`POST /v1/escalations`, or a message recognised as a
 *   request for a person, the `handoff` act), whatever else happened.
 * - `confirmed`: the user said it solved their problem (feedback `resolved: true`).
 * - `unanswered`: kotae said "I don't know" (mode `refusal`) and the user did not escalate.
 * - `unresolved`: the user said it did not help (`helpful: false` or `resolved: false`), or asked
 *   again on the same topic within the repeat window.
 * - `pending`: none of the above yet, but the repeat window has not closed: it may still be.
 * - `assumed`: none of the above after the whole window: probably resolved, never confirmed.
 */
export const RESOLUTION_OUTCOMES = ['confirmed', 'assumed', 'escalated', 'unanswered', 'unresolved', 'pending'] as const;

/** One of `RESOLUTION_OUTCOMES`. */
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/** How many end-user questions there were and what became of them, each with its 95% interval. */
export interface ResolutionCounts {
  /** End-user questions (agent-assist drafts, greetings, thanks and goodbyes excluded). */
  readonly total: number;
  /** The user said it solved their problem. */
  readonly confirmed: RateEstimate;
  /** No escalation, no complaint, no repeat question within the window: probably resolved, never confirmed. */
  readonly assumed: RateEstimate;
  /** Handed to a person. */
  readonly escalated: RateEstimate;
  /** "I don't know", not escalated. */
  readonly unanswered: RateEstimate;
  /** Thumbs down, or asked again on the same topic. */
  readonly unresolved: RateEstimate;
  /** Too recent to assume anything: the repeat window is still open. */
  readonly pending: RateEstimate;
}

/**
 * What reviewers judged, beside (never blended with) what users said: of the end-user questions
 * in the range that a reviewer scored in the console, how many the latest review called resolved.
 */
export interface ReviewedResolution {
  /** End-user questions with at least one review. */
  readonly total: number;
  /** Of those, the ones whose latest review says the problem was solved, with the 95% interval (of `total`). */
  readonly resolved: RateEstimate;
  /** The share of all end-user questions in the range that were reviewed, with its interval. */
  readonly coverage: RateEstimate;
}

/** One period's counts. */
export interface PeriodCounts extends ResolutionCounts {
  /** The period's first instant (ISO 8601, UTC midnight; Monday for weeks). */
  readonly start: string;
  /** The next period's first instant. */
  readonly end: string;
}

/** A period length for the time series. */
export type PeriodUnit = 'day' | 'week';

/** Options of `resolutionMetrics`. */
export interface ResolutionOptions {
  /** Only questions asked at or after this time (a `Date` or ISO 8601). @default the first record */
  readonly since?: Date | string | undefined;
  /** Only questions asked before this time. @default no end */
  readonly until?: Date | string | undefined;
  /**
   * How long after a question a repeat on the same topic by the same conversation (or, failing
   * that, the same user hash) marks it unresolved, in milliseconds. A question younger than this
   * is `pending`, not `assumed`.
   *
   * @default 86400000 (24 hours)
   */
  readonly repeatWindowMs?: number | undefined;
  /**
   * The topic two questions are compared by for repeats (and that the report groups by): a label
   * (from a topic classifier, say), or `undefined` for none (never a repeat).
   *
   * @default the article the answer cited first, else the article retrieval ranked first
   */
  readonly topic?: ((interaction: InteractionRecord) => string | undefined) | undefined;
  /** Length of the periods of the time series. @default `'day'` up to 62 days of data, `'week'` beyond */
  readonly period?: PeriodUnit | undefined;
  /** The current time, for `pending`. @default the time of the call */
  readonly now?: Date | undefined;
}

/** What `resolutionMetrics` found. */
export interface ResolutionReport {
  /** The questions' time range (ISO 8601), as asked or as found. */
  readonly since: string | undefined;
  readonly until: string | undefined;
  /** The repeat window, in hours. */
  readonly repeatWindowHours: number;
  /** The period length of `periods`. */
  readonly period: PeriodUnit;
  /** Every end-user question in the range. */
  readonly overall: ResolutionCounts;
  /** The same, per period, oldest first (periods without questions included, with zeros). */
  readonly periods: PeriodCounts[];
  /** Agent-assist drafts in the range, left out of every number above. */
  readonly agentExcluded: number;
  /** End users' greetings, thanks and goodbyes in the range: not questions, left out of every number above. */
  readonly smallTalkExcluded: number;
  /** Reviewed resolution: what reviewers judged, reported apart from `overall`'s outcomes. */
  readonly reviewed: ReviewedResolution;
}

const DAY_MS = 86_400_000;

/** Resolved options, shared with the insights report. */
export interface ResolutionContext {
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly windowMs: number;
  readonly topic: (interaction: InteractionRecord) => string | undefined;
  readonly now: number;
}

/** Checks and defaults the options. */
export function resolutionContext(options: ResolutionOptions): ResolutionContext {
  const windowMs = options.repeatWindowMs ?? DAY_MS;
  if (!Number.isFinite(windowMs) || windowMs < 0) {
    throw new InvalidOptionError(
      'repeatWindowMs',
      `repeatWindowMs must be a number of milliseconds, 0 or more (got ${JSON.stringify(windowMs)})`,
    );
  }
  const since = instant(options.since, 'since');
  const until = instant(options.until, 'until');
  if (since !== undefined && until !== undefined && until <= since) {
    throw new InvalidOptionError(
      'until',
      `until (${new Date(until).toISOString()}) must be after since (${new Date(since).toISOString()})`,
    );
  }
  return { since, until, windowMs, topic: options.topic ?? articleTopic, now: (options.now ?? new Date()).getTime() };
}

/**
 * Classifies every end-user question of `inRange`: its {@link ResolutionOutcome}. `all` holds every
 * interaction of the store (oldest first), so a repeat just after the range still counts.
 */
export function classifyOutcomes(
  inRange: readonly InteractionEntry[],
  all: readonly InteractionEntry[],
  context: ResolutionContext,
): Map<InteractionEntry, ResolutionOutcome> {
  // Later questions of each conversation and each user, oldest first, with their topics.
  const byKey = new Map<string, { at: number; topic: string | undefined; id: string }[]>();
  const topics = new Map<string, string | undefined>();
  const topicOf = (record: InteractionRecord) => {
    if (!topics.has(record.id)) topics.set(record.id, context.topic(record));
    return topics.get(record.id);
  };
  for (const entry of all) {
    if (!isQuestion(entry)) continue;
    for (const key of keysOf(entry.interaction)) {
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ at: Date.parse(entry.interaction.at), topic: topicOf(entry.interaction), id: entry.interaction.id });
    }
  }
  const outcomes = new Map<InteractionEntry, ResolutionOutcome>();
  for (const entry of inRange) {
    if (!isQuestion(entry)) continue;
    const record = entry.interaction;
    const at = Date.parse(record.at);
    let outcome: ResolutionOutcome;
    if (entry.escalations.length > 0 || record.act === 'handoff') outcome = 'escalated';
    else if (entry.feedback?.resolved === true) outcome = 'confirmed';
    else if (record.mode === 'refusal') outcome = 'unanswered';
    else if (isNegative(entry.feedback) || repeated(record, at, topicOf(record), byKey, context.windowMs)) outcome = 'unresolved';
    else if (at + context.windowMs > context.now) outcome = 'pending';
    else outcome = 'assumed';
    outcomes.set(entry, outcome);
  }
  return outcomes;
}

/** The conversation key of a question, else its user key (one is enough to find a repeat). */
function keysOf(record: InteractionRecord): string[] {
  if (record.conversationId !== undefined) return [`c:${record.conversationId}`];
  if (record.userHash !== undefined) return [`u:${record.userHash}`];
  return [];
}

function repeated(
  record: InteractionRecord,
  at: number,
  topic: string | undefined,
  byKey: ReadonlyMap<string, readonly { at: number; topic: string | undefined; id: string }[]>,
  windowMs: number,
): boolean {
  if (topic === undefined) return false;
  for (const key of keysOf(record)) {
    for (const other of byKey.get(key) ?? []) {
      if (other.id !== record.id && other.at > at && other.at <= at + windowMs && other.topic === topic) return true;
    }
  }
  return false;
}

/** Counts outcomes into {@link ResolutionCounts}. */
export function countOutcomes(outcomes: Iterable<ResolutionOutcome>): ResolutionCounts {
  const n: Record<ResolutionOutcome, number> = { confirmed: 0, assumed: 0, escalated: 0, unanswered: 0, unresolved: 0, pending: 0 };
  let total = 0;
  for (const outcome of outcomes) {
    n[outcome]++;
    total++;
  }
  return {
    total,
    confirmed: rateEstimate(n.confirmed, total),
    assumed: rateEstimate(n.assumed, total),
    escalated: rateEstimate(n.escalated, total),
    unanswered: rateEstimate(n.unanswered, total),
    unresolved: rateEstimate(n.unresolved, total),
    pending: rateEstimate(n.pending, total),
  };
}

/** The start of the period holding `ms` (UTC midnight; Monday for weeks). */
export function periodStart(ms: number, unit: PeriodUnit): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (unit === 'day') return day;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY_MS;
}

/** The unit a series over `[first, last]` is shown in when none is asked for. */
export function defaultPeriod(first: number, last: number): PeriodUnit {
  return last - first <= 62 * DAY_MS ? 'day' : 'week';
}

/** Every period from the one holding `first` to the one holding `last`, with its outcomes. */
export function periodSeries(
  outcomes: ReadonlyMap<InteractionEntry, ResolutionOutcome>,
  unit: PeriodUnit,
  first: number,
  last: number,
): PeriodCounts[] {
  const step = unit === 'day' ? DAY_MS : 7 * DAY_MS;
  const buckets = new Map<number, ResolutionOutcome[]>();
  for (let start = periodStart(first, unit); start <= last; start += step) buckets.set(start, []);
  for (const [entry, outcome] of outcomes) buckets.get(periodStart(Date.parse(entry.interaction.at), unit))?.push(outcome);
  return [...buckets].map(([start, list]) => ({
    start: new Date(start).toISOString(),
    end: new Date(start + step).toISOString(),
    ...countOutcomes(list),
  }));
}

/**
 * Resolution metrics of an interaction store's records: per period and overall, how many
 * end-user questions were **confirmed** resolved, **assumed** resolved, **escalated**,
 * **unanswered**, **unresolved** or still **pending**, each with its rate and 95% Wilson interval.
 *
 * The categories are reported side by side and never added into one "containment" number: a
 * confirmed resolution is evidence, an assumed one is an absence of evidence, and adding them hides
 * which one a change moved. `reviewed` is the reviewers' judgement of the questions they scored in
 * the review console, reported apart from the six outcomes, never mixed into them. Agent-assist drafts (`audience: 'agent'`) and small talk (greetings,
 * thanks, goodbyes) are left out; a request for a person typed as a message counts as escalated. Browser-safe:
 * it reads any `AsyncIterable` of store records (`store.records()` of any store).
 *
 * @example
 * ```ts
 * const store = await JsonlInteractionStore.open('var/interactions')
 * const report = await resolutionMetrics(store.records(), { since: '2026-05-01T00:00:00Z' })
 * console.log(report.overall.confirmed) // { count: 41, total: 380, rate: 0.108, low: 0.08, high: 0.143 }
 * ```
 */
export async function resolutionMetrics(
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
  options: ResolutionOptions = {},
): Promise<ResolutionReport> {
  const context = resolutionContext(options);
  const { inRange, all } = await readLedger(records, context);
  return resolutionFromLedger(inRange, all, context, options.period);
}

/** `resolutionMetrics` over a ledger already read (the insights report shares it). */
export function resolutionFromLedger(
  inRange: readonly InteractionEntry[],
  all: readonly InteractionEntry[],
  context: ResolutionContext,
  period: PeriodUnit | undefined,
  outcomes: ReadonlyMap<InteractionEntry, ResolutionOutcome> = classifyOutcomes(inRange, all, context),
): ResolutionReport {
  const times = inRange.map((e) => Date.parse(e.interaction.at));
  const first = context.since ?? times[0];
  const last = context.until === undefined ? times.at(-1) : context.until - 1;
  const unit = period ?? (first !== undefined && last !== undefined ? defaultPeriod(first, last) : 'day');
  return {
    since: first === undefined ? undefined : new Date(first).toISOString(),
    until:
      context.until === undefined ? (last === undefined ? undefined : new Date(last).toISOString()) : new Date(context.until).toISOString(),
    repeatWindowHours: context.windowMs / 3_600_000,
    period: unit,
    overall: countOutcomes(outcomes.values()),
    periods: first === undefined || last === undefined ? [] : periodSeries(outcomes, unit, first, last),
    agentExcluded: inRange.filter((e) => !isEndUser(e)).length,
    smallTalkExcluded: inRange.filter((e) => isEndUser(e) && isSmallTalk(e)).length,
    reviewed: reviewedResolution(inRange),
  };
}

/** Reviewed resolution of the end-user questions in `inRange` (see {@link ReviewedResolution}). */
export function reviewedResolution(inRange: readonly InteractionEntry[]): ReviewedResolution {
  const questions = inRange.filter(isQuestion);
  const reviewed = questions.filter((e) => e.review !== undefined);
  const resolved = reviewed.filter((e) => e.review?.resolved === true).length;
  return {
    total: reviewed.length,
    resolved: rateEstimate(resolved, reviewed.length),
    coverage: rateEstimate(reviewed.length, questions.length),
  };
}
