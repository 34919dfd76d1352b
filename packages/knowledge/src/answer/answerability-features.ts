import type { IndexStatistics } from '../search/search-index.js';
import type { SearchResult } from '../search/search-types.js';
import { cjkGrams, tokenize } from '../search/tokenizer.js';
import { supportBackground } from './answerability-background.js';
import type { WeightedTerm } from './question.js';

/**
 * One term of a question with its weight.
 *
 * @deprecated Use {@link WeightedTerm} (the one term type of question analysis, answerability and
 * extractive answers); this alias stays for earlier callers.
 */
export type QueryTerm = WeightedTerm;

/**
 * What a lexical index can tell about whether a search found an answer: the features of
 * `answerabilityScore`, each between 0 and 1.
 */
export interface AnswerabilityFeatures {
  /**
   * The largest share of the question's informative weight (the sum of its terms' IDF) that one
   * of the best three sections matched. A question whose rare words one section holds together
   * is one that section answers; common words ("how", "account") weigh little.
   */
  readonly best: number;
  /** The share of the weight the best three sections matched together. */
  readonly union: number;
  /** The share of the weight carried by words the knowledge has never seen (out of vocabulary). */
  readonly unknown: number;
  /**
   * How far the best section's score is ahead of the next one, `(s1 − s2) / s1` (1 with one
   * result). A clear winner is an answer more often than a tie among passing mentions.
   */
  readonly margin: number;
  /** The share of the weight of the best section's matched terms that are rare in the knowledge (in at most 2% of sections, or only one). */
  readonly rare: number;
  /**
   * The largest share of the weight that one of the best three sections has in its title or
   * headings: a help article's title is the question it answers, so a question that matches a
   * title is asked of it, and one matching words deep in a long body only mentions them.
   */
  readonly title: number;
  /**
   * The best section's BM25 score per unit of the question's weight, `s1 / (s1 + Σ IDF)`: how
   * strongly (term frequency, field) the best section holds the words, squashed into 0–1.
   */
  readonly strength: number;
  /** Number of distinct question terms (how much the question said). */
  readonly terms: number;
  /**
   * The share of the best result's title weight (its title's terms, weighed by IDF) that the
   * question matches: how much of what the article is about the question asks. A question that
   * matches "delete account" of "How do I delete my Facebook account?" leaves out its rarest word.
   */
  readonly cover: number;
  /**
   * How typical of this knowledge, rather than of support questions in general, the words the
   * best result matched are: for each matched word, the log ratio (clamped to ±3, then divided by
   * 3) of its share of the knowledge's sections to its share of kotae's generic out-of-scope
   * questions (see `supportBackground`), weighed by IDF, over the question's whole weight; −1 to 1.
   * "delete my account" matched in a help center about many products matches generic support
   * words; "strikethrough in markdown" matches the knowledge's own.
   */
  readonly domain: number;
}

/** How many of the best results the features look at. */
const DEPTH = 3;

/**
 * BM25's inverse document frequency: `ln(1 + (n − df + 0.5) / (df + 0.5))`. A term no section
 * has gets the IDF of half a section, more than any term it has.
 */
export function inverseDocumentFrequency(df: number, sections: number): number {
  const d = Math.max(df, 0.5);
  return Math.log(1 + (sections - d + 0.5) / (d + 0.5));
}

/**
 * The answerability features of a search: how much of the question's informative weight the
 * results cover, whether one section covers it, the margin of the best result, and how much of
 * the question the knowledge has never seen. Terms are weighed by their IDF in `stats` (the index
 * of the results' locale) times their own weight.
 *
 * A term counts as matched by a section when the section's matched terms include it, complete
 * it (`passw` → `password`), correct it by one letter (a typo in a Latin word of 5 letters or
 * more), or, for Japanese and Chinese words, when matched kanji and katakana grams cover at least
 * half of it (the segmenter may split a question and the guidance differently). A Japanese word
 * unknown as a word but whose grams the index has is not unknown: it weighs as its rarest gram.
 *
 * @example
 * ```ts
 * const results = index.search('reset my password', { locale: 'en' })
 * answerabilityFeatures([{ term: 'reset', weight: 1 }, { term: 'password', weight: 1 }], results, index.statistics('en')!)
 * // { best: 1, union: 1, unknown: 0, margin: 0.4, rare: 0.5, terms: 2 }
 * ```
 */
export function answerabilityFeatures(
  terms: readonly WeightedTerm[],
  results: readonly SearchResult[],
  stats: IndexStatistics,
  query = '',
): AnswerabilityFeatures {
  const weights = new Map<string, { weight: number; df: number }>();
  for (const { term, weight } of terms) {
    if (weights.has(term) || weight <= 0) continue;
    const df = frequencyOf(term, stats);
    weights.set(term, { weight: weight * inverseDocumentFrequency(df, stats.sections), df });
  }
  let total = 0;
  for (const { weight } of weights.values()) total += weight;
  if (total === 0 || results.length === 0)
    return {
      best: 0,
      union: 0,
      unknown: total > 0 ? 1 : 0,
      margin: 0,
      rare: 0,
      title: 0,
      strength: 0,
      terms: weights.size,
      cover: 0,
      domain: 0,
    };
  const top = results.slice(0, DEPTH);
  const rareDf = Math.max(1, stats.sections * 0.02);
  const matchedBy = top.map((r) => new Set([...weights.keys()].filter((t) => matches(t, r.terms))));
  let best = 0;
  let bestRare = 0;
  const union = new Set<string>();
  let title = 0;
  top.forEach((r, i) => {
    const heading = [r.title, ...r.headings].join(' ').toLowerCase();
    let sum = 0;
    for (const t of matchedBy[i]!) if (heading.includes(t)) sum += weights.get(t)!.weight;
    title = Math.max(title, sum);
  });
  for (const matched of matchedBy) {
    let sum = 0;
    let rare = 0;
    for (const t of matched) {
      const w = weights.get(t)!;
      sum += w.weight;
      if (w.df <= rareDf) rare += w.weight;
      union.add(t);
    }
    if (sum > best) [best, bestRare] = [sum, rare];
  }
  let unionWeight = 0;
  let unknown = 0;
  for (const [t, w] of weights) {
    if (union.has(t)) unionWeight += w.weight;
    // A typo the search corrected is not a word the knowledge lacks.
    else if (w.df === 0) unknown += w.weight;
  }
  const s1 = results[0]!.score;
  const s2 = results[1]?.score ?? 0;
  return {
    best: best / total,
    union: unionWeight / total,
    unknown: unknown / total,
    margin: s1 > 0 ? Math.max(0, (s1 - s2) / s1) : 0,
    rare: best > 0 ? bestRare / best : 0,
    title: title / total,
    strength: s1 / (s1 + total),
    terms: weights.size,
    cover: titleCover(results[0]!, weights, stats),
    domain: domainShare(results[0]!, weights, total, stats, query),
  };
}

/** How far a log ratio of shares counts at most, either way (`domain`). */
const DOMAIN_CLAMP = 3;

/** The `domain` feature: see {@link AnswerabilityFeatures.domain}. */
function domainShare(
  result: SearchResult,
  weights: ReadonlyMap<string, { weight: number; df: number }>,
  total: number,
  stats: IndexStatistics,
  query: string,
): number {
  const background = supportBackground(stats.locale);
  const matched = new Set(result.terms);
  let sum = 0;
  for (const [term, { weight, df }] of weights) {
    if (df === 0 || !matched.has(term)) continue;
    const inKnowledge = (df + 0.5) / stats.sections;
    const inGeneric = (background.frequency(term, query) + 0.5) / background.questions;
    const ratio = Math.max(-DOMAIN_CLAMP, Math.min(DOMAIN_CLAMP, Math.log(inKnowledge / inGeneric)));
    sum += (weight * ratio) / DOMAIN_CLAMP;
  }
  return sum / total;
}

/** The share of `result`'s title weight (IDF of its title terms) that the question's terms match. */
function titleCover(result: SearchResult, question: ReadonlyMap<string, unknown>, stats: IndexStatistics): number {
  const words = [...new Set(tokenize(result.title, result.locale))];
  const asked = [...question.keys()];
  let total = 0;
  let matched = 0;
  for (const w of words) {
    const idf = inverseDocumentFrequency(stats.documentFrequency(w), stats.sections);
    total += idf;
    if (
      asked.some(
        (q) =>
          q === w ||
          w.startsWith(q) ||
          q.startsWith(w) ||
          (q.length >= 5 && oneEditApart(q, w)) ||
          (!LATIN_OR_DIGIT.test(w) && coveredByGrams(w, asked)),
      )
    )
      matched += idf;
  }
  return total > 0 ? matched / total : 0;
}

const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{N}]/u;
const CJK = /[\p{Script=Han}\p{Script=Katakana}]/u;

/**
 * A term's document frequency; for a Japanese or Chinese word the index does not have as a word,
 * that of its rarest gram when it has all of them (0 otherwise).
 */
function frequencyOf(term: string, stats: IndexStatistics): number {
  const df = stats.documentFrequency(term);
  if (df > 0 || LATIN_OR_DIGIT.test(term) || !CJK.test(term)) return df;
  const all = cjkGrams(term);
  const grams = all.length === 1 ? all : all.filter((g) => g.length === 2);
  if (grams.length === 0) return 0;
  let min = Infinity;
  for (const gram of grams) {
    const f = stats.gramFrequency(gram);
    if (f === 0) return 0;
    min = Math.min(min, f);
  }
  return min;
}

/** Whether a section whose matched index terms are `matched` matched the query term `term`. */
function matches(term: string, matched: readonly string[]): boolean {
  for (const m of matched) if (m === term || m.startsWith(term) || (term.length >= 5 && oneEditApart(term, m))) return true;
  return coveredByGrams(term, matched);
}

/**
 * Whether at least half the characters of a Japanese or Chinese word are covered by matched
 * kanji and katakana grams: `荷物` against a section that says `荷`. Never for words with Latin
 * letters or digits, where a substring is another word.
 */
function coveredByGrams(word: string, matched: readonly string[]): boolean {
  if (LATIN_OR_DIGIT.test(word)) return false;
  const covered = new Array<boolean>(word.length).fill(false);
  for (const term of matched) {
    if (term.length >= word.length) continue;
    for (let at = word.indexOf(term); at >= 0; at = word.indexOf(term, at + 1)) covered.fill(true, at, at + term.length);
  }
  return covered.filter(Boolean).length * 2 >= word.length;
}

/** Whether two words are one substitution, insertion or deletion apart (and not equal). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
