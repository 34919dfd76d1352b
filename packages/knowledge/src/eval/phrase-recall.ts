import { normalizeText } from '../search/tokenizer.js';

/** Citation marks (`[1]`, `[1, 3]`, `［1］`), which a phrase must match across. */
const MARKS = /[[［]\s*[0-9０-９]+(?:\s*[,、，]\s*[0-9０-９]+)*\s*[\]］]/g;
/** Markdown emphasis and code marks, which change how text looks, not what it says. */
const EMPHASIS = /[*_`]+/g;
/** A letter of a script written without spaces between words (kana, kanji, hangul). */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}ー々〆';
const SPACE_BESIDE_CJK = new RegExp(`(?<=[${CJK}、。「」（）])\\s+|\\s+(?=[${CJK}、。「」（）])`, 'gu');

/**
 * Text as phrase matching sees it: NFKC-normalized and case-folded (as search does), without
 * citation marks or markdown emphasis, whitespace runs as one space, and no space next to a
 * Japanese (or Chinese, Korean) character — those scripts put none between words, so a line
 * break inside a Japanese sentence must not hide a phrase.
 *
 * @example
 * ```ts
 * phraseText('**Reset** your  password [1].') // 'reset your password .'
 * phraseText('パスワードを\n再設定') // 'パスワードを再設定'
 * ```
 */
export function phraseText(text: string): string {
  return normalizeText(text).replace(MARKS, ' ').replace(EMPHASIS, '').replace(/\s+/g, ' ').replace(SPACE_BESIDE_CJK, '').trim();
}

/**
 * Which of a case's expected `phrases` an answer contains, by containment after
 * `phraseText` on both sides: no word boundaries are assumed, so it works for Japanese,
 * where words are not separated (and for English it is a substring match: `refund` is found in
 * `refunds`). Returns the share found (1 when there are no phrases) and the missing phrases.
 *
 * @example
 * ```ts
 * phraseRecall('ＦＡＱの「パスワード再設定」から手続きできます [1]', ['パスワード再設定', 'faq', 'メール'])
 * // { recall: 0.6667, missing: ['メール'] }
 * ```
 */
export function phraseRecall(answer: string, phrases: readonly string[]): { recall: number; missing: string[] } {
  const text = phraseText(answer);
  const wanted = phrases.filter((p) => phraseText(p) !== '');
  if (wanted.length === 0) return { recall: 1, missing: [] };
  const missing = wanted.filter((p) => !text.includes(phraseText(p)));
  return { recall: Math.round(((wanted.length - missing.length) / wanted.length) * 10_000) / 10_000, missing };
}
