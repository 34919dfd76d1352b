import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { TermIndex } from '../src/search/term-index.js';
import { decodeTermPostings } from './support/searchable-terms.js';

/** A TermIndex over `terms` (sorted, deduplicated), term i with postings {field 0: {doc i: 1}}, and those terms. */
function indexOf(terms: readonly string[]): { index: TermIndex; sorted: string[] } {
  const sorted = [...new Set(terms)].sort();
  return {
    index: new TermIndex(
      sorted,
      sorted.map((_, i) => [0, 1, i, 1]),
    ),
    sorted,
  };
}

/**
 * How kotae found the terms within one edit of a Latin word before: MiniSearch's radix tree
 * (`SearchableMap`) of the sorted terms with at most one code unit outside `[a-z]`, not first;
 * then the terms that are such a code unit and the word without its first letter, then that code
 * unit and the word.
 */
function treeNear(sorted: readonly string[], term: string, maxDistance: number): [string, [number, number]][] {
  const tree = new SearchableMap<number>();
  const byRest = new Map<string, number[]>();
  sorted.forEach((t, i) => {
    let outside = -1;
    for (let j = 0; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (c >= 0x61 && c <= 0x7a) continue;
      if (outside >= 0) return;
      outside = j;
    }
    if (outside !== 0) tree.set(t, i);
    else byRest.set(t.slice(1), [...(byRest.get(t.slice(1)) ?? []), i]);
  });
  const found = new Map<string, [number, number]>(tree.fuzzyGet(term, maxDistance));
  if (maxDistance === 1) for (const rest of [term.slice(1), term]) for (const i of byRest.get(rest) ?? []) found.set(sorted[i]!, [i, 1]);
  return [...found];
}

/** The matches of a SearchableMap of all the terms, as `term distance`, sorted. */
function fuzzyGet(sorted: readonly string[], term: string, maxDistance: number): string[] {
  const tree = new SearchableMap<number>();
  sorted.forEach((t, i) => tree.set(t, i));
  return [...tree.fuzzyGet(term, maxDistance)].map(([t, [, distance]]) => `${t} ${distance}`).sort();
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
    'pässword',
    '-password',
    '1assword',
    'パスワード',
    'パス',
    'export',
    'exports',
    'expert',
    '請求書',
    'ｐassword',
  ];

  it('gives each term its position and packed postings', () => {
    const { index, sorted } = indexOf(words);
    sorted.forEach((t, i) => {
      assert.equal(index.position(t), i);
      assert.deepEqual(index.packed(i), [0, 1, i, 1]);
    });
    assert.equal(index.position('missing'), undefined);
    assert.equal(index.position(''), undefined);
  });

  it('finds the terms within one edit of a Latin word, in the order the tree gave them', () => {
    const { index, sorted } = indexOf(words);
    for (const [term, d] of [
      ['password', 1],
      ['password', 0],
      ['pasword', 1],
      ['assword', 1],
      ['exprt', 1],
      ['missing', 1],
    ] as const) {
      assert.deepEqual([...index.near(term, d)!], treeNear(sorted, term, d), `${term} ${d}`);
      assert.deepEqual(
        [...index.near(term, d)!].map(([t, [, distance]]) => `${t} ${distance}`).sort(),
        fuzzyGet(sorted, term, d),
        `${term} ${d}`,
      );
    }
    assert.deepEqual(
      [...index.near('password', 1)!.keys()],
      ['passw0rd', 'password', 'passwords', 'passwort', 'pässword', '1assword', 'ｐassword', '-password'],
    );
  });

  it('finds the same terms as the tree, in its order, for any vocabulary', () => {
    const char = fc.constantFrom('a', 'b', 'c', 'e', 'z', '1', '-', 'é', 'ア', '語', '😀');
    const word = fc.array(char, { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
    const latin = fc.array(fc.constantFrom('a', 'b', 'c', 'e', 'z'), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
    /** One or two edits (substitution, insertion or deletion of a code unit) of a word, so that many terms are near it. */
    const edit = fc.array(fc.tuple(fc.constantFrom('sub', 'ins', 'del'), fc.nat(), char), { minLength: 1, maxLength: 2 });
    const apply = (w: string, edits: readonly [string, number, string][]) =>
      edits.reduce((t, [op, at, c]) => {
        const p = at % (t.length + 1);
        return op === 'ins' ? t.slice(0, p) + c + t.slice(p) : t.slice(0, p) + (op === 'sub' ? c : '') + t.slice(p + 1);
      }, w);
    fc.assert(
      fc.property(
        latin,
        fc.array(fc.oneof(word, latin), { maxLength: 40 }),
        fc.array(edit, { maxLength: 30 }),
        fc.constantFrom(0, 1),
        (query, others, edits, d) => {
          const { index, sorted } = indexOf([...others, ...edits.map((e) => apply(query, e)).filter((t) => t !== '')]);
          const near = [...index.near(query, d)!];
          assert.deepEqual(near, treeNear(sorted, query, d));
          assert.deepEqual(near.map(([t, [, distance]]) => `${t} ${distance}`).sort(), fuzzyGet(sorted, query, d));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses other fuzzy matching', () => {
    const { index } = indexOf(words);
    for (const [term, d] of [
      ['password', 2],
      ['password', -1],
      ['パスワー', 1],
      ['PASSWORD', 1],
      ['passw0rd', 1],
      ['', 1],
    ] as const) {
      assert.equal(index.near(term, d), undefined, `${term} ${d}`);
    }
  });
});
