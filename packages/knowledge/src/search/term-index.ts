import SearchableMap from 'minisearch/SearchableMap';
import { decodeTermPostings, type TermPostings } from './postings.js';

/** Terms within one edit of an all-`[a-z]` word: at most one UTF-16 code unit outside `[a-z]`. */
const NEAR_LATIN = /^[a-z]*[^a-z]?[a-z]*$/;
const LATIN = /^[a-z]+$/;

/**
 * MiniSearch's term index (the `_index` it looks terms up in), restored from sorted packed
 * postings: exact lookups go through a hash map and a term's postings are decoded on first use.
 *
 * MiniSearch keeps its terms in a radix tree (`SearchableMap`) whose nodes are scanned linearly;
 * a Japanese index has thousands of children at the root (one per first character), so building
 * the tree took most of a bundle's load time and every lookup scanned them. Search only needs the
 * tree for fuzzy and prefix matching: fuzzy matching of Latin words (the only fuzzy matching kotae
 * asks for) uses a small tree of the terms within reach of a Latin word, built on first use; any
 * other tree operation (prefix matching, iteration, changes) builds the full tree once and
 * delegates to it. Implements the members of `SearchableMap` that MiniSearch calls.
 */
export class TermIndex {
  readonly #terms: readonly string[];
  readonly #packed: readonly (readonly number[])[];
  readonly #position = new Map<string, number>();
  readonly #decoded: (TermPostings | undefined)[];
  #latin: SearchableMap<number> | undefined;
  #full: SearchableMap<TermPostings> | undefined;

  /**
   * @param terms - every term, each once
   * @param packed - the packed postings of `terms[i]` at `i` (see `SerializedPostings`)
   */
  constructor(terms: readonly string[], packed: readonly (readonly number[])[]) {
    this.#terms = terms;
    this.#packed = packed;
    this.#decoded = new Array<TermPostings | undefined>(terms.length);
    for (let i = 0; i < terms.length; i++) this.#position.set(terms[i]!, i);
  }

  /** The postings of `term` (field id → document → frequency), or undefined. */
  get(term: string): TermPostings | undefined {
    if (this.#full) return this.#full.get(term);
    const i = this.#position.get(term);
    return i === undefined ? undefined : this.#postings(i);
  }

  has(term: string): boolean {
    return this.#full ? this.#full.has(term) : this.#position.has(term);
  }

  get size(): number {
    return this.#full ? this.#full.size : this.#terms.length;
  }

  /** Terms within `maxDistance` edits of `term`, with their postings and distance (as `SearchableMap`). */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]> {
    const near = this.near(term, maxDistance);
    if (!near) return this.#tree().fuzzyGet(term, maxDistance);
    const found = new Map<string, [TermPostings, number]>();
    for (const [t, [i, distance]] of near) found.set(t, [this.#postings(i), distance]);
    return found;
  }

  /**
   * Whether the sorted terms and packed postings still describe the index: true until an operation
   * that needs MiniSearch's tree (prefix matching, iteration, a change) has built it.
   */
  get unchanged(): boolean {
    return !this.#full;
  }

  /** The position of `term` in the sorted terms, or undefined (while {@link TermIndex.unchanged}). */
  position(term: string): number | undefined {
    return this.#position.get(term);
  }

  /** The packed postings of the term at `position` (see `SerializedPostings.postings`). */
  packed(position: number): readonly number[] {
    return this.#packed[position]!;
  }

  /**
   * Terms within `maxDistance` edits of `term` with their position and distance, in the order
   * {@link TermIndex.fuzzyGet} gives them; undefined unless `term` is all `[a-z]`, `maxDistance` is
   * at most 1 and the index is unchanged.
   */
  near(term: string, maxDistance: number): Map<string, [number, number]> | undefined {
    if (this.#full || maxDistance > 1 || !LATIN.test(term)) return undefined;
    if (!this.#latin) {
      this.#latin = new SearchableMap<number>();
      this.#terms.forEach((t, i) => NEAR_LATIN.test(t) && this.#latin!.set(t, i));
    }
    return this.#latin.fuzzyGet(term, maxDistance);
  }

  atPrefix(prefix: string): SearchableMap<TermPostings> {
    return this.#tree().atPrefix(prefix);
  }

  fetch(term: string, initial: () => TermPostings): TermPostings {
    return this.#tree().fetch(term, initial);
  }

  set(term: string, postings: TermPostings): this {
    this.#tree().set(term, postings);
    return this;
  }

  delete(term: string): void {
    this.#tree().delete(term);
  }

  [Symbol.iterator](): IterableIterator<[string, TermPostings]> {
    return this.#tree()[Symbol.iterator]();
  }

  #postings(i: number): TermPostings {
    return (this.#decoded[i] ??= decodeTermPostings(this.#packed[i]!));
  }

  #tree(): SearchableMap<TermPostings> {
    if (!this.#full) {
      const full = new SearchableMap<TermPostings>();
      this.#terms.forEach((t, i) => full.set(t, this.#postings(i)));
      this.#full = full;
    }
    return this.#full;
  }
}
