import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrateRefusal } from '../src/index.js';

describe('calibrateRefusal with per-sample thresholds', () => {
  it('scores each sample at its own threshold (a language calibrated apart), the rest at the given one', () => {
    // An English case at 0.5 is answered at en 0.41; a Japanese case at 0.5 is refused at ja 0.75.
    const samples = [
      { confidence: 0.5, answerable: true, threshold: 0.41 },
      { confidence: 0.5, answerable: true, threshold: 0.75 },
      { confidence: 0.6, answerable: false, threshold: 0.75 },
      { confidence: 0.6, answerable: false },
    ];
    const r = calibrateRefusal(samples, 0.41);
    assert.equal(r.threshold, 0.41);
    assert.equal(r.answeredRate, 0.5);
    assert.equal(r.refusedRate, 0.5);
    // Without their own thresholds every sample is scored at 0.41.
    const flat = calibrateRefusal(
      samples.map(({ confidence, answerable }) => ({ confidence, answerable })),
      0.41,
    );
    assert.deepEqual([flat.answeredRate, flat.refusedRate], [1, 0]);
  });
});
