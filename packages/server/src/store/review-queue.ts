/**
 * The review queue: which interactions a reviewer should look at, a page at a time (browser-safe).
 * The options, the page shape and the cursor are shared by every store; the memory and JSONL
 * stores answer with {@link scanReviewQueue} (two streaming passes over their records, holding
 * only the ids with a signal and one page), the PostgreSQL store in SQL.
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { InteractionRecord, StoreRecord } from '@kotae/knowledge';

/**
 * Why an interaction is in the review queue.
 *
 * - `thumbs-down`: its latest feedback said it did not help or did not solve the problem.
 * - `escalated`: the user asked for a person from it.
 * - `refused`: the answer was "I don't know" (`mode: 'refusal'`).
 * - `low-answerability`: its answerability score (`topScore`) is below `lowScoreBelow`.
 * - `flagged`: the service flagged it (`flags`: a failed citation check, an uncited or declined answer).
 * - `sample`: it falls in the random sample (`sampleShare` of all traffic, decided by a hash of its id).
 */
export const REVIEW_SIGNALS = ['thumbs-down', 'escalated', 'refused', 'low-answerability', 'flagged', 'sample'] as const;

/** Why an interaction is in the review queue; see {@link REVIEW_SIGNALS}. */
export type ReviewSignal = (typeof REVIEW_SIGNALS)[number];

/** How the review queue is ordered: newest or oldest first, or lowest answerability first. */
export const REVIEW_SORTS = ['newest', 'oldest', 'lowest-score'] as const;

/** How the review queue is ordered; see {@link REVIEW_SORTS}. */
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** The random sample's default share of traffic: 5 % of interactions. */
export const DEFAULT_SAMPLE_SHARE = 0.05;
/** The default `lowScoreBelow`: answerability scores under 0.4 count as low. */
export const DEFAULT_LOW_SCORE = 0.4;
/** The default page size. */
export const DEFAULT_PAGE_SIZE = 25;
/** The largest page size. */
export const MAX_PAGE_SIZE = 100;

/** Options of `InteractionStore.reviewQueue`. */
export interface ReviewQueueQuery {
  /**
   * Only interactions with at least one of these signals (any of them). Empty or absent: every
   * interaction.
   */
  readonly signals?: readonly ReviewSignal[] | undefined;
  /** Only interactions nobody has reviewed yet. @default false */
  readonly unreviewed?: boolean | undefined;
  /** The order. @default 'newest' */
  readonly sort?: ReviewSort | undefined;
  /** Interactions per page, 1 to 100 (`MAX_PAGE_SIZE`). @default 25 */
  readonly limit?: number | undefined;
  /** The `next` of the previous page, to read the page after it (with the same other options). */
  readonly cursor?: string | undefined;
  /** The answerability score under which `low-answerability` applies (0 to 1). @default 0.4 */
  readonly lowScoreBelow?: number | undefined;
  /**
   * The share of all interactions in the random sample (0 to 1). An interaction is in it when the
   * first 32 bits of the SHA-256 of its id, as a fraction of 2³², are below this share: a fixed,
   * unbiased choice that every store makes the same way and that a page turn does not change.
   *
   * @default 0.05
   */
  readonly sampleShare?: number | undefined;
}

/** One interaction in the review queue. */
export interface ReviewQueueItem {
  readonly interaction: InteractionRecord;
  /** Every signal it has (of those the query can filter by). */
  readonly signals: readonly ReviewSignal[];
  /** How many reviews it has. */
  readonly reviews: number;
}

/** One page of the review queue. */
export interface ReviewQueuePage {
  readonly items: readonly ReviewQueueItem[];
  /** The cursor of the next page; absent on the last page. */
  readonly next?: string | undefined;
}

/** A review queue query with its defaults applied and checked. */
export interface NormalizedQueueQuery {
  readonly signals: ReadonlySet<ReviewSignal>;
  readonly unreviewed: boolean;
  readonly sort: ReviewSort;
  readonly limit: number;
  /** Where the previous page ended: its last item's sort value and id. */
  readonly after: QueueCursor | undefined;
  readonly lowScoreBelow: number;
  readonly sampleShare: number;
}

/** A page position: the last item's sort value (a time in ms, or a score) and its id. */
export interface QueueCursor {
  readonly value: number | string | null;
  readonly id: string;
}

/** Applies the defaults and checks every option; throws `InvalidOptionError` naming the bad one. */
export function normalizeQueueQuery(query: ReviewQueueQuery = {}): NormalizedQueueQuery {
  const signals = new Set(query.signals ?? []);
  for (const signal of signals) {
    if (!(REVIEW_SIGNALS as readonly string[]).includes(signal)) {
      throw new InvalidOptionError(
        'signals',
        `reviewQueue: unknown signal ${JSON.stringify(signal)} (one of ${REVIEW_SIGNALS.join(', ')})`,
      );
    }
  }
  const sort = query.sort ?? 'newest';
  if (!(REVIEW_SORTS as readonly string[]).includes(sort)) {
    throw new InvalidOptionError('sort', `reviewQueue: sort must be one of ${REVIEW_SORTS.join(', ')} (got ${JSON.stringify(sort)})`);
  }
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidOptionError(
      'limit',
      `reviewQueue: limit must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${JSON.stringify(limit)})`,
    );
  }
  const share = (name: 'lowScoreBelow' | 'sampleShare', fallback: number): number => {
    const value = query[name] ?? fallback;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new InvalidOptionError(name, `reviewQueue: ${name} must be a number from 0 to 1 (got ${JSON.stringify(value)})`);
    }
    return value;
  };
  return {
    signals,
    unreviewed: query.unreviewed ?? false,
    sort,
    limit,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    lowScoreBelow: share('lowScoreBelow', DEFAULT_LOW_SCORE),
    sampleShare: share('sampleShare', DEFAULT_SAMPLE_SHARE),
  };
}

/** The opaque form of a cursor: base64url of its JSON. */
export function encodeCursor(cursor: QueueCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id]));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor made by {@link encodeCursor}; throws `InvalidOptionError` for anything else. */
export function decodeCursor(cursor: string): QueueCursor {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (Array.isArray(json) && json.length === 2 && typeof json[1] === 'string') {
      const [value, id] = json as [unknown, string];
      if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return { value, id };
    }
  } catch {
    // reported below
  }
  throw new InvalidOptionError('cursor', `reviewQueue: not a cursor this queue returned (got ${JSON.stringify(cursor.slice(0, 40))})`);
}

/**
 * The sample bucket of an interaction id: the first 32 bits of the SHA-256 of its UTF-8 bytes, as
 * a fraction of 2³² (0 ≤ bucket < 1). PostgreSQL computes the same from `sha256()`.
 */
export async function sampleBucket(id: string): Promise<number> {
  const digest = new DataView(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id)));
  return digest.getUint32(0) / 2 ** 32;
}

/** What the first pass learns of the records that are not interactions. */
interface Followups {
  /** Latest feedback verdict per interaction: true when negative. */
  readonly negative: Map<string, { at: number; negative: boolean }>;
  readonly escalated: Set<string>;
  readonly reviews: Map<string, number>;
}

/** A candidate of the page being built, with its sort key. */
interface Candidate {
  readonly key: number;
  readonly id: string;
  readonly item: ReviewQueueItem;
}

/**
 * The review queue computed over a store's records: a first pass collects the ids with feedback,
 * escalations and reviews; a second keeps the best `limit + 1` interactions after the cursor. Memory
 * holds those ids and one page, never every record. `records` is called twice.
 */
export async function scanReviewQueue(
  records: () => AsyncIterable<StoreRecord>,
  query: ReviewQueueQuery | undefined,
): Promise<ReviewQueuePage> {
  const q = normalizeQueueQuery(query);
  const followups: Followups = { negative: new Map(), escalated: new Set(), reviews: new Map() };
  for await (const record of records()) {
    if (record.kind === 'feedback') {
      const at = Date.parse(record.at);
      const seen = followups.negative.get(record.interactionId);
      if (seen === undefined || !(at < seen.at)) {
        followups.negative.set(record.interactionId, { at, negative: record.helpful === false || record.resolved === false });
      }
    } else if (record.kind === 'escalation') {
      if (record.stage !== 'delivery') followups.escalated.add(record.interactionId);
    } else if (record.kind === 'review') {
      followups.reviews.set(record.interactionId, (followups.reviews.get(record.interactionId) ?? 0) + 1);
    }
  }
  const page: Candidate[] = [];
  const direction = q.sort === 'newest' ? -1 : 1;
  const compare = (a: { key: number; id: string }, b: { key: number; id: string }): number =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) * direction : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
  const after = q.after === undefined ? undefined : { key: cursorKey(q.after.value), id: q.after.id };
  for await (const record of records()) {
    if (record.kind !== 'interaction') continue;
    const key = sortKey(record, q.sort);
    const candidate = { key, id: record.id };
    if (after !== undefined && compare(candidate, after) <= 0) continue;
    if (page.length > q.limit && compare(candidate, page[page.length - 1]!) >= 0) continue;
    const reviews = followups.reviews.get(record.id) ?? 0;
    if (q.unreviewed && reviews > 0) continue;
    // The sample's hash is the costly signal: computed here only when it decides, and at the end
    // for the page's items.
    const signals = signalsOf(record, followups, q);
    if (q.signals.size > 0 && !signals.some((s) => q.signals.has(s))) {
      if (!q.signals.has('sample') || !((await sampleBucket(record.id)) < q.sampleShare)) continue;
    }
    const entry: Candidate = { key, id: record.id, item: { interaction: record, signals, reviews } };
    // Insert in order, keeping at most limit + 1 (the extra one says there is a next page).
    let i = page.length;
    while (i > 0 && compare(entry, page[i - 1]!) < 0) i--;
    page.splice(i, 0, entry);
    if (page.length > q.limit + 1) page.pop();
  }
  const items = page.slice(0, q.limit);
  const last = items.at(-1);
  const next = page.length > q.limit && last !== undefined ? encodeCursor({ value: last.key, id: last.id }) : undefined;
  const withSample = await Promise.all(
    items.map(async ({ item }) =>
      (await sampleBucket(item.interaction.id)) < q.sampleShare ? { ...item, signals: [...item.signals, 'sample' as const] } : item,
    ),
  );
  return { items: withSample, ...(next === undefined ? {} : { next }) };
}

/** Every signal of `interaction` the queue can filter by, but `sample` (which comes last). */
function signalsOf(interaction: InteractionRecord, followups: Followups, q: NormalizedQueueQuery): ReviewSignal[] {
  const signals: ReviewSignal[] = [];
  if (followups.negative.get(interaction.id)?.negative === true) signals.push('thumbs-down');
  if (followups.escalated.has(interaction.id)) signals.push('escalated');
  if (interaction.mode === 'refusal') signals.push('refused');
  if (interaction.topScore < q.lowScoreBelow) signals.push('low-answerability');
  if ((interaction.flags?.length ?? 0) > 0) signals.push('flagged');
  return signals;
}

/** The numeric sort key: the time in ms (undated records sort as the earliest), or the score. */
function sortKey(interaction: InteractionRecord, sort: ReviewSort): number {
  if (sort === 'lowest-score') return interaction.topScore;
  const at = Date.parse(interaction.at);
  return Number.isNaN(at) ? -8.64e15 : at;
}

function cursorKey(value: number | string | null): number {
  if (typeof value === 'number') return value;
  throw new InvalidOptionError('cursor', 'reviewQueue: not a cursor this queue returned');
}

/**
 * Every record of a conversation's interactions (or of one interaction), in store order, over a
 * store's records: a first pass finds the interaction ids, a second collects their records.
 */
export async function scanThread(records: () => AsyncIterable<StoreRecord>, selector: ThreadSelector): Promise<StoreRecord[]> {
  const ids = new Set<string>();
  const { conversationId, interactionId } = checkThreadSelector(selector);
  if (interactionId !== undefined) ids.add(interactionId);
  if (conversationId !== undefined) {
    for await (const record of records()) {
      if (record.kind === 'interaction' && record.conversationId === conversationId) ids.add(record.id);
    }
  }
  const found: StoreRecord[] = [];
  if (ids.size === 0) return found;
  for await (const record of records()) {
    if (ids.has(record.kind === 'interaction' ? record.id : record.interactionId)) found.push(record);
  }
  return found;
}

/** Which interactions `InteractionStore.thread` returns the records of. */
export interface ThreadSelector {
  /** Every interaction of this conversation. */
  readonly conversationId?: string | undefined;
  /** This interaction. */
  readonly interactionId?: string | undefined;
}

/** Checks that a thread selector names a non-empty conversation or interaction id. */
export function checkThreadSelector(selector: ThreadSelector): ThreadSelector {
  const { conversationId, interactionId } = selector;
  for (const [name, value] of [
    ['conversationId', conversationId],
    ['interactionId', interactionId],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new InvalidOptionError(name, `thread: ${name} must be a non-empty string (got ${JSON.stringify(value)})`);
    }
  }
  if (conversationId === undefined && interactionId === undefined) {
    throw new InvalidOptionError('selector', 'thread: give a conversationId or an interactionId');
  }
  return selector;
}
