import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerMode, CollectedAnswer, EvalCase } from '../src/index.js';
import { graderAgreement, phraseRecall, scoreAnswer, summarizeAnswers } from '../src/index.js';
import { cohensKappa } from '../src/eval/kappa.js';

/** `n` copies of a label pair. */
const times = <T>(n: number, pair: T): T[] => Array.from({ length: n }, () => pair);

/** A 2×2 agreement table as pairs: both yes, A yes B no, A no B yes, both no. */
const table = (yy: number, yn: number, ny: number, nn: number) => [
  ...times(yy, ['yes', 'yes'] as const),
  ...times(yn, ['yes', 'no'] as const),
  ...times(ny, ['no', 'yes'] as const),
  ...times(nn, ['no', 'no'] as const),
];

describe('cohensKappa', () => {
  it('gives the textbook values of known 2×2 tables', () => {
    // Wikipedia, "Cohen's kappa", worked example: 50 proposals, two readers.
    assert.deepEqual(cohensKappa(table(20, 5, 10, 15)), { n: 50, observed: 0.7, expected: 0.5, kappa: 0.4 });
    // Wikipedia's two tables with the same agreement (60%) and different kappas.
    assert.equal(cohensKappa(table(45, 15, 25, 15)).kappa, 0.1304);
    assert.equal(cohensKappa(table(25, 35, 5, 35)).kappa, 0.2593);
  });

  it('handles three categories (worked by hand)', () => {
    // 100 items; rows rater A, columns rater B. Observed (75 + 4 + 10) / 100 = 0.89; A's margins
    // 0.8/0.1/0.1, B's 0.8/0.05/0.15, so expected 0.64 + 0.005 + 0.015 = 0.66; kappa 0.23 / 0.34.
    const counts = [
      [75, 1, 4],
      [5, 4, 1],
      [0, 0, 10],
    ];
    const labels = ['psychotic', 'neurotic', 'organic'] as const;
    const pairs = counts.flatMap((row, i) => row.flatMap((n, j) => times(n, [labels[i]!, labels[j]!] as const)));
    assert.equal(cohensKappa(pairs).kappa, 0.6765);
  });

  it('is 1 for perfect agreement, 0 at chance, negative below it, null when undefined', () => {
    assert.equal(cohensKappa(table(3, 0, 0, 7)).kappa, 1);
    assert.equal(cohensKappa(table(25, 25, 25, 25)).kappa, 0);
    assert.equal(cohensKappa(table(0, 5, 5, 0)).kappa, -1);
    assert.equal(cohensKappa(table(10, 0, 0, 0)).kappa, null);
    assert.deepEqual(cohensKappa([]), { n: 0, observed: 0, expected: 0, kappa: null });
  });
});

describe('graderAgreement', () => {
  const pf = (yy: number, yn: number, ny: number, nn: number) =>
    table(yy, yn, ny, nn).map(([a, b]) => [a === 'yes' ? 'pass' : 'fail', b === 'yes' ? 'pass' : 'fail'] as const);

  it('trusts a grader with enough labels and kappa at the floor', () => {
    const a = graderAgreement(pf(12, 1, 1, 6));
    assert.equal(a.kappa, 0.7802);
    assert.deepEqual([a.trusted, a.reason, a.minKappa, a.minLabels], [true, undefined, 0.6, 20]);
    assert.deepEqual(a.table, { 'pass/pass': 12, 'pass/fail': 1, 'fail/pass': 1, 'fail/fail': 6 });
  });

  it('does not trust a grader below the kappa floor or with too few labels', () => {
    assert.equal(graderAgreement(pf(20, 5, 10, 15)).reason, 'kappa 0.4 is below 0.6');
    assert.equal(graderAgreement(pf(3, 0, 0, 2)).reason, 'only 5 labelled cases were graded (need 20)');
    assert.equal(graderAgreement(pf(3, 0, 0, 2), { minLabels: 5 }).trusted, true);
    assert.match(graderAgreement(pf(20, 0, 0, 0)).reason!, /^kappa is undefined/);
  });
});

describe('phraseRecall', () => {
  it('finds Japanese phrases without word boundaries, after NFKC and case folding', () => {
    const answer = '「マイページ」→「注文履歴」から、ＦＡＱの\n手順で返品を申し込むことができます [1]。';
    assert.deepEqual(phraseRecall(answer, ['注文履歴', 'faq', '返品を申し込む', '30日以内']), { recall: 0.75, missing: ['30日以内'] });
    // A line break or a citation mark inside the phrase does not hide it.
    assert.equal(phraseRecall('パスワードを\n再設定 [1] します', ['パスワードを再設定します']).recall, 1);
  });

  it('matches English case-insensitively, across emphasis and citation marks', () => {
    assert.deepEqual(phraseRecall('Open **Settings** and choose Reset [2] password.', ['open settings', 'reset password', 'email']), {
      recall: 0.6667,
      missing: ['email'],
    });
    assert.deepEqual(phraseRecall('anything', []), { recall: 1, missing: [] });
  });
});

const source = (n: number, articleId: string) => ({ n, id: `${articleId}#s`, articleId, anchor: 's', title: articleId, snippet: '' });
const answer = (text: string, mode: AnswerMode, extra: Partial<CollectedAnswer> = {}): CollectedAnswer => {
  const sources = [source(1, 'a'), source(2, 'b')];
  const cited = [...text.matchAll(/\[(\d)\]/g)].map((m) => Number(m[1])).filter((n) => n <= 2);
  return {
    sources,
    text,
    resets: 0,
    citations: [...new Set(cited)].map((n) => ({ n, id: sources[n - 1]!.id })),
    done: { interactionId: 'i', mode, grounded: cited.length > 0 },
    error: undefined,
    ...extra,
  };
};

describe('scoreAnswer', () => {
  const c = (over: Partial<EvalCase> = {}): EvalCase => ({ id: 'c1', query: 'q', relevant: ['a'], ...over });

  it('counts a citation of a source that was not given as invalid', () => {
    const r = scoreAnswer(c(), answer('Do it [1][3].', 'openai'));
    assert.deepEqual([r.citationsValid, r.invalidCitations, r.grounded], [false, [3], true]);
    assert.deepEqual(r.problems, ['cites [3], which is not among the 2 sources']);
  });

  it('counts a citations event that disagrees with the text as invalid', () => {
    const r = scoreAnswer(c(), answer('Do it [1].', 'openai', { citations: [{ n: 2, id: 'b#s' }] }));
    assert.equal(r.citationsValid, false);
    assert.deepEqual(r.problems, ['the citations event (2 b#s) disagrees with the marks in the text (1 a#s)']);
    assert.equal(scoreAnswer(c(), answer('Do it [1].', 'openai', { citations: undefined })).problems[0], 'no citations event');
  });

  it('reports ungrounded answers, missing phrases, fallbacks and errors', () => {
    const r = scoreAnswer(c({ answers: ['do it', 'today'] }), answer('Do it [2].', 'fallback', {}));
    assert.deepEqual([r.grounded, r.phraseRecall, r.missingPhrases], [false, 0.5, ['today']]);
    assert.equal(r.problems.length, 3);
    const e = scoreAnswer(c({ answers: ['x'] }), { error: 'HTTP 500 from u' });
    assert.deepEqual([e.mode, e.phraseRecall, e.problems], ['error', 0, ['error: HTTP 500 from u']]);
  });

  it('sums the refusal confusion exactly', () => {
    const results = [
      scoreAnswer(c({ id: 'r1', refuse: true }), answer("I don't know", 'refusal')),
      scoreAnswer(c({ id: 'r2', refuse: true }), answer("I don't know", 'refusal')),
      scoreAnswer(c({ id: 'r3', refuse: true }), answer('Sure [1].', 'extractive')),
      scoreAnswer(c({ id: 'a1' }), answer("I don't know", 'refusal')),
      scoreAnswer(c({ id: 'a2' }), answer('Yes [1].', 'extractive')),
      scoreAnswer(c({ id: 'a3' }), answer('Yes [1].', 'extractive')),
      scoreAnswer(c({ id: 'a4' }), answer('Yes [1].', 'openai')),
      scoreAnswer(c({ id: 'e1' }), { error: 'down' }),
    ];
    const m = summarizeAnswers(results);
    assert.deepEqual(m.refusal, {
      accuracy: 0.7143,
      refusedRate: 0.6667,
      answeredRate: 0.75,
      correctRefusals: 2,
      missedRefusals: 1,
      wrongRefusals: 1,
      correctAnswers: 3,
    });
    assert.deepEqual(m.modes, { openai: 1, extractive: 3, fallback: 0, refusal: 3, act: 0, error: 1 });
    assert.deepEqual([m.citationValidity, m.answered, m.grounding], [1, 4, { rate: 1, cases: 4 }]);
  });
});
