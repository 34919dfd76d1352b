import type { Options as MiniSearchIndexOptions, Query } from 'minisearch';
import { bestFirst } from './best-first.js';
import { contextMatches } from './context-match.js';
import { checkPostings, documentFrequency, type SerializedPostings } from './postings.js';
import { PostingsSearch } from './postings-search.js';
import type { SearchOptions, SearchResult, SerializedSection, StoredSection } from './search-types.js';
import { ANSWER_TYPE_WEIGHT, answerTypeOf, holdsAnswerType, type AnswerType } from './answer-type.js';
import { PHRASE_DEPTH, PHRASE_WEIGHT, phraseGrams, phraseOverlap } from './phrase-overlap.js';
import { TermIndex } from './term-index.js';
import { makeSnippet, snippetSource } from './snippet.js';
import { cjkGrams, languageOf, normalizeText, tokenSpans, type TokenSpan } from './tokenizer.js';

/**
 * Field boosts. Titles count most, then tags, headings and body. A derived field widens recall in
 * Japanese and Chinese: `grams` (kanji unigrams and kanji/katakana bigrams), so that words the
 * segmenter split differently in the question and in the guidance still meet. Query words are
 * looked up in the word fields and query grams in `grams`, so the two never count the same match
 * twice and weigh alike.
 *
 * Tuned on the JSQuAD and StackFAQ dev sets (see `bench/README.md`).
 */
export const FIELD_BOOSTS = { title: 2, headings: 1, tags: 1.5, body: 1, grams: 1 } as const;

/** The indexed fields, in field-id order (see `buildPostings`, which fills them). */
export const INDEX_FIELDS = ['title', 'headings', 'tags', 'body', 'grams'] as const;
/** Fields whose terms are words (the vocabulary that prefix search completes from). */
const WORD_FIELDS = 4;
const WORD_FIELD_NAMES = INDEX_FIELDS.slice(0, WORD_FIELDS);
/** Score factor for sections whose `contexts` match the user's context. */
const CONTEXT_BOOST = 1.5;
/** Weight of a completion of the last word relative to an exact match. */
const PREFIX_WEIGHT = 0.4;
/** BM25+ parameters (MiniSearch's defaults). */
const BM25 = { k: 1.2, b: 0.75, d: 0.5 } as const;
/**
 * Coordination exponent per language: the score is multiplied by (the share of the query's
 * weight the section matched) to this power, each query term weighing its IDF. Japanese
 * questions are whole sentences whose content words should mostly be found together (JSQuAD MRR
 * +0.02); short English queries do better on plain BM25 (StackFAQ MRR −0.03 with coordination).
 */
const COORDINATION: Readonly<Record<string, number>> = { ja: 2, zh: 2 };
/** The highest weight a related term (see `SearchOptions.related`) counts with. */
const RELATED_MAX_WEIGHT = 0.9;

/**
 * What one locale's index knows about terms (see {@link SearchIndex.statistics}): enough to weigh
 * a question's words by how informative they are in this knowledge (IDF) and to tell words it has
 * never seen.
 */
export interface IndexStatistics {
  /** The locale of the index. */
  readonly locale: string;
  /** Number of sections in the locale's index. */
  readonly sections: number;
  /**
   * In how many sections an index term (as `tokenize` makes them) occurs in a word field (title,
   * headings, tags or body; the largest of the per-field counts); 0 for a term the index has never seen.
   */
  documentFrequency(term: string): number;
  /** In how many sections a kanji or katakana gram (see `cjkGrams`) occurs; 0 when none has it. */
  gramFrequency(gram: string): number;
}

/** The serialized form of one locale's index, as stored in a bundle's shards (JSON-safe). */
export interface SerializedLocaleIndex {
  readonly locale: string;
  /** The term index: MiniSearch's data in flat arrays (see {@link SerializedPostings}). */
  readonly index: SerializedPostings;
  /** The sections, in document order; `plain` only where it differs from `text`. */
  readonly sections: readonly SerializedSection[];
}

/**
 * The MiniSearch options {@link PostingsSearch} scores with: the fields, and queries that are
 * index terms already (tokenized by {@link SearchIndex.search}), joined by spaces.
 */
const SCORING: MiniSearchIndexOptions = {
  fields: [...INDEX_FIELDS],
  searchOptions: { tokenize: (text: string) => text.split(' '), processTerm: (term: string) => term },
};

/** One locale's index, its sections and its sorted vocabulary (for prefix search). */
class LocaleIndex {
  readonly locale: string;
  /** MiniSearch's scoring over this locale's postings. */
  readonly scorer: PostingsSearch;
  readonly sections: StoredSection[];
  /** The term index as serialized (what {@link SearchIndex.serialize} writes). */
  readonly postings: SerializedPostings;
  /** Index terms, sorted, with their document frequency, for bounded prefix completion. */
  readonly #vocabulary: string[];
  readonly #frequency: Map<string, number>;

  /** The term index, for document frequencies looked up on demand (see {@link SearchIndex.statistics}). */
  readonly terms: TermIndex;

  /**
   * The serialized form, made once: the same object on every {@link SearchIndex.serialize}, so
   * that a bundle writer can tell an unchanged locale by identity (`kotae dev` encodes only the
   * locales a save changed).
   */
  get serialized(): SerializedLocaleIndex {
    return (this.#serialized ??= {
      locale: this.locale,
      index: this.postings,
      sections: this.sections.map(serializedSection),
    });
  }

  #serialized: SerializedLocaleIndex | undefined;

  constructor(locale: string, scorer: PostingsSearch, sections: StoredSection[], postings: SerializedPostings, terms: TermIndex) {
    this.locale = locale;
    this.terms = terms;
    this.scorer = scorer;
    this.sections = sections;
    this.postings = postings;
    const vocabulary = vocabularyOf(postings);
    vocabulary.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#vocabulary = vocabulary.map(([t]) => t);
    this.#frequency = new Map(vocabulary);
  }

  /** Inverse document frequency of an index term (BM25's, 0 for unknown terms). */
  idf(term: string): number {
    const df = this.#frequency.get(term) ?? 0;
    if (df === 0) return 0;
    const n = this.sections.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Token spans of a section's snippet source, cached: while a user types, the same sections come
   * back keystroke after keystroke, and segmenting their text is the costliest part of a search.
   */
  tokens(id: number): readonly TokenSpan[] {
    let spans = this.#tokens.get(id);
    if (!spans) {
      if (this.#tokens.size >= 2000) this.#tokens.clear();
      spans = tokenSpans(snippetSource(this.sections[id]!.plain), this.locale);
      this.#tokens.set(id, spans);
    }
    return spans;
  }

  readonly #tokens = new Map<number, readonly TokenSpan[]>();

  /**
   * A section's snippet source and title, normalized (`normalizeText`), for the phrase
   * overlap of full queries; a few queries' worth are cached (each reorders 30 sections).
   */
  normalized(id: number): { text: string; title: string } {
    let entry = this.#normalized.get(id);
    if (!entry) {
      if (this.#normalized.size >= 256) this.#normalized.clear();
      const section = this.sections[id]!;
      entry = { text: normalizeText(snippetSource(section.plain)), title: normalizeText(section.title) };
      this.#normalized.set(id, entry);
    }
    return entry;
  }

  readonly #normalized = new Map<number, { text: string; title: string }>();

  /** The most frequent index terms that start with `prefix` (excluding `prefix` itself). */
  completions(prefix: string, max: number): string[] {
    const vocab = this.#vocabulary;
    let lo = 0;
    let hi = vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (vocab[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < vocab.length && vocab[i]!.startsWith(prefix); i++) {
      if (vocab[i] !== prefix) found.push(vocab[i]!);
    }
    if (found.length > max) {
      found.sort((a, b) => (this.#frequency.get(b) ?? 0) - (this.#frequency.get(a) ?? 0) || a.length - b.length);
      found.length = max;
    }
    return found;
  }
}

/**
 * The searchable knowledge: one index per locale over sections, with kotae's multilingual
 * tokenizer, field boosts, bounded prefix search, context boosts and snippets.
 *
 * The same class runs in the browser (the widget's worker) and on the server. It loads and
 * searches; {@link buildSearchIndex} builds one, with MiniSearch, which is kept out of this class
 * so that the worker does not download it. Search computes MiniSearch's scores itself, over the
 * index's packed postings (`PostingsSearch`).
 *
 * @example
 * ```ts
 * const index = buildSearchIndex(sections)
 * const results = index.search('パスワード 忘れた', { locale: 'ja', limit: 5 })
 * ```
 */
export class SearchIndex {
  readonly #locales: Map<string, LocaleIndex>;

  private constructor(locales: Map<string, LocaleIndex>) {
    this.#locales = locales;
  }

  /**
   * Restores an index from its serialized locale shards (see {@link SearchIndex.serialize}).
   * Throws a `BundleFormatError` naming the locale and the problem when a shard does not
   * have the expected shape.
   */
  static fromSerialized(shards: readonly SerializedLocaleIndex[]): SearchIndex {
    const locales = new Map<string, LocaleIndex>();
    for (const shard of shards) {
      const sections = shard.sections.map((s): StoredSection => (s.plain === undefined ? { ...s, plain: s.text } : (s as StoredSection)));
      const postings = checkPostings(shard.index, INDEX_FIELDS, sections.length, shard.locale);
      locales.set(shard.locale, restoreLocale(shard.locale, postings, sections));
    }
    return new SearchIndex(locales);
  }

  /**
   * One index over the locales of several (each loaded from its own shards, as the widget's
   * worker does when a question arrives in another locale). Nothing is copied or rebuilt; where two
   * indexes hold the same locale, the later one's is used.
   *
   * @example
   * ```ts
   * const both = SearchIndex.union([english, japanese])
   * both.locales // ['en', 'ja']
   * ```
   */
  static union(indexes: readonly SearchIndex[]): SearchIndex {
    const locales = new Map<string, LocaleIndex>();
    for (const index of indexes) for (const [locale, l] of index.#locales) locales.set(locale, l);
    return new SearchIndex(locales);
  }

  /**
   * The locales a search for `locale` covers, among `available` (in their order): that exact
   * locale; else every locale of the same language; else all of them (and all of them when
   * `locale` is undefined). {@link SearchIndex.search} picks its locales by this rule, so a reader
   * that loads locales on demand can load exactly the ones a search will read.
   *
   * @example
   * ```ts
   * SearchIndex.searchLocales(['en', 'ja'], 'en-US') // ['en']
   * SearchIndex.searchLocales(['en', 'ja'], 'fr') // ['en', 'ja']
   * ```
   */
  static searchLocales(available: readonly string[], locale: string | undefined): string[] {
    if (locale === undefined) return [...available];
    if (available.includes(locale)) return [locale];
    const lang = languageOf(locale);
    const sameLanguage = available.filter((l) => languageOf(l) === lang);
    return sameLanguage.length > 0 ? sameLanguage : [...available];
  }

  /**
   * Serializes each locale's index and sections, for the bundle writer. A section's plain text is
   * written only where it differs from its markdown (most prose has no markup), so section text
   * is usually stored once.
   */
  serialize(): SerializedLocaleIndex[] {
    return [...this.#locales.values()].map((l) => l.serialized);
  }

  /** The locales that have an index. */
  get locales(): string[] {
    return [...this.#locales.keys()];
  }

  /** Number of indexed sections over all locales. */
  get size(): number {
    let n = 0;
    for (const l of this.#locales.values()) n += l.sections.length;
    return n;
  }

  /** Every indexed section (all locales), in index order. */
  sections(): StoredSection[] {
    return [...this.#locales.values()].flatMap((l) => l.sections);
  }

  /**
   * Finds the sections that best answer `query`.
   *
   * The query is tokenized like the documents (for its locale); matches in titles count more than
   * in headings, tags and body (`FIELD_BOOSTS`); with `prefix`, the last word is also
   * completed; with `context`, sections that apply there are boosted. Returns at most
   * `maxPerArticle` sections per article, best first, each with a snippet and highlight ranges.
   */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const limit = options.limit ?? 10;
    const maxPerArticle = options.maxPerArticle ?? 1;
    const results: SearchResult[] = [];
    const perArticle = new Map<string, number>();
    const scored: { index: LocaleIndex; id: number; score: number; terms: string[] }[] = [];
    const grams = new Map<LocaleIndex, string[]>();
    const answerTypes = new Map<LocaleIndex, AnswerType | undefined>();
    for (const index of this.#select(options.locale)) {
      const spans = tokenSpans(query.slice(0, 2000), index.locale);
      for (const hit of this.#searchLocale(index, query, spans, options))
        scored.push({ index, id: hit.id, score: hit.score, terms: hit.terms });
      if (!options.prefix) {
        grams.set(index, phraseGrams(query.slice(0, 2000), spans, index.locale));
        answerTypes.set(index, answerTypeOf(query.slice(0, 2000), index.locale));
      }
    }
    const byScore = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
      b.score - a.score || compareIds(a.index.sections[a.id]!.id, b.index.sections[b.id]!.id);
    // Best first; only as many as the results need are ordered.
    let ordered: Iterable<(typeof scored)[number]> = bestFirst(scored, byScore);
    if (!options.prefix && scored.length > 1) {
      // Reorder the best sections by how closely one of their sentences follows the query (see
      // phraseGrams), and whether that sentence holds what the question asks for (see
      // answerTypeOf). Not while typing: a partial query has no phrase yet, and each keystroke
      // must stay fast.
      const rest = bestFirst(scored, byScore);
      const top: (typeof scored)[number][] = [];
      for (const hit of rest) {
        top.push(hit);
        if (top.length >= PHRASE_DEPTH) break;
      }
      const normalizedQuery = normalizeText(query.slice(0, 2000));
      for (const hit of top) {
        const { text, title } = hit.index.normalized(hit.id);
        const overlap = phraseOverlap(text, title, grams.get(hit.index) ?? []);
        hit.score *= 1 + PHRASE_WEIGHT * overlap.share;
        const type = answerTypes.get(hit.index);
        if (type && overlap.sentences.some((s) => holdsAnswerType(s, type, normalizedQuery))) hit.score *= 1 + ANSWER_TYPE_WEIGHT;
      }
      top.sort(byScore);
      ordered = concat(top, rest);
    }
    for (const hit of ordered) {
      if (results.length >= limit) break;
      const section = hit.index.sections[hit.id]!;
      if (section.audience === 'internal' && !options.includeInternal) continue;
      const seen = perArticle.get(section.articleId) ?? 0;
      if (seen >= maxPerArticle) continue;
      perArticle.set(section.articleId, seen + 1);
      const snippet = makeSnippet(
        section.plain,
        new Set(hit.terms),
        section.locale,
        options.snippetLength ?? 160,
        hit.index.tokens(hit.id),
      );
      results.push({
        id: section.id,
        articleId: section.articleId,
        anchor: section.anchor,
        title: section.title,
        headings: section.headings,
        locale: section.locale,
        score: hit.score,
        snippet: snippet.text,
        highlights: snippet.highlights,
        terms: hit.terms,
      });
    }
    return results;
  }

  /**
   * What one locale's index knows about terms, for judging whether a search found an answer (see
   * `answerability`): how many sections it has and in how many of them a term occurs. Nothing is
   * precomputed: a frequency is read from the term's packed postings when asked, so neither
   * loading nor searching gets slower. Undefined for a locale without an index.
   *
   * @example
   * ```ts
   * const stats = index.statistics('en')
   * stats?.documentFrequency('password') // sections whose title, headings, tags or body say it
   * ```
   */
  statistics(locale: string): IndexStatistics | undefined {
    const index = this.#locales.get(locale);
    if (!index) return undefined;
    const gramField = INDEX_FIELDS.indexOf('grams');
    const lookup = (term: string, gram: boolean): number => {
      const position = index.terms.position(term);
      if (position === undefined) return 0;
      const packed = index.terms.packed(position);
      if (!gram) return documentFrequency(packed, WORD_FIELDS);
      for (let at = 0; at < packed.length; at += 2 + 2 * packed[at + 1]!) if (packed[at] === gramField) return packed[at + 1]!;
      return 0;
    };
    return {
      locale,
      sections: index.sections.length,
      documentFrequency: (term) => lookup(term, false),
      gramFrequency: (gram) => lookup(gram, true),
    };
  }

  #select(locale: string | undefined): LocaleIndex[] {
    return SearchIndex.searchLocales([...this.#locales.keys()], locale).map((l) => this.#locales.get(l)!);
  }

  #searchLocale(
    index: LocaleIndex,
    query: string,
    spans: readonly TokenSpan[],
    options: SearchOptions,
  ): { id: number; score: number; terms: string[] }[] {
    const weights = new Map<string, number>();
    for (const span of spans) weights.set(span.term, 1);
    if (!options.prefix) {
      // Grams make full Japanese queries more precise; while the user types, words and
      // completions are enough and keep each keystroke fast. Only the grams of the words the
      // tokenizer kept: those of question words and particles (`何条` in `憲法何条か`) match noise.
      for (const gram of cjkGrams(keptText(query, spans))) if (!weights.has(gram)) weights.set(gram, 1);
    }
    const related = new Set<string>();
    for (const r of options.related ?? []) {
      if (weights.has(r.term) || !(r.weight > 0)) continue;
      // Below 1: weight 1 marks the query's own terms (fuzzy matching, coordination).
      weights.set(r.term, Math.min(r.weight, RELATED_MAX_WEIGHT));
      related.add(r.term);
    }
    let last: TokenSpan | undefined;
    if (options.prefix) {
      last = spans.filter((s) => s.word === s.term || s.word.length >= 2).at(-1);
      if (last && last.word.length >= 1) {
        for (const completion of index.completions(last.word, options.maxCompletions ?? 12)) {
          if (!weights.has(completion)) weights.set(completion, PREFIX_WEIGHT * Math.min(1, last.word.length / completion.length + 0.25));
        }
      }
    }
    if (weights.size === 0) return [];
    const context = options.context;
    // Fuzzy matching walks the whole term tree; while typing, completions do its job.
    const fuzzy = options.fuzzy ?? !options.prefix;
    // Words (and completions) are looked up in the word fields, grams in the gram field only: a
    // word that is also a gram (梅雨, 鱗) would otherwise count twice.
    const spanTerms = new Set(spans.map((s) => s.term));
    const gramTerms = [...weights].filter(([t, w]) => w === 1 && !spanTerms.has(t)).map(([t]) => t);
    const isGram = new Set(gramTerms);
    const wordTerms = [...weights.keys()].filter((t) => !isGram.has(t));
    const miniQuery: Query =
      gramTerms.length === 0
        ? wordTerms.join(' ')
        : {
            combineWith: 'OR',
            queries: [
              { queries: [wordTerms.join(' ')], fields: [...WORD_FIELD_NAMES] },
              { queries: [gramTerms.join(' ')], fields: ['grams'] },
            ].filter((q) => q.queries[0] !== ''),
          };
    const hits = index.scorer.search(miniQuery, {
      boost: { ...FIELD_BOOSTS },
      bm25: BM25,
      prefix: false,
      fuzzy: fuzzy ? (term: string) => (/^[a-z]{5,}$/.test(term) && weights.get(term) === 1 ? 1 : false) : false,
      maxFuzzy: 1,
      weights: { fuzzy: 0.3, prefix: PREFIX_WEIGHT },
      boostTerm: (term: string) => weights.get(term) ?? 1,
      ...(context
        ? {
            boostDocument: (id: unknown) =>
              index.sections[id as number]!.contexts.some((c) => contextMatches(c, context)) ? CONTEXT_BOOST : 1,
          }
        : {}),
    });
    // MiniSearch multiplies a score by the number of query terms matched, which over-rewards
    // long queries; undo it and apply our own coordination over the query's exact terms (words
    // and grams), each weighing its IDF, so that missing a rare word costs more than missing a
    // common one. Completions of the last word count for half of that word.
    const power = COORDINATION[languageOf(index.locale)] ?? 0;
    const weight = power > 0 ? coordinationWeights(hits, weights, index.sections.length) : undefined;
    let total = 0;
    if (weight) for (const w of weight.values()) total += w;
    const lastWeight = last ? (weight?.get(last.term) ?? 0) : 0;
    const own = related.size === 0 ? hits : hits.filter((h) => h.queryTerms.some((t) => !related.has(t)));
    return own.map((h) => {
      let score = h.score / (h.queryTerms.length || 1);
      if (weight && total > 0) {
        let matched = 0;
        let completed = false;
        for (const t of h.queryTerms) {
          const w = weight.get(t);
          if (w === undefined) completed = true;
          else matched += w;
        }
        if (completed && last && !h.queryTerms.includes(last.term)) matched += 0.5 * lastWeight;
        score *= Math.min(1, matched / total) ** power;
      }
      return { id: h.id as number, score, terms: h.terms };
    });
  }
}

/**
 * The IDF of each exact query term (weight 1 in `weights`), for coordination. Document frequency
 * is counted over the hits, which are every section holding any query term; a term found nowhere
 * gets the IDF of a term found once, so it still counts as missing.
 */
function coordinationWeights(
  hits: readonly { queryTerms: readonly string[] }[],
  weights: ReadonlyMap<string, number>,
  n: number,
): Map<string, number> {
  const df = new Map<string, number>();
  for (const [term, w] of weights) if (w === 1) df.set(term, 0);
  for (const h of hits) for (const t of h.queryTerms) if (df.has(t)) df.set(t, df.get(t)! + 1);
  const out = new Map<string, number>();
  for (const [term, d] of df) out.set(term, Math.log(1 + (n - Math.max(d, 1) + 0.5) / (Math.max(d, 1) + 0.5)));
  return out;
}

/**
 * `text` with everything outside the kept token spans blanked, so that grams come from the words
 * the tokenizer kept and not from the question words and particles it dropped.
 */
function keptText(text: string, spans: readonly TokenSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start > at) out += ' ';
    out += text.slice(span.start, span.end);
    at = span.end;
  }
  return out;
}

/** A locale's index over its postings: no MiniSearch, and nothing decoded up front. */
/** Serialized sections by stored section: an index rebuilt around unchanged sections serializes them as the same objects. */
const serializedSections = new WeakMap<StoredSection, SerializedSection>();

function serializedSection(stored: StoredSection): SerializedSection {
  let out = serializedSections.get(stored);
  if (!out) {
    const { plain, ...section } = stored;
    serializedSections.set(stored, (out = plain === section.text ? section : { ...section, plain }));
  }
  return out;
}

function restoreLocale(locale: string, postings: SerializedPostings, sections: StoredSection[]): LocaleIndex {
  const terms = new TermIndex(postings.terms, postings.postings);
  return new LocaleIndex(locale, new PostingsSearch(postings, terms, SCORING), sections, postings, terms);
}

function vocabularyOf(postings: SerializedPostings): [string, number][] {
  // Document frequency is approximated by the largest per-field posting list: exact counts would
  // need a set of ids per term, which makes loading a large index several times slower.
  const out: [string, number][] = [];
  postings.terms.forEach((term, i) => {
    const df = documentFrequency(postings.postings[i]!, WORD_FIELDS);
    if (df > 0) out.push([term, df]);
  });
  return out;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `first`, then what is left of `rest`. */
function* concat<T>(first: readonly T[], rest: Iterator<T>): Generator<T, void, undefined> {
  yield* first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
