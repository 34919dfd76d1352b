/**
 * End to end: `kotae eval --answers` and `--endpoint` as a user runs them — the built binary, a
 * real `kotae serve` on loopback, and the real `openai` SDK against the fake Responses API server
 * for model answers and the grader.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { serveHandler } from '../packages/server/test/support/sse-client.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';

const EXAMPLE_CASES = fileURLToPath(new URL('../examples/knowledge/evals/cases.jsonl', import.meta.url));
/**
 * 25 of the example's cases (`kotae serve`'s rate limit makes the --endpoint run of all of them
 * take minutes): account, orders, delivery, returns and payment questions in both languages, and
 * five that must be refused.
 */
const SUBSET = [
  'en-forgot-password',
  'en-locked-out',
  'en-new-phone-2fa',
  'en-ordered-twice',
  'en-package-not-arrived',
  'en-refund-processed',
  'en-discount-expired',
  'en-card-declined',
  'en-unknown-charge',
  'en-wrong-size-return',
  'ja-forgot-password',
  'ja-forgot-login-id',
  'ja-new-phone-code',
  'ja-where-is-package',
  'ja-ordered-twice',
  'ja-wrong-size-send-back',
  'ja-money-not-back',
  'ja-discount-expired',
  'ja-moved-house',
  'ja-switch-card',
  'refuse-stock-forecast',
  'refuse-weather',
  'refuse-capital',
  'refuse-recipe',
  'refuse-poem',
];
let CASES = '';

interface AnswersJson {
  target: string;
  serviceMode: string;
  cases: number;
  modes: Record<string, number>;
  citationValidity: number | null;
  refusal: Record<string, number | null>;
  phraseRecall: { mean: number | null; cases: number };
  grounding: { rate: number | null; cases: number };
  gates: { metric: string; passed: boolean }[];
  passed: boolean;
  failures: { id: string; problems: string[] }[];
  results: { id: string; mode: string; citationsValid: boolean | null; problems: string[]; fallbackReason?: string }[];
  grader?: { graded: number; passRate: number; agreement: { n: number; kappa: number | null; trusted: boolean; reason?: string } };
}

/** The answer report without what differs between two runs of the same service (its target). */
function comparable(a: AnswersJson) {
  const { target: _target, results, ...rest } = a;
  return { ...rest, results: results.map(({ id, mode, citationsValid, problems }) => ({ id, mode, citationsValid, problems })) };
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('kotae eval: answers', () => {
  let dir: string;
  let kb: string;
  let inProcess: AnswersJson;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-answer-eval-'));
    const all = (await readFile(EXAMPLE_CASES, 'utf8')).trim().split('\n');
    const picked = SUBSET.map((id) => all.find((line) => (JSON.parse(line) as { id: string }).id === id));
    assert.ok(
      picked.every((line) => line !== undefined),
      'every case of the subset is in the example',
    );
    CASES = join(dir, 'cases.jsonl');
    await writeFile(CASES, `${picked.join('\n')}\n`);
    kb = join(dir, 'kb');
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: kb });
    const run = await kotae(['eval', kb, '--cases', CASES, '--answers', '--json'], { OPENAI_API_KEY: '' });
    assert.equal(run.code, 0, run.stderr);
    inProcess = (JSON.parse(run.stdout) as { answers: AnswersJson }).answers;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('adds "answers" next to "retrieval" with --json, extractive without a key', () => {
    assert.deepEqual([inProcess.target, inProcess.serviceMode, inProcess.cases], ['in-process', 'extractive', 25]);
    assert.deepEqual(inProcess.refusal, {
      accuracy: 0.96,
      refusedRate: 1,
      answeredRate: 0.95,
      correctRefusals: 5,
      missedRefusals: 0,
      wrongRefusals: 1,
      correctAnswers: 19,
    });
    assert.deepEqual([inProcess.citationValidity, inProcess.phraseRecall.mean, inProcess.grounding.rate], [1, 0.65, 0.8947]);
    assert.equal(inProcess.failures.length, 7);
  });

  it('gives the same results through --endpoint against a running kotae serve', async () => {
    const { child, url } = await startServe([kb, '--port', '0']);
    try {
      // kotae serve's rate limit (10 at once, then 30 a minute) answers some asks with 429; the
      // eval waits the Retry-After and asks again, so every case is answered.
      const run = await kotae(['eval', kb, '--cases', CASES, '--endpoint', `${url}api/kotae`, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const remote = (JSON.parse(run.stdout) as { answers: AnswersJson }).answers;
      assert.equal(remote.target, `${url}api/kotae`);
      assert.deepEqual(comparable(remote), comparable(inProcess));
    } finally {
      await stopServe(child);
    }
  });

  it('prints the answer metrics and failures as text', async () => {
    const run = await kotae(['eval', kb, '--cases', CASES, '--answers'], { OPENAI_API_KEY: '' });
    assert.equal(run.code, 0);
    const out = lines(run.stdout);
    const start = out.findIndex((l) => l.startsWith('answers ('));
    assert.deepEqual(out.slice(start, start + 5), [
      'answers (in-process, extractive): 25 cases; extractive 19, refusal 6',
      '  citation validity  1.0000  (answers whose [n] marks and citations event are all valid, of 19)',
      '  refusal accuracy   0.9600  (refused 5 of 5 refuse cases; answered 19 of 20 answerable; missed refusals 0, wrong refusals 1)',
      '  phrase recall      0.6500  (mean over 20 cases with answers phrases)',
      '  grounding          0.8947  (answers citing a relevant article, of 19)',
    ]);
    assert.ok(out.includes('7 answer failures:'), out.join('\n'));
    assert.ok(out.includes('  ja-forgot-login-id (refusal): "ログインIDが思い出せないのですが、どうすればいいですか"'), out.join('\n'));
    assert.ok(out.includes('    - refused, but the case is answerable'));
  });

  it('exits 1 naming each threshold not met, 0 when all are met', async () => {
    const fail = await kotae(
      [
        'eval',
        kb,
        '--cases',
        CASES,
        '--answers',
        '--min-phrase-recall',
        '0.7',
        '--min-refusal-accuracy',
        '0.97',
        '--min-citation-validity',
        '1',
      ],
      { OPENAI_API_KEY: '' },
    );
    assert.equal(fail.code, 1);
    assert.equal(
      fail.stderr,
      'phraseRecall 0.65 is below --min-phrase-recall 0.7\nrefusalAccuracy 0.96 is below --min-refusal-accuracy 0.97\n',
    );
    const pass = await kotae(
      [
        'eval',
        kb,
        '--cases',
        CASES,
        '--answers',
        '--min-phrase-recall',
        '0.25',
        '--min-refusal-accuracy',
        '0.9',
        '--min-citation-validity',
        '1',
        '--json',
      ],
      { OPENAI_API_KEY: '' },
    );
    assert.deepEqual([pass.code, pass.stderr], [0, '']);
    assert.equal((JSON.parse(pass.stdout) as { answers: AnswersJson }).answers.passed, true);
  });

  it('exits 6 (service) with a clear error naming an unreachable --endpoint', async () => {
    const closed = await serveHandler(() => Promise.resolve(new Response()));
    await closed.close();
    const endpoint = `${closed.url}/api/kotae`;
    const run = await kotae(['eval', kb, '--cases', CASES, '--endpoint', endpoint]);
    assert.deepEqual([run.code, run.stdout], [6, '']);
    assert.equal(run.stderr, `${endpoint}/v1/health: cannot reach the answer service (connect ECONNREFUSED ${closed.url.slice(7)})\n`);
  });

  it('exits 2 on answer options without answers, both targets, or --grade without a key', async () => {
    const none = await kotae(['eval', kb, '--cases', CASES, '--min-phrase-recall', '0.5']);
    assert.deepEqual([none.code, lines(none.stderr)[0]], [2, 'kotae: --min-phrase-recall needs --answers or --endpoint <url>']);
    const both = await kotae(['eval', kb, '--cases', CASES, '--answers', '--endpoint', 'http://127.0.0.1:1/api/kotae']);
    assert.deepEqual([both.code, lines(both.stderr)[0]], [2, 'kotae: --answers and --endpoint exclude each other']);
    const url = await kotae(['eval', kb, '--cases', CASES, '--endpoint', 'localhost:8787']);
    assert.deepEqual(
      [url.code, lines(url.stderr)[0]],
      [2, 'kotae: invalid --endpoint "localhost:8787" (expected an http or https URL, such as http://127.0.0.1:8787/api/kotae)'],
    );
    const kappa = await kotae(['eval', kb, '--cases', CASES, '--answers', '--min-kappa', '0.7']);
    assert.deepEqual([kappa.code, lines(kappa.stderr)[0]], [2, 'kotae: --min-kappa needs --grade']);
    const grade = await kotae(['eval', kb, '--cases', CASES, '--answers', '--grade'], { OPENAI_API_KEY: '' });
    assert.deepEqual([grade.code, lines(grade.stderr)[0]], [2, 'kotae: --grade needs an OpenAI key in $OPENAI_API_KEY']);
  });

  it('exits 3 naming the file and line of a bad case', async () => {
    const cases = join(dir, 'bad.jsonl');
    await writeFile(cases, `${(await readFile(CASES, 'utf8')).split('\n')[0]}\n{"id": "x", "query": "q", "refuse": "yes"}\n`);
    const run = await kotae(['eval', kb, '--cases', cases, '--answers'], { OPENAI_API_KEY: '' });
    assert.deepEqual([run.code, run.stdout], [3, '']);
    assert.match(run.stderr, new RegExp(`^${cases.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: "refuse" `));
  });

  describe('with a model', () => {
    let fake: FakeOpenAI;
    let labelledCases = '';
    const env = () => ({
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: fake.baseURL,
      KOTAE_MODEL: 'fake-model',
      KOTAE_GRADER_MODEL: 'grader-1',
    });
    before(async () => {
      // Answers (streamed) cite [1], a given source, unless the question is about a package: then
      // the model cites [9], a source it was not given. The grader (not streamed) fails answers
      // about packages and cards, and passes the rest.
      fake = await startFakeOpenAI({
        kind: 'reply',
        reply: (body) => {
          if (body.stream === true)
            return /package|荷物/.test(JSON.stringify(body.input).split('Question: ').at(-1)!)
              ? 'See the tracking page [9].'
              : 'Follow the steps in the guide [1].';
          const question = String(body.input).split('Question:\n')[1]!.split('\n\nSources:')[0]!;
          const ok = !/package|荷物|card|カード/.test(question);
          return JSON.stringify({
            correct: ok,
            grounded: true,
            answersQuestion: true,
            language: true,
            reason: ok ? 'all criteria met' : 'wrong',
          });
        },
      });
      // People label every answerable case: they fail the two package answers and the declined-card
      // one (as the grader does), fail the refund answer (the grader passes it) and pass the
      // unknown-charge and card-change answers (the grader fails them). ja-forgot-login-id is
      // refused, so it is not graded.
      const humanFails = new Set(['en-package-not-arrived', 'ja-where-is-package', 'en-card-declined', 'en-refund-processed']);
      const labelled = (await readFile(CASES, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => {
          const c = JSON.parse(line) as { id: string; refuse?: boolean };
          return JSON.stringify(c.refuse ? c : { ...c, grade: humanFails.has(c.id) ? 'fail' : 'pass' });
        });
      labelledCases = join(dir, 'labelled.jsonl');
      await writeFile(labelledCases, `${labelled.join('\n')}\n`);
    });
    after(() => fake.close());

    it('reports a model citation of a source it was not given truthfully: the service fell back', async () => {
      const run = await kotae(['eval', kb, '--cases', CASES, '--answers', '--grade', '--json'], env());
      assert.equal(run.code, 0, run.stderr);
      const a = (JSON.parse(run.stdout) as { answers: AnswersJson }).answers;
      assert.equal(a.serviceMode, 'openai');
      // The two package questions (English and Japanese) fell back to extractive answers, which
      // cite validly.
      const fallbacks = a.results.filter((r) => r.mode === 'fallback');
      assert.deepEqual(
        fallbacks.map((r) => [r.id, r.fallbackReason, r.citationsValid]),
        [
          ['en-package-not-arrived', 'invalid-citation', true],
          ['ja-where-is-package', 'invalid-citation', true],
        ],
      );
      assert.ok(fallbacks.every((r) => r.problems.includes("the model's answer was replaced by the extractive one (invalid-citation)")));
      assert.equal(a.citationValidity, 1);
      // No case carries a grade label: the grader's pass rate is reported, and not trusted.
      assert.deepEqual([a.grader!.agreement.n, a.grader!.agreement.trusted], [0, false]);
      assert.equal(a.grader!.agreement.reason, 'only 0 labelled cases were graded (need 20)');
      assert.equal(a.grader!.passRate, 0.7368);
      for (const call of fake.calls) assert.equal(call.body.store, false);
    });

    it('counts grading calls that fail without failing the run', async () => {
      const broken = await startFakeOpenAI({
        kind: 'reply',
        reply: (body) => (body.stream === true ? 'Follow the steps in the guide [1].' : 'not JSON'),
      });
      try {
        const run = await kotae(['eval', kb, '--cases', CASES, '--answers', '--grade'], { ...env(), OPENAI_BASE_URL: broken.baseURL });
        assert.equal(run.code, 0, run.stderr);
        assert.ok(lines(run.stdout).includes('  grader grader-1: 0 answers graded, pass rate n/a, 19 grading errors'), run.stdout);
      } finally {
        await broken.close();
      }
    });

    it("measures the grader's agreement with the grade labels as Cohen's kappa, and trusts it only above the floor", async () => {
      const run = await kotae(
        ['eval', kb, '--cases', labelledCases, '--answers', '--grade', '--min-labels', '10', '--min-kappa', '0.4', '--json'],
        env(),
      );
      assert.equal(run.code, 0, run.stderr);
      const g = (JSON.parse(run.stdout) as { answers: AnswersJson }).answers.grader!;
      // 19 answers graded (the case below the bundle's calibrated threshold is refused, and a
      // refusal is not graded); 19 labelled (human/grader) pairs: pass/pass 13, pass/fail 2,
      // fail/pass 1, fail/fail 3, so kappa = (16/19 - 230/361) / (1 - 230/361) = 0.5649.
      assert.deepEqual([g.graded, g.passRate], [19, 0.7368]);
      assert.deepEqual(g.agreement, {
        n: 19,
        observed: 0.8421,
        expected: 0.6371,
        kappa: 0.5649,
        minKappa: 0.4,
        minLabels: 10,
        trusted: true,
        table: { 'pass/pass': 13, 'pass/fail': 2, 'fail/pass': 1, 'fail/fail': 3 },
      });
      const text = await kotae(['eval', kb, '--cases', labelledCases, '--answers', '--grade', '--min-labels', '10'], env());
      assert.ok(lines(text.stdout).includes('    grader not trusted: kappa 0.5649 is below 0.6'), text.stdout);
      const few = await kotae(['eval', kb, '--cases', labelledCases, '--answers', '--grade'], env());
      assert.ok(lines(few.stdout).includes('    grader not trusted: only 19 labelled cases were graded (need 20)'), few.stdout);
    });
  });
});
