import SearchableMap from 'minisearch/SearchableMap';
import { decodeTermPostings, type TermPostings } from './postings.js';

const LATIN = /^[a-z]+$/;

/**
 * The terms within one edit of some all-`[a-z]` word (those with at most one UTF-16 code unit
 * outside `[a-z]`): the ones that start with `[a-z]` in a radix tree (whose root then has at most
 * 26 children), the others (a character outside `[a-z]`, then `[a-z]*`) by what follows that
 * first character. Such a term is one edit from a word `w` exactly when it is that character
 * followed by `w` (an insertion) or by `w` without its first letter (a substitution).
 */
interface NearLatin {
  readonly tree: SearchableMap<number>;
  readonly byRest: Map<string, number[]>;
}

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
  #latin: NearLatin | undefined;
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
    const latin = (this.#latin ??= nearLatin(this.#terms));
    const found = latin.tree.fuzzyGet(term, maxDistance);
    if (maxDistance === 1) {
      for (const rest of [term.slice(1), term]) {
        for (const i of latin.byRest.get(rest) ?? []) found.set(this.#terms[i]!, [i, 1]);
      }
    }
    return found;
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

function nearLatin(terms: readonly string[]): NearLatin {
  const tree = new SearchableMap<number>();
  const byRest = new Map<string, number[]>();
  terms.forEach((term, i) => {
    let outside = -1;
    for (let j = 0; j < term.length; j++) {
      const c = term.charCodeAt(j);
      if (c >= 0x61 && c <= 0x7a) continue;
      if (outside >= 0) return;
      outside = j;
    }
    if (outside !== 0) tree.set(term, i);
    else {
      const rest = term.slice(1);
      const list = byRest.get(rest);
      if (list) list.push(i);
      else byRest.set(rest, [i]);
    }
  });
  return { tree, byRest };
}
