/**
 * A generated interaction store for the insights report, with every case the report tells apart:
 * confirmed, assumed, pending, escalated (filed, by the `handoff` act, legacy records without a
 * stage, for an interaction not in the store), unanswered (refusals), unresolved (thumbs down,
 * `resolved: false`, a repeat on the same topic in the same conversation or by the same user),
 * feedback changed later and feedback stored before its interaction, reviews (changed later),
 * agent-assist drafts and small talk, content gaps (low `topScore`), near-duplicate wordings in
 * English, Japanese and French, delivery states (delivered, retrying, dead-lettered, recorded,
 * a delivery stored before its filing) — spread over `days` days. Seeded: the same options give
 * the same records. Used by the SQL-versus-streaming insights test and by the insights bench.
 */
import type { StoreRecord } from '@kotae/knowledge';

/** Options of {@link insightsRecords}. */
export interface InsightsDataOptions {
  /** Interactions to make (feedback, escalations and reviews come on top). */
  readonly interactions: number;
  /** Days they span, ending at `end`. @default 42 */
  readonly days?: number;
  /** The last instant. @default 2026-06-01T00:00:00Z */
  readonly end?: number;
  /** @default 7 */
  readonly seed?: number;
  /** Put before every id (interactions, conversations, users, escalations), so that several sets can share a store. @default none */
  readonly prefix?: string;
}

const WORDINGS: readonly { locale: string; texts: readonly string[]; article: string | undefined; refusal?: boolean }[] = [
  {
    locale: 'en',
    texts: ['How do I reset my password?', 'how do i reset my password', 'Reset my password', 'password reset not working!'],
    article: 'account-password',
  },
  {
    locale: 'en',
    texts: ['Where is my card?', 'where is my card', 'When will my card arrive?', 'card delivery status'],
    article: 'card-delivery',
  },
  { locale: 'en', texts: ['How do I cancel my subscription?', 'cancel subscription', 'How to cancel my plan'], article: 'billing-cancel' },
  {
    locale: 'en',
    texts: ['Can I pay with crypto?', 'can i pay with bitcoin', 'Do you accept crypto payments?'],
    article: undefined,
    refusal: true,
  },
  { locale: 'en', texts: ['What is the meaning of life?', 'meaning of life'], article: undefined, refusal: true },
  { locale: 'ja', texts: ['パスワードを忘れました', 'パスワードを忘れました。', 'パスワードのリセット方法'], article: 'account-password' },
  { locale: 'ja', texts: ['カードが届きません', 'カードはいつ届きますか'], article: 'card-delivery' },
  { locale: 'ja', texts: ['暗号資産で支払えますか'], article: undefined, refusal: true },
  { locale: 'fr', texts: ['Comment réinitialiser mon mot de passe ?', 'réinitialiser mot de passe'], article: 'account-password' },
  { locale: 'en', texts: ['Export my data to CSV', 'how to export data as csv', 'CSV export'], article: 'data-export' },
  { locale: 'en', texts: ['My email is jane@example.com, why no reply?'], article: 'contact' },
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generated records, in the order they are appended (feedback sometimes before its interaction). */
export function* insightsRecords(options: InsightsDataOptions): Generator<StoreRecord> {
  const rand = mulberry32(options.seed ?? 7);
  const p = options.prefix ?? '';
  const days = options.days ?? 42;
  const end = options.end ?? Date.parse('2026-06-01T00:00:00Z');
  const start = end - days * 86_400_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
  // Times increase (with ties now and then), as a service appends them.
  const step = (end - start) / options.interactions;
  let at = start;
  let held: StoreRecord[] = [];
  let escalationSeq = 0;
  for (let n = 0; n < options.interactions; n++) {
    if (rand() > 0.05) at += rand() * 2 * step;
    const id = `${p}i-${n}`;
    // A conversation of a few questions, a user without a conversation, or neither.
    const who = rand();
    const conversationId = who < 0.7 ? `${p}c-${Math.floor(n / 3)}` : undefined;
    const userHash = who >= 0.6 && who < 0.9 ? `${p}u-${Math.floor(rand() * (options.interactions / 5 + 1))}` : undefined;
    const topic = pick(WORDINGS);
    const kind = rand();
    const act =
      kind < 0.03
        ? 'greeting'
        : kind < 0.05
          ? 'thanks'
          : kind < 0.06
            ? 'goodbye'
            : kind < 0.08
              ? 'handoff'
              : kind < 0.09
                ? 'not-resolved'
                : undefined;
    const agent = rand() < 0.04;
    const refusal = topic.refusal === true || rand() < 0.03;
    const article = topic.article;
    const section = article === undefined ? undefined : `${article}#${pick(['a', 'b', 'c'])}`;
    const sourceIds = section === undefined ? (rand() < 0.5 ? [] : [`faq-${Math.floor(rand() * 4)}#x`]) : [section, 'faq-1#y'];
    const citations = refusal || section === undefined ? [] : rand() < 0.2 ? [section, `${article}#z`, 'faq-2'] : [section];
    const record: StoreRecord = {
      kind: 'interaction',
      id,
      at: iso(at),
      query: pick(topic.texts),
      locale: topic.locale,
      ...(act === undefined ? {} : { act }),
      ...(conversationId === undefined ? {} : { conversationId }),
      ...(userHash === undefined ? {} : { userHash }),
      sourceIds,
      topScore: section === undefined ? rand() * 0.6 : 0.5 + rand() * 0.5,
      mode: refusal ? 'refusal' : pick(['extractive', 'extractive', 'openai', 'fallback'] as const),
      answer: refusal ? '' : 'An answer.',
      citations,
      latency: { firstEventMs: 12, totalMs: 40 },
      ...(agent ? { audience: 'agent' as const } : {}),
    };
    const after = (ms: number) => iso(at + ms);
    const followups: StoreRecord[] = [];
    const f = rand();
    if (f < 0.12) followups.push({ kind: 'feedback', interactionId: id, at: after(60_000), helpful: true, resolved: true });
    else if (f < 0.2) followups.push({ kind: 'feedback', interactionId: id, at: after(60_000), helpful: false });
    else if (f < 0.24) followups.push({ kind: 'feedback', interactionId: id, at: after(60_000), helpful: true, resolved: false });
    else if (f < 0.28) {
      // Changed their mind: the later verdict counts (stored out of order once in a while).
      const first = { kind: 'feedback', interactionId: id, at: after(60_000), helpful: false } as const;
      const second = { kind: 'feedback', interactionId: id, at: after(120_000), helpful: true, resolved: true } as const;
      followups.push(...(rand() < 0.3 ? [second, first] : [first, second]));
    } else if (f < 0.3) followups.push({ kind: 'feedback', interactionId: id, at: after(30_000), helpful: true });
    const e = rand();
    if (e < (refusal ? 0.2 : 0.05)) {
      const escId = `${p}e-${++escalationSeq}`;
      const destinations = pick([['webhook'], [], ['webhook', 'email'], ['email']]);
      const filed: StoreRecord = {
        kind: 'escalation',
        interactionId: id,
        at: after(90_000),
        id: escId,
        stage: 'filed',
        reason: pick(['no-answer', 'not-helpful', 'asked-for-person', 'other', undefined] as const) ?? 'other',
        question: record.query,
        locale: record.locale,
        destinations,
        delivered: false,
      };
      const deliveries: StoreRecord[] = destinations.map((destination, i) => {
        const state = rand();
        return {
          kind: 'escalation',
          interactionId: id,
          at: after(95_000 + i),
          id: escId,
          stage: 'delivery',
          destination,
          delivered: state < 0.7,
          ...(state > 0.9 ? { deadLetter: true } : {}),
        };
      });
      // A delivery is now and then stored before its filing.
      if (deliveries.length > 0 && rand() < 0.1) followups.push(deliveries[0]!, filed, ...deliveries.slice(1));
      else followups.push(filed, ...deliveries);
    } else if (e < 0.07) {
      // From before stages: one record per attempt.
      followups.push({ kind: 'escalation', interactionId: id, at: after(80_000), delivered: rand() < 0.5, status: 500 });
    }
    if (rand() < 0.005) {
      // An escalation about an interaction the store no longer has (erased, or from the page).
      followups.push({
        kind: 'escalation',
        interactionId: `${p}gone-${n}`,
        at: after(70_000),
        id: `${p}e-${++escalationSeq}`,
        stage: 'filed',
        reason: 'no-results',
        question: rand() < 0.5 ? 'Where is my refund?' : 'where is my refund',
        locale: 'en',
        destinations: [],
        delivered: false,
      });
    }
    const r = rand();
    if (r < 0.06) {
      const review = (resolved: boolean, ms: number): StoreRecord => ({
        kind: 'review',
        interactionId: id,
        at: after(ms),
        id: `${p}r-${n}-${ms}`,
        reviewer: 'rev',
        resolved,
        verdict: resolved ? 'correct' : 'wrong',
        scores: { accuracy: resolved ? 5 : 2 },
      });
      followups.push(review(rand() < 0.5, 200_000));
      if (r < 0.02) followups.push(review(rand() < 0.5, 300_000));
    }
    // Feedback now and then reaches the store before its interaction (another instance wrote it).
    if (followups[0]?.kind === 'feedback' && rand() < 0.1) {
      yield followups.shift()!;
    }
    yield record;
    // Follow-ups come a little later: interleave them with the next interactions.
    for (const x of held) yield x;
    held = followups;
  }
  for (const x of held) yield x;
}
