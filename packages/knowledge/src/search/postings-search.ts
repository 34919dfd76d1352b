import type { Options as MiniSearchIndexOptions, Query, SearchOptions as MiniSearchOptions } from 'minisearch';
import type { SerializedPostings } from './postings.js';
import type { TermIndex } from './term-index.js';

/**
 * One hit as MiniSearch's `search` reports it: the members kotae reads. (From
 * {@link PostingsSearch}, `terms` and `queryTerms` are frozen arrays shared by the hits that
 * matched the same terms.)
 */
export interface Hit {
  /** The document (section number in its locale). */
  readonly id: number;
  /** MiniSearch's score: the BM25+ sum times the number of query terms matched. */
  readonly score: number;
  /** The index terms that matched (MiniSearch's `Object.keys(match)`). */
  readonly terms: string[];
  /** The query terms that matched, in query order. */
  readonly queryTerms: string[];
}

/**
 * Something that searches like `MiniSearch.search`: MiniSearch itself or {@link PostingsSearch}.
 * The hits may come in any order.
 */
export interface HitSearch {
  search(query: Query, options?: MiniSearchOptions): Hit[];
}

/** The search options {@link PostingsSearch} computes itself; any other makes it ask MiniSearch. */
const SUPPORTED = new Set(['tokenize', 'processTerm', 'boost', 'bm25', 'prefix', 'fuzzy', 'maxFuzzy', 'weights', 'boostTerm', 'boostDocument']);
/** MiniSearch 7's default tokenizer's separators (Unicode spaces and punctuation). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
/** MiniSearch 7's defaults for those options. */
const DEFAULTS = { maxFuzzy: 6, weights: { fuzzy: 0.45, prefix: 0.375 }, bm25: { k: 1.2, b: 0.7, d: 0.5 } } as const;

/** Per-document scratch space, reused from search to search (searches are synchronous). */
interface Scratch {
  /** The documents one query term matched, and all the search matched, in the order found. */
  readonly touched: Int32Array;
  readonly found: Int32Array;
  /** The nodes of {@link Lists}. */
  next: Int32Array;
  value: Int32Array;
  readonly total: Float64Array;
  readonly termTotal: Float64Array;
  /** The last search, query term and index term (`#stamp`s) that touched each document. */
  readonly seenIn: Int32Array;
  readonly listsIn: Int32Array;
  readonly termIn: Int32Array;
  readonly derivedIn: Int32Array;
  /** Heads of each document's lists of matched query terms and index terms (in `next`/`value`). */
  readonly queryHead: Int32Array;
  readonly derivedHead: Int32Array;
}

/**
 * MiniSearch's `search`, computed over packed postings with typed arrays instead of a `Map` and
 * objects per matching document: the same scores (the same floating-point operations in the same
 * order), query terms and matched terms, several times faster on large indexes, where a frequent
 * word matches tens of thousands of sections.
 *
 * It covers the options kotae passes for one query string (OR of its terms, no prefix expansion, fuzzy matching
 * of Latin words within one edit, field boosts, BM25 parameters, term and document boosts); for
 * anything else it returns MiniSearch's own answer, so the two never disagree. Document `i` must
 * have the id `i` (as {@link SerializedPostings} numbers them).
 */
export class PostingsSearch implements HitSearch {
  readonly #postings: SerializedPostings;
  readonly #terms: TermIndex;
  readonly #mini: HitSearch;
  readonly #options: MiniSearchIndexOptions;
  #scratch: Scratch | undefined;
  #stamp = 0;

  /**
   * @param postings - the index's data
   * @param terms - its term index (the one `mini` uses)
   * @param mini - the MiniSearch over the same data, for options this class does not cover
   * @param options - the options `mini` was made with (its tokenizers and default search options)
   */
  constructor(postings: SerializedPostings, terms: TermIndex, mini: HitSearch, options: MiniSearchIndexOptions) {
    this.#postings = postings;
    this.#terms = terms;
    this.#mini = mini;
    this.#options = options;
  }

  search(query: Query, searchOptions: MiniSearchOptions = {}): Hit[] {
    // Combined queries (words in some fields OR grams in others) are MiniSearch's to answer.
    if (typeof query !== 'string') return this.#mini.search(query, searchOptions);
    // Options compose as in MiniSearch: its defaults, the index's tokenizers, its default search
    // options, then this search's.
    const { tokenize, processTerm, searchOptions: defaults } = this.#options;
    const options: MiniSearchOptions = { tokenize, processTerm, ...defaults, ...searchOptions };
    for (const key in options) if (!SUPPORTED.has(key)) return this.#mini.search(query, searchOptions);
    if (options.prefix || !this.#terms.unchanged) return this.#mini.search(query, searchOptions);
    const split = options.tokenize ?? ((text: string) => text.split(SPACE_OR_PUNCTUATION));
    const process = options.processTerm ?? ((term: string) => term.toLowerCase());
    const terms = split(query)
      .flatMap((term) => process(term))
      .filter((term): term is string => !!term);
    const maxFuzzy = options.maxFuzzy ?? DEFAULTS.maxFuzzy;
    const fuzzyWeight = { ...DEFAULTS.weights, ...options.weights }.fuzzy;
    // What each query term matches: itself, then its fuzzy variants (as MiniSearch orders them).
    const plan: Planned[] = [];
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy || false;
      const boost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
      const derived: [string, number | undefined, number][] = [[term, this.#terms.position(term), 1]];
      if (fuzzy) {
        const f = fuzzy === true ? 0.2 : fuzzy;
        const maxDistance = f < 1 ? Math.min(maxFuzzy, Math.round(term.length * f)) : f;
        if (maxDistance) {
          const near = this.#terms.near(term, maxDistance);
          if (!near) return this.#mini.search(query, searchOptions);
          for (const [variant, [position, distance]] of near) {
            if (distance) derived.push([variant, position, (fuzzyWeight * variant.length) / (variant.length + distance)]);
          }
        }
      }
      plan.push({ term, boost, derived });
    }
    return this.#score(plan, options);
  }

  #score(plan: readonly Planned[], options: MiniSearchOptions): Hit[] {
    const { fields, fieldLength, averageFieldLength, documentCount } = this.#postings;
    const width = fields.length;
    const fieldBoost = fields.map((f) => (Object.hasOwn(options.boost ?? {}, f) ? options.boost![f] : 0) || 1);
    const { k, b, d } = options.bm25 ?? DEFAULTS.bm25;
    const boostDocument = options.boostDocument;
    const s = (this.#scratch ??= scratch(documentCount));
    if (this.#stamp > 2 ** 30) {
      for (const a of [s.seenIn, s.listsIn, s.termIn, s.derivedIn]) a.fill(0);
      this.#stamp = 0;
    }
    const search = ++this.#stamp;
    let found = 0;
    const lists = new Lists(s);
    const derivedTerms: string[] = [];
    for (let q = 0; q < plan.length; q++) {
      const { boost, derived } = plan[q]!;
      const term = ++this.#stamp;
      let touched = 0;
      for (const [derivedTerm, position, weight] of derived) {
        if (position === undefined) continue;
        const derivedId = derivedTerms.push(derivedTerm) - 1;
        const stamp = ++this.#stamp;
        const packed = this.#terms.packed(position);
        // MiniSearch visits the fields in their boost order, which is the field-id order.
        for (let f = 0; f < width; f++) {
          let at = 0;
          while (at < packed.length && packed[at] !== f) at += 2 + 2 * packed[at + 1]!;
          if (at >= packed.length) continue;
          const n = packed[at + 1]!;
          const constant = weight * boost * fieldBoost[f]!;
          const avgFieldLength = averageFieldLength[f]!;
          const invDocFreq = Math.log(1 + (documentCount - n + 0.5) / (n + 0.5));
          let doc = 0;
          for (let j = 0; j < n; j++) {
            doc += packed[at + 2 + j]!;
            const docBoost = boostDocument ? boostDocument(doc, derivedTerm, undefined) : 1;
            if (!docBoost) continue;
            const termFreq = packed[at + 2 + n + j]!;
            const length = fieldLength[doc * width + f]!;
            const raw = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * length) / avgFieldLength)));
            const weighted = constant * docBoost * raw;
            if (s.termIn[doc] !== term) {
              s.termIn[doc] = term;
              s.termTotal[doc] = weighted;
              s.touched[touched++] = doc;
            } else s.termTotal[doc] = s.termTotal[doc]! + weighted;
            if (s.derivedIn[doc] !== stamp) {
              s.derivedIn[doc] = stamp;
              if (s.listsIn[doc] !== search) {
                s.listsIn[doc] = search;
                s.queryHead[doc] = -1;
                s.derivedHead[doc] = -1;
              }
              s.derivedHead[doc] = lists.prepend(s.derivedHead[doc]!, derivedId);
            }
          }
        }
      }
      // Combine like MiniSearch's OR: add each document's total for this term to its score.
      for (let t = 0; t < touched; t++) {
        const doc = s.touched[t]!;
        if (s.seenIn[doc] !== search) {
          s.seenIn[doc] = search;
          s.total[doc] = s.termTotal[doc]!;
          s.found[found++] = doc;
        } else s.total[doc] = s.total[doc]! + s.termTotal[doc]!;
        s.queryHead[doc] = lists.prepend(s.queryHead[doc]!, q);
      }
    }
    // Documents matching the same terms share one (frozen) array of them.
    const queryNames = new NameLists(plan.map((p) => p.term), false);
    const derivedNames = new NameLists(derivedTerms, true);
    // MiniSearch sorts its hits by score; every caller here sorts them again, so they are not.
    const hits: Hit[] = new Array<Hit>(found);
    for (let i = 0; i < found; i++) {
      const doc = s.found[i]!;
      const queryTerms = queryNames.of(s.queryHead[doc]!, lists);
      hits[i] = { id: doc, score: s.total[doc]! * (queryTerms.length || 1), terms: derivedNames.of(s.derivedHead[doc]!, lists), queryTerms };
    }
    return hits;
  }
}

/** What a query term matches: itself, then its fuzzy variants, each with its position and weight. */
interface Planned {
  readonly term: string;
  readonly boost: number;
  readonly derived: readonly [term: string, position: number | undefined, weight: number][];
}

/** Linked lists of small numbers, built by prepending, in the scratch space's growable arrays. */
class Lists {
  readonly #s: Scratch;
  #size = 0;

  constructor(s: Scratch) {
    this.#s = s;
  }

  /** Prepends `value` to the list at `head` (-1: empty) and returns the new head. */
  prepend(head: number, value: number): number {
    const s = this.#s;
    if (this.#size === s.next.length) {
      s.next = grow(s.next);
      s.value = grow(s.value);
    }
    s.next[this.#size] = head;
    s.value[this.#size] = value;
    return this.#size++;
  }

  next(node: number): number {
    return this.#s.next[node]!;
  }

  value(node: number): number {
    return this.#s.value[node]!;
  }
}

/**
 * The unique names of lists of name numbers, in the order they were added (MiniSearch's
 * `queryTerms`), or as the keys of MiniSearch's `match` object (its `terms`), one shared frozen
 * array per distinct list.
 */
class NameLists {
  readonly #names: readonly string[];
  readonly #asKeys: boolean;
  readonly #root: Trie = { children: new Map(), names: undefined };

  constructor(names: readonly string[], asKeys: boolean) {
    this.#names = names;
    this.#asKeys = asKeys;
  }

  of(head: number, lists: Lists): string[] {
    let trie = this.#root;
    const numbers: number[] = [];
    for (let node = head; node >= 0; node = lists.next(node)) {
      const n = lists.value(node);
      numbers.push(n);
      let child = trie.children.get(n);
      if (!child) trie.children.set(n, (child = { children: new Map(), names: undefined }));
      trie = child;
    }
    return (trie.names ??= Object.freeze(this.#unique(numbers.reverse())) as string[]);
  }

  #unique(numbers: readonly number[]): string[] {
    const all = numbers.map((n) => this.#names[n]!);
    if (!this.#asKeys) return all.filter((t, i) => all.indexOf(t) === i);
    // MiniSearch creates a document's `match` with its first matched term as an own key and
    // assigns later ones, so a later `__proto__` sets the prototype instead of adding a key.
    const names = all.filter((t, i) => all.indexOf(t) === i && (t !== '__proto__' || i === 0));
    // An object's keys come integer-like first; fromEntries defines own keys, even `__proto__`.
    return names.some((t) => INTEGER_LIKE.test(t)) ? Object.keys(Object.fromEntries(names.map((t) => [t, true]))) : names;
  }
}

interface Trie {
  readonly children: Map<number, Trie>;
  names: string[] | undefined;
}

const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

function grow(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

function scratch(n: number): Scratch {
  return {
    touched: new Int32Array(n),
    found: new Int32Array(n),
    next: new Int32Array(1024),
    value: new Int32Array(1024),
    total: new Float64Array(n),
    termTotal: new Float64Array(n),
    seenIn: new Int32Array(n),
    listsIn: new Int32Array(n),
    termIn: new Int32Array(n),
    derivedIn: new Int32Array(n),
    queryHead: new Int32Array(n),
    derivedHead: new Int32Array(n),
  };
}
