import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildInsights, casesFromInteractions, renderInsightsHtml, type StoreRecord } from '../src/index.js';
import { InvalidOptionError } from '../src/errors.js';
import { groupNearDuplicates } from '../src/insights/query-groups.js';
import { rateEstimate, wilsonInterval } from '../src/insights/wilson.js';
import { resolutionMetrics } from '../src/insights/resolution.js';
import { escalationRecord, feedbackRecord, interactionRecord } from './support/store-records.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-05-04T09:00:00.000Z'); // a Monday
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = new Date(T0 + 30 * 24 * HOUR);

/** An end-user interaction `hours` after T0, answered from `article` unless overridden. */
function ask(id: string, hours: number, overrides: Parameters<typeof interactionRecord>[1] = {}): StoreRecord {
  return interactionRecord(id, {
    at: iso(T0 + hours * HOUR),
    query: `question ${id}`,
    locale: 'en',
    conversationId: `c-${id}`,
    userHash: undefined,
    sourceIds: ['reset-password#steps'],
    citations: ['reset-password#steps'],
    topScore: 0.9,
    ...overrides,
  });
}

describe('wilsonInterval', () => {
  it('matches known values', () => {
    const a = wilsonInterval(0, 10);
    assert.equal(a.low, 0);
    assert.ok(Math.abs(a.high - 0.2775) < 1e-4, String(a.high));
    const b = wilsonInterval(45, 50);
    assert.ok(Math.abs(b.low - 0.7864) < 1e-4, String(b.low));
    assert.ok(Math.abs(b.high - 0.9565) < 1e-4, String(b.high));
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
    assert.deepEqual(wilsonInterval(7, 7).high, 1);
  });

  it('keeps its bounds within [0, 1] around the observed rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([k, n]) => {
          const { low, high } = wilsonInterval(k, n);
          assert.ok(low >= 0 && high <= 1, `${low} ${high}`);
          assert.ok(low <= k / n && k / n <= high, `${k}/${n}: ${low} ${high}`);
        },
      ),
    );
  });

  it('narrows as the total grows at the same rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 50 }), (n, k0, m) => {
        const k = Math.min(k0, n);
        const small = wilsonInterval(k, n);
        const large = wilsonInterval(k * m, n * m);
        assert.ok(large.high - large.low < small.high - small.low, `${k}/${n} ×${m}`);
      }),
    );
  });

  it('rejects counts that are not a proportion', () => {
    assert.throws(() => wilsonInterval(3, 2), {
      name: 'InvalidOptionError',
      option: 'successes',
      message: 'wilsonInterval needs whole numbers 0 <= successes <= n (got successes 3, n 2)',
    });
    assert.throws(() => wilsonInterval(-1, 2), InvalidOptionError);
    assert.throws(() => wilsonInterval(0.5, 2), InvalidOptionError);
    assert.throws(() => wilsonInterval(0, -1), { option: 'n' });
    assert.deepEqual(rateEstimate(0, 0), { count: 0, total: 0, rate: 0, low: 0, high: 1 });
  });
});

describe('resolutionMetrics', () => {
  it('counts each category exactly and leaves agent drafts out', async () => {
    const records: StoreRecord[] = [
      ask('confirmed', 0),
      feedbackRecord('confirmed', { at: iso(T0 + 0.1 * HOUR), helpful: true, resolved: true, reason: undefined }),
      ask('assumed', 1),
      ask('escalated', 2),
      escalationRecord('escalated', { at: iso(T0 + 2.1 * HOUR) }),
      // Escalated wins over a confirmation.
      ask('escalated-too', 3),
      feedbackRecord('escalated-too', { at: iso(T0 + 3.1 * HOUR), helpful: true, resolved: true }),
      escalationRecord('escalated-too', { at: iso(T0 + 3.2 * HOUR), delivered: false, status: 500 }),
      ask('unanswered', 4, { mode: 'refusal', citations: [], sourceIds: [], topScore: 0.1 }),
      ask('thumbs-down', 5),
      feedbackRecord('thumbs-down', { at: iso(T0 + 5.1 * HOUR), helpful: false, resolved: undefined }),
      // The latest feedback counts: first unhappy, then solved.
      ask('changed-mind', 6),
      feedbackRecord('changed-mind', { at: iso(T0 + 6.1 * HOUR), helpful: false }),
      feedbackRecord('changed-mind', { at: iso(T0 + 6.2 * HOUR), helpful: true, resolved: true }),
      ask('agent', 7, { audience: 'agent' }),
      escalationRecord('agent', { at: iso(T0 + 7.1 * HOUR) }),
    ];
    const report = await resolutionMetrics(records, { now: NOW });
    const o = report.overall;
    assert.equal(o.total, 7);
    assert.equal(report.agentExcluded, 1);
    assert.equal(report.smallTalkExcluded, 0);
    assert.deepEqual(
      [o.confirmed.count, o.assumed.count, o.escalated.count, o.unanswered.count, o.unresolved.count, o.pending.count],
      [2, 1, 2, 1, 1, 0],
    );
    assert.equal(o.confirmed.rate, 2 / 7);
    assert.deepEqual(o.escalated, rateEstimate(2, 7));
    assert.equal(report.period, 'day');
    assert.equal(report.periods.length, 1);
    assert.equal(report.periods[0]!.start, '2026-05-04T00:00:00.000Z');
    assert.equal(report.periods[0]!.total, 7);
  });

  it('leaves greetings, thanks and goodbyes out, and counts a typed request for a person as escalated', async () => {
    const act = (id: string, hours: number, kind: 'greeting' | 'thanks' | 'goodbye' | 'handoff') =>
      ask(id, hours, { act: kind, mode: 'act', conversationId: 'c-chat', sourceIds: [], citations: [], topScore: 0 });
    const records: StoreRecord[] = [
      act('hello', 0, 'greeting'),
      ask('question', 0.1, { conversationId: 'c-chat' }),
      act('thanks', 0.2, 'thanks'),
      // Thanked, even rated as solving it: still not a question.
      feedbackRecord('thanks', { at: iso(T0 + 0.25 * HOUR), helpful: true, resolved: true }),
      act('bye', 0.3, 'goodbye'),
      // "I want to talk to a person", typed: a request for a person, escalated or not.
      act('person', 1, 'handoff'),
      act('person-posted', 2, 'handoff'),
      escalationRecord('person-posted', { at: iso(T0 + 2.1 * HOUR) }),
      ask('agent-hello', 3, { act: 'greeting', mode: 'act', audience: 'agent' }),
    ];
    const report = await resolutionMetrics(records, { now: NOW });
    const o = report.overall;
    assert.equal(o.total, 3);
    assert.equal(report.smallTalkExcluded, 3);
    assert.equal(report.agentExcluded, 1);
    assert.deepEqual(
      [o.confirmed.count, o.assumed.count, o.escalated.count, o.unanswered.count, o.unresolved.count, o.pending.count],
      [0, 1, 2, 0, 0, 0],
    );
    const insights = await buildInsights(records, { now: NOW });
    assert.equal(insights.resolution.overall.total, 3);
    const quotes = insights.topics.flatMap((t) => t.quotes);
    assert.ok(!quotes.some((q) => /hello|thanks|bye/.test(q)), quotes.join(' | '));
  });

  it('marks a repeat on the same topic within the window as unresolved, up to the window edge', async () => {
    const window = 24 * HOUR;
    const records: StoreRecord[] = [
      // Asked again exactly at the window's end: a repeat.
      ask('a1', 0, { conversationId: 'c-a' }),
      ask('a2', 24, { conversationId: 'c-a' }),
      // One millisecond later: not a repeat.
      ask('b1', 0, { conversationId: 'c-b' }),
      { ...ask('b2', 0, { conversationId: 'c-b' }), at: iso(T0 + window + 1) },
      // Another topic in the same conversation: not a repeat.
      ask('c1', 0, { conversationId: 'c-c' }),
      ask('c2', 1, { conversationId: 'c-c', citations: ['billing#refunds'], sourceIds: ['billing#refunds'] }),
      // The same topic in another conversation: not a repeat.
      ask('d1', 0, { conversationId: 'c-d' }),
      ask('d2', 1, { conversationId: 'c-e' }),
      // No conversation: the user hash finds the repeat.
      ask('e1', 0, { conversationId: undefined, userHash: 'u-1' }),
      ask('e2', 2, { conversationId: undefined, userHash: 'u-1' }),
    ];
    const report = await resolutionMetrics(records, { now: NOW, until: iso(T0 + 12 * HOUR) });
    // In range: a1 b1 c1 c2 d1 d2 e1 e2 (a2 and b2 are after `until` but still count as repeats).
    assert.equal(report.overall.total, 8);
    assert.equal(report.overall.unresolved.count, 2); // a1, e1
    assert.equal(report.overall.assumed.count, 6);
    assert.equal(report.repeatWindowHours, 24);
    const shorter = await resolutionMetrics(records, { now: NOW, repeatWindowMs: HOUR, until: iso(T0 + 12 * HOUR) });
    assert.equal(shorter.overall.unresolved.count, 0); // e2 is 2 h after e1
  });

  it('counts questions younger than the window as pending, not assumed', async () => {
    const now = new Date(T0 + 30 * HOUR);
    const records = [ask('old', 0), ask('edge', 6), ask('young', 6.5)];
    const report = await resolutionMetrics(records, { now, repeatWindowMs: 24 * HOUR });
    // edge: 6 h + 24 h = now exactly: the window has closed.
    assert.equal(report.overall.assumed.count, 2);
    assert.equal(report.overall.pending.count, 1);
  });

  it('filters by time and makes weekly periods over long ranges', async () => {
    const records = [ask('w1', 0), ask('w2', 24 * 70), ask('w3', 24 * 71)];
    const report = await resolutionMetrics(records, { now: NOW });
    assert.equal(report.period, 'week');
    assert.equal(report.periods.length, 11);
    assert.equal(report.periods.at(-1)!.total, 2);
    const late = await resolutionMetrics(records, { now: NOW, since: iso(T0 + 24 * 70 * HOUR) });
    assert.equal(late.overall.total, 2);
    await assert.rejects(
      resolutionMetrics(records, { since: 'soon' }),
      new InvalidOptionError('since', 'since must be a date (got "soon")'),
    );
  });
});

describe('buildInsights', () => {
  const records: StoreRecord[] = [
    ask('u1', 0, { query: 'how do I export my data to csv', mode: 'refusal', citations: [], topScore: 0.2 }),
    ask('u2', 1, { query: 'How do I export my data to CSV?', mode: 'refusal', citations: [], topScore: 0.2 }),
    ask('u3', 2, { query: 'export data csv', mode: 'refusal', citations: [], topScore: 0.3 }),
    ask('u4', 3, { query: 'can I pay in bitcoin', mode: 'refusal', citations: [], sourceIds: [], topScore: 0 }),
    ask('p1', 4, { query: 'my email is jane@example.com and I forgot my password' }),
    ask('p2', 5, { query: 'forgot password', citations: ['billing#refunds'], sourceIds: ['billing#refunds'] }),
    escalationRecord('p2', { at: iso(T0 + 5.2 * HOUR) }),
    ask('p3', 24 * 8, { query: 'refund please', citations: ['billing#refunds'], sourceIds: ['billing#refunds'] }),
    ask('p4', 24 * 8 + 1, { query: 'where is my refund', citations: ['billing#refunds'], sourceIds: ['billing#refunds'] }),
  ];
  const titles = new Map([
    ['reset-password', 'Reset your password'],
    ['billing', 'Refunds and billing'],
  ]);

  it('groups unanswered questions, finds escalated articles, trends and redacted quotes', async () => {
    const report = await buildInsights(records, { now: NOW, titles });
    assert.equal(report.topicSource, 'article');
    assert.deepEqual(
      report.unanswered.map((q) => [q.query, q.count]),
      [
        ['how do I export my data to csv', 3],
        ['can I pay in bitcoin', 1],
      ],
    );
    assert.equal(report.unanswered[0]!.nearestTitle, 'Reset your password');
    assert.deepEqual(report.unanswered[0]!.interactionIds, ['u1', 'u2', 'u3']);
    assert.deepEqual(
      report.contentGaps.map((q) => [q.query, q.count]),
      [['how do I export my data to csv', 3]],
    );
    assert.deepEqual(report.escalatedArticles, [{ articleId: 'billing', title: 'Refunds and billing', escalated: rateEstimate(1, 3) }]);
    const topics = Object.fromEntries(report.topics.map((t) => [t.title, t.total]));
    assert.deepEqual(topics, { 'Reset your password': 4, 'Refunds and billing': 3, '(no match)': 1 });
    const quotes = report.topics.flatMap((t) => t.quotes).join('\n');
    assert.match(quotes, /my email is \[EMAIL\] and I forgot my password/);
    assert.doesNotMatch(quotes, /jane@example\.com/);
    // Last 7 days: p3, p4 (billing) against p2 the week before.
    assert.deepEqual(report.trending, [{ topic: 'billing', title: 'Refunds and billing', thisWeek: 2, lastWeek: 1, change: 1 }]);
  });

  it('labels topics with a classifier when given one', async () => {
    const classifier = { classify: (text: string) => ({ label: /export/i.test(text) ? 'data-export' : 'other', confidence: 0.9 }) };
    const report = await buildInsights(records, { now: NOW, classifier });
    assert.equal(report.topicSource, 'classifier');
    assert.deepEqual(
      report.topics.map((t) => [t.topic, t.title, t.total]),
      [
        ['other', 'other', 5],
        ['data-export', 'data-export', 3],
      ],
    );
  });
});

describe('renderInsightsHtml', () => {
  it('escapes stored text, runs no script and loads nothing', async () => {
    const attacks = ['<script>alert(1)</script> reset', '"><img src=x onerror=alert(1)> refund', "'><svg onload=alert(1)>"];
    const records = attacks.map((query, i) => ask(`x${i}`, i, { query, mode: 'refusal', citations: [], topScore: 0 }));
    const titles = new Map([['reset-password', '<b>Reset</b> & "things"']]);
    const html = renderInsightsHtml(await buildInsights(records, { now: NOW, titles }));
    // No element but the report's own, and no attribute that runs or loads anything.
    assert.deepEqual(
      [...new Set([...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()))].sort(),
      [
        'blockquote',
        'body',
        'b',
        'circle',
        'div',
        'h1',
        'h2',
        'h3',
        'head',
        'html',
        'line',
        'main',
        'meta',
        'p',
        'polyline',
        'rect',
        'section',
        'small',
        'style',
        'svg',
        'table',
        'tbody',
        'td',
        'text',
        'th',
        'thead',
        'title',
        'tr',
      ].sort(),
    );
    assert.doesNotMatch(html, /<[^>]*\s(on\w+|src|href|xlink:href)=/i);
    assert.doesNotMatch(html, /javascript:|@import|url\(/i);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62; reset/);
    assert.match(html, /&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62; refund/);
    assert.match(html, /&#60;b&#62;Reset&#60;\/b&#62; &#38; &#34;things&#34;/);
  });
});

describe('groupNearDuplicates', () => {
  it('groups rewordings and keeps different questions apart', () => {
    const groups = groupNearDuplicates(
      [
        { query: 'How do I reset my password?', locale: 'en' },
        { query: 'reset my passwords', locale: 'en' },
        { query: 'how do i reset my password', locale: 'en' },
        { query: 'cancel my order', locale: 'en' },
        { query: 'パスワードを忘れました', locale: 'ja' },
        { query: 'パスワードを忘れた', locale: 'ja' },
      ],
      (q) => q,
    );
    assert.deepEqual(
      groups.map((g) => [g.query, g.count]),
      [
        ['How do I reset my password?', 3],
        ['パスワードを忘れた', 2],
        ['cancel my order', 1],
      ],
    );
  });
});

describe('casesFromInteractions', () => {
  const records: StoreRecord[] = [
    ask('ok', 0),
    feedbackRecord('ok', { at: iso(T0 + 0.1 * HOUR), helpful: true, resolved: true }),
    ask('down', 1, { query: 'how do I change my plan' }),
    feedbackRecord('down', { at: iso(T0 + 1.1 * HOUR), helpful: false }),
    ask('down2', 2, { query: 'How do I change my plan?' }),
    escalationRecord('down2', { at: iso(T0 + 2.1 * HOUR) }),
    ask('refused', 3, { query: 'call me at 090-1234-5678 about invoices', mode: 'refusal', citations: [] }),
    ask('bad-cite', 4, { query: 'refund to card', mode: 'fallback', fallbackReason: 'invalid-citation', flags: ['citation-check-failed'] }),
    ask('timeout', 5, { query: 'slow one', mode: 'fallback', fallbackReason: 'timeout' }),
    ask('agent', 6, { audience: 'agent', mode: 'refusal' }),
  ];

  it('picks thumbs-down, escalated, unanswered, citation failures and flagged ones, merged and redacted', async () => {
    const result = await casesFromInteractions(records);
    assert.deepEqual(result.reasons, { 'thumbs-down': 1, escalated: 1, unanswered: 1, 'citation-failure': 1, flagged: 1 });
    assert.equal(result.picked, 4);
    assert.deepEqual(result.cases, [
      {
        id: 'int-down',
        query: 'how do I change my plan',
        locale: 'en',
        context: '/settings/account',
        source: { interactionIds: ['down', 'down2'], reasons: ['thumbs-down', 'escalated'] },
      },
      {
        id: 'int-refused',
        query: 'call me at [PHONE] about invoices',
        locale: 'en',
        context: '/settings/account',
        source: { interactionIds: ['refused'], reasons: ['unanswered'] },
      },
      {
        id: 'int-bad-cite',
        query: 'refund to card',
        locale: 'en',
        context: '/settings/account',
        source: { interactionIds: ['bad-cite'], reasons: ['citation-failure', 'flagged'] },
      },
    ]);
  });

  it('skips questions the existing cases already have', async () => {
    const existing = [
      { id: 'reviewed-1', query: 'How do I change my plan', locale: 'en', relevant: ['plans'] },
      { id: 'reviewed-2', query: 'something else', source: { interactionIds: ['bad-cite'], reasons: ['flagged'] } },
    ];
    const result = await casesFromInteractions(records, { existing });
    assert.deepEqual(
      result.cases.map((c) => c.id),
      ['int-refused'],
    );
    assert.equal(result.alreadyPresent, 3);
  });
});
