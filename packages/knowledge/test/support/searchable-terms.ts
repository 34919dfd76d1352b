import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { SerializedPostings } from '../../src/search/postings.js';
import { TermIndex } from '../../src/search/term-index.js';

/** A term's postings as MiniSearch holds them: field id → section number → term frequency. */
export type TermPostings = Map<number, Map<number, number>>;

/** Decodes one term's packed postings (see `SerializedPostings.postings`) into MiniSearch's form. */
export function decodeTermPostings(packed: readonly number[]): TermPostings {
  const byField: TermPostings = new Map();
  for (let at = 0; at < packed.length;) {
    const field = packed[at]!;
    const n = packed[at + 1]!;
    const docs = new Map<number, number>();
    let doc = 0;
    for (let k = 0; k < n; k++) {
      doc += packed[at + 2 + k]!;
      docs.set(doc, packed[at + 2 + n + k]!);
    }
    byField.set(field, docs);
    at += 2 + 2 * n;
  }
  return byField;
}

/**
 * A `SearchableMap` of sorted terms, filled in sorted order (as kotae's term tree was), each term
 * with its decoded postings.
 */
export function sortedTree(terms: readonly string[], packed: readonly (readonly number[])[]): SearchableMap<TermPostings> {
  const tree = new SearchableMap<TermPostings>();
  terms.forEach((t, i) => tree.set(t, decodeTermPostings(packed[i]!)));
  return tree;
}

/**
 * MiniSearch's term index (the `SearchableMap` it keeps as its private `_index`) over a
 * {@link TermIndex}: fuzzy matches of Latin words within one edit come from `TermIndex.near`, in
 * its order, everything else from a `SearchableMap` of the same terms. A MiniSearch searching it
 * searches the same term index as `PostingsSearch` over that `TermIndex`, so the two can be
 * compared exactly, float for float.
 */
export class SearchableTerms {
  readonly #terms: readonly string[];
  readonly #index: TermIndex;
  readonly #tree: SearchableMap<TermPostings>;

  constructor(terms: readonly string[], packed: readonly (readonly number[])[], index: TermIndex) {
    this.#terms = terms;
    this.#index = index;
    this.#tree = sortedTree(terms, packed);
  }

  get size(): number {
    return this.#terms.length;
  }

  get(term: string): TermPostings | undefined {
    return this.#tree.get(term);
  }

  has(term: string): boolean {
    return this.#tree.has(term);
  }

  fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]> {
    const near = this.#index.near(term, maxDistance);
    if (!near) return this.#tree.fuzzyGet(term, maxDistance);
    return new Map([...near].map(([t, [, distance]]) => [t, [this.#tree.get(t)!, distance]]));
  }

  atPrefix(prefix: string): SearchableMap<TermPostings> {
    return this.#tree.atPrefix(prefix);
  }

  [Symbol.iterator](): IterableIterator<[string, TermPostings]> {
    return this.#tree[Symbol.iterator]();
  }
}

/**
 * A real MiniSearch over `postings` (document `i` with id `i`): its document data through
 * `loadJS`, its term index a {@link SearchableTerms} over `terms`.
 */
export function miniSearchOver(postings: SerializedPostings, terms: TermIndex, options: Options<Record<string, unknown>>): MiniSearch {
  const n = postings.documentCount;
  const width = postings.fields.length;
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, number[]> = {};
  for (let i = 0; i < n; i++) {
    documentIds[i] = i;
    fieldLength[i] = postings.fieldLength.slice(i * width, (i + 1) * width);
  }
  const mini = MiniSearch.loadJS(
    {
      documentCount: n,
      nextId: n,
      documentIds,
      fieldIds: Object.fromEntries(postings.fields.map((f, i) => [f, i])),
      fieldLength,
      averageFieldLength: [...postings.averageFieldLength],
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  (mini as unknown as { _index: unknown })._index = new SearchableTerms(postings.terms, postings.postings, terms);
  return mini;
}
