import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { JsonlError, KotaeError } from '@kotae/knowledge';
import { compile, evaluate } from '../src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../knowledge/test/support/fake-openai.js';
import { removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge/', import.meta.url));
const CASES = join(EXAMPLES, 'evals', 'cases.jsonl');

describe('evaluate: answers', () => {
  let bundleDir = '';
  before(async () => {
    bundleDir = join(await tempDir(), 'kb');
    await compile({ contentDir: EXAMPLES, out: bundleDir });
  });

  it('scores the example cases in-process with extractive answers', async () => {
    const result = await evaluate({ bundleDir, casesFile: CASES, answers: { kind: 'in-process' } });
    const a = result.answers!;
    assert.deepEqual([a.target, a.serviceMode], ['in-process', 'extractive']);
    // The numbers bench/README.md reports for examples/knowledge (extractive answers).
    assert.deepEqual(a.metrics, {
      cases: 25,
      modes: { openai: 0, extractive: 20, fallback: 0, refusal: 5, error: 0 },
      citationValidity: 1,
      answered: 20,
      refusal: {
        accuracy: 0.92,
        refusedRate: 0.8,
        answeredRate: 0.95,
        correctRefusals: 4,
        missedRefusals: 1,
        wrongRefusals: 1,
        correctAnswers: 19,
      },
      phraseRecall: { mean: 0.575, cases: 20 },
      grounding: { rate: 0.8947, cases: 19 },
    });
    // The in-process service refuses exactly what the retrieval-only refusal calibration predicts.
    assert.deepEqual([result.refusal.answeredRate, result.refusal.refusedRate], [0.95, 0.8]);
    const failures = a.results.filter((r) => r.problems.length > 0).map((r) => r.id);
    assert.equal(failures.length, 14);
    const refused = a.results.find((r) => r.id === 'en-forgot-password')!;
    assert.deepEqual(refused.problems, ['refused, but the case is answerable', 'lacks "new password"']);
    const ja = a.results.find((r) => r.id === 'ja-discount-expired')!;
    assert.deepEqual([ja.phraseRecall, ja.grounded, ja.citationsValid, ja.problems], [1, true, true, []]);
    assert.deepEqual(result.gates, [{ metric: 'errors', value: 0, threshold: 0, passed: true }]);
    assert.equal(result.passed, true);
  });

  it('fails the gate on each threshold not met', async () => {
    const result = await evaluate({
      bundleDir,
      casesFile: CASES,
      answers: { kind: 'in-process' },
      minPhraseRecall: 0.6,
      minCitationValidity: 1,
      minRefusalAccuracy: 0.95,
      minMrr: 0.9,
    });
    assert.deepEqual(
      result.gates.map((g) => [g.metric, g.value, g.threshold, g.passed]),
      [
        ['mrr@10', 0.9042, 0.9, true],
        ['phraseRecall', 0.575, 0.6, false],
        ['citationValidity', 1, 1, true],
        ['refusalAccuracy', 0.92, 0.95, false],
        ['errors', 0, 0, true],
      ],
    );
    assert.equal(result.passed, false);
  });

  it('refuses answer thresholds without answers to evaluate', async () => {
    await assert.rejects(
      evaluate({ bundleDir, casesFile: CASES, minPhraseRecall: 0.5 }),
      (e: unknown) =>
        e instanceof KotaeError && e.message === 'minPhraseRecall needs answers (an in-process answer service or an endpoint) to evaluate',
    );
  });

  it('names the file and line of a case with a bad grade label', async () => {
    const casesFile = join(await tempDir(), 'cases.jsonl');
    await writeFile(casesFile, '{"id": "a", "query": "q"}\n{"id": "b", "query": "q", "grade": "maybe"}\n');
    await assert.rejects(evaluate({ bundleDir, casesFile, answers: { kind: 'in-process' } }), (e: unknown) => {
      assert.ok(e instanceof JsonlError);
      assert.deepEqual([e.file, e.line], [casesFile, 2]);
      assert.equal(e.message, `${casesFile}:2: "grade" Invalid option: expected one of "pass"|"fail"`);
      return true;
    });
  });

  describe('with the LLM grader', () => {
    let fake: FakeOpenAI;
    let casesFile = '';
    before(async () => {
      // The fake grader fails answers about packages and cards, and passes the rest.
      fake = await startFakeOpenAI({
        kind: 'reply',
        reply: (body) => {
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
      // People label every answerable case: they fail the two package answers and the card one
      // (as the grader does), fail the fee answer (the grader passes it) and pass the card-change
      // answer (the grader fails it). en-forgot-password is refused, so it is not graded.
      const humanFails = new Set(['en-package-not-arrived', 'ja-where-is-package', 'en-card-declined', 'en-unknown-fee']);
      const lines = (await readFile(CASES, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => {
          const c = JSON.parse(line) as { id: string; refuse?: boolean };
          return JSON.stringify(c.refuse ? c : { ...c, grade: humanFails.has(c.id) ? 'fail' : 'pass' });
        });
      casesFile = join(await tempDir(), 'labelled.jsonl');
      await writeFile(casesFile, `${lines.join('\n')}\n`);
    });
    after(() => fake.close());

    const grader = (over: object = {}) => ({ apiKey: 'test', baseURL: fake.baseURL, model: 'grader-1', ...over });

    it('measures its agreement with the labels as Cohen kappa and trusts it above the floor', async () => {
      const result = await evaluate({ bundleDir, casesFile, answers: { kind: 'in-process' }, grader: grader({ minLabels: 10 }) });
      const g = result.answers!.grader!;
      assert.deepEqual([g.model, g.graded, g.errors, g.passRate], ['grader-1', 20, 0, 0.8]);
      // The answered refuse-weather case is graded too, but has no label. 19 pairs: pass/pass 14, pass/fail 1, fail/pass 1, fail/fail 3: kappa = 82/120.
      assert.deepEqual(g.agreement.table, { 'pass/pass': 14, 'pass/fail': 1, 'fail/pass': 1, 'fail/fail': 3 });
      assert.deepEqual([g.agreement.n, g.agreement.kappa, g.agreement.trusted], [19, 0.6833, true]);
      for (const call of fake.calls) assert.equal(call.body.store, false);
      const card = result.answers!.results.find((r) => r.id === 'ja-switch-card')!;
      assert.deepEqual([card.humanGrade, card.graderGrade], ['pass', { verdict: 'fail', reason: 'wrong' }]);
    });

    it('does not trust it below the kappa floor or with too few labels', async () => {
      const strict = await evaluate({
        bundleDir,
        casesFile,
        answers: { kind: 'in-process' },
        grader: grader({ minLabels: 10, minKappa: 0.7 }),
      });
      assert.deepEqual(
        [strict.answers!.grader!.agreement.trusted, strict.answers!.grader!.agreement.reason],
        [false, 'kappa 0.6833 is below 0.7'],
      );
      const few = await evaluate({ bundleDir, casesFile, answers: { kind: 'in-process' }, grader: grader() });
      assert.equal(few.answers!.grader!.agreement.reason, 'only 19 labelled cases were graded (need 20)');
    });
  });
});
