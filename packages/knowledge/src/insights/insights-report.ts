import { redact } from '../privacy/redact.js';
import { ESCALATION_REASONS, type EscalationReason, type InteractionRecord, type StoreRecord } from '../schema/interaction.js';
import { articleOf, articleTopic, isQuestion, readLedger, type EscalationEntry, type InteractionEntry } from './ledger.js';
import { groupNearDuplicates } from './query-groups.js';
import {
  classifyOutcomes,
  countOutcomes,
  resolutionContext,
  resolutionFromLedger,
  type ResolutionCounts,
  type ResolutionOptions,
  type ResolutionReport,
} from './resolution.js';
import { rateEstimate, type RateEstimate } from './wilson.js';

/**
 * What the insights report needs of a topic classifier (such as one `trainClassifier` makes from
 * labelled questions): a label for a question, and how sure it is.
 */
export interface TopicLabeler {
  /** The topic label of `text`, with a confidence from 0 to 1. */
  classify(text: string): { label: string; confidence: number };
}

/** Options of {@link buildInsights}. */
export interface InsightsOptions extends Omit<ResolutionOptions, 'topic'> {
  /**
   * Labels each question with a topic. Without one, a question's topic is the article its
   * answer cited first (else the article retrieval ranked first), shown by its title from `titles`.
   */
  readonly classifier?: TopicLabeler | undefined;
  /** Article titles by article id (from the bundle), for topics and articles. @default the ids */
  readonly titles?: ReadonlyMap<string, string> | undefined;
  /**
   * Retrieval confidence (`topScore`, 0 to 1: the share of the question's words the guidance
   * matched) below which a question counts toward a content gap.
   *
   * @default 0.7
   */
  readonly gapScore?: number | undefined;
  /** Rows in each table (topics, unanswered questions, articles, gaps, trends). @default 10 */
  readonly limit?: number | undefined;
  /** Example questions shown per topic. @default 3 */
  readonly quotesPerTopic?: number | undefined;
}

/** One topic's questions and what became of them. */
export interface TopicInsight extends ResolutionCounts {
  /** The topic: a classifier label, or an article id. `(no match)` for questions nothing matched. */
  readonly topic: string;
  /** What to call it: the article's title, or the label. */
  readonly title: string;
  /** A few representative questions, redacted (most frequent wordings of different questions). */
  readonly quotes: string[];
}

/** A group of near-identical questions. */
export interface QuestionInsight {
  /** The most frequent wording, redacted. */
  readonly query: string;
  /** How many questions the group has. */
  readonly count: number;
  readonly locale: string;
  /** When one of them was last asked (ISO 8601). */
  readonly lastAsked: string;
  /** The article retrieval found closest (the best match, even if weak), with its title. */
  readonly nearestArticle: string | undefined;
  readonly nearestTitle: string | undefined;
  /** The mean retrieval confidence of the group's questions (0 to 1). */
  readonly meanTopScore: number;
  /** Up to 5 interaction ids of the group, for `kotae cases` and for looking them up. */
  readonly interactionIds: string[];
}

/** An article and how often showing it was followed by an escalation. */
export interface ArticleEscalation {
  readonly articleId: string;
  readonly title: string;
  /** Answers that cited it; `escalated.count` of them were escalated. */
  readonly escalated: RateEstimate;
}

/** Requests for a person in the range: how many, why, about what, and whether they reached someone. */
export interface EscalationInsights {
  /** Escalations filed (with the form, or by the page through `POST /v1/escalations`). */
  readonly total: number;
  /** By reason (`no-answer`, `not-helpful`, `asked-for-person`…); reasons nobody had count 0. */
  readonly reasons: Record<EscalationReason | 'unknown', number>;
  /**
   * Where they are: `delivered` (every destination accepted it), `pending` (a destination is
   * still being retried), `deadLettered` (a destination gave up: see the store's dead-letter
   * records), `recorded` (no destination: the host page's handler or the store only).
   */
  readonly delivery: { readonly delivered: number; readonly pending: number; readonly deadLettered: number; readonly recorded: number };
  /** Topics most often escalated, largest first (the topic of the answer escalated from). */
  readonly topics: { readonly topic: string; readonly title: string; readonly count: number }[];
  /** The questions most often escalated, near-identical wordings grouped, redacted. */
  readonly questions: { readonly query: string; readonly count: number; readonly locale: string }[];
}

/** A topic's change from the previous 7 days to the last 7 days of the range. */
export interface TopicTrend {
  readonly topic: string;
  readonly title: string;
  /** Questions in the last 7 days of the range. */
  readonly thisWeek: number;
  /** Questions in the 7 days before those. */
  readonly lastWeek: number;
  /** `thisWeek - lastWeek`. */
  readonly change: number;
}

/** Everything `kotae insights` shows, as data (its `--json`). */
export interface InsightsReport {
  /** When the report was made (ISO 8601). */
  readonly generatedAt: string;
  /** Where topics came from: a classifier's labels, or the articles answers cited. */
  readonly topicSource: 'classifier' | 'article';
  /** The content-gap threshold used. */
  readonly gapScore: number;
  /** Volume and the resolution categories, overall and per period. */
  readonly resolution: ResolutionReport;
  /** Topics by number of questions, largest first. */
  readonly topics: TopicInsight[];
  /** The most frequent questions kotae answered "I don't know" to, grouped. */
  readonly unanswered: QuestionInsight[];
  /** Articles most often followed by an escalation (by count), with the rate. */
  readonly escalatedArticles: ArticleEscalation[];
  /** The most frequent questions with weak retrieval (`topScore` below `gapScore`), grouped; at least 2 each. */
  readonly contentGaps: QuestionInsight[];
  /** Topics that grew most from one week to the next (the last 14 days of the range). */
  readonly trending: TopicTrend[];
  /** Requests for a person, by reason, topic, question and delivery. */
  readonly escalations: EscalationInsights;
}

const NO_MATCH = '(no match)';
const WEEK_MS = 7 * 86_400_000;

/**
 * Builds the insights report from an interaction store's records: volume and resolution rates
 * over time and by topic, the top unanswered questions, the articles most often followed by an
 * escalation, content gaps, trending topics and a few redacted quotes per topic.
 *
 * Every question text in the report passes `redact()` again (defence in depth: the store holds
 * redacted text already). Agent-assist drafts are left out. Browser-safe; render it with
 * {@link renderInsightsHtml}.
 *
 * @example
 * ```ts
 * const report = await buildInsights(store.records(), { since: '2026-05-01T00:00:00Z', titles })
 * await writeFile('report.html', renderInsightsHtml(report))
 * ```
 */
export async function buildInsights(
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
  options: InsightsOptions = {},
): Promise<InsightsReport> {
  const classifier = options.classifier;
  const labels = new Map<string, string>();
  const topicOf = (record: InteractionRecord): string | undefined => {
    if (!classifier) return articleTopic(record);
    let label = labels.get(record.id);
    if (label === undefined) labels.set(record.id, (label = classifier.classify(record.query).label));
    return label;
  };
  const context = resolutionContext({ ...options, topic: topicOf });
  const { inRange, all, escalations: filed } = await readLedger(records, context);
  const outcomes = classifyOutcomes(inRange, all, context);
  const resolution = resolutionFromLedger(inRange, all, context, options.period, outcomes);
  const users = inRange.filter(isQuestion);
  const titles = options.titles ?? new Map<string, string>();
  const limit = options.limit ?? 10;
  const gapScore = options.gapScore ?? 0.7;
  const titleOf = (topic: string) => (classifier ? topic : (titles.get(topic) ?? topic));
  const clean = (text: string) => redact(text).text;

  // Topics.
  const byTopic = new Map<string, InteractionEntry[]>();
  for (const entry of users) {
    const topic = topicOf(entry.interaction) ?? NO_MATCH;
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(entry);
  }
  const topics = [...byTopic]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([topic, entries]): TopicInsight => ({
      topic,
      title: topic === NO_MATCH ? NO_MATCH : titleOf(topic),
      ...countOutcomes(entries.map((e) => outcomes.get(e)!)),
      quotes: groupNearDuplicates(entries, (e) => e.interaction)
        .slice(0, options.quotesPerTopic ?? 3)
        .map((g) => clean(g.query)),
    }));

  const question = (group: { query: string; count: number; items: readonly InteractionEntry[] }): QuestionInsight => {
    const nearest = group.items.map((e) => e.interaction.sourceIds[0]).find((id) => id !== undefined);
    const nearestArticle = nearest === undefined ? undefined : articleOf(nearest);
    return {
      query: clean(group.query),
      count: group.count,
      locale: group.items[0]!.interaction.locale,
      lastAsked: group.items.at(-1)!.interaction.at,
      nearestArticle,
      nearestTitle: nearestArticle === undefined ? undefined : (titles.get(nearestArticle) ?? nearestArticle),
      meanTopScore: group.items.reduce((sum, e) => sum + e.interaction.topScore, 0) / group.items.length,
      interactionIds: group.items.slice(0, 5).map((e) => e.interaction.id),
    };
  };

  const unanswered = groupNearDuplicates(
    users.filter((e) => e.interaction.mode === 'refusal'),
    (e) => e.interaction,
  )
    .slice(0, limit)
    .map(question);
  const contentGaps = groupNearDuplicates(
    users.filter((e) => e.interaction.topScore < gapScore),
    (e) => e.interaction,
  )
    .filter((g) => g.count >= 2)
    .slice(0, limit)
    .map(question);

  // Articles cited by answers, and how often those answers were escalated.
  const cited = new Map<string, { shown: number; escalated: number }>();
  for (const entry of users) {
    for (const articleId of new Set(entry.interaction.citations.map(articleOf))) {
      const row = cited.get(articleId) ?? { shown: 0, escalated: 0 };
      row.shown++;
      if (entry.escalations.length > 0) row.escalated++;
      cited.set(articleId, row);
    }
  }
  const escalatedArticles = [...cited]
    .filter(([, row]) => row.escalated > 0)
    .sort(
      (a, b) => b[1].escalated - a[1].escalated || b[1].escalated / b[1].shown - a[1].escalated / a[1].shown || a[0].localeCompare(b[0]),
    )
    .slice(0, limit)
    .map(([articleId, row]) => ({
      articleId,
      title: titles.get(articleId) ?? articleId,
      escalated: rateEstimate(row.escalated, row.shown),
    }));

  // Week over week, over the last 14 days of the range.
  const end = context.until ?? (users.length > 0 ? Date.parse(users.at(-1)!.interaction.at) + 1 : 0);
  const weekCounts = new Map<string, { thisWeek: number; lastWeek: number }>();
  for (const entry of users) {
    const at = Date.parse(entry.interaction.at);
    if (at < end - 2 * WEEK_MS || at >= end) continue;
    const topic = topicOf(entry.interaction) ?? NO_MATCH;
    const row = weekCounts.get(topic) ?? { thisWeek: 0, lastWeek: 0 };
    if (at >= end - WEEK_MS) row.thisWeek++;
    else row.lastWeek++;
    weekCounts.set(topic, row);
  }
  const trending = [...weekCounts]
    .map(([topic, row]) => ({ topic, title: topic === NO_MATCH ? NO_MATCH : titleOf(topic), ...row, change: row.thisWeek - row.lastWeek }))
    .filter((t) => t.change > 0)
    .sort((a, b) => b.change - a.change || b.thisWeek - a.thisWeek || a.topic.localeCompare(b.topic))
    .slice(0, limit);

  const interactionsById = new Map(all.map((e) => [e.interaction.id, e.interaction]));
  const escalations = escalationInsights(filed, interactionsById, {
    limit,
    topicOf: (record) => topicOf(record) ?? NO_MATCH,
    titleOf: (topic) => (topic === NO_MATCH ? NO_MATCH : titleOf(topic)),
    clean,
  });

  return {
    generatedAt: new Date(context.now).toISOString(),
    topicSource: classifier ? 'classifier' : 'article',
    gapScore,
    resolution,
    topics,
    unanswered,
    escalatedArticles,
    contentGaps,
    trending,
    escalations,
  };
}

/** Counts escalations by reason, delivery, topic and question. */
function escalationInsights(
  filed: readonly EscalationEntry[],
  interactions: ReadonlyMap<string, InteractionRecord>,
  how: { limit: number; topicOf: (r: InteractionRecord) => string; titleOf: (topic: string) => string; clean: (text: string) => string },
): EscalationInsights {
  const reasons = Object.fromEntries([...ESCALATION_REASONS, 'unknown'].map((r) => [r, 0])) as Record<EscalationReason | 'unknown', number>;
  const delivery = { delivered: 0, pending: 0, deadLettered: 0, recorded: 0 };
  const topics = new Map<string, number>();
  const asked: { query: string; locale: string }[] = [];
  for (const { filed: record, deliveries } of filed) {
    reasons[record.reason ?? 'unknown']++;
    const destinations = record.stage === undefined ? ['webhook'] : (record.destinations ?? []);
    const state = destinations.map((d) => {
      const mine = deliveries.filter((x) => (x.destination ?? 'webhook') === d);
      return mine.some((x) => x.delivered) ? 'delivered' : mine.some((x) => x.deadLetter) ? 'dead' : 'pending';
    });
    if (destinations.length === 0) delivery.recorded++;
    else if (state.includes('dead')) delivery.deadLettered++;
    else if (state.includes('pending')) delivery.pending++;
    else delivery.delivered++;
    const interaction = interactions.get(record.interactionId);
    const topic = interaction ? how.topicOf(interaction) : '(no answer)';
    topics.set(topic, (topics.get(topic) ?? 0) + 1);
    const query = interaction?.query ?? record.question;
    if (query) asked.push({ query, locale: interaction?.locale ?? record.locale ?? 'en' });
  }
  return {
    total: filed.length,
    reasons,
    delivery,
    topics: [...topics]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, how.limit)
      .map(([topic, count]) => ({ topic, title: topic === '(no answer)' ? topic : how.titleOf(topic), count })),
    questions: groupNearDuplicates(asked, (q) => q)
      .slice(0, how.limit)
      .map((g) => ({ query: how.clean(g.query), count: g.count, locale: g.items[0]!.locale })),
  };
}
