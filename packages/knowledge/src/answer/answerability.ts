import type { BundleAnswerability } from '../schema/answerability.js';
import type { SearchIndex } from '../search/search-index.js';
import type { SearchResult } from '../search/search-types.js';
import { languageOf, tokenize } from '../search/tokenizer.js';
import { answerabilityFeatures, type AnswerabilityFeatures } from './answerability-features.js';
import type { WeightedTerm } from './question.js';

/**
 * The weights of the answerability score: a logistic regression over {@link AnswerabilityFeatures}
 * (`terms` enters as `ln(1 + terms)`), one set for languages written with spaces and Latin
 * letters and one for Japanese and Chinese, whose questions are whole sentences and whose index
 * matches grams.
 *
 * Fitted on the calibration halves of the bench's dev pairings (`bench/lib/answerability.ts`:
 * StackFAQ and ABCD knowledge against each other's and Banking77's questions; the Japanese example
 * articles and JSQuAD against each other's), every pairing and class weighing alike, with an L2
 * penalty of 0.003 (test halves never seen). What they say: in English, a question asked of a
 * help article covers most of its title, matches words typical of that knowledge rather than
 * generic support words ("account", "card"), and is held strongly by one section; in Japanese,
 * one section holds most of the question's informative weight, clearly ahead of the next, through
 * words of the knowledge's domain.
 */
export const ANSWERABILITY_WEIGHTS = {
  latin: {
    title: 1.632,
    strength: 2.045,
    best: -0.126,
    union: -0.047,
    unknown: -0.493,
    margin: 0.887,
    rare: -0.572,
    terms: 1.271,
    cover: 3.541,
    domain: 2.988,
    bias: -5.59,
  },
  cjk: {
    title: 0.299,
    strength: 3.537,
    best: 2.246,
    union: 1.317,
    unknown: -0.999,
    margin: 2.764,
    rare: -2.334,
    terms: 0.33,
    cover: 0.702,
    domain: 2.109,
    bias: -3.936,
  },
} as const;

/**
 * The threshold a bundle without calibration uses (an old bundle, or one compiled without eval
 * cases and with no usable sample): the score above which the dev pairings' answerable questions
 * were answered and their out-of-scope ones refused best on the whole.
 */
export const DEFAULT_ANSWERABILITY_THRESHOLD = 0.45;

/** The name of this score, stored with a bundle's calibration: thresholds for another score do not apply. */
export const ANSWERABILITY_SCORE = 'lexical-2';

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
    w.terms * Math.log1p(features.terms) +
    w.cover * features.cover +
    w.domain * features.domain;
  return 1 / (1 + Math.exp(-z));
}

function weightsFor(language: string): (typeof ANSWERABILITY_WEIGHTS)[keyof typeof ANSWERABILITY_WEIGHTS] {
  const lang = languageOf(language);
  return lang === 'ja' || lang === 'zh' ? ANSWERABILITY_WEIGHTS.cjk : ANSWERABILITY_WEIGHTS.latin;
}

/**
 * How likely `index` answers a question, from what its search found: the question's terms
 * weighed by IDF in the index of the best result's locale, the features of
 * `answerabilityFeatures`, and `answerabilityScore`. Terms are the question's words
 * as the tokenizer makes them for that locale, unless `terms` gives them (with weights: an
 * analysis of the question, a conversational rewrite). No results: score 0.
 *
 * `context` is a follow-up's borrowed terms (the earlier turns' terms at their lower weights, see
 * `analyzeQuestion`). They count only when the results hold at least one of the question's own
 * terms (or the question has none of its own, "and that?"): "what about refunds?" after a
 * question on orders is then judged with what it leans on, while a question on something the
 * knowledge lacks stays refused whatever was asked before. History never lowers the score: the
 * higher of the question alone and the question with its context is kept.
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
  terms?: readonly WeightedTerm[],
  context: readonly WeightedTerm[] = [],
): Answerability {
  const locale = results[0]?.locale;
  const stats = locale === undefined ? undefined : index.statistics(locale);
  if (locale === undefined || !stats) {
    return {
      score: 0,
      features: { best: 0, union: 0, unknown: 0, margin: 0, rare: 0, title: 0, strength: 0, terms: 0, cover: 0, domain: 0 },
    };
  }
  const own = terms ?? tokenize(query, locale).map((term) => ({ term, weight: 1 }));
  const features = answerabilityFeatures(own, results, stats, query);
  const alone: Answerability = { score: answerabilityScore(features, locale), features };
  if (context.length === 0 || (own.length > 0 && features.union === 0)) return alone;
  const withContext = answerabilityFeatures([...own, ...context], results, stats, query);
  const score = answerabilityScore(withContext, locale);
  return score > alone.score ? { score, features: withContext } : alone;
}

/**
 * The refusal threshold a bundle's manifest gives a language (`manifest.answerability`, written
 * by `kotae compile`): its calibrated threshold, or {@link DEFAULT_ANSWERABILITY_THRESHOLD} for a
 * bundle without calibration, a language it has none for, or a calibration of another score.
 *
 * @example
 * ```ts
 * thresholdFor(bundle.manifest.answerability, 'ja') // 0.41
 * ```
 */
export function thresholdFor(answerability: BundleAnswerability | undefined, language: string): number {
  if (answerability?.score !== ANSWERABILITY_SCORE) return DEFAULT_ANSWERABILITY_THRESHOLD;
  return answerability.languages[languageOf(language)]?.threshold ?? DEFAULT_ANSWERABILITY_THRESHOLD;
}
