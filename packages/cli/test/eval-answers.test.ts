import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { KotaeError } from '@kotae/knowledge';
import { JsonlError } from '@kotae/knowledge/errors';
import { compile, evaluate } from '../src/index.js';
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
    // The example cases with extractive answers (docs/answer-eval.md quotes these figures).
    assert.deepEqual(a.metrics, {
      cases: 149,
      modes: { openai: 0, extractive: 104, fallback: 0, refusal: 39, act: 6, error: 0 },
      citationValidity: 1,
      answered: 110,
      refusal: {
        accuracy: 0.9262,
        refusedRate: 0.9375,
        answeredRate: 0.9231,
        correctRefusals: 30,
        missedRefusals: 2,
        wrongRefusals: 9,
        correctAnswers: 108,
      },
      phraseRecall: { mean: 0.7345, cases: 113 },
      grounding: { rate: 0.9706, cases: 102 },
    });
    // The retrieval-only prediction scores each case at its language's calibrated threshold (en
    // 0.29 here), as the service does, so it refuses what the service refuses; it differs only
    // where the service's answer does (acts, the extractive answer's own checks).
    assert.deepEqual(result.refusal.threshold, 0.2876);
    assert.deepEqual([result.refusal.answeredRate, result.refusal.refusedRate], [0.9189, 0.9375]);
    const failures = a.results.filter((r) => r.problems.length > 0).map((r) => r.id);
    assert.equal(failures.length, 32);
    const refused = a.results.find((r) => r.id === 'en-paypal')!;
    assert.deepEqual(refused.problems, ['refused, but the case is answerable', 'lacks "PayPal"']);
    const ja = a.results.find((r) => r.id === 'ja-discount-expired')!;
    assert.deepEqual([ja.phraseRecall, ja.grounded, ja.citationsValid, ja.problems], [1, true, true, []]);
    const handoff = a.results.find((r) => r.id === 'ja-act-operator')!;
    assert.deepEqual([handoff.mode, handoff.problems], ['act', []]);
    assert.deepEqual(result.gates, [{ metric: 'errors', value: 0, threshold: 0, passed: true }]);
    assert.equal(result.passed, true);
  });

  it('fails the gate on each threshold not met', async () => {
    const result = await evaluate({
      bundleDir,
      casesFile: CASES,
      answers: { kind: 'in-process' },
      minPhraseRecall: 0.75,
      minCitationValidity: 1,
      minRefusalAccuracy: 0.95,
      minMrr: 0.9,
    });
    assert.deepEqual(
      result.gates.map((g) => [g.metric, g.value, g.threshold, g.passed]),
      [
        ['mrr@10', 0.9435, 0.9, true],
        ['phraseRecall', 0.7345, 0.75, false],
        ['citationValidity', 1, 1, true],
        ['refusalAccuracy', 0.9262, 0.95, false],
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
});
