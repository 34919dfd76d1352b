import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import {
  AnswerServiceError,
  askCases,
  checkAnswerService,
  cohensKappa,
  graderAgreement,
  phraseRecall,
  scoreAnswer,
  summarizeAnswers,
  type AnswerMode,
  type CollectedAnswer,
  type EvalCase,
} from '../src/index.js';
import { createAnswerGrader, createAnswerHandler, GRADER_RUBRIC } from '../src/server.js';
import { compileContent } from '../src/node.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));

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

describe('askCases', () => {
  let fake: FakeOpenAI;
  let server: { url: string; close(): Promise<void> };
  before(async () => {
    fake = await startFakeOpenAI({ kind: 'stream', chunks: ['Open **Settings** ', 'and choose Reset [7].'] });
    const compiled = await compileContent(EXAMPLES);
    const bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
    const client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 0 });
    server = await serveHandler(createAnswerHandler({ bundle, openai: { client }, rateLimit: false }));
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  it('reports a model answer that cited a source it was not given as what the service did: a fallback', async () => {
    const cases: EvalCase[] = [
      {
        id: 'pw',
        query: 'パスワードを忘れてログインできません',
        locale: 'ja',
        relevant: ['ja-password-reset'],
        answers: ['新しいパスワード'],
      },
    ];
    const [outcome] = await askCases(cases, { endpoint: server.url });
    assert.ok(outcome && 'sources' in outcome);
    // The service streamed the model's text up to the bad mark, then reset to the extractive answer.
    assert.equal(outcome.resets, 1);
    assert.equal(outcome.done?.mode, 'fallback');
    assert.equal(outcome.done?.fallbackReason, 'invalid-citation');
    const r = scoreAnswer(cases[0]!, outcome);
    assert.deepEqual([r.mode, r.citationsValid, r.grounded, r.phraseRecall], ['fallback', true, true, 1]);
    assert.deepEqual(r.problems, ["the model's answer was replaced by the extractive one (invalid-citation)"]);
  });

  it('throws an AnswerServiceError naming the URL when nothing listens there', async () => {
    // A port that was just free: nothing listens there.
    const closed = await serveHandler(() => Promise.resolve(new Response()));
    await closed.close();
    const url = `${closed.url}/api/kotae`;
    await assert.rejects(checkAnswerService({ endpoint: url }), (e: unknown) => {
      assert.ok(e instanceof AnswerServiceError);
      assert.equal(e.url, `${url}/v1/health`);
      assert.equal(
        e.message,
        `${url}/v1/health: cannot reach the answer service (connect ECONNREFUSED ${closed.url.slice('http://'.length)})`,
      );
      return true;
    });
  });

  it('says so when the URL is not an answer service', async () => {
    await assert.rejects(
      checkAnswerService({ endpoint: `${fake.baseURL}/nope` }),
      /\/v1\/health: not a kotae answer service \(HTTP 200; expected \{"status":"ok"\} from \/v1\/health\)$/,
    );
  });
});

describe('createAnswerGrader', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({
      kind: 'reply',
      reply: (body) => {
        const input = String(body.input);
        const wrongLanguage = input.includes('Language: ja') && !/[ぁ-ん]/.test(input.split('Answer:\n')[1] ?? '');
        return JSON.stringify({ correct: true, grounded: true, answersQuestion: true, language: !wrongLanguage, reason: 'checked' });
      },
    });
  });
  after(() => fake.close());

  it('grades through the Responses API with store: false, a strict JSON schema and redacted inputs', async () => {
    const grader = createAnswerGrader({ apiKey: 'test', baseURL: fake.baseURL, model: 'grader-1' });
    const grade = await grader.grade({
      question: 'Reset for jane@example.com please',
      locale: 'en',
      sources: [{ n: 1, title: 'Reset', text: 'Open Settings.' }],
      answer: 'Open Settings [1].',
    });
    assert.deepEqual(grade, { correct: true, grounded: true, answersQuestion: true, language: true, reason: 'checked', verdict: 'pass' });
    const body = fake.calls.at(-1)!.body as {
      store: boolean;
      model: string;
      instructions: string;
      input: string;
      text: { format: Record<string, unknown> };
    };
    assert.deepEqual([body.store, body.model, body.instructions], [false, 'grader-1', GRADER_RUBRIC]);
    assert.deepEqual([body.text.format.type, body.text.format.strict], ['json_schema', true]);
    assert.ok(!body.input.includes('jane@example.com') && body.input.includes('[EMAIL]'), body.input);
    assert.match(body.input, /\[1\] Reset\nOpen Settings\./);
  });

  it('rejects output that does not match the schema', async () => {
    const bad = await startFakeOpenAI({ kind: 'reply', reply: () => JSON.stringify({ correct: 'yes' }) });
    try {
      const grader = createAnswerGrader({ apiKey: 'test', baseURL: bad.baseURL, maxRetries: 0 });
      await assert.rejects(grader.grade({ question: 'q', locale: 'en', sources: [], answer: 'a' }), { name: 'ZodError' });
    } finally {
      await bad.close();
    }
  });

  it('fails an answer when any criterion fails', async () => {
    const grader = createAnswerGrader({ apiKey: 'test', baseURL: fake.baseURL });
    const grade = await grader.grade({ question: 'パスワード', locale: 'ja', sources: [], answer: 'Open Settings [1].' });
    assert.deepEqual([grade.language, grade.verdict], [false, 'fail']);
  });
});
