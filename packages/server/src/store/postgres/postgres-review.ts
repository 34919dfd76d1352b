/**
 * The review queue, threads and the audit log of the PostgreSQL store, in SQL: a queue page is one
 * keyset-paginated query over the `kotae_interactions_queue` index (or, for `lowest-score`,
 * `kotae_interactions_queue_score`), its signals computed per row from the interaction's own
 * columns and index lookups of its feedback, escalations and reviews. Every lookup is a scalar
 * subquery with `LIMIT`: an `EXISTS` would let the planner hash every escalation in the table for
 * each page (half a second at 200,000 interactions, growing with the table; see bench/README.md).
 */
import type { Pool } from 'pg';
import type { InteractionRecord, StoreRecord } from '@kotae/knowledge';
import {
  checkThreadSelector,
  encodeCursor,
  normalizeQueueQuery,
  type ReviewQueuePage,
  type ReviewQueueQuery,
  type ReviewSignal,
  type ThreadSelector,
} from '../review-queue.js';
import { InvalidOptionError } from '@kotae/knowledge/errors';

interface QueueRow {
  readonly record: unknown;
  readonly id: string;
  readonly at_text: string | null;
  readonly score: number;
  readonly thumbs_down: boolean;
  readonly escalated: boolean;
  readonly refused: boolean;
  readonly low: boolean;
  readonly flagged: boolean;
  readonly sampled: boolean;
  readonly reviews: number;
}

const SIGNAL_COLUMNS: Record<ReviewSignal, string> = {
  'thumbs-down': 'thumbs_down',
  escalated: 'escalated',
  refused: 'refused',
  'low-answerability': 'low',
  flagged: 'flagged',
  sample: 'sampled',
};

/** One page of the review queue (see `InteractionStore.reviewQueue`). */
export async function postgresReviewQueue(
  pool: Pool,
  query: ReviewQueueQuery | undefined,
  decode: (record: unknown) => StoreRecord,
): Promise<ReviewQueuePage> {
  const q = normalizeQueueQuery(query);
  const values: unknown[] = [q.lowScoreBelow, q.sampleShare];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const conditions: string[] = [];
  let order: string;
  const after = q.after;
  if (q.sort === 'lowest-score') {
    order = 'score ASC, id ASC';
    if (after) {
      if (typeof after.value !== 'number') throw badCursor();
      const v = param(after.value);
      conditions.push(`(score > ${v} OR (score = ${v} AND id > ${param(after.id)}))`);
    }
  } else if (q.sort === 'newest') {
    order = 'at DESC NULLS LAST, id DESC';
    if (after) {
      const c = param(after.id);
      if (after.value === null) conditions.push(`(at IS NULL AND id < ${c})`);
      else {
        if (typeof after.value !== 'string') throw badCursor();
        const v = `${param(after.value)}::timestamptz`;
        conditions.push(`(at < ${v} OR (at = ${v} AND id < ${c}) OR at IS NULL)`);
      }
    }
  } else {
    order = 'at ASC NULLS FIRST, id ASC';
    if (after) {
      const c = param(after.id);
      if (after.value === null) conditions.push(`((at IS NULL AND id > ${c}) OR at IS NOT NULL)`);
      else {
        if (typeof after.value !== 'string') throw badCursor();
        const v = `${param(after.value)}::timestamptz`;
        conditions.push(`(at > ${v} OR (at = ${v} AND id > ${c}))`);
      }
    }
  }
  if (q.signals.size > 0) conditions.push(`(${[...q.signals].map((s) => SIGNAL_COLUMNS[s]).join(' OR ')})`);
  if (q.unreviewed) conditions.push('reviews = 0');
  const limit = param(q.limit + 1);
  const result = await pool.query<QueueRow>(
    `SELECT * FROM (
       SELECT i.interaction_id AS id, i.at, i.record,
         to_char(i.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
         (i.record->>'topScore')::float8 AS score,
         COALESCE((SELECT f.record->>'helpful' = 'false' OR f.record->>'resolved' = 'false'
                     FROM kotae_interactions f
                    WHERE f.kind = 'feedback' AND f.interaction_id = i.interaction_id
                    ORDER BY f.at DESC NULLS LAST, f.seq DESC LIMIT 1), false) AS thumbs_down,
         COALESCE((SELECT true FROM kotae_interactions e
                    WHERE e.kind = 'escalation' AND e.interaction_id = i.interaction_id
                      AND e.record->>'stage' IS DISTINCT FROM 'delivery' LIMIT 1), false) AS escalated,
         i.record->>'mode' = 'refusal' AS refused,
         (i.record->>'topScore')::float8 < $1 AS low,
         COALESCE(jsonb_array_length(i.record->'flags'), 0) > 0 AS flagged,
         ('x' || left(encode(sha256(convert_to(i.interaction_id, 'UTF8')), 'hex'), 8))::bit(32)::bigint / 4294967296.0 < $2 AS sampled,
         (SELECT count(*)::int FROM kotae_interactions r WHERE r.kind = 'review' AND r.interaction_id = i.interaction_id) AS reviews
       FROM kotae_interactions i
       WHERE i.kind = 'interaction'
     ) queue
     ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY ${order}
     LIMIT ${limit}`,
    values,
  );
  const rows = result.rows.slice(0, q.limit);
  const items = rows.map((row) => ({
    interaction: decode(row.record) as InteractionRecord,
    signals: (Object.keys(SIGNAL_COLUMNS) as ReviewSignal[]).filter((s) => row[SIGNAL_COLUMNS[s] as keyof QueueRow] === true),
    reviews: row.reviews,
  }));
  const last = rows.at(-1);
  const next =
    result.rows.length > q.limit && last !== undefined
      ? encodeCursor({ value: q.sort === 'lowest-score' ? last.score : last.at_text, id: last.id })
      : undefined;
  return { items, ...(next === undefined ? {} : { next }) };
}

function badCursor(): InvalidOptionError {
  return new InvalidOptionError('cursor', 'reviewQueue: not a cursor this queue returned');
}

/** Every record of a conversation's (or one interaction's) interactions, in append order. */
export async function postgresThread(pool: Pool, selector: ThreadSelector): Promise<{ seq: string; record: unknown }[]> {
  const { conversationId, interactionId } = checkThreadSelector(selector);
  const result = await pool.query<{ seq: string; record: unknown }>(
    `SELECT seq, record FROM kotae_interactions
      WHERE interaction_id IN (
        SELECT interaction_id FROM kotae_interactions WHERE kind = 'interaction' AND conversation_id = $1
        UNION SELECT $2::text WHERE $2::text IS NOT NULL
      )
      ORDER BY seq`,
    [conversationId ?? null, interactionId ?? null],
  );
  return result.rows;
}
