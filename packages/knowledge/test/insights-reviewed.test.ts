import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInsights, renderInsightsHtml, type ReviewRecord, type StoreRecord } from '../src/index.js';
import { rateEstimate } from '../src/insights/wilson.js';
import { resolutionMetrics } from '../src/insights/resolution.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = new Date(T0 + 30 * 24 * HOUR);

const ask = (id: string, hours: number): StoreRecord =>
  interactionRecord(id, { at: iso(T0 + hours * HOUR), conversationId: `c-${id}`, userHash: undefined });
const review = (interactionId: string, hours: number, resolved: boolean): ReviewRecord => ({
  kind: 'review',
  interactionId,
  at: iso(T0 + hours * HOUR),
  id: `r-${interactionId}-${hours}`,
  reviewer: 'ana@example.com',
  resolved,
  verdict: resolved ? 'correct' : 'wrong',
  scores: { accuracy: resolved ? 5 : 1 },
});

describe('resolutionMetrics (reviewed)', () => {
  it('reports reviewed resolution beside the outcomes, from the latest review, never blended into them', async () => {
    const records: StoreRecord[] = [
      ask('a', 0),
      feedbackRecord('a', { at: iso(T0 + 0.1 * HOUR), helpful: true, resolved: true }),
      review('a', 30, false), // the user said solved; the reviewer disagrees
      ask('b', 1),
      review('b', 30, false),
      review('b', 31, true), // a later review replaces the earlier one
      ask('c', 2),
      review('c', 30, false),
      ask('d', 3),
    ];
    const without = await resolutionMetrics(
      records.filter((r) => r.kind !== 'review'),
      { now: NOW },
    );
    const report = await resolutionMetrics(records, { now: NOW });
    assert.deepEqual(report.overall, without.overall, 'reviews move none of the six outcomes');
    assert.deepEqual(report.reviewed, { total: 3, resolved: rateEstimate(1, 3), coverage: rateEstimate(3, 4) });
    assert.deepEqual(without.reviewed, { total: 0, resolved: rateEstimate(0, 0), coverage: rateEstimate(0, 4) });
    const html = renderInsightsHtml(await buildInsights(records, { now: NOW }));
    assert.match(html, /Reviewed in the console: 3 of 4 questions; reviewers judged 33(\.\d)?% of them solved/);
  });
});
