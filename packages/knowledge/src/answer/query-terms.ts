import { cjkGrams, languageOf, tokenize } from '../search/tokenizer.js';
import type { WeightedTerm } from './question.js';

/** How much a kanji/katakana gram of the question counts, next to a whole word's 1. */
export const GRAM_WEIGHT = 0.25;

/** The key a gram has in a unit's term set (never a word's). */
export function gramKey(gram: string): string {
  return `\u0000${gram}`;
}

/**
 * The terms an extractive answer looks for: the question's words (weight 1, or the weights the
 * caller gives), and in Japanese and Chinese also the kanji/katakana grams of those words
 * ({@link GRAM_WEIGHT} each), which meet a word the guidance segments differently.
 *
 * @param query - the question as asked
 * @param locale - the locale of the section the answer comes from
 * @param terms - pre-analysed terms with their weights (a question analysis); when given, `query`
 *   is not tokenized again
 * @example
 * ```ts
 * matchWeights('How long do refunds take?', 'en') // Map { 'long' => 1, 'refund' => 1, 'take' => 1 }
 * ```
 */
export function matchWeights(query: string, locale: string, terms?: readonly WeightedTerm[]): Map<string, number> {
  const weights = new Map<string, number>();
  const words = terms ?? tokenize(query, locale).map((term) => ({ term, weight: 1 }));
  for (const { term, weight } of words) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  const lang = languageOf(locale);
  if (lang === 'ja' || lang === 'zh') {
    for (const { term, weight } of words) {
      for (const gram of cjkGrams(term)) {
        const key = gramKey(gram);
        weights.set(key, Math.max(weights.get(key) ?? 0, GRAM_WEIGHT * weight));
      }
    }
  }
  return weights;
}
