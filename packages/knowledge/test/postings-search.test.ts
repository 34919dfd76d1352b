import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import { bestFirst } from '../src/search/best-first.js';
import { postingsFromMiniSearch } from '../src/search/postings.js';
import { PostingsSearch, type Hit } from '../src/search/postings-search.js';
import { TermIndex } from '../src/search/term-index.js';

const FIELDS = ['title', 'body', 'grams'];
const split = (text: string) => text.split(' ');

/**
 * A MiniSearch over `docs` as built, the same restored over a TermIndex, a PostingsSearch over it,
 * and how many searches that PostingsSearch left to MiniSearch.
 */
function indexes(
  docs: readonly Record<string, string>[],
  searchOptions: SearchOptions = { tokenize: split, processTerm: (t: string) => t },
) {
  const options = { fields: FIELDS, idField: 'i', tokenize: split, processTerm: (t: string) => t, searchOptions };
  const built = new MiniSearch<Record<string, unknown>>(options);
  built.addAll(docs.map((doc, i) => ({ i, ...doc })));
  const postings = postingsFromMiniSearch(built.toJSON());
  const terms = new TermIndex(postings.terms, postings.postings);
  const restored = MiniSearch.loadJS<Record<string, unknown>>(built.toJSON(), options);
  (restored as unknown as { _index: unknown })._index = terms;
  const asked = { count: 0 };
  const mini = { search: (query: Query, opts?: SearchOptions) => (asked.count++, restored.search(query, opts)) };
  return { built, restored, fast: new PostingsSearch(postings, terms, mini, options), asked };
}

function byId(hits: readonly Hit[]): { id: number; score: number; terms: string[]; queryTerms: string[] }[] {
  return hits
    .map(({ id, score, terms, queryTerms }) => ({ id, score, terms: [...terms], queryTerms: [...queryTerms] }))
    .sort((a, b) => a.id - b.id);
}

const word = fc.constantFrom(
  'password',
  'passwrod',
  'passwords',
  'reset',
  'resets',
  'invoice',
  'invoices',
  '2021',
  '10',
  'パスワード',
  '請求',
  '請求書',
  'x',
  '__proto__',
  'constructor',
);
const text = fc.array(word, { maxLength: 12 }).map((w) => w.join(' '));
const doc = fc.record({ title: text, body: text, grams: text });
const options: fc.Arbitrary<SearchOptions> = fc.record(
  {
    boost: fc.record({ title: fc.constantFrom(0, 1, 2), body: fc.constantFrom(1, 0.5), grams: fc.constantFrom(0.5, 1) }),
    bm25: fc.record({ k: fc.constantFrom(1.2, 0.9), b: fc.constantFrom(0.75, 0.3), d: fc.constantFrom(0.5, 0) }),
    fuzzy: fc.constantFrom<SearchOptions['fuzzy']>(false, 1, 0.2, (t: string) => (/^[a-z]{5,}$/.test(t) ? 1 : false)),
    maxFuzzy: fc.constantFrom(1, 2),
    weights: fc.record({ fuzzy: fc.constantFrom(0.3, 0.45), prefix: fc.constant(0.4) }),
    boostTerm: fc.constantFrom<SearchOptions['boostTerm']>(undefined, (t: string) => (t.length > 4 ? 1 : 0.4)),
    boostDocument: fc.constantFrom<SearchOptions['boostDocument']>(
      undefined,
      (id: unknown) => ((id as number) % 3 === 0 ? 1.5 : 1),
      (id: unknown) => (id as number) % 2,
    ),
  },
  { requiredKeys: [] },
);

/** A part of a combined query: a query string, alone or with its own fields (and fuzziness), as kotae sends them. */
const part: fc.Arbitrary<Query> = fc
  .tuple(
    fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join(' ')),
    fc.option(fc.shuffledSubarray([...FIELDS, 'unknown']), { nil: undefined }),
    fc.option(fc.constantFrom<SearchOptions['fuzzy']>(false, 1, 0.2), { nil: undefined }),
    fc.boolean(),
  )
  .map(([q, fields, fuzzy, bare]) =>
    bare ? q : { queries: [q], ...(fields ? { fields } : {}), ...(fuzzy !== undefined ? { fuzzy } : {}) },
  );
/** OR combinations of parts (words in some fields, grams in others), sometimes nested. */
const combined: fc.Arbitrary<Query> = fc
  .tuple(
    fc.array(
      fc.oneof(
        part,
        fc.array(part, { maxLength: 2 }).map((queries) => ({ queries })),
      ),
      { minLength: 0, maxLength: 3 },
    ),
    fc.constantFrom(undefined, 'OR', 'or'),
  )
  .map(([queries, combineWith]) => (combineWith ? { combineWith, queries } : { queries }));

describe('PostingsSearch', () => {
  it('scores exactly like MiniSearch over the same term index', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 12 }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        options,
        (docs, query, opts) => {
          const { restored, fast } = indexes(docs);
          const q = [...new Set(query)].join(' ');
          assert.deepEqual(byId(fast.search(q, opts)), byId(restored.search(q, opts)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('scores combined queries exactly like MiniSearch over the same term index', () => {
    let runs = 0;
    let asked = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), combined, options, (docs, query, opts) => {
        const index = indexes(docs);
        assert.deepEqual(byId(index.fast.search(query, opts)), byId(index.restored.search(query, opts)));
        runs++;
        asked += index.asked.count;
      }),
      { numRuns: 400 },
    );
    // Fuzzy matching of non-Latin words or within two edits is left to MiniSearch; the rest is not.
    assert.ok(asked < runs / 2, `${asked} of ${runs} searches left to MiniSearch`);
  });

  it("answers kotae's combined queries itself", () => {
    const docs = [
      { title: 'reset password', body: 'invoice 請求', grams: '請求 請求書' },
      { title: 'passwrod', body: 'reset', grams: '請求書' },
    ];
    const { built, restored } = indexes(docs);
    const postings = postingsFromMiniSearch(built.toJSON());
    const mini = { search: () => assert.fail('asked MiniSearch') };
    const alone = new PostingsSearch(postings, new TermIndex(postings.terms, postings.postings), mini, {
      fields: FIELDS,
      tokenize: split,
      processTerm: (t: string) => t,
    });
    const query: Query = {
      combineWith: 'OR',
      queries: [
        { queries: ['password 請求書'], fields: ['title', 'body'] },
        { queries: ['請求 請求書'], fields: ['grams'] },
      ],
    };
    const opts: SearchOptions = {
      fuzzy: (t: string) => (/^[a-z]{5,}$/.test(t) ? 1 : false),
      maxFuzzy: 1,
      boostTerm: (t: string) => (t === '請求' ? 0.5 : 1),
    };
    assert.deepEqual(byId(alone.search(query, opts)), byId(restored.search(query, opts)));
    assert.equal(alone.search(query, opts).length, 2);
  });

  it('adds up fields in the order a query lists them, as MiniSearch does', () => {
    // (grams + body) + fuzzy match differs in the last bit from (body + grams) + fuzzy match.
    const { restored, fast, asked } = indexes([{ title: '', body: 'passwords passwords', grams: 'passwords password' }]);
    const query: Query = { queries: [{ queries: ['password'], fields: ['grams', 'body'], fuzzy: 1 }] };
    const opts = { bm25: { k: 0.9, b: 0.75, d: 0 } };
    assert.deepEqual(byId(fast.search(query, opts)), byId(restored.search(query, opts)));
    assert.equal(asked.count, 0);
  });

  it('finds the same sections as MiniSearch as built, with the same scores up to rounding', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 12 }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        options,
        (docs, query, opts) => {
          const { built, fast } = indexes(docs);
          const q = [...new Set(query)].join(' ');
          const expected = byId(built.search(q, opts));
          const actual = byId(fast.search(q, opts));
          assert.deepEqual(
            actual.map((h) => [h.id, [...h.terms].sort(), h.queryTerms]),
            expected.map((h) => [h.id, [...h.terms].sort(), h.queryTerms]),
          );
          actual.forEach((h, i) =>
            assert.ok(Math.abs(h.score - expected[i]!.score) <= 1e-12 * Math.abs(h.score), `${h.score} ${expected[i]!.score}`),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lists integer-like terms first, as MiniSearch does', () => {
    const { restored, fast } = indexes([{ title: 'reset 2021', body: '10 password', grams: '' }]);
    const hits = fast.search('password reset 2021 10');
    assert.deepEqual(hits[0]?.terms, ['10', '2021', 'password', 'reset']);
    assert.deepEqual(hits[0]?.terms, restored.search('password reset 2021 10')[0]?.terms);
    assert.deepEqual(hits[0]?.queryTerms, ['password', 'reset', '2021', '10']);
  });

  it('composes default search options and tokenizers of the index as MiniSearch does', () => {
    const docs = [
      { title: 'reset password', body: 'invoice 2021', grams: '' },
      { title: 'Reset', body: 'passwrod invoices', grams: 'password' },
    ];
    const lower = (t: string) => (t === 'skip' ? null : t.toLowerCase());
    for (const defaults of [
      {},
      { processTerm: lower },
      { boost: { title: 3 }, fuzzy: 1, maxFuzzy: 1 },
      { tokenize: (t: string) => t.split(/[ ,]/), weights: { fuzzy: 0.9, prefix: 0.375 } },
    ] as SearchOptions[]) {
      const { restored, fast } = indexes(docs, defaults);
      for (const query of ['reset password', 'RESET,password skip', 'invoice,2021']) {
        assert.deepEqual(byId(fast.search(query)), byId(restored.search(query)), `${query} ${JSON.stringify(defaults)}`);
        assert.deepEqual(byId(fast.search(query, { fuzzy: false })), byId(restored.search(query, { fuzzy: false })), query);
      }
    }
  });

  it('asks MiniSearch for options it does not cover', () => {
    const { restored, fast } = indexes([
      { title: 'reset password', body: 'invoice', grams: '' },
      { title: 'reset', body: 'password', grams: '' },
    ]);
    for (const opts of [{ combineWith: 'AND' }, { prefix: true }, { fields: ['title'] }, { fuzzy: 2 }] as SearchOptions[]) {
      assert.deepEqual(byId(fast.search('reset passw', opts)), byId(restored.search('reset passw', opts)), JSON.stringify(opts));
    }
    const queries: Query[] = [
      { combineWith: 'AND', queries: ['reset', 'password'] },
      { queries: [{ combineWith: 'AND_NOT', queries: ['reset', 'invoice'] }, 'password'] },
      { queries: [{ queries: ['passw'], prefix: true }, 'reset'] },
      { queries: [MiniSearch.wildcard, 'reset'] },
    ];
    for (const query of queries) assert.deepEqual(byId(fast.search(query)), byId(restored.search(query)), JSON.stringify(query));
    assert.deepEqual(
      fast
        .search('reset password', { combineWith: 'AND' })
        .map((h) => h.id)
        .sort(),
      [0, 1],
    );
  });
});

describe('bestFirst', () => {
  it('yields what a stable sort gives, lazily', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ score: fc.integer({ min: 0, max: 5 }), n: fc.nat() })), fc.nat({ max: 20 }), (items, k) => {
        const compare = (a: { score: number }, b: { score: number }) => b.score - a.score;
        const taken: typeof items = [];
        for (const item of bestFirst(items, compare)) {
          if (taken.length === k) break;
          taken.push(item);
        }
        assert.deepEqual(taken, [...items].sort(compare).slice(0, k));
      }),
    );
  });
});
