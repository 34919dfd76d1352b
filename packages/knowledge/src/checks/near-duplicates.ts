/**
 * {@link findNearDuplicates} and `checkNearDuplicates`: the same question answered twice.
 */
import { markdownToPlainText } from '../content/plain-text.js';
import type { ContentIssue } from '../errors.js';
import type { Article } from '../schema/article.js';
import { tokenize } from '../search/tokenizer.js';
import { GUIDANCE_CODES } from './guidance-codes.js';

/** The default of `guidance.nearDuplicateThreshold`. */
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.85;

/** Two articles that say nearly the same thing. */
export interface NearDuplicatePair {
  /** The article that comes first in file order. */
  readonly first: Article;
  readonly second: Article;
  /** TF-IDF cosine similarity of their terms, 0 to 1. */
  readonly similarity: number;
}

/**
 * Finds pairs of articles of the same locale whose TF-IDF cosine similarity is at least
 * `threshold`. An article's terms are the search tokenizer's terms of its title and plain text
 * (so Japanese is compared by words, and grammar words do not count); a term's weight is
 * `(1 + ln tf) × idf` with `idf = ln((1 + n) / (1 + df)) + 1` over the articles of that locale,
 * so words every article uses (a product name, a template's boilerplate) weigh little and two
 * articles on the same topic that answer different questions stay apart.
 *
 * Pairs are scored through an inverted index (only articles sharing a term are compared), in
 * file order of their first article, most similar first within it.
 *
 * @param threshold - 0 to 1 @default DEFAULT_NEAR_DUPLICATE_THRESHOLD (0.85)
 * @example
 * ```ts
 * findNearDuplicates(articles).map((p) => `${p.first.id} ~ ${p.second.id} ${p.similarity.toFixed(2)}`)
 * // ['reset-password ~ forgot-password 0.91']
 * ```
 */
export function findNearDuplicates(articles: readonly Article[], threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD): NearDuplicatePair[] {
  const byLocale = new Map<string, number[]>();
  articles.forEach((article, i) => {
    const list = byLocale.get(article.locale) ?? [];
    list.push(i);
    byLocale.set(article.locale, list);
  });
  const pairs: Array<NearDuplicatePair & { readonly order: number }> = [];
  for (const members of byLocale.values()) {
    if (members.length < 2) continue;
    const counts = members.map((i) => termCounts(articles[i]!));
    const df = new Map<string, number>();
    for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const vectors = counts.map((tf) => unitVector(tf, df, members.length));
    // Inverted index: term → members and weights, filled as members are visited, so each pair is
    // scored once. Dot products add up in a typed array (the order of the additions, and so the
    // sums, as with a map; several times faster on a few hundred articles checked after each save).
    const postings = new Map<string, { members: number[]; weights: number[] }>();
    const dots = new Float64Array(members.length);
    const seen = new Uint8Array(members.length);
    const touched: number[] = [];
    vectors.forEach((vector, m) => {
      for (const [term, weight] of vector) {
        const list = postings.get(term);
        if (!list) continue;
        for (let k = 0; k < list.members.length; k++) {
          const other = list.members[k]!;
          if (seen[other] === 0) {
            seen[other] = 1;
            touched.push(other);
          }
          dots[other] = dots[other]! + weight * list.weights[k]!;
        }
      }
      for (const other of touched) {
        // Rounding can push identical vectors a hair over 1.
        const similarity = Math.min(1, dots[other]!);
        if (similarity >= threshold) {
          pairs.push({ first: articles[members[other]!]!, second: articles[members[m]!]!, similarity, order: members[other]! });
        }
        dots[other] = 0;
        seen[other] = 0;
      }
      touched.length = 0;
      for (const [term, weight] of vector) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = { members: [], weights: [] }));
        list.members.push(m);
        list.weights.push(weight);
      }
    });
  }
  return pairs.sort((a, b) => a.order - b.order || b.similarity - a.similarity).map(({ order: _order, ...pair }) => pair);
}

/** Options of `checkNearDuplicates`. */
export interface NearDuplicateOptions {
  /** `guidance.nearDuplicateThreshold`. @default DEFAULT_NEAR_DUPLICATE_THRESHOLD (0.85) */
  readonly threshold?: number | undefined;
  /** `guidance.distinct`: groups of ids alike on purpose, never reported against each other. @default [] */
  readonly distinct?: ReadonlyArray<readonly string[]> | undefined;
  /** The line of the `id` key of each article, by article id. @default 1 */
  readonly idLines?: ReadonlyMap<string, number> | undefined;
}

/**
 * Reports each near-duplicate pair ({@link findNearDuplicates}) as a warning on the second
 * article (code `near-duplicate`), naming the first and their similarity: merge them, or make
 * each answer its own question. Pairs within one `distinct` group are left out.
 *
 * @example
 * ```ts
 * checkNearDuplicates(content.articles, { threshold: 0.8 })
 * // [{ file: 'forgot-password.md', line: 2, severity: 'warning', code: 'near-duplicate',
 * //    message: 'article "forgot-password" nearly duplicates "reset-password" (reset-password.md): similarity 0.91 ≥ 0.8; merge them or make each answer its own question' }]
 * ```
 */
export function checkNearDuplicates(articles: readonly Article[], options: NearDuplicateOptions = {}): ContentIssue[] {
  const threshold = options.threshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  const groups = options.distinct ?? [];
  const allowed = (a: string, b: string) => groups.some((group) => group.includes(a) && group.includes(b));
  const pairs = findNearDuplicates(articles, threshold).filter((pair) => !allowed(pair.first.id, pair.second.id));
  return pairs.map(({ first, second, similarity }) => ({
    file: second.source,
    line: options.idLines?.get(second.id) ?? 1,
    severity: 'warning',
    code: GUIDANCE_CODES.nearDuplicate,
    message: `article "${second.id}" nearly duplicates "${first.id}" (${first.source}): similarity ${similarity.toFixed(2)} ≥ ${threshold}; merge them or make each answer its own question`,
  }));
}

/**
 * Term counts by article object: `loadContent` with a `ContentCache` gives the same object for a
 * file that did not change, so a watcher checking again after each save tokenizes only what changed.
 */
const countsOf = new WeakMap<Article, Map<string, number>>();

function termCounts(article: Article): Map<string, number> {
  const known = countsOf.get(article);
  if (known) return known;
  const counts = new Map<string, number>();
  countsOf.set(article, counts);
  for (const term of tokenize(`${article.title}\n${markdownToPlainText(article.body)}`, article.locale)) {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

function unitVector(tf: ReadonlyMap<string, number>, df: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of tf) {
    const weight = (1 + Math.log(count)) * (Math.log((1 + n) / (1 + df.get(term)!)) + 1);
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}
