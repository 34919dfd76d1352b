import { stemmer } from 'stemmer';
import { EN_STOPWORDS, JA_STOPWORDS } from './stopwords.js';

/**
 * The tokenizer's name and version, written into every bundle manifest. A reader refuses to search
 * an index made by a different tokenizer version, because queries would be split differently from
 * the documents.
 */
export const TOKENIZER = { name: 'kotae-intl', version: 1 } as const;

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

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    let resolved: string;
    try {
      resolved = Intl.Segmenter.supportedLocalesOf([locale])[0] ?? 'en';
    } catch {
      resolved = 'en';
    }
    segmenter = new Intl.Segmenter(resolved, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

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
  return text.normalize('NFKC').toLowerCase().normalize('NFKC');
}

const HAN_OR_KATAKANA = /^[\p{Script=Han}\p{Script=Katakana}ー々〆ヵヶ]+$/u;
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

function stemTerm(term: string, lang: string): string {
  // Porter stemming for English words, in English text and in Japanese text (where Latin words
  // are nearly always English product terms).
  if ((lang === 'en' || lang === 'ja') && ASCII_WORD.test(term) && term.length > 2) {
    return stemmer(term.replace(/'s?$/, ''));
  }
  return term;
}

/**
 * Splits text into index terms, with the spans they came from in the original text.
 *
 * The text is segmented by `Intl.Segmenter` for the locale (so Japanese, which has no spaces, is
 * split into words), each word is normalized ({@link normalizeText}), grammar words (Japanese
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
  const { normalized, offsets } = normalizeWithOffsets(text);
  const spans: TokenSpan[] = [];
  let run: { chars: string[]; starts: number[] } | undefined;
  const flushRun = () => {
    if (run && run.chars.length > 2) {
      for (let i = 0; i + 1 < run.chars.length; i++) {
        const bigram = run.chars[i]! + run.chars[i + 1]!;
        spans.push({ term: bigram, word: bigram, start: run.starts[i]!, end: run.starts[i + 2] ?? run.starts[i + 1]! + 1 });
      }
    }
    run = undefined;
  };
  for (const seg of segmenterFor(lang).segment(normalized)) {
    const start = offsets[seg.index]!;
    const end = offsets[seg.index + seg.segment.length]!;
    if (!seg.isWordLike) {
      flushRun();
      continue;
    }
    const word = seg.segment;
    if (HAN_OR_KATAKANA.test(word)) {
      run ??= { chars: [], starts: [] };
      let i = seg.index;
      for (const ch of word) {
        run.chars.push(ch);
        run.starts.push(offsets[i]!);
        i += ch.length;
      }
    } else {
      flushRun();
    }
    if (!keepTerm(word, lang)) continue;
    spans.push({ term: stemTerm(word, lang), word, start, end });
  }
  flushRun();
  return spans;
}

/**
 * Splits text into index terms (see {@link tokenSpans}). Never throws; empty for text with no
 * words.
 *
 * @example
 * ```ts
 * tokenize('How do I reset my passwords?', 'en') // ['reset', 'password']
 * ```
 */
export function tokenize(text: string, locale: string): string[] {
  return tokenSpans(text, locale).map((span) => span.term);
}

/**
 * NFKC-normalizes and case-folds `text` grapheme by grapheme, recording for every offset of the
 * result the offset in the original it came from, so that spans found in normalized text can be
 * highlighted in the original.
 */
function normalizeWithOffsets(text: string): { normalized: string; offsets: number[] } {
  let normalized = '';
  const offsets: number[] = [];
  let i = 0;
  for (const { segment } of graphemes.segment(text)) {
    const norm = normalizeText(segment);
    for (let k = 0; k < norm.length; k++) offsets.push(i);
    normalized += norm;
    i += segment.length;
  }
  offsets.push(text.length);
  return { normalized, offsets };
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
