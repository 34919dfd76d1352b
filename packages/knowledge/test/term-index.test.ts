import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { decodeTermPostings, type TermPostings } from '../src/search/postings.js';
import { TermIndex } from '../src/search/term-index.js';

/** A TermIndex over `terms` whose term i has postings {field 0: {doc i: 1}}, and the same as a SearchableMap. */
function both(terms: readonly string[]): { index: TermIndex; tree: SearchableMap<TermPostings> } {
  const sorted = [...new Set(terms)].sort();
  const packed = sorted.map((_, i) => [0, 1, i, 1]);
  const tree = new SearchableMap<TermPostings>();
  sorted.forEach((t, i) => tree.set(t, decodeTermPostings(packed[i]!)));
  return { index: new TermIndex(sorted, packed), tree };
}

function fuzzy(map: { fuzzyGet(term: string, d: number): Map<string, [TermPostings, number]> }, term: string, d: number): string[] {
  return [...map.fuzzyGet(term, d)].map(([t, [postings, distance]]) => `${t} ${distance} ${JSON.stringify([...postings.get(0)!])}`).sort();
}

describe('decodeTermPostings', () => {
  it('decodes gaps and frequencies per field', () => {
    const postings = decodeTermPostings([0, 2, 3, 4, 1, 2, 4, 1, 5, 3]);
    assert.deepEqual(
      [...postings].map(([field, docs]) => [field, [...docs]]),
      [
        [
          0,
          [
            [3, 1],
            [7, 2],
          ],
        ],
        [4, [[5, 3]]],
      ],
    );
  });
});

describe('TermIndex', () => {
  const words = [
    'password',
    'passwords',
    'passwort',
    'pass',
    'passw0rd',
    'パスワード',
    'パス',
    'export',
    'exports',
    'expert',
    '請求書',
    'ｐassword',
  ];

  it('looks terms up like a SearchableMap', () => {
    const { index, tree } = both(words);
    assert.equal(index.size, tree.size);
    for (const term of [...words, 'missing', '']) {
      assert.equal(index.has(term), tree.has(term), term);
      assert.deepEqual(index.get(term), tree.get(term), term);
    }
  });

  it('finds the same fuzzy matches as a SearchableMap, Latin or not', () => {
    const { index, tree } = both(words);
    for (const [term, d] of [
      ['password', 1],
      ['pasword', 1],
      ['exprt', 1],
      ['パスワー', 1],
      ['password', 2],
      ['PASSWORD', 1],
    ] as const) {
      assert.deepEqual(fuzzy(index, term, d), fuzzy(tree, term, d), `${term} ${d}`);
    }
  });

  it('finds the same fuzzy matches as a SearchableMap for any vocabulary', () => {
    const char = fc.constantFrom('a', 'b', 'c', 'e', 'z', '1', '-', 'é', 'ア', '語', '😀');
    const word = fc.array(char, { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
    const latin = fc.array(fc.constantFrom('a', 'b', 'c', 'e', 'z'), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), fc.oneof(latin, word), fc.constantFrom(1, 2), (terms, query, d) => {
        const { index, tree } = both(terms);
        assert.deepEqual(fuzzy(index, query, d), fuzzy(tree, query, d));
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to a full tree for prefixes, iteration and changes', () => {
    const { index, tree } = both(words);
    assert.deepEqual([...index.atPrefix('pass').keys()].sort(), [...tree.atPrefix('pass').keys()].sort());
    assert.deepEqual(new Map(index), new Map(tree));
    const added: TermPostings = new Map([[1, new Map([[9, 2]])]]);
    index.set('invoice', added);
    assert.equal(index.get('invoice'), added);
    assert.equal(
      index.fetch('invoice', () => new Map()),
      added,
    );
    index.delete('password');
    assert.equal(index.has('password'), false);
    assert.equal(index.size, tree.size);
    assert.deepEqual(
      fuzzy(index, 'pasword', 1),
      fuzzy(tree, 'pasword', 1).filter((m) => !m.startsWith('password ')),
    );
  });
});
