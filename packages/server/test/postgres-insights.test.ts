/**
 * Insights computed in PostgreSQL (`PostgresInteractionStore.insights()`, what `storeInsights`,
 * `kotae insights` and the console use) against the streaming report (`buildInsights` over every
 * record) on the same generated data set (test/support/insights-data.ts: every outcome, refusals,
 * topics, gaps, locales, escalation states, reviews, out-of-order records), over several ranges
 * and options, on a real PostgreSQL server started for the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildInsights, insightsFromAggregates, type InsightsOptions, type InsightsReport, type StoreRecord } from '@kotae/knowledge';
import { MemoryInteractionStore, storeInsights } from '../src/index.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { insightsRecords } from './support/insights-data.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

const END = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const titles = new Map([
  ['account-password', 'Reset your password'],
  ['card-delivery', 'Card delivery'],
]);

let server: PostgresServer;
let url: string;
let records: StoreRecord[];
before(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
  records = [...insightsRecords({ interactions: 4000, days: 42, end: END, seed: 11 })];
  const store = await PostgresInteractionStore.open(url);
  await Promise.all(records.map((r) => store.append(r)));
  await store.close();
});
after(async () => {
  await server?.stop();
});

/** The report with float sums rounded (the database adds `topScore`s in another order). */
function comparable(report: InsightsReport): InsightsReport {
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  return {
    ...report,
    unanswered: report.unanswered.map((q) => ({ ...q, meanTopScore: round(q.meanTopScore) })),
    contentGaps: report.contentGaps.map((q) => ({ ...q, meanTopScore: round(q.meanTopScore) })),
  };
}

const CASES: [string, InsightsOptions][] = [
  ['every record, some still pending', { now: new Date(END - 3 * DAY), titles }],
  ['a range inside the data', { since: new Date(END - 20 * DAY), until: new Date(END - 5 * DAY), now: new Date(END), titles }],
  [
    'until only, a 6-hour window, weeks',
    { until: new Date(END - 10 * DAY), repeatWindowMs: 6 * 3_600_000, period: 'week', now: new Date(END) },
  ],
  ['since only, another gap score, 3 rows', { since: new Date(END - 9 * DAY), gapScore: 0.4, limit: 3, now: new Date(END) }],
  ['no repeat window', { repeatWindowMs: 0, now: new Date(END + 30 * DAY) }],
  ['a range with nothing in it', { since: new Date(END + DAY), now: new Date(END + 2 * DAY) }],
];

describe('insights in PostgreSQL', () => {
  for (const [name, options] of CASES) {
    it(`gives the streaming report's numbers: ${name}`, async () => {
      const store = await PostgresInteractionStore.open(url, { readOnly: true });
      try {
        const streamed = await buildInsights(store.records(), options);
        const aggregated = await insightsFromAggregates(store.insights(), options);
        assert.deepEqual(comparable(aggregated), comparable(streamed));
      } finally {
        await store.close();
      }
    });
  }

  it('the data set has every case the report tells apart', async () => {
    const report = await buildInsights(records, { now: new Date(END - 3 * DAY), limit: 50 });
    const o = report.resolution.overall;
    for (const outcome of ['confirmed', 'assumed', 'escalated', 'unanswered', 'unresolved', 'pending'] as const)
      assert.ok(o[outcome].count > 0, `no ${outcome} question`);
    assert.ok(report.resolution.agentExcluded > 0 && report.resolution.smallTalkExcluded > 0);
    assert.ok(report.resolution.reviewed.total > 0 && report.resolution.reviewed.resolved.count > 0);
    assert.ok(report.unanswered.length > 0 && report.contentGaps.length > 0 && report.escalatedArticles.length > 0);
    const d = report.escalations.delivery;
    assert.ok(d.delivered > 0 && d.pending > 0 && d.deadLettered > 0 && d.recorded > 0, JSON.stringify(d));
    assert.ok(report.escalations.topics.some((t) => t.topic === '(no answer)'));
    assert.ok(new Set(report.unanswered.map((q) => q.locale)).size >= 2);
    assert.ok(report.topics.some((t) => t.topic === '(no match)'));
  });

  it('storeInsights aggregates in the database, without streaming the records', async () => {
    const store = await PostgresInteractionStore.open(url, { readOnly: true });
    try {
      const options = { now: new Date(END), titles };
      const expected = await buildInsights(store.records(), options);
      const noStreaming = {
        records(): AsyncIterable<StoreRecord> {
          throw new Error('records() must not be read');
        },
        insights: () => store.insights(),
      };
      assert.deepEqual(comparable(await storeInsights(noStreaming, options)), comparable(expected));
    } finally {
      await store.close();
    }
  });

  it('storeInsights streams a store without its own aggregation (memory, JSONL), and with a classifier', async () => {
    const memory = new MemoryInteractionStore();
    for (const r of records.slice(0, 2000)) await memory.append(r);
    const options = { now: new Date(END) };
    assert.deepEqual(await storeInsights(memory, options), await buildInsights(memory.records(), options));
    const classifier = { classify: (text: string) => ({ label: text.length > 20 ? 'long' : 'short', confidence: 1 }) };
    const store = await PostgresInteractionStore.open(url, { readOnly: true });
    try {
      const report = await storeInsights(store, { ...options, classifier });
      assert.equal(report.topicSource, 'classifier');
      assert.ok(report.topics.length > 0 && report.topics.every((t) => t.topic === 'long' || t.topic === 'short'));
    } finally {
      await store.close();
    }
  });
});
