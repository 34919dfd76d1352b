import { redact } from '../privacy/redact.js';
import { ESCALATION_REASONS, type EscalationReason } from '../schema/interaction.js';
import type {
  ArticleEscalation,
  EscalationInsights,
  InsightsOptions,
  InsightsReport,
  QuestionInsight,
  TopicInsight,
  TopicTrend,
} from './insights-report.js';
import { articleOf } from './ledger.js';
import { groupNearDuplicates } from './query-groups.js';
import {
  defaultPeriod,
  periodStart,
  resolutionContext,
  RESOLUTION_OUTCOMES,
  type PeriodCounts,
  type ResolutionCounts,
  type ResolutionOutcome,
  type ResolutionReport,
} from './resolution.js';
import { rateEstimate } from './wilson.js';

/** How many questions had each outcome. */
export type OutcomeCounts = Readonly<Record<ResolutionOutcome, number>>;

/** One exact wording of a question (locale and text as stored) and how often it was asked. */
export interface WordingCount {
  readonly locale: string;
  readonly query: string;
  /** Questions with exactly this locale and text. */
  readonly count: number;
  /** The position of its first question in time order (time, then append order): a sort key. */
  readonly first: number;
}

/** A wording of unanswered or weakly matched questions, with what the report shows of its group. */
export interface QuestionWording extends WordingCount {
  /** When it was last asked (milliseconds since the epoch). */
  readonly lastAt: number;
  /** The sum of its questions' `topScore`. */
  readonly topScoreSum: number;
  /** Its first (at most 5) interactions, with their positions. */
  readonly firstIds: readonly { readonly order: number; readonly id: string }[];
  /** Its first question whose retrieval found something: the section retrieval ranked first. */
  readonly nearest: { readonly order: number; readonly sourceId: string } | undefined;
}

/**
 * The aggregates the insights report is made of, as a database computes them (see
 * {@link InsightsAggregateSource}): counts per day, topic, article and escalation state, and the
 * wordings that near-duplicate grouping (which needs the text) works on. `topic` is `undefined`
 * for questions nothing matched.
 */
export interface InsightsAggregates {
  /** The first and last `at` of the interactions in the range (all of them: drafts and small talk too). */
  readonly firstAt: number | undefined;
  readonly lastAt: number | undefined;
  readonly agentExcluded: number;
  readonly smallTalkExcluded: number;
  /** Questions with a review, and those whose latest review says resolved. */
  readonly reviewed: { readonly total: number; readonly resolved: number };
  /** Outcomes per UTC day (the day's first instant) that had questions. */
  readonly days: readonly { readonly day: number; readonly outcomes: OutcomeCounts }[];
  /** Outcomes per topic. */
  readonly topics: readonly { readonly topic: string | undefined; readonly outcomes: OutcomeCounts }[];
  /** The wordings of the questions of the largest topics (at least the first `limit`, ties included). */
  readonly topicWordings: readonly { readonly topic: string | undefined; readonly wordings: readonly WordingCount[] }[];
  /** Per article cited by answers: questions whose answer cited it, and how many of those were escalated. */
  readonly articles: readonly { readonly articleId: string; readonly shown: number; readonly escalated: number }[];
  /** Per topic: questions in the last 7 days of the range and in the 7 days before. */
  readonly trending: readonly { readonly topic: string | undefined; readonly thisWeek: number; readonly lastWeek: number }[];
  /** Wordings of the questions answered "I don't know", in order of their first question. */
  readonly unanswered: readonly QuestionWording[];
  /** Wordings of the questions whose `topScore` is below `gapScore`, in order of their first question. */
  readonly gaps: readonly QuestionWording[];
  /** Escalations filed in the range: by reason, delivery state and topic, and their questions' wordings. */
  readonly escalations: {
    readonly total: number;
    readonly reasons: Readonly<Record<string, number>>;
    readonly delivery: EscalationInsights['delivery'];
    /** `answered: false` for escalations whose interaction is not in the store. */
    readonly topics: readonly { readonly topic: string | undefined; readonly answered: boolean; readonly count: number }[];
    readonly wordings: readonly WordingCount[];
  };
}

/** What an {@link InsightsAggregateSource} is asked for (resolved options of the report). */
export interface InsightsAggregateQuery {
  /** The range, in milliseconds since the epoch (`since` inclusive, `until` exclusive). */
  readonly since: number | undefined;
  readonly until: number | undefined;
  /** The repeat window, in milliseconds. */
  readonly windowMs: number;
  /** The current time, in milliseconds since the epoch. */
  readonly now: number;
  /** The content-gap threshold. */
  readonly gapScore: number;
  /** Rows in each table of the report. */
  readonly limit: number;
}

/**
 * Something that computes {@link InsightsAggregates} where the records are (a database), so
 * that the report does not stream every record (a PostgreSQL interaction store's `insights()`).
 * Topics are the default ones (the article the answer cited first, else the article retrieval
 * ranked first).
 */
export interface InsightsAggregateSource {
  /** The aggregates of the records as they are now (one consistent snapshot). */
  aggregates(query: InsightsAggregateQuery): Promise<InsightsAggregates>;
}

const NO_MATCH = '(no match)';
const NO_ANSWER = '(no answer)';

/**
 * The insights report (the same as `buildInsights` makes of the same records) from aggregates a
 * database computed: the report of a PostgreSQL store of tens of millions of interactions without
 * streaming them through the process. Only the wordings of unanswered, weakly matched and
 * escalated questions, and those of the largest topics (for quotes), are read, for near-duplicate
 * grouping. Topics are always the default ones: with a `classifier`, use `buildInsights`.
 *
 * @example
 * ```ts
 * const report = await insightsFromAggregates(postgresStore.insights(), { since: '2026-05-01T00:00:00Z', titles })
 * ```
 */
export async function insightsFromAggregates(
  source: InsightsAggregateSource,
  options: Omit<InsightsOptions, 'classifier' | 'topic'> = {},
): Promise<InsightsReport> {
  const context = resolutionContext(options);
  const titles = options.titles ?? new Map<string, string>();
  const limit = options.limit ?? 10;
  const gapScore = options.gapScore ?? 0.7;
  const a = await source.aggregates({
    since: context.since,
    until: context.until,
    windowMs: context.windowMs,
    now: context.now,
    gapScore,
    limit,
  });
  const titleOf = (topic: string) => (topic === NO_MATCH ? NO_MATCH : (titles.get(topic) ?? topic));
  const clean = (text: string) => redact(text).text;
  const key = (topic: string | undefined) => topic ?? NO_MATCH;

  const topics = a.topics
    .map((t) => ({ topic: key(t.topic), outcomes: t.outcomes, total: sum(t.outcomes) }))
    .sort((x, y) => y.total - x.total || x.topic.localeCompare(y.topic))
    .slice(0, limit)
    .map(({ topic, outcomes }): TopicInsight => {
      const wordings = a.topicWordings.find((w) => key(w.topic) === topic)?.wordings ?? [];
      return {
        topic,
        title: titleOf(topic),
        ...counts(outcomes),
        quotes: group(wordings)
          .slice(0, options.quotesPerTopic ?? 3)
          .map((g) => clean(g.query)),
      };
    });

  const question = (g: { query: string; count: number; items: readonly QuestionWording[] }): QuestionInsight => {
    const nearest = g.items
      .map((w) => w.nearest)
      .filter((n) => n !== undefined)
      .sort((x, y) => x.order - y.order)[0];
    const nearestArticle = nearest === undefined ? undefined : articleOf(nearest.sourceId);
    return {
      query: clean(g.query),
      count: g.count,
      locale: g.items[0]!.locale,
      lastAsked: new Date(Math.max(...g.items.map((w) => w.lastAt))).toISOString(),
      nearestArticle,
      nearestTitle: nearestArticle === undefined ? undefined : (titles.get(nearestArticle) ?? nearestArticle),
      meanTopScore: g.items.reduce((total, w) => total + w.topScoreSum, 0) / g.count,
      interactionIds: g.items
        .flatMap((w) => w.firstIds)
        .sort((x, y) => x.order - y.order)
        .slice(0, 5)
        .map((x) => x.id),
    };
  };
  const unanswered = group(a.unanswered).slice(0, limit).map(question);
  const contentGaps = group(a.gaps)
    .filter((g) => g.count >= 2)
    .slice(0, limit)
    .map(question);

  const escalatedArticles: ArticleEscalation[] = a.articles
    .filter((row) => row.escalated > 0)
    .sort((x, y) => y.escalated - x.escalated || y.escalated / y.shown - x.escalated / x.shown || x.articleId.localeCompare(y.articleId))
    .slice(0, limit)
    .map((row) => ({
      articleId: row.articleId,
      title: titles.get(row.articleId) ?? row.articleId,
      escalated: rateEstimate(row.escalated, row.shown),
    }));

  const trending: TopicTrend[] = a.trending
    .map((row) => ({ topic: key(row.topic), thisWeek: row.thisWeek, lastWeek: row.lastWeek }))
    .map((row) => ({
      topic: row.topic,
      title: titleOf(row.topic),
      thisWeek: row.thisWeek,
      lastWeek: row.lastWeek,
      change: row.thisWeek - row.lastWeek,
    }))
    .filter((t) => t.change > 0)
    .sort((x, y) => y.change - x.change || y.thisWeek - x.thisWeek || x.topic.localeCompare(y.topic))
    .slice(0, limit);

  const e = a.escalations;
  const reasons = Object.fromEntries([...ESCALATION_REASONS, 'unknown'].map((r) => [r, e.reasons[r] ?? 0])) as Record<
    EscalationReason | 'unknown',
    number
  >;
  const escalationTopics = new Map<string, number>();
  for (const t of e.topics) {
    const name = t.answered ? key(t.topic) : NO_ANSWER;
    escalationTopics.set(name, (escalationTopics.get(name) ?? 0) + t.count);
  }
  const escalations: EscalationInsights = {
    total: e.total,
    reasons,
    delivery: e.delivery,
    topics: [...escalationTopics]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, limit)
      .map(([topic, count]) => ({ topic, title: topic === NO_ANSWER ? topic : titleOf(topic), count })),
    questions: group(e.wordings)
      .slice(0, limit)
      .map((g) => ({ query: clean(g.query), count: g.count, locale: g.items[0]!.locale })),
  };

  return {
    generatedAt: new Date(context.now).toISOString(),
    topicSource: 'article',
    gapScore,
    resolution: resolution(a, context, options.period),
    topics,
    unanswered,
    escalatedArticles,
    contentGaps,
    trending,
    escalations,
  };
}

/** Near-duplicate groups of wordings (each weighing its count), taken in order of their first question. */
function group<W extends WordingCount>(wordings: readonly W[]) {
  return groupNearDuplicates(
    [...wordings].sort((x, y) => x.first - y.first),
    (w) => w,
    { weight: (w) => w.count },
  );
}

function sum(outcomes: OutcomeCounts): number {
  return RESOLUTION_OUTCOMES.reduce((total, o) => total + outcomes[o], 0);
}

function counts(outcomes: OutcomeCounts): ResolutionCounts {
  const total = sum(outcomes);
  return {
    total,
    confirmed: rateEstimate(outcomes.confirmed, total),
    assumed: rateEstimate(outcomes.assumed, total),
    escalated: rateEstimate(outcomes.escalated, total),
    unanswered: rateEstimate(outcomes.unanswered, total),
    unresolved: rateEstimate(outcomes.unresolved, total),
    pending: rateEstimate(outcomes.pending, total),
  };
}

function add(into: Record<ResolutionOutcome, number>, outcomes: OutcomeCounts): void {
  for (const o of RESOLUTION_OUTCOMES) into[o] += outcomes[o];
}

function zero(): Record<ResolutionOutcome, number> {
  return { confirmed: 0, assumed: 0, escalated: 0, unanswered: 0, unresolved: 0, pending: 0 };
}

/** The resolution part of the report, as `resolutionFromLedger` makes it. */
function resolution(
  a: InsightsAggregates,
  context: { since: number | undefined; until: number | undefined; windowMs: number },
  period: InsightsOptions['period'],
): ResolutionReport {
  const first = context.since ?? a.firstAt;
  const last = context.until === undefined ? a.lastAt : context.until - 1;
  const unit = period ?? (first !== undefined && last !== undefined ? defaultPeriod(first, last) : 'day');
  const overall = zero();
  for (const d of a.days) add(overall, d.outcomes);
  let periods: PeriodCounts[] = [];
  if (first !== undefined && last !== undefined) {
    const step = unit === 'day' ? 86_400_000 : 7 * 86_400_000;
    const buckets = new Map<number, Record<ResolutionOutcome, number>>();
    for (let start = periodStart(first, unit); start <= last; start += step) buckets.set(start, zero());
    for (const d of a.days) {
      const bucket = buckets.get(periodStart(d.day, unit));
      if (bucket) add(bucket, d.outcomes);
    }
    periods = [...buckets].map(([start, n]) => ({
      start: new Date(start).toISOString(),
      end: new Date(start + step).toISOString(),
      ...counts(n),
    }));
  }
  const questions = sum(overall);
  return {
    since: first === undefined ? undefined : new Date(first).toISOString(),
    until:
      context.until === undefined ? (last === undefined ? undefined : new Date(last).toISOString()) : new Date(context.until).toISOString(),
    repeatWindowHours: context.windowMs / 3_600_000,
    period: unit,
    overall: counts(overall),
    periods,
    agentExcluded: a.agentExcluded,
    smallTalkExcluded: a.smallTalkExcluded,
    reviewed: {
      total: a.reviewed.total,
      resolved: rateEstimate(a.reviewed.resolved, a.reviewed.total),
      coverage: rateEstimate(a.reviewed.total, questions),
    },
  };
}
