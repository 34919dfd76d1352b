import type { SearchIndex } from '../search/search-index.js';
import type { SearchResult } from '../search/search-types.js';
import { languageOf, tokenize } from '../search/tokenizer.js';
import { answerabilityFeatures, type AnswerabilityFeatures, type QueryTerm } from './answerability-features.js';

/**
 * The weights of the answerability score: a logistic regression over {@link AnswerabilityFeatures}
 * (`terms` enters as `ln(1 + terms)`), one set for languages written with spaces and Latin
 * letters and one for Japanese and Chinese, whose questions are whole sentences and whose index
 * matches grams.
 *
 * Fitted on the calibration halves of the bench's dev pairings (`bench/lib/answerability.ts`:
 * StackFAQ and ABCD knowledge against each other's and Banking77's questions; the Japanese example
 * articles and JSQuAD against each other's), every pairing and class weighing alike. What they say:
 * in English, a question asked of a help article matches its title and is held strongly (term
 * frequency, fields) by one section; in Japanese, one section holds most of the question's
 * informative weight, clearly ahead of the next, and not only through rare words.
 */
export const ANSWERABILITY_WEIGHTS = {
  latin: { title: 4.413, strength: 5.655, best: 0.266, union: 0.154, unknown: -0.047, margin: 0.518, rare: 0.031, terms: 2.693, bias: -9.645 },
  cjk: { title: 0.179, strength: 7.017, best: 2.868, union: 0.95, unknown: -0.644, margin: 3.49, rare: -3.117, terms: -1.417, bias: -0.344 },
} as const;

/**
 * The threshold a bundle without calibration uses (an old bundle, or one compiled without eval
 * cases and with no usable sample): the score above which the dev pairings' answerable questions
 * were answered and their out-of-scope ones refused best on the whole.
 */
export const DEFAULT_ANSWERABILITY_THRESHOLD = 0.45;

/** The answerability of one search: the score, 0–1, and the features it was computed from. */
export interface Answerability {
  /**
   * How likely the knowledge answers the question, 0–1 (a calibrated probability on the dev
   * pairings, not on your data: compare it with the bundle's threshold, not with 0.5).
   */
  readonly score: number;
  readonly features: AnswerabilityFeatures;
}

/**
 * The answerability score of a search's features, 0–1: a logistic function of the features with
 * {@link ANSWERABILITY_WEIGHTS} for the language (`ja` and `zh` use the `cjk` weights).
 *
 * @example
 * ```ts
 * answerabilityScore(features, 'en') // 0.93
 * ```
 */
export function answerabilityScore(features: AnswerabilityFeatures, language: string): number {
  if (features.terms === 0) return 0;
  const w = weightsFor(language);
  const z =
    w.bias +
    w.title * features.title +
    w.strength * features.strength +
    w.best * features.best +
    w.union * features.union +
    w.unknown * features.unknown +
    w.margin * features.margin +
    w.rare * features.rare +
    w.terms * Math.log1p(features.terms);
  return 1 / (1 + Math.exp(-z));
}

function weightsFor(language: string): (typeof ANSWERABILITY_WEIGHTS)[keyof typeof ANSWERABILITY_WEIGHTS] {
  const lang = languageOf(language);
  return lang === 'ja' || lang === 'zh' ? ANSWERABILITY_WEIGHTS.cjk : ANSWERABILITY_WEIGHTS.latin;
}

/**
 * How likely `index` answers a question, from what its search found: the question's terms
 * weighed by IDF in the index of the best result's locale, the features of
 * {@link answerabilityFeatures}, and {@link answerabilityScore}. Terms are the question's words
 * as the tokenizer makes them for that locale, unless `terms` gives them (with weights: an
 * analysis of the question, a conversational rewrite). No results: score 0.
 *
 * @example
 * ```ts
 * const results = index.search("What's the weather tomorrow?", { locale: 'en', limit: 5 })
 * assessAnswerability("What's the weather tomorrow?", results, index).score // 0.02
 * ```
 */
export function assessAnswerability(
  query: string,
  results: readonly SearchResult[],
  index: SearchIndex,
  terms?: readonly QueryTerm[],
): Answerability {
  const locale = results[0]?.locale;
  const stats = locale === undefined ? undefined : index.statistics(locale);
  if (locale === undefined || !stats) {
    return { score: 0, features: { best: 0, union: 0, unknown: 0, margin: 0, rare: 0, title: 0, strength: 0, terms: 0 } };
  }
  const queryTerms = terms ?? tokenize(query, locale).map((term) => ({ term }));
  const features = answerabilityFeatures(queryTerms, results, stats);
  return { score: answerabilityScore(features, locale), features };
}
