import type { AnswerabilityFeatureVector, AnswerabilityReference, BundleAnswerability } from '../schema/answerability.js';
import type { SearchIndex } from '../search/search-index.js';
import type { SearchResult } from '../search/search-types.js';
import { languageOf, tokenize } from '../search/tokenizer.js';
import { answerabilityFeatures, type AnswerabilityFeatures } from './answerability-features.js';
import type { WeightedTerm } from './question.js';

/**
 * The weights of the answerability score: a logistic regression over {@link AnswerabilityFeatures}
 * (`terms` enters as `ln(1 + terms)`), each feature measured from its mean over kotae's generic
 * out-of-scope sample on the same knowledge in units of its standard deviation there (see
 * {@link AnswerabilityReference}). One set for languages written with spaces and Latin letters
 * and one for Japanese and Chinese, whose questions are whole sentences and whose index matches
 * grams.
 *
 * Written by `bench/fit-answerability.ts`, which reproduces them (and
 * {@link DEFAULT_ANSWERABILITY_REFERENCES}) from the shared data: fitted on the calibration halves
 * of the bench's dev pairings (`bench/lib/answerability-pairings.ts`:
 * StackFAQ and ABCD knowledge against each other's and Banking77's questions; the Japanese example
 * articles and JSQuAD against each other's), every pairing and class weighing alike, with an L2
 * penalty of 0.01 (test halves never seen). The `cjk` weights also learn from one half (by hash)
 * of kotae's generic Japanese sample searched in each Japanese knowledge, at half a class's
 * weight: JSQuAD's long encyclopaedic questions alone taught them to trust one section holding a
 * short question's words, and short requests ("who invented the telephone", "what's on tomorrow")
 * then scored as answers on a small help center; the other half of the sample checks it. What
 * they say: a question a knowledge answers is held
 * far more strongly by one section than off-topic questions are (term frequency, fields), through
 * words typical of that knowledge rather than generic support words ("account", "card"), covering
 * much of that section's title; in Japanese, one section also holds most of the question's
 * informative weight, clearly ahead of the next, and not only through rare grams. A known
 * weakness of the `latin` set: once strength is accounted for, more of the question covered
 * (`best`, `union`) lowers the score and more words (`terms`) raise it, as the English pairings
 * have long, partly covered answerable questions and short off-topic ones covered by generic
 * words; a help center's two-word questions ("how much is shipping") then score low (see
 * docs/answer-eval.md, "Short questions").
 */
export const ANSWERABILITY_WEIGHTS = {
  latin: {
    title: 0.067,
    strength: 1.054,
    best: -0.549,
    union: -0.227,
    unknown: -0.207,
    margin: 0.112,
    rare: 0.171,
    terms: 0.452,
    cover: 0.722,
    domain: 1.019,
    bias: -3.977,
  },
  cjk: {
    title: 0.157,
    strength: 1.441,
    best: 0.189,
    union: -0.005,
    unknown: -0.175,
    margin: 0.619,
    rare: -0.691,
    terms: 0.38,
    cover: 0.224,
    domain: 0.434,
    bias: -3.854,
  },
} as const;

/**
 * The reference a score uses when the bundle has none for the language (compiled before
 * references existed, or a language kotae has no out-of-scope sample for): the out-of-scope
 * sample's features averaged over the dev pairings of the script (written by
 * `bench/fit-answerability.ts` with the weights). Its spreads, halved, are also
 * the smallest spreads a bundle's own reference may have (a tiny knowledge on which every sample
 * question looks the same must not turn small differences into large ones).
 */
export const DEFAULT_ANSWERABILITY_REFERENCES: Readonly<Record<'latin' | 'cjk', AnswerabilityReference>> = {
  latin: {
    mean: {
      title: 0.0731,
      strength: 0.4098,
      best: 0.342,
      union: 0.4292,
      unknown: 0.487,
      margin: 0.2489,
      rare: 0.6171,
      terms: 1.5185,
      cover: 0.0862,
      domain: 0.1058,
    },
    spread: {
      title: 0.1084,
      strength: 0.1458,
      best: 0.1648,
      union: 0.2219,
      unknown: 0.242,
      margin: 0.2806,
      rare: 0.4272,
      terms: 0.2505,
      cover: 0.1298,
      domain: 0.1293,
    },
  },
  cjk: {
    mean: {
      title: 0.0472,
      strength: 0.1624,
      best: 0.5029,
      union: 0.6057,
      unknown: 0.2547,
      margin: 0.3839,
      rare: 0.8049,
      terms: 1.537,
      cover: 0.0408,
      domain: 0.0583,
    },
    spread: {
      title: 0.0954,
      strength: 0.1885,
      best: 0.2289,
      union: 0.2623,
      unknown: 0.2407,
      margin: 0.2925,
      rare: 0.2785,
      terms: 0.2802,
      cover: 0.126,
      domain: 0.1277,
    },
  },
};

/**
 * The threshold a bundle without calibration uses (an old bundle, or one compiled without eval
 * cases and with no usable sample): the score above which the dev pairings' answerable questions
 * were answered and their out-of-scope ones refused best on the whole.
 */
export const DEFAULT_ANSWERABILITY_THRESHOLD = 0.45;

/** The name of this score, stored with a bundle's calibration: thresholds for another score do not apply. */
export const ANSWERABILITY_SCORE = 'lexical-3';

/** The features as the score reads them: `terms` as `ln(1 + terms)`. */
export function featureVector(features: AnswerabilityFeatures): AnswerabilityFeatureVector {
  const { title, strength, best, union, unknown, margin, rare, cover, domain } = features;
  return { title, strength, best, union, unknown, margin, rare, terms: Math.log1p(features.terms), cover, domain };
}

const FEATURE_NAMES = ['title', 'strength', 'best', 'union', 'unknown', 'margin', 'rare', 'terms', 'cover', 'domain'] as const;

/**
 * The reference of a language of a bundle: the mean and standard deviation of each feature over
 * the out-of-scope sample's questions searched in it (`features`, from `assessAnswerability`).
 * Questions without terms are left out. Fewer than 20 questions: `undefined` (the default applies).
 *
 * @example
 * ```ts
 * const sample = OUT_OF_SCOPE_EN.map((q) => assessAnswerability(q, index.search(q, { locale: 'en', limit: 5 }), index).features)
 * answerabilityReference(sample)?.mean.strength // 0.46
 * ```
 */
export function answerabilityReference(features: readonly AnswerabilityFeatures[]): AnswerabilityReference | undefined {
  const vectors = features.filter((f) => f.terms > 0).map(featureVector);
  if (vectors.length < 20) return undefined;
  const mean = {} as Record<(typeof FEATURE_NAMES)[number], number>;
  const spread = {} as Record<(typeof FEATURE_NAMES)[number], number>;
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  for (const name of FEATURE_NAMES) {
    const m = vectors.reduce((sum, v) => sum + v[name], 0) / vectors.length;
    const variance = vectors.reduce((sum, v) => sum + (v[name] - m) ** 2, 0) / vectors.length;
    mean[name] = round(m);
    spread[name] = round(Math.sqrt(variance));
  }
  return { mean, spread };
}

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
 * {@link ANSWERABILITY_WEIGHTS} for the language (`ja` and `zh` use the `cjk` weights), each
 * feature measured from `reference` (the bundle's, see {@link AnswerabilityReference}; the
 * language's default without one).
 *
 * @example
 * ```ts
 * answerabilityScore(features, 'en', referenceFor(bundle.manifest.answerability, 'en')) // 0.93
 * ```
 */
export function answerabilityScore(features: AnswerabilityFeatures, language: string, reference?: AnswerabilityReference): number {
  if (features.terms === 0) return 0;
  const script = scriptOf(language);
  const w = ANSWERABILITY_WEIGHTS[script];
  const fallback = DEFAULT_ANSWERABILITY_REFERENCES[script];
  const { mean, spread } = reference ?? fallback;
  const x = featureVector(features);
  let z = w.bias;
  for (const name of FEATURE_NAMES) z += (w[name] * (x[name] - mean[name])) / Math.max(spread[name], fallback.spread[name] / 2);
  return 1 / (1 + Math.exp(-z));
}

function scriptOf(language: string): 'latin' | 'cjk' {
  const lang = languageOf(language);
  return lang === 'ja' || lang === 'zh' ? 'cjk' : 'latin';
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
 * `reference` is the bundle's reference for the results' language (`referenceFor`): scores are
 * measured from it, and compare with the threshold calibrated with it.
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
  reference?: AnswerabilityReference,
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
  const alone: Answerability = { score: answerabilityScore(features, locale, reference), features };
  if (context.length === 0 || (own.length > 0 && features.union === 0)) return alone;
  const withContext = answerabilityFeatures([...own, ...context], results, stats, query);
  const score = answerabilityScore(withContext, locale, reference);
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

/**
 * The reference a bundle's manifest gives a language (`manifest.answerability`, written by
 * `kotae compile`), for `assessAnswerability`; `undefined` (the default reference) for a bundle
 * without one, a language it has none for, or a calibration of another score.
 *
 * @example
 * ```ts
 * assessAnswerability(query, results, index, undefined, [], referenceFor(bundle.manifest.answerability, 'en'))
 * ```
 */
export function referenceFor(answerability: BundleAnswerability | undefined, language: string): AnswerabilityReference | undefined {
  if (answerability?.score !== ANSWERABILITY_SCORE) return undefined;
  return answerability.languages[languageOf(language)]?.reference;
}
