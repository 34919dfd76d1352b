import { normalizeText, tokenize } from '../search/tokenizer.js';

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The locale a text is tokenized with when it names none: `ja` when it has kana or kanji,
 * otherwise `en` (Latin-script languages without a stemmer only lose stemming).
 *
 * @example
 * ```ts
 * guessLocale('カードが届きません') // 'ja'
 * guessLocale('My card has not arrived') // 'en'
 * ```
 */
export function guessLocale(text: string): string {
  return JAPANESE.test(text) ? 'ja' : 'en';
}

/** Which features {@link textFeatures} extracts (a trained classifier keeps its own). */
export interface FeatureOptions {
  /** Adjacent pairs of tokenizer terms, besides the terms. */
  readonly wordBigrams: boolean;
  /** Lengths of the character n-grams (of the normalized text, words joined by one space); empty for none. */
  readonly charNgrams: readonly number[];
}

/**
 * The features of a text, with repeats: tokenizer terms (`w:reset`), pairs of adjacent terms
 * (`b:reset password`) and character n-grams of the normalized text (`c: pa`). Character n-grams
 * keep what the tokenizer drops on purpose for search (function words such as "not" or "why",
 * particles) and match across inflections and spelling mistakes; for Japanese they stand in for
 * the segmentation the word features depend on.
 *
 * @example
 * ```ts
 * textFeatures('Card not working', 'en', { wordBigrams: true, charNgrams: [3] })
 * // ['w:card', 'w:work', 'b:card work', 'c: ca', 'c:car', …, 'c:not', …]
 * ```
 */
export function textFeatures(text: string, locale: string, options: FeatureOptions): string[] {
  const terms = tokenize(text, locale);
  const out: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    out.push(`w:${terms[i]!}`);
    if (options.wordBigrams && i > 0) out.push(`b:${terms[i - 1]!} ${terms[i]!}`);
  }
  if (options.charNgrams.length > 0) {
    const flat = ` ${normalizeText(text).replace(NOT_WORD, ' ').trim()} `;
    // n-grams of code points; string slices when there is no surrogate pair (nearly always).
    const chars = SURROGATE.test(flat) ? Array.from(flat) : flat;
    for (const n of options.charNgrams) {
      for (let i = 0; i + n <= chars.length; i++) {
        out.push(`c:${typeof chars === 'string' ? chars.slice(i, i + n) : chars.slice(i, i + n).join('')}`);
      }
    }
  }
  return out;
}
