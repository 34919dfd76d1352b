import { stemmer } from 'stemmer';
import { EN_STOPWORDS, JA_STOPWORDS } from './stopwords.js';
import { cachedSegmenter } from '../internal/segmenter.js';

/**
 * The tokenizer's name and version, written into every bundle manifest. A reader refuses to search
 * an index made by a different tokenizer version, because queries would be split differently from
 * the documents. Version 3 tells a word from its own characters, not its neighbours.
 */
export const TOKENIZER = { name: 'kotae-intl', version: 3 } as const;

/** A token and where it was found in the text it came from. */
export interface TokenSpan {
  /** The normalized term, as indexed (stemmed where the language has a stemmer). */
  readonly term: string;
  /** The normalized word before stemming (what a prefix search completes). */
  readonly word: string;
  /** Start offset (UTF-16 code units) in the original text. */
  readonly start: number;
  /** End offset (exclusive) in the original text. */
  readonly end: number;
}

const segmenterFor = (locale: string): Intl.Segmenter => cachedSegmenter(locale, 'word');

/** The primary language subtag, lowercased: `ja-JP` → `ja`. */
export function languageOf(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

/**
 * Normalizes text the way the index sees it: Unicode NFKC (full-width letters and digits,
 * half-width katakana, ligatures) and case folding.
 *
 * @example
 * ```ts
 * normalizeText('ＰａｓｓＷｏｒｄ ﾊﾟｽﾜｰﾄﾞ') // 'password パスワード'
 * ```
 */
export function normalizeText(text: string): string {
  // Final sigma folds to σ as in Unicode case folding, so folding does not depend on context.
  return text.normalize('NFKC').toLowerCase().replace(/ς/g, 'σ').normalize('NFKC');
}

/**
 * Typographic apostrophes (’ U+2019, ʼ U+02BC) as ASCII `'`, inside a word only: `don’t` and
 * `user’s` then meet the stop list and the stemmer like `don't` and `user's`. NFKC leaves them
 * alone, and a word keeps its length, so offsets do not move.
 */
function foldApostrophes(word: string): string {
  return word.includes('’') || word.includes('ʼ') ? word.replace(/[’ʼ]/g, "'") : word;
}

/**
 * What makes a segment a word: a letter of any script (kana and kanji included), a digit, or
 * another alphabetic character. Decided from the segment alone, not from `Intl.Segmenter`'s
 * `isWordLike`, which depends on the neighbours: ICU's dictionary breaker calls every character of
 * a kana or kanji run word-like, so a CJK radical such as `⺀` (a symbol) was a word after `ぁ`
 * and not on its own, and `々` on its own was no word. A highlighted word must tokenize to the same
 * term when cut out of its text.
 */
const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const ASCII_WORD = /^[a-z][a-z']*$/;

function keepTerm(term: string, lang: string): boolean {
  if (lang === 'ja' || HIRAGANA_ONLY.test(term)) {
    if (JA_STOPWORDS.has(term)) return false;
    // A lone hiragana is a particle or an inflection fragment.
    if (term.length === 1 && HIRAGANA_ONLY.test(term)) return false;
  }
  if (EN_STOPWORDS.has(term) && (lang === 'en' || lang === 'ja')) return false;
  return true;
}

const KATAKANA_WORD = /^[\p{Script=Katakana}ー]{3,}ー$/u;

function stemTerm(term: string, lang: string): string {
  // Porter stemming for English words, in English text and in Japanese text (where Latin words
  // are nearly always English product terms).
  if ((lang === 'en' || lang === 'ja') && ASCII_WORD.test(term) && term.length > 2) {
    return stemmer(term.replace(/'s?$/, ''));
  }
  // Katakana loanwords of 4+ characters are written with or without their final long-vowel mark
  // (サーバー / サーバ, ユーザー / ユーザ, JIS Z 8301): drop it, as Lucene's
  // JapaneseKatakanaStemFilter does.
  if (lang === 'ja' && KATAKANA_WORD.test(term)) return term.slice(0, -1);
  return term;
}

/**
 * Splits text into index terms, with the spans they came from in the original text.
 *
 * The text is segmented by `Intl.Segmenter` for the locale (so Japanese, which has no spaces, is
 * split into words), each word is normalized (`normalizeText`), grammar words (Japanese
 * particles and auxiliaries, English function words) are dropped, and English words are stemmed.
 * Runs of kanji and katakana also yield their character bigrams, so a query word that the
 * segmenter splits differently from the document (`何季` vs `雨季`) still matches.
 *
 * @example
 * ```ts
 * tokenSpans('パスワードを忘れました', 'ja').map((t) => t.term) // ['パスワード', '忘れ']
 * ```
 */
export function tokenSpans(text: string, locale: string): TokenSpan[] {
  const lang = languageOf(locale);
  const { normalized, starts, ends } = normalizeWithOffsets(text);
  const spans: TokenSpan[] = [];
  for (const seg of segmenterFor(lang).segment(normalized)) {
    if (!WORD_CHAR.test(seg.segment)) continue;
    const word = foldApostrophes(seg.segment);
    if (!keepTerm(word, lang)) continue;
    const start = starts ? starts[seg.index]! : seg.index;
    const end = ends ? ends[seg.index + word.length - 1]! : seg.index + word.length;
    spans.push({ term: stemTerm(word, lang), word, start, end });
  }
  return spans;
}

/**
 * Splits text into index terms (see `tokenSpans`). Never throws; empty for text with no
 * words. `tokenize(text)` equals `tokenize(text.normalize('NFKC'))`.
 *
 * @example
 * ```ts
 * tokenize('How do I reset my passwords?', 'en') // ['reset', 'password']
 * ```
 */
export function tokenize(text: string, locale: string): string[] {
  const lang = languageOf(locale);
  const terms: string[] = [];
  for (const seg of segmenterFor(lang).segment(normalizeText(text))) {
    if (!WORD_CHAR.test(seg.segment)) continue;
    const word = foldApostrophes(seg.segment);
    if (keepTerm(word, lang)) terms.push(stemTerm(word, lang));
  }
  return terms;
}

/**
 * Normalizes `text` (`normalizeText`) and maps every UTF-16 unit of the result back to the
 * original: `starts[i]`/`ends[i]` are the original span of the grapheme that unit came from. When
 * the text is already NFKC and lowercasing keeps its length (nearly always: ASCII, kana, kanji),
 * offsets are the identity and no arrays are made.
 */
function normalizeWithOffsets(text: string): { normalized: string; starts?: number[]; ends?: number[] } {
  if (text.normalize('NFKC') === text) {
    const lower = text.toLowerCase().replace(/ς/g, 'σ');
    if (lower.length === text.length && lower.normalize('NFKC') === lower) return { normalized: lower };
  }
  let normalized = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const { segment } of graphemes.segment(text)) {
    const norm = normalizeText(segment);
    for (let k = 0; k < norm.length; k++) {
      starts.push(i);
      ends.push(i + segment.length);
    }
    normalized += norm;
    i += segment.length;
  }
  return { normalized, starts, ends };
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const CJK_CHAR = /[\p{Script=Han}\p{Script=Katakana}ー々〆ヵヶ]/u;
const HAN = /\p{Script=Han}/u;

/**
 * Kanji unigrams and the character bigrams of runs of kanji and katakana in `text` (after
 * normalization). Indexed in a field of their own, they let a query word that the segmenter split
 * differently from the document (`何季` vs `雨季`, parts of compounds) still match, without
 * counting twice the words that were segmented alike.
 *
 * @example
 * ```ts
 * cjkGrams('半島南部') // ['半', '半島', '島', '島南', '南', '南部', '部']
 * ```
 */
export function cjkGrams(text: string): string[] {
  const out: string[] = [];
  let prev = '';
  for (const ch of normalizeText(text)) {
    if (CJK_CHAR.test(ch)) {
      if (HAN.test(ch)) out.push(ch);
      if (prev) out.push(prev + ch);
      prev = ch;
    } else {
      prev = '';
    }
  }
  return out;
}
