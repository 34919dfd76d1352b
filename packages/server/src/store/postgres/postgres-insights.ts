/**
 * The insights report's aggregates computed in PostgreSQL (`PostgresInteractionStore.insights()`):
 * per-question outcomes are decided by one statement into a temporary table, and the report's
 * counts are `GROUP BY`s over it, so the process reads counts and the wordings near-duplicate
 * grouping needs, never every record.
 */
import type { Pool, PoolClient } from 'pg';
import type { InsightsAggregateQuery, InsightsAggregates, OutcomeCounts, QuestionWording, WordingCount } from '@kotae/knowledge';

const NO_MATCH = '(no match)';
const OUTCOMES = ['confirmed', 'assumed', 'escalated', 'unanswered', 'unresolved', 'pending'] as const;

/**
 * Every interaction in the range (and, for repeats, the questions up to one window past it), one
 * row each in `kotae_insights_q` with its outcome decided as `classifyOutcomes` decides it:
 * escalated (an escalation filed, or the `handoff` act), confirmed (latest feedback `resolved`),
 * unanswered (`refusal`), unresolved (latest feedback negative, or a later question of the same
 * conversation — else user — on the same topic within the window), pending, assumed.
 *
 * Parameters: $1 since, $2 until (timestamptz or NULL), $3 the window in seconds, $4 now.
 */
const QUESTIONS = `
CREATE TEMP TABLE kotae_insights_q ON COMMIT DROP AS
WITH cand AS (
  SELECT seq, interaction_id AS id, at,
         record->>'audience' IS NOT DISTINCT FROM 'agent' AS agent,
         coalesce(record->>'act', '') IN ('greeting', 'thanks', 'goodbye') AS small_talk,
         record->>'act' AS act,
         record->>'mode' AS mode,
         split_part(coalesce(record->'citations'->>0, record->'sourceIds'->>0), '#', 1) AS topic,
         coalesce('c:' || conversation_id, 'u:' || user_hash) AS repeat_key,
         record->>'locale' AS locale,
         record->>'query' AS query,
         (record->>'topScore')::float8 AS top_score,
         record->'sourceIds'->>0 AS source0,
         record->'citations' AS citations
    FROM kotae_interactions
   WHERE kind = 'interaction'
     AND at >= coalesce($1::timestamptz, '-infinity')
     AND at < coalesce($2::timestamptz, 'infinity') + make_interval(secs => $3::float8)
), rep AS (
  SELECT c.*,
         c.repeat_key IS NOT NULL AND c.topic IS NOT NULL AND NOT c.agent AND NOT c.small_talk AND
         count(*) FILTER (WHERE NOT c.agent AND NOT c.small_talk) OVER (
           PARTITION BY c.repeat_key, c.topic ORDER BY c.at
           RANGE BETWEEN CURRENT ROW AND make_interval(secs => $3::float8) FOLLOWING EXCLUDE GROUP
         ) > 0 AS repeated
    FROM cand c
), fb AS (
  SELECT DISTINCT ON (interaction_id) interaction_id, (record->>'helpful')::boolean AS helpful, (record->>'resolved')::boolean AS resolved
    FROM kotae_interactions WHERE kind = 'feedback'
   ORDER BY interaction_id, at DESC NULLS LAST, seq DESC
), rv AS (
  SELECT DISTINCT ON (interaction_id) interaction_id, (record->>'resolved')::boolean AS resolved
    FROM kotae_interactions WHERE kind = 'review'
   ORDER BY interaction_id, at DESC NULLS LAST, seq DESC
), esc AS (
  SELECT DISTINCT interaction_id FROM kotae_interactions
   WHERE kind = 'escalation' AND record->>'stage' IS DISTINCT FROM 'delivery'
)
SELECT (row_number() OVER (ORDER BY r.at, r.seq))::float8 AS ord,
       r.id, r.at, (extract(epoch FROM r.at) * 1000)::float8 AS at_ms,
       (extract(epoch FROM date_trunc('day', r.at AT TIME ZONE 'UTC')) * 1000)::float8 AS day_ms,
       r.agent, r.small_talk, NOT r.agent AND NOT r.small_talk AS question,
       coalesce(r.topic, '${NO_MATCH}') AS topic, r.mode, r.locale, r.query, r.top_score, r.source0, r.citations,
       e.interaction_id IS NOT NULL AS escalated_any,
       CASE WHEN e.interaction_id IS NOT NULL OR r.act = 'handoff' THEN 'escalated'
            WHEN f.resolved IS TRUE THEN 'confirmed'
            WHEN r.mode = 'refusal' THEN 'unanswered'
            WHEN f.helpful IS FALSE OR f.resolved IS FALSE OR r.repeated THEN 'unresolved'
            WHEN r.at + make_interval(secs => $3::float8) > $4::timestamptz THEN 'pending'
            ELSE 'assumed' END AS outcome,
       v.interaction_id IS NOT NULL AS reviewed,
       v.resolved IS TRUE AS review_resolved
  FROM rep r
  LEFT JOIN fb f ON f.interaction_id = r.id
  LEFT JOIN rv v ON v.interaction_id = r.id
  LEFT JOIN esc e ON e.interaction_id = r.id
 WHERE r.at < coalesce($2::timestamptz, 'infinity')`;

/**
 * The escalations filed in the range (the last record of each escalation id, a record from
 * before stages being its own escalation), one row each in `kotae_insights_f`.
 *
 * Parameters: $1 since, $2 until.
 */
const FILED = `
CREATE TEMP TABLE kotae_insights_f ON COMMIT DROP AS
WITH recs AS (
  SELECT seq, interaction_id, at, record, record->>'stage' AS stage,
         coalesce(record->>'id', interaction_id || ' ' || (record->>'at')) AS key
    FROM kotae_interactions
   WHERE kind = 'escalation' AND record->>'stage' IS DISTINCT FROM 'delivery'
), filed AS (
  SELECT DISTINCT ON (key) key, min(seq) OVER (PARTITION BY key) AS first, at, interaction_id, stage, record
    FROM recs ORDER BY key, seq DESC
)
SELECT * FROM filed WHERE at >= coalesce($1::timestamptz, '-infinity') AND at < coalesce($2::timestamptz, 'infinity')`;

/**
 * The escalations of `kotae_insights_f`, one row each in `kotae_insights_e`, with their delivery
 * state, their interaction's topic and their question. Deliveries are found by interaction and id.
 */
const ESCALATIONS = `
CREATE TEMP TABLE kotae_insights_e ON COMMIT DROP AS
WITH dest AS (
  SELECT f.key, d.dest
    FROM kotae_insights_f f,
         jsonb_array_elements_text(CASE WHEN f.stage IS NULL THEN '["webhook"]'::jsonb
                                        ELSE coalesce(f.record->'destinations', '[]'::jsonb) END) AS d(dest)
), dl AS (
  SELECT f.key, coalesce(x.record->>'destination', 'webhook') AS dest,
         (x.record->>'delivered')::boolean AS delivered, (x.record->>'deadLetter')::boolean AS dead
    FROM kotae_insights_f f
    JOIN kotae_interactions x ON x.kind = 'escalation' AND x.interaction_id = f.interaction_id
   WHERE x.record->>'stage' = 'delivery' AND x.record->>'id' = f.key
  UNION ALL
  SELECT key, coalesce(record->>'destination', 'webhook'), (record->>'delivered')::boolean, (record->>'deadLetter')::boolean
    FROM kotae_insights_f WHERE stage IS NULL
), st AS (
  SELECT dest.key,
         CASE WHEN bool_or(dl.delivered) THEN 'delivered' WHEN bool_or(dl.dead) THEN 'dead' ELSE 'pending' END AS state
    FROM dest LEFT JOIN dl ON dl.key = dest.key AND dl.dest = dest.dest
   GROUP BY dest.key, dest.dest
), states AS (
  SELECT key, bool_or(state = 'dead') AS dead, bool_or(state = 'pending') AS pending FROM st GROUP BY key
)
SELECT f.first::float8 AS first,
       coalesce(f.record->>'reason', 'unknown') AS reason,
       CASE WHEN s.key IS NULL THEN 'recorded' WHEN s.dead THEN 'deadLettered' WHEN s.pending THEN 'pending' ELSE 'delivered' END AS delivery,
       i.id IS NOT NULL AS answered,
       coalesce(i.topic, '${NO_MATCH}') AS topic,
       coalesce(i.query, f.record->>'question') AS query,
       coalesce(i.locale, f.record->>'locale', 'en') AS locale
  FROM kotae_insights_f f
  LEFT JOIN states s ON s.key = f.key
  LEFT JOIN LATERAL (
    SELECT x.interaction_id AS id,
           split_part(coalesce(x.record->'citations'->>0, x.record->'sourceIds'->>0), '#', 1) AS topic,
           x.record->>'query' AS query, x.record->>'locale' AS locale
      FROM (SELECT interaction_id, at, record FROM kotae_interactions
             WHERE kind = 'interaction' AND interaction_id = f.interaction_id ORDER BY seq DESC LIMIT 1) x
     WHERE x.at IS NOT NULL
  ) i ON true`;

/** The columns of a wording row of unanswered or weakly matched questions. */
const QUESTION_WORDINGS = `
  SELECT locale, query, count(*)::float8 AS count, min(ord) AS first, max(at_ms) AS last_at, sum(top_score) AS top_score_sum,
         (array_agg(ord || ' ' || id ORDER BY ord))[1:5] AS first_ids,
         (array_agg(ord || ' ' || source0 ORDER BY ord) FILTER (WHERE source0 IS NOT NULL))[1] AS nearest
    FROM kotae_insights_q`;

interface QuestionWordingRow {
  locale: string;
  query: string;
  count: number;
  first: number;
  last_at: number;
  top_score_sum: number;
  first_ids: string[];
  nearest: string | null;
}

/** `"12 some-id"` → `{ order: 12, rest: 'some-id' }`. */
function split(value: string): { order: number; rest: string } {
  const space = value.indexOf(' ');
  return { order: Number(value.slice(0, space)), rest: value.slice(space + 1) };
}

function questionWording(row: QuestionWordingRow): QuestionWording {
  const nearest = row.nearest === null ? undefined : split(row.nearest);
  return {
    locale: row.locale,
    query: row.query,
    count: row.count,
    first: row.first,
    lastAt: row.last_at,
    topScoreSum: row.top_score_sum,
    firstIds: row.first_ids.map((v) => {
      const { order, rest } = split(v);
      return { order, id: rest };
    }),
    nearest: nearest === undefined ? undefined : { order: nearest.order, sourceId: nearest.rest },
  };
}

function outcomeCounts(rows: readonly { outcome: string; n: number }[]): OutcomeCounts {
  const counts = { confirmed: 0, assumed: 0, escalated: 0, unanswered: 0, unresolved: 0, pending: 0 };
  for (const row of rows) if ((OUTCOMES as readonly string[]).includes(row.outcome)) counts[row.outcome as keyof typeof counts] += row.n;
  return counts;
}

/** Groups `rows` by `key` into outcome counts, in first-seen order. */
function byKey<K>(rows: readonly { outcome: string; n: number }[], key: (row: never) => K): Map<K, OutcomeCounts> {
  const groups = new Map<K, { outcome: string; n: number }[]>();
  for (const row of rows) {
    const k = key(row as never);
    const list = groups.get(k) ?? [];
    list.push(row);
    groups.set(k, list);
  }
  return new Map([...groups].map(([k, list]) => [k, outcomeCounts(list)]));
}

/**
 * Computes the insights aggregates in one `REPEATABLE READ` transaction (one snapshot), on one
 * connection of `pool`. The temporary tables are dropped at its end.
 */
export async function postgresInsightsAggregates(pool: Pool, q: InsightsAggregateQuery): Promise<InsightsAggregates> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      const result = await aggregate(client, q);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      broken = !(await client.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
      throw e;
    }
  } finally {
    client.release(broken);
  }
}

async function aggregate(client: PoolClient, q: InsightsAggregateQuery): Promise<InsightsAggregates> {
  const since = q.since === undefined ? null : new Date(q.since).toISOString();
  const until = q.until === undefined ? null : new Date(q.until).toISOString();
  const windowSeconds = q.windowMs / 1000;
  // Sorts and hashes of millions of rows: let them use memory before spilling to disk.
  await client.query("SET LOCAL work_mem = '128MB'");
  await client.query(QUESTIONS, [since, until, windowSeconds, new Date(q.now).toISOString()]);
  await client.query('ANALYZE kotae_insights_q');
  await client.query(FILED, [since, until]);
  await client.query('ANALYZE kotae_insights_f');
  await client.query(ESCALATIONS);

  const totals = (
    await client.query<{ agent: number; small: number; first: number | null; last: number | null; reviewed: number; resolved: number }>(`
      SELECT count(*) FILTER (WHERE agent)::float8 AS agent,
             count(*) FILTER (WHERE NOT agent AND small_talk)::float8 AS small,
             min(at_ms) AS first, max(at_ms) AS last,
             count(*) FILTER (WHERE question AND reviewed)::float8 AS reviewed,
             count(*) FILTER (WHERE question AND review_resolved)::float8 AS resolved
        FROM kotae_insights_q`)
  ).rows[0]!;
  const days = await client.query<{ day: number; outcome: string; n: number }>(
    'SELECT day_ms AS day, outcome, count(*)::float8 AS n FROM kotae_insights_q WHERE question GROUP BY 1, 2',
  );
  const topics = await client.query<{ topic: string; outcome: string; n: number }>(
    'SELECT topic, outcome, count(*)::float8 AS n FROM kotae_insights_q WHERE question GROUP BY 1, 2',
  );
  // The wordings of the largest topics: the first `limit` by size and every topic tied with the last.
  const topicWordings = await client.query<{ topic: string; locale: string; query: string; count: number; first: number }>(
    `WITH tc AS (SELECT topic, count(*) AS n FROM kotae_insights_q WHERE question GROUP BY topic),
          th AS (SELECT n FROM tc ORDER BY n DESC OFFSET $1 LIMIT 1)
     SELECT t.topic, t.locale, t.query, count(*)::float8 AS count, min(t.ord) AS first
       FROM kotae_insights_q t JOIN tc ON tc.topic = t.topic
      WHERE t.question AND tc.n >= coalesce((SELECT n FROM th), 0)
      GROUP BY 1, 2, 3`,
    [Math.max(0, q.limit - 1)],
  );
  const articles = await client.query<{ article: string; shown: number; escalated: number }>(`
    SELECT a.article, count(*)::float8 AS shown, count(*) FILTER (WHERE t.escalated_any)::float8 AS escalated
      FROM kotae_insights_q t,
           LATERAL (SELECT DISTINCT split_part(c, '#', 1) AS article FROM jsonb_array_elements_text(t.citations) AS c) a
     WHERE t.question
     GROUP BY a.article`);
  const trending = await client.query<{ topic: string; this_week: number; last_week: number }>(
    `WITH e AS (SELECT coalesce($1::timestamptz, max(at) + interval '1 millisecond') AS stop FROM kotae_insights_q WHERE question)
     SELECT t.topic,
            count(*) FILTER (WHERE t.at >= e.stop - interval '7 days')::float8 AS this_week,
            count(*) FILTER (WHERE t.at < e.stop - interval '7 days')::float8 AS last_week
       FROM kotae_insights_q t, e
      WHERE t.question AND t.at >= e.stop - interval '14 days' AND t.at < e.stop
      GROUP BY t.topic`,
    [until],
  );
  const unanswered = await client.query<QuestionWordingRow>(
    `${QUESTION_WORDINGS} WHERE question AND mode = 'refusal' GROUP BY locale, query`,
  );
  const gaps = await client.query<QuestionWordingRow>(`${QUESTION_WORDINGS} WHERE question AND top_score < $1 GROUP BY locale, query`, [
    q.gapScore,
  ]);

  const reasons = await client.query<{ reason: string; n: number }>(
    'SELECT reason, count(*)::float8 AS n FROM kotae_insights_e GROUP BY reason',
  );
  const delivery = await client.query<{ delivery: string; n: number }>(
    'SELECT delivery, count(*)::float8 AS n FROM kotae_insights_e GROUP BY delivery',
  );
  const escalationTopics = await client.query<{ answered: boolean; topic: string; n: number }>(
    'SELECT answered, topic, count(*)::float8 AS n FROM kotae_insights_e GROUP BY 1, 2',
  );
  const escalationWordings = await client.query<WordingCount>(
    `SELECT locale, query, count(*)::float8 AS count, min(first) AS first FROM kotae_insights_e
      WHERE query IS NOT NULL AND query <> '' GROUP BY locale, query`,
  );

  const wordingsByTopic = new Map<string, WordingCount[]>();
  for (const row of topicWordings.rows) {
    const list = wordingsByTopic.get(row.topic) ?? [];
    list.push({ locale: row.locale, query: row.query, count: row.count, first: row.first });
    wordingsByTopic.set(row.topic, list);
  }
  const deliveries = Object.fromEntries(delivery.rows.map((r) => [r.delivery, r.n]));
  return {
    firstAt: totals.first ?? undefined,
    lastAt: totals.last ?? undefined,
    agentExcluded: totals.agent,
    smallTalkExcluded: totals.small,
    reviewed: { total: totals.reviewed, resolved: totals.resolved },
    days: [...byKey(days.rows, (r: { day: number }) => r.day)].map(([day, outcomes]) => ({ day, outcomes })),
    topics: [...byKey(topics.rows, (r: { topic: string }) => r.topic)].map(([topic, outcomes]) => ({ topic, outcomes })),
    topicWordings: [...wordingsByTopic].map(([topic, wordings]) => ({ topic, wordings })),
    articles: articles.rows.map((r) => ({ articleId: r.article, shown: r.shown, escalated: r.escalated })),
    trending: trending.rows.map((r) => ({ topic: r.topic, thisWeek: r.this_week, lastWeek: r.last_week })),
    unanswered: unanswered.rows.map(questionWording),
    gaps: gaps.rows.map(questionWording),
    escalations: {
      total: reasons.rows.reduce((n, r) => n + r.n, 0),
      reasons: Object.fromEntries(reasons.rows.map((r) => [r.reason, r.n])),
      delivery: {
        delivered: deliveries.delivered ?? 0,
        pending: deliveries.pending ?? 0,
        deadLettered: deliveries.deadLettered ?? 0,
        recorded: deliveries.recorded ?? 0,
      },
      topics: escalationTopics.rows.map((r) => ({ topic: r.topic, answered: r.answered, count: r.n })),
      wordings: escalationWordings.rows,
    },
  };
}
