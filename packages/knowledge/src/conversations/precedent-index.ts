/**
 * {@link PrecedentIndex}: search over the precedents of an internal bundle, weighted below
 * authored articles.
 */
import type { LoadedBundle } from '../bundle/bundle-reader.js';
import { buildPostings } from '../search/build-postings.js';
import { SearchIndex } from '../search/search-index.js';
import type { SearchResult, StoredSection } from '../search/search-types.js';
import { isPrecedent, PRECEDENT_ID_PREFIX, PRECEDENT_TAG, precedentParts } from './precedent.js';

/**
 * How much a precedent's search score counts next to an article's: precedents are what agents
 * did once, articles are what the team decided, so at equal relevance the article ranks first.
 * Scores of the two indexes are both BM25 over their own collection, so they are comparable in
 * scale, not exactly; `bench/README.md` measures how often a precedent outranks the right article.
 */
export const PRECEDENT_WEIGHT = 0.5;

/** A precedent found by {@link PrecedentIndex.search}. */
export interface PrecedentHit extends SearchResult {
  /** The conversation's id (as made safe for the precedent id). */
  readonly conversationId: string;
  /** The conversation's topic, when it had one. */
  readonly topic: string | undefined;
  /** The customer's problem, redacted. */
  readonly problem: string;
  /** The agent's key replies, redacted, in conversation order. */
  readonly resolution: readonly string[];
  /** The whole precedent text (problem and replies, labelled), for a model's context. */
  readonly text: string;
}

/** Options of {@link PrecedentIndex.search}. */
export interface PrecedentSearchOptions {
  /** Locale of the query (see `SearchOptions.locale`). @default every locale */
  readonly locale?: string | undefined;
  /** Most precedents returned. @default 3 */
  readonly limit?: number | undefined;
  /** Where the user is (see `SearchOptions.context`; precedents have no contexts, so it changes nothing yet). */
  readonly context?: string | undefined;
  /** Factor applied to each score, so hits merge below articles. @default {@link PRECEDENT_WEIGHT} */
  readonly weight?: number | undefined;
}

/**
 * The precedents of an internal bundle (written by `compileContent` with `internalOut`), searchable.
 * Server-side only by design: the files it is read from must never be published with the public
 * bundle (see `docs/conversations.md`).
 *
 * @example
 * ```ts
 * const precedents = await readPrecedentsDir('dist/kb-internal')   // @kotae/knowledge/node
 * const hits = precedents.search('refund for a wrong size', { locale: 'en', limit: 2 })
 * for (const hit of hits) console.log(hit.id, hit.score, hit.problem, hit.resolution)
 * ```
 */
export class PrecedentIndex {
  /** The underlying index (every section is `audience: "internal"`). */
  readonly index: SearchIndex;
  readonly #byId: Map<string, StoredSection>;

  constructor(index: SearchIndex) {
    this.index = index;
    this.#byId = new Map(index.sections().map((s) => [s.id, s]));
  }

  /** A precedent index over a loaded internal bundle (see `readBundle`). */
  static fromBundle(bundle: LoadedBundle): PrecedentIndex {
    return new PrecedentIndex(bundle.index);
  }

  /**
   * Indexes precedents made by `makePrecedent` (per locale, as articles are; their text is plain,
   * so it is its own plain text). Builds with MiniSearch: server-side code only.
   */
  static fromPrecedents(precedents: readonly StoredSection[]): PrecedentIndex {
    const byLocale = new Map<string, StoredSection[]>();
    for (const precedent of precedents) {
      let list = byLocale.get(precedent.locale);
      if (!list) byLocale.set(precedent.locale, (list = []));
      list.push(precedent);
    }
    const shards = [...byLocale].map(([locale, sections]) => ({ locale, index: buildPostings(locale, sections), sections }));
    return new PrecedentIndex(SearchIndex.fromSerialized(shards));
  }

  /** Number of precedents. */
  get size(): number {
    return this.#byId.size;
  }

  /** A precedent by id (`precedent-<conversation id>`). */
  get(id: string): StoredSection | undefined {
    return this.#byId.get(id);
  }

  /**
   * The precedents that best match `query`, best first, each with its score multiplied by
   * `weight` (so it can be merged with article results, see {@link mergeWithPrecedents}), its
   * problem and resolution, and a snippet.
   */
  search(query: string, options: PrecedentSearchOptions = {}): PrecedentHit[] {
    const weight = options.weight ?? PRECEDENT_WEIGHT;
    const results = this.index.search(query, {
      locale: options.locale,
      limit: options.limit ?? 3,
      context: options.context,
      includeInternal: true,
    });
    const hits: PrecedentHit[] = [];
    for (const result of results) {
      const section = this.#byId.get(result.id);
      if (!section || !isPrecedent(section)) continue;
      const { problem, resolution } = precedentParts(section.text);
      hits.push({
        ...result,
        score: result.score * weight,
        conversationId: section.articleId.slice(PRECEDENT_ID_PREFIX.length),
        topic: section.tags.find((t) => t !== PRECEDENT_TAG),
        problem,
        resolution,
        text: section.text,
      });
    }
    return hits;
  }
}

/** Options of {@link mergeWithPrecedents}. */
export interface MergeOptions {
  /** Most results in all. @default 10 */
  readonly limit?: number | undefined;
  /** Most precedents among them. @default 2 */
  readonly maxPrecedents?: number | undefined;
}

/**
 * Merges article results and (weighted) precedent hits into one list by score, keeping at most
 * `maxPrecedents` precedents: context for a model or an agent, where the articles lead.
 *
 * @example
 * ```ts
 * const merged = mergeWithPrecedents(index.search(q, { locale }), precedents.search(q, { locale }), { limit: 5 })
 * ```
 */
export function mergeWithPrecedents(
  articles: readonly SearchResult[],
  precedents: readonly PrecedentHit[],
  options: MergeOptions = {},
): (SearchResult | PrecedentHit)[] {
  const limit = options.limit ?? 10;
  const kept = precedents.slice(0, options.maxPrecedents ?? 2);
  return [...articles, ...kept].sort((a, b) => b.score - a.score).slice(0, limit);
}
