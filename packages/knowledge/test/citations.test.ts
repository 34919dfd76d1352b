import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkCitations, normalizeCitationMarks } from '../src/answer/citations.js';
import { pendingMarkStart } from '../src/answer/citations.js';

describe('checkCitations', () => {
  it('finds [n], [n, m], [n][m] and full-width marks, each number once, in order', () => {
    assert.deepEqual(checkCitations('A [2]. B [1, 3][2]. C ［４］.', 4), { cited: [2, 1, 3, 4], invalid: [] });
  });

  it('reports numbers that are not a given source', () => {
    assert.deepEqual(checkCitations('Refunds take 5 days [1][3]. See [0].', 2), { cited: [1, 3, 0], invalid: [3, 0] });
  });

  it('does not count links, footnotes or escaped brackets as citations', () => {
    assert.deepEqual(checkCitations('See [1](https://example.com), [^2] and \\[3\\].', 1), { cited: [], invalid: [] });
  });
});

describe('normalizeCitationMarks', () => {
  it('rewrites full-width marks as ASCII', () => {
    assert.equal(normalizeCitationMarks('返金します［１］［２、３］。'), '返金します[1][2, 3]。');
  });
});

describe('pendingMarkStart', () => {
  it('holds back an unfinished mark and a finished one at the very end', () => {
    assert.equal(pendingMarkStart('Done [1'), 5);
    assert.equal(pendingMarkStart('Done [1]'), 5);
    assert.equal(pendingMarkStart('Done [1].'), 9);
    assert.equal(pendingMarkStart('A [link'), 7);
  });

  it('releases text so that streamed marks are checked whole, whatever the chunking (property)', () => {
    const text = fc
      .array(
        fc.oneof(fc.constantFrom('[1]', '[2]', '[9]', '［３］', '[1, 2]', '[x](u)', ' ', 'word', '。', '['), fc.string({ maxLength: 4 })),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (full, cuts) => {
        // Stream `full` in chunks cut at `cuts`, releasing text as the answer service does.
        const ends = [...new Set(cuts.map((c) => c % (full.length + 1)))].sort((a, b) => a - b);
        let released = '';
        let seenInvalid = false;
        for (const end of [...ends, full.length]) {
          const raw = full.slice(0, end);
          const ready = normalizeCitationMarks(end === full.length ? raw : raw.slice(0, pendingMarkStart(raw)));
          assert.ok(ready.startsWith(released), `released text changed: ${JSON.stringify(released)} then ${JSON.stringify(ready)}`);
          if (checkCitations(ready, 2).invalid.length) seenInvalid = true;
          released = ready;
        }
        assert.equal(released, normalizeCitationMarks(full));
        // Whatever the chunking, an invalid mark is caught while streaming exactly when the whole text has one.
        assert.equal(seenInvalid, checkCitations(released, 2).invalid.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});
