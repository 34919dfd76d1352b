import type { Options as MiniSearchIndexOptions, Query, SearchOptions as MiniSearchOptions } from 'minisearch';
import type { SerializedPostings } from './postings.js';
import type { TermIndex } from './term-index.js';
import { InvalidOptionError } from '../errors.js';

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

/** The search options {@link PostingsSearch} computes; it refuses any other. */
const SUPPORTED = new Set([
  'tokenize',
  'processTerm',
  'fields',
  'combineWith',
  'queries',
  'boost',
  'bm25',
  'prefix',
  'fuzzy',
  'maxFuzzy',
  'weights',
  'boostTerm',
  'boostDocument',
]);
/** Options that, given as `undefined`, replace MiniSearch's defaults (which may make it throw): not covered. */
const REQUIRED = ['tokenize', 'processTerm', 'boost', 'bm25'] as const;
/** MiniSearch 7's default tokenizer's separators (Unicode spaces and punctuation). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
/** MiniSearch 7's default search options (`defaultSearchOptions`), under an index's own. */
const DEFAULTS = {
  combineWith: 'or',
  prefix: false,
  fuzzy: false,
  maxFuzzy: 6,
  boost: {},
  weights: { fuzzy: 0.45, prefix: 0.375 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
} as const satisfies MiniSearchOptions;

/** A document's running total and the documents that have one, at one level of the query tree. */
interface Level {
  readonly sum: Float64Array;
  /** The `#stamp` of the query node that last set each document's `sum`. */
  readonly stampOf: Int32Array;
  /** The documents with a `sum`, in the order found. */
  readonly docs: Int32Array;
  count: number;
}

/** Per-document scratch space, reused from search to search (searches are synchronous). */
interface Scratch {
  /**
   * Level 0 holds the search's results, level `l + 1` those of the query node being added into
   * level `l` (a query term's into its query string's, a query string's into its combination's).
   */
  readonly levels: Level[];
  /** The nodes of {@link Lists}. */
  next: Int32Array;
  value: Int32Array;
  /** The last search and index term (`#stamp`s) that touched each document. */
  readonly listsIn: Int32Array;
  readonly derivedIn: Int32Array;
  /** Heads of each document's lists of matched query terms and index terms (in `next`/`value`). */
  readonly queryHead: Int32Array;
  readonly derivedHead: Int32Array;
}

/**
 * MiniSearch's `search`, computed over packed postings with typed arrays instead of a `Map` and
 * objects per matching document: the same scores (the same floating-point operations in the same
 * order), query terms and matched terms, several times faster on large indexes, where a frequent
 * word matches tens of thousands of sections. It needs no MiniSearch (the browser does not
 * download one): only the index's data and terms.
 *
 * It covers the options kotae passes: query strings (OR of their terms, no prefix expansion, fuzzy
 * matching of Latin words within one edit, fields and field boosts, BM25 parameters, term and
 * document boosts) and OR combinations of them, each part with its own options (kotae looks words
 * up in some fields and grams in another). Anything else MiniSearch can be asked (AND, prefix
 * expansion, the wildcard, other fuzzy matching, other options) makes it throw rather than answer
 * differently. Document `i` must have the id `i` (as {@link SerializedPostings} numbers them).
 *
 * @example
 * ```ts
 * const search = new PostingsSearch(postings, new TermIndex(postings.terms, postings.postings), { fields: postings.fields });
 * search.search({ combineWith: 'OR', queries: [{ queries: ['reset password'], fields: ['title'] }, 'パス'] });
 * ```
 */
export class PostingsSearch {
  readonly #postings: SerializedPostings;
  readonly #terms: TermIndex;
  readonly #options: MiniSearchIndexOptions;
  #scratch: Scratch | undefined;
  #stamp = 0;

  /**
   * @param postings - the index's data
   * @param terms - its terms
   * @param options - the MiniSearch options of the index (its fields, tokenizers and default search options)
   */
  constructor(postings: SerializedPostings, terms: TermIndex, options: MiniSearchIndexOptions) {
    this.#postings = postings;
    this.#terms = terms;
    this.#options = options;
  }

  /**
   * The hits MiniSearch's `search(query, searchOptions)` would give over this index, in no
   * particular order. Throws an {@link InvalidOptionError} for a query or option it does not cover (see above).
   */
  search(query: Query, searchOptions: MiniSearchOptions = {}): Hit[] {
    const plan = this.#plan(query, searchOptions);
    if (!plan) throw new InvalidOptionError('query', `PostingsSearch does not cover the query ${JSON.stringify(query)} with these options`);
    return this.#score(plan);
  }

  /**
   * What `query` matches and how each match is weighed, or undefined for a query or option this
   * class does not cover. Options compose as in MiniSearch's `executeQuery`: a combination's own
   * members override the options it is given; a query string's options are MiniSearch's defaults,
   * the index's tokenizers and default search options, then those.
   */
  #plan(query: Query, given: MiniSearchOptions): Plan | undefined {
    if (typeof query === 'object') {
      if (!Array.isArray(query.queries)) return undefined;
      const options = { ...given, ...query, queries: undefined };
      if (!isOr(options.combineWith)) return undefined;
      const parts: Plan[] = [];
      for (const part of query.queries) {
        const planned = this.#plan(part, options);
        if (!planned) return undefined;
        parts.push(planned);
      }
      // MiniSearch reduces the parts' results, so one part's are the combination's, unchanged.
      return parts.length === 1 ? parts[0] : parts;
    }
    if (typeof query !== 'string') return undefined; // the wildcard
    const {
      fields: indexFields,
      tokenize = (text: string) => text.split(SPACE_OR_PUNCTUATION),
      processTerm = (term: string) => term.toLowerCase(),
    } = this.#options;
    const options: MiniSearchOptions = { tokenize, processTerm, ...DEFAULTS, ...this.#options.searchOptions, ...given };
    for (const key in options) if (!SUPPORTED.has(key)) return undefined;
    if (REQUIRED.some((key) => options[key] === undefined) || ('queries' in options && options.queries !== undefined)) return undefined;
    if (options.prefix || !isOr(options.combineWith)) return undefined;
    const terms = options.tokenize!(query)
      .flatMap((term) => options.processTerm!(term))
      .filter((term): term is string => !!term);
    // MiniSearch visits the fields in the key order of an object made from their names.
    const names = Object.keys(Object.fromEntries((options.fields || indexFields).map((name) => [name, true])));
    const fields = names.map((name) => this.#postings.fields.indexOf(name)).filter((f) => f >= 0);
    const boosts = options.boost!;
    const fieldBoost = fields.map((f) => (Object.hasOwn(boosts, this.#postings.fields[f]!) ? boosts[this.#postings.fields[f]!] : 0) || 1);
    const maxFuzzy = options.maxFuzzy!;
    const fuzzyWeight = { ...DEFAULTS.weights, ...options.weights }.fuzzy;
    // What each query term matches: itself, then its fuzzy variants (in the order of TermIndex.near).
    const planned: Planned[] = [];
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
          if (!near) return undefined;
          for (const [variant, [position, distance]] of near) {
            if (distance) derived.push([variant, position, (fuzzyWeight * variant.length) / (variant.length + distance)]);
          }
        }
      }
      planned.push({ term, boost, derived });
    }
    return { terms: planned, fields, fieldBoost, bm25: options.bm25!, boostDocument: options.boostDocument };
  }

  #score(plan: Plan): Hit[] {
    const s = (this.#scratch ??= scratch(this.#postings.documentCount));
    if (this.#stamp > 2 ** 30) {
      for (const a of [s.listsIn, s.derivedIn, ...s.levels.map((l) => l.stampOf)]) a.fill(0);
      this.#stamp = 0;
    }
    const run: Run = { search: ++this.#stamp, lists: new Lists(s), queryTerms: [], derivedTerms: [] };
    this.#add(plan, 0, run);
    // Documents matching the same terms share one (frozen) array of them.
    const queryNames = new NameLists(run.queryTerms, false);
    const derivedNames = new NameLists(run.derivedTerms, true);
    // MiniSearch sorts its hits by score; every caller here sorts them again, so they are not.
    const { sum, docs, count } = s.levels[0]!;
    const hits: Hit[] = new Array<Hit>(count);
    for (let i = 0; i < count; i++) {
      const doc = docs[i]!;
      const queryTerms = queryNames.of(s.queryHead[doc]!, run.lists);
      hits[i] = {
        id: doc,
        score: sum[doc]! * (queryTerms.length || 1),
        terms: derivedNames.of(s.derivedHead[doc]!, run.lists),
        queryTerms,
      };
    }
    return hits;
  }

  /**
   * Scores `plan` into level `depth`: each part (a query term, or a query of a combination) into
   * the next level, then that level into this one, as MiniSearch's OR adds a part's score to a
   * document's total (so the sums group as MiniSearch's do).
   */
  #add(plan: Plan, depth: number, run: Run): void {
    const level = (this.#scratch!.levels[depth] ??= newLevel(this.#postings.documentCount));
    const stamp = ++this.#stamp;
    level.count = 0;
    if (isQuery(plan)) {
      for (const term of plan.terms) {
        const q = run.queryTerms.push(term.term) - 1;
        this.#term(plan, term, depth + 1, run);
        this.#merge(depth, stamp, run, q);
      }
    } else {
      for (const part of plan) {
        this.#add(part, depth + 1, run);
        this.#merge(depth, stamp, run);
      }
    }
  }

  /** Adds level `depth + 1` into level `depth` (node `stamp`), as MiniSearch's OR; `q`: the query term matched. */
  #merge(depth: number, stamp: number, run: Run, q?: number): void {
    const s = this.#scratch!;
    const into = s.levels[depth]!;
    const { sum, stampOf, docs } = into;
    const from = s.levels[depth + 1]!;
    for (let i = 0; i < from.count; i++) {
      const doc = from.docs[i]!;
      if (stampOf[doc] !== stamp) {
        stampOf[doc] = stamp;
        sum[doc] = from.sum[doc]!;
        docs[into.count++] = doc;
      } else sum[doc] = sum[doc]! + from.sum[doc]!;
      if (q !== undefined) s.queryHead[doc] = run.lists.prepend(s.queryHead[doc]!, q);
    }
  }

  /** Scores one query term (and its fuzzy variants) of `query` into level `depth`, as MiniSearch's `termResults`. */
  #term(query: PlannedQuery, { boost, derived }: Planned, depth: number, run: Run): void {
    const {
      fieldLength,
      averageFieldLength,
      documentCount,
      fields: { length: width },
    } = this.#postings;
    const { fields, fieldBoost, boostDocument } = query;
    const { k, b, d } = query.bm25;
    const s = this.#scratch!;
    const level = (s.levels[depth] ??= newLevel(documentCount));
    const { sum, stampOf, docs } = level;
    const term = ++this.#stamp;
    let count = 0;
    for (const [derivedTerm, position, weight] of derived) {
      if (position === undefined) continue;
      const derivedId = run.derivedTerms.push(derivedTerm) - 1;
      const stamp = ++this.#stamp;
      const packed = this.#terms.packed(position);
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        let at = 0;
        while (at < packed.length && packed[at] !== f) at += 2 + 2 * packed[at + 1]!;
        if (at >= packed.length) continue;
        const n = packed[at + 1]!;
        const constant = weight * boost * fieldBoost[i]!;
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
          if (stampOf[doc] !== term) {
            stampOf[doc] = term;
            sum[doc] = weighted;
            docs[count++] = doc;
          } else sum[doc] = sum[doc]! + weighted;
          if (s.derivedIn[doc] !== stamp) {
            s.derivedIn[doc] = stamp;
            if (s.listsIn[doc] !== run.search) {
              s.listsIn[doc] = run.search;
              s.queryHead[doc] = -1;
              s.derivedHead[doc] = -1;
            }
            s.derivedHead[doc] = run.lists.prepend(s.derivedHead[doc]!, derivedId);
          }
        }
      }
    }
    level.count = count;
  }
}

/** A planned query: one query string, or an OR combination of planned queries. */
type Plan = PlannedQuery | readonly Plan[];

/** A query string's terms, with the options MiniSearch scores them with. */
interface PlannedQuery {
  readonly terms: readonly Planned[];
  /** The field numbers to look in, in MiniSearch's order, and their boosts. */
  readonly fields: readonly number[];
  readonly fieldBoost: readonly number[];
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  readonly boostDocument: MiniSearchOptions['boostDocument'];
}

/** What a query term matches: itself, then its fuzzy variants, each with its position and weight. */
interface Planned {
  readonly term: string;
  readonly boost: number;
  readonly derived: readonly [term: string, position: number | undefined, weight: number][];
}

/** One search's lists, and the query terms and index terms their numbers name. */
interface Run {
  readonly search: number;
  readonly lists: Lists;
  readonly queryTerms: string[];
  readonly derivedTerms: string[];
}

function isQuery(plan: Plan): plan is PlannedQuery {
  return !Array.isArray(plan);
}

/** Whether MiniSearch's `combineResults` reads `combineWith` as OR (its default). */
function isOr(combineWith: unknown): boolean {
  return combineWith === undefined || (typeof combineWith === 'string' && combineWith.toLowerCase() === 'or');
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

function newLevel(n: number): Level {
  return { sum: new Float64Array(n), stampOf: new Int32Array(n), docs: new Int32Array(n), count: 0 };
}

function scratch(n: number): Scratch {
  return {
    levels: [],
    next: new Int32Array(1024),
    value: new Int32Array(1024),
    listsIn: new Int32Array(n),
    derivedIn: new Int32Array(n),
    queryHead: new Int32Array(n),
    derivedHead: new Int32Array(n),
  };
}
