import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import { bestFirst } from '../src/search/best-first.js';
import { postingsFromMiniSearch } from '../src/search/build-postings.js';
import { PostingsSearch, type Hit } from '../src/search/postings-search.js';
import { TermIndex } from '../src/search/term-index.js';
import { miniSearchOver } from './support/searchable-terms.js';

const FIELDS = ['title', 'body', 'grams'];
const split = (text: string) => text.split(' ');

/**
 * A MiniSearch over `docs` as built, a MiniSearch restored from its postings over a TermIndex (see
 * miniSearchOver), and a PostingsSearch over the same postings and TermIndex.
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
  return { built, restored: miniSearchOver(postings, terms, options), fast: new PostingsSearch(postings, terms, options) };
}

/** PostingsSearch's hits, or undefined when it refuses the query (and says so). */
function covered(fast: PostingsSearch, query: Query, opts?: SearchOptions): Hit[] | undefined {
  try {
    return fast.search(query, opts);
  } catch (e) {
    assert.match((e as Error).message, /^PostingsSearch does not cover/);
    return undefined;
  }
}

function byId(hits: readonly Hit[]): { id: number; score: number; terms: string[]; queryTerms: string[] }[] {
  return hits
    .map(({ id, score, terms, queryTerms }) => ({ id, score, terms: [...terms], queryTerms: [...queryTerms] }))
    .sort((a, b) => a.id - b.id);
}

const word: fc.Arbitrary<string> = fc.constantFrom(
  'password',
  'passwrod',
  'passwords',
  'passw0rd',
  'reset',
  '1reset',
  'ｒeset',
  '-invoice',
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

/** kotae's word fields in these tests (grams are looked up in `grams` only). */
const WORDS = ['title', 'body'];

/**
 * A query as SearchIndex sends it: query words (and completions of the last one) in the word
 * fields, and grams in `grams`, combined with OR when there are grams; and its options, each term
 * weighted as SearchIndex weighs it (grams and words 1, completions less).
 */
const kotaeQuery: fc.Arbitrary<{ query: Query; options: SearchOptions }> = fc
  .tuple(
    fc.uniqueArray(word, { minLength: 1, maxLength: 4 }),
    fc.uniqueArray(word, { maxLength: 3 }),
    fc.uniqueArray(word, { maxLength: 3 }),
    fc.boolean(),
    fc.constantFrom(undefined, (id: unknown) => ((id as number) % 3 === 0 ? 1.5 : 1)),
  )
  .map(([words, completions, grams, fuzzy, boostDocument]) => {
    const weights = new Map<string, number>();
    for (const w of words) weights.set(w, 1);
    for (const c of completions) if (!weights.has(c)) weights.set(c, 0.4 * Math.min(1, 3 / c.length + 0.25));
    const gramTerms = grams.filter((g) => !weights.has(g));
    for (const g of gramTerms) weights.set(g, 1);
    const wordTerms = [...weights.keys()].filter((t) => !gramTerms.includes(t));
    const query: Query =
      gramTerms.length === 0
        ? wordTerms.join(' ')
        : {
            combineWith: 'OR',
            queries: [
              { queries: [wordTerms.join(' ')], fields: WORDS },
              { queries: [gramTerms.join(' ')], fields: ['grams'] },
            ],
          };
    const options: SearchOptions = {
      boost: { title: 2, body: 1, grams: 1 },
      bm25: { k: 1.2, b: 0.75, d: 0.5 },
      prefix: false,
      fuzzy: fuzzy ? (t: string) => (/^[a-z]{5,}$/.test(t) && weights.get(t) === 1 ? 1 : false) : false,
      maxFuzzy: 1,
      weights: { fuzzy: 0.3, prefix: 0.4 },
      boostTerm: (t: string) => weights.get(t) ?? 1,
      ...(boostDocument ? { boostDocument } : {}),
    };
    return { query, options };
  });

describe('PostingsSearch', () => {
  it('scores exactly like MiniSearch over the same term index', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 12 }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        options,
        (docs, query, opts) => {
          const { restored, fast } = indexes(docs);
          const q = [...new Set(query)].join(' ');
          const hits = covered(fast, q, opts);
          if (hits) assert.deepEqual(byId(hits), byId(restored.search(q, opts)));
          else refused++;
        },
      ),
      { numRuns: 400 },
    );
    // Fuzzy matching of non-Latin words or within two edits is refused; the rest is not.
    assert.ok(refused < 400 / 2, `${refused} of 400 searches refused`);
  });

  it('scores combined queries exactly like MiniSearch over the same term index', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), combined, options, (docs, query, opts) => {
        const { restored, fast } = indexes(docs);
        const hits = covered(fast, query, opts);
        if (hits) assert.deepEqual(byId(hits), byId(restored.search(query, opts)));
        else refused++;
      }),
      { numRuns: 400 },
    );
    assert.ok(refused < 400 / 2, `${refused} of 400 searches refused`);
  });

  it('answers every query SearchIndex sends, exactly like MiniSearch', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), kotaeQuery, (docs, { query, options: opts }) => {
        const { restored, fast } = indexes(docs);
        assert.deepEqual(byId(fast.search(query, opts)), byId(restored.search(query, opts)));
      }),
      { numRuns: 500 },
    );
  });

  it("answers kotae's combined queries itself", () => {
    const { restored, fast } = indexes([
      { title: 'reset password', body: 'invoice 請求', grams: '請求 請求書' },
      { title: 'passwrod', body: 'reset', grams: '請求書' },
    ]);
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
    assert.deepEqual(byId(fast.search(query, opts)), byId(restored.search(query, opts)));
    assert.equal(fast.search(query, opts).length, 2);
  });

  it('adds fuzzy matches that start with another character after the others, as before', () => {
    // `-reset` and `1eset` sort before `preset`, but the tree kotae used listed them last (first
    // the one in place of the first letter, then the one before it); the scores add up in that
    // order, so another order could change a score's last bit.
    const { restored, fast } = indexes([{ title: 'preset -reset', body: '1eset preset', grams: 'reset' }]);
    const opts: SearchOptions = { fuzzy: 1, maxFuzzy: 1 };
    const [hit] = fast.search('reset', opts);
    assert.deepEqual(hit?.terms, ['reset', 'preset', '1eset', '-reset']);
    assert.deepEqual(byId(fast.search('reset', opts)), byId(restored.search('reset', opts)));
  });

  it('adds up fields in the order a query lists them, as MiniSearch does', () => {
    // (grams + body) + fuzzy match differs in the last bit from (body + grams) + fuzzy match.
    const { restored, fast } = indexes([{ title: '', body: 'passwords passwords', grams: 'passwords password' }]);
    const query: Query = { queries: [{ queries: ['password'], fields: ['grams', 'body'], fuzzy: 1 }] };
    const opts = { bm25: { k: 0.9, b: 0.75, d: 0 } };
    assert.deepEqual(byId(fast.search(query, opts)), byId(restored.search(query, opts)));
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
          const hits = covered(fast, q, opts);
          if (!hits) return;
          const expected = byId(built.search(q, opts));
          const actual = byId(hits);
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
    let compared = 0;
    for (const defaults of [
      {},
      { processTerm: lower },
      { boost: { title: 3 }, fuzzy: 1, maxFuzzy: 1 },
      { tokenize: (t: string) => t.split(/[ ,]/), weights: { fuzzy: 0.9, prefix: 0.375 } },
    ] as SearchOptions[]) {
      const { restored, fast } = indexes(docs, defaults);
      for (const query of ['reset password', 'RESET,password skip', 'invoice,2021']) {
        for (const opts of [undefined, { fuzzy: false }]) {
          const hits = covered(fast, query, opts);
          if (!hits) continue;
          assert.deepEqual(byId(hits), byId(restored.search(query, opts)), `${query} ${JSON.stringify(defaults)}`);
          compared++;
        }
      }
    }
    // Only fuzzy matching of terms that are not all [a-z] (`RESET,password`, `invoice,2021`) is refused.
    assert.equal(compared, 22);
  });

  it('refuses what it does not cover rather than answer differently', () => {
    const { restored, fast } = indexes([
      { title: 'reset password', body: 'invoice', grams: '' },
      { title: 'reset', body: 'password', grams: '' },
    ]);
    for (const opts of [
      { combineWith: 'AND' },
      { prefix: true },
      { fuzzy: 2 },
      { fuzzy: 1, maxFuzzy: 1, bogus: true },
    ] as SearchOptions[]) {
      assert.throws(() => fast.search('reset passw', opts), /^InvalidOptionError: PostingsSearch does not cover/, JSON.stringify(opts));
    }
    const queries: Query[] = [
      { combineWith: 'AND', queries: ['reset', 'password'] },
      { queries: [{ combineWith: 'AND_NOT', queries: ['reset', 'invoice'] }, 'password'] },
      { queries: [{ queries: ['passw'], prefix: true }, 'reset'] },
      { queries: [MiniSearch.wildcard, 'reset'] },
      { queries: [{ queries: ['パスワード'], fuzzy: 1 }] },
    ];
    for (const query of queries) assert.throws(() => fast.search(query), /^InvalidOptionError: PostingsSearch does not cover/);
    assert.deepEqual(byId(fast.search('reset passw', { fields: ['title'] })), byId(restored.search('reset passw', { fields: ['title'] })));
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
