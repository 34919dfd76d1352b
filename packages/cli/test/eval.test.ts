import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JsonlError } from '@kotae/knowledge/errors';
import { evaluate, PathError } from '../src/index.js';
import { FIXTURES, fixtureBundles, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

const METRICS = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'];

describe('evaluate', () => {
  let english = '';
  let japanese = '';
  before(async () => {
    ({ english, japanese } = await fixtureBundles());
  });

  it('scores a bundle against eval cases', async () => {
    const result = await evaluate({ bundleDir: english, casesFile: join(FIXTURES, 'stackfaq', 'dev-cases.jsonl') });
    assert.equal(result.cases, 160);
    assert.deepEqual(Object.keys(result.retrieval), METRICS);
    for (const value of Object.values(result.retrieval)) assert.ok(value > 0 && value <= 1, `${value}`);
    const r = result.retrieval;
    assert.ok(r['recall@1'] <= r['recall@5'] && r['recall@5'] <= r['recall@10']);
    // A miss is a case with no relevant article in the top 10: exactly the recall@10 failures.
    assert.equal(result.misses.length, Math.round((1 - r['recall@10']) * result.cases));
    assert.deepEqual([result.k, result.minMrr, result.passed], [10, undefined, true]);
  });

  it('scores Japanese cases against a Japanese bundle', async () => {
    const result = await evaluate({ bundleDir: japanese, casesFile: join(FIXTURES, 'jsquad', 'dev-cases.jsonl') });
    assert.equal(result.cases, 77);
    // Quality floor: 0.9194 on 2026-11-24 (bench/README.md has the full set).
    assert.ok(result.retrieval['mrr@10'] > 0.9, `mrr@10 ${result.retrieval['mrr@10']}`);
  });

  it('counts a case as a miss when nothing relevant is in the top k', async () => {
    const casesFile = join(FIXTURES, 'stackfaq', 'dev-cases.jsonl');
    const at1 = await evaluate({ bundleDir: english, casesFile, k: 1 });
    assert.equal(at1.k, 1);
    assert.equal(at1.misses.length, Math.round((1 - at1.retrieval['recall@1']) * at1.cases));
    const at10 = await evaluate({ bundleDir: english, casesFile, k: 10 });
    assert.ok(at1.misses.length > at10.misses.length);
  });

  it('fails the gate when mrr@10 is below minMrr', async () => {
    const casesFile = join(FIXTURES, 'stackfaq', 'dev-cases.jsonl');
    const low = await evaluate({ bundleDir: english, casesFile, minMrr: 0.1 });
    assert.deepEqual([low.minMrr, low.passed], [0.1, true]);
    const high = await evaluate({ bundleDir: english, casesFile, minMrr: 1 });
    assert.deepEqual([high.minMrr, high.passed], [1, false]);
    assert.deepEqual(high.retrieval, low.retrieval);
  });

  it('throws a JsonlError naming the file and line of a malformed case', async () => {
    const casesFile = join(FIXTURES, 'cases-bad.jsonl');
    await assert.rejects(evaluate({ bundleDir: english, casesFile }), (e: unknown) => {
      assert.ok(e instanceof JsonlError);
      assert.equal(e.file, casesFile);
      assert.equal(e.line, 2);
      assert.ok(e.message.startsWith(`${casesFile}:2: invalid JSON: `), e.message);
      return true;
    });
  });

  it('throws a PathError naming a missing cases file or bundle directory', async () => {
    const missing = join(await tempDir(), 'nope');
    await assert.rejects(evaluate({ bundleDir: english, casesFile: missing }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${missing}: cases file not found`);
      return true;
    });
    await assert.rejects(evaluate({ bundleDir: missing, casesFile: join(FIXTURES, 'cases-bad.jsonl') }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${missing}: bundle directory not found`);
      return true;
    });
  });
});
