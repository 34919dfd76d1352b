import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EvalCaseSchema, buildSearchIndex, evaluateRetrieval, parseJsonl, type EvalCase } from '../src/index.js';
import { CORPUS, sectionsOf } from './support/corpus.js';

/** A fixed ranking per case id. */
function rankingOf(rankings: Record<string, string[]>): (c: EvalCase) => string[] {
  return (c) => rankings[c.id] ?? [];
}

const cases: EvalCase[] = [
  { id: 'first', query: 'q1', relevant: ['a'] },
  { id: 'second', query: 'q2', relevant: ['b', 'd'] },
  { id: 'seventh', query: 'q3', relevant: ['z'] },
  { id: 'missed', query: 'q4', relevant: ['q'] },
  { id: 'refusal', query: 'q5', refuse: true },
];
const rankings = {
  first: ['a', 'b', 'c'],
  second: ['x', 'b', 'y', 'd'],
  seventh: ['a', 'b', 'c', 'd', 'e', 'f', 'z'],
  missed: ['a', 'a', 'b', 'c', 'd'],
  refusal: ['a'],
};

describe('evaluateRetrieval', () => {
  it('computes recall, MRR and nDCG by hand on a tiny ranking', async () => {
    const report = await evaluateRetrieval(cases, rankingOf(rankings));
    // 4 cases with `relevant` (the refusal is skipped); first hits at ranks 1, 2, 7 and none.
    // recall@1 = 1/4; recall@5 = 2/4; recall@10 = 3/4
    // MRR = (1/1 + 1/2 + 1/7 + 0) / 4 = 1.642857 / 4 = 0.410714 → 0.4107
    // nDCG: first = 1/1 = 1
    //       second = (1/log2(3) + 1/log2(5)) / (1 + 1/log2(3)) = (0.630930 + 0.430677) / 1.630930 = 0.650921
    //       seventh = (1/log2(8)) / 1 = 1/3
    //       missed = 0
    //       mean = (1 + 0.650921 + 0.333333 + 0) / 4 = 0.496064 → 0.4961
    assert.deepEqual(report, {
      cases: 4,
      retrieval: { 'recall@1': 0.25, 'recall@5': 0.5, 'recall@10': 0.75, 'mrr@10': 0.4107, 'ndcg@10': 0.4961 },
      misses: [{ id: 'missed', query: 'q4', relevant: ['q'], got: ['a', 'b', 'c'] }],
    });
  });

  it('counts a relevant article once for nDCG even when ranked twice', async () => {
    // dcg = 1 (the second "a" does not count); ideal = 1 + 1/log2(3) = 1.630930; 1 / 1.630930 = 0.6131
    const report = await evaluateRetrieval([{ id: 'c', query: 'q', relevant: ['a', 'b'] }], () => ['a', 'a']);
    assert.equal(report.retrieval['ndcg@10'], 0.6131);
    assert.equal(report.retrieval['recall@1'], 1);
  });

  it('ignores hits below rank 10', async () => {
    const ranking = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'hit'];
    const report = await evaluateRetrieval([{ id: 'c', query: 'q', relevant: ['hit'] }], () => ranking);
    assert.deepEqual(report.retrieval, { 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, 'mrr@10': 0, 'ndcg@10': 0 });
    assert.deepEqual(report.misses, [{ id: 'c', query: 'q', relevant: ['hit'], got: ['1', '2', '3'] }]);
  });

  it('reports as misses the cases without a hit in the top k', async () => {
    const report = await evaluateRetrieval(cases, rankingOf(rankings), { k: 5 });
    assert.deepEqual(
      report.misses.map((m) => m.id),
      ['seventh', 'missed'],
    );
    assert.equal(report.retrieval['recall@10'], 0.75);
  });

  it('accepts an async ranking function', async () => {
    const report = await evaluateRetrieval(cases, async (c) => rankingOf(rankings)(c));
    assert.equal(report.retrieval['mrr@10'], 0.4107);
  });

  it('reports zeros when no case has relevant articles', async () => {
    const report = await evaluateRetrieval(
      [
        { id: 'r', query: 'q', refuse: true },
        { id: 'e', query: 'q', relevant: [] },
      ],
      () => ['a'],
    );
    assert.deepEqual(report, {
      cases: 0,
      retrieval: { 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, 'mrr@10': 0, 'ndcg@10': 0 },
      misses: [],
    });
  });

  it('keeps every metric between 0 and 1, with recall@1 ≤ recall@5 ≤ recall@10', async () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
    const evalCase = fc.record({ relevant: fc.array(id, { minLength: 1, maxLength: 4 }), ranking: fc.array(id, { maxLength: 14 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(evalCase, { minLength: 1, maxLength: 8 }), async (generated) => {
        const evalCases = generated.map((g, i) => ({ id: String(i), query: 'q', relevant: g.relevant }));
        const { retrieval, cases: n } = await evaluateRetrieval(evalCases, (c) => generated[Number(c.id)]!.ranking);
        assert.equal(n, generated.length);
        for (const value of Object.values(retrieval)) assert.ok(value >= 0 && value <= 1, JSON.stringify(retrieval));
        assert.ok(retrieval['recall@1'] <= retrieval['recall@5'] && retrieval['recall@5'] <= retrieval['recall@10']);
        assert.ok(retrieval['mrr@10'] <= retrieval['recall@10']);
      }),
    );
  });

  it('scores the search index on eval cases read from JSONL', async () => {
    const index = buildSearchIndex(sectionsOf(CORPUS));
    const evalCases = parseJsonl(
      [
        '{"id":"pw","query":"I forgot my password","locale":"en","relevant":["reset-password"]}',
        '{"id":"pw-ja","query":"パスワードを忘れました","locale":"ja","relevant":["ja-reset-password"]}',
        '{"id":"inv","query":"download invoices","locale":"en","relevant":["billing"]}',
        '{"id":"none","query":"weather forecast","refuse":true}',
      ].join('\n'),
      'evals/cases.jsonl',
      EvalCaseSchema,
    );
    const report = await evaluateRetrieval(evalCases, (c) => index.search(c.query, { locale: c.locale }).map((r) => r.articleId));
    assert.deepEqual(report, {
      cases: 3,
      retrieval: { 'recall@1': 1, 'recall@5': 1, 'recall@10': 1, 'mrr@10': 1, 'ndcg@10': 1 },
      misses: [],
    });
  });
});
