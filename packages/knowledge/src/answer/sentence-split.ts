/**
 * Where the sentences of one paragraph's text start and end. `Intl.Segmenter` finds the breaks
 * (so every locale works), and a second pass takes back the breaks it makes where a reader sees
 * none: after an abbreviation (`e.g.`, `Mr.`, `No.`), an initial (`J. Smith`), inside a URL
 * (`?` or `.` followed by more URL), and after a closing Japanese quote the sentence goes on from
 * (`「はい。」と言った。`). Version numbers (`1.2.3`) and decimals already never break.
 */

import { cachedSegmenter } from '../internal/segmenter.js';

/**
 * The sentence `Intl.Segmenter` for a locale, made once: constructing one costs more than
 * segmenting a paragraph with it.
 */
export function sentenceSegmenter(locale: string): Intl.Segmenter {
  return cachedSegmenter(locale, 'sentence');
}

/**
 * Abbreviations a sentence rarely ends with: a break after one is taken back. Lowercase, without
 * the final period. Ending a sentence on `etc.` is common, but joining two sentences costs a
 * longer quote, while breaking after an abbreviation cuts one in half.
 */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'cf',
  'vs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'no',
  'nos',
  'fig',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'ver',
  'vol',
  'pp',
  'p',
  'ex',
  'u.s',
  'u.k',
  'a.m',
  'p.m',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const LAST_WORD = /(?:^|[\s(（"'“‘])([\p{L}.]+)\.\s*$/u;
const INITIAL = /(?:^|[\s(])\p{Lu}\.\s*$/u;
const CLOSING_QUOTE_END = /[」』）)】〕]\s*$/u;
const STARTS_LOWER_OR_DIGIT = /^\s*[\p{Ll}\p{N}]/u;
const STARTS_HIRAGANA = /^[\p{Script=Hiragana}]/u;
/** A break with no space after `.` or `?`, before more ASCII: the inside of a URL, a path or a query string. */
const NO_SPACE_BREAK = /[.?!]$/;
const URLISH_NEXT = /^[A-Za-z0-9=&%#/_~+-]/;
const HAS_WORD = /[\p{L}\p{N}]/u;
const OPENING_TAIL = /[「『（(【〔“‘]+$/u;

/**
 * The sentences of a paragraph's text as `[start, end)` offsets, whitespace trimmed, none empty.
 * A paragraph's last sentence ends at its end, with or without a period.
 *
 * @example
 * ```ts
 * sentenceRanges('Ask Mr. Smith, e.g. by phone. He is in.', 'en').length // 2
 * ```
 */
export function sentenceRanges(text: string, locale: string): [number, number][] {
  const raw: [number, number][] = [];
  for (const { index, segment } of sentenceSegmenter(locale).segment(text)) raw.push([index, index + segment.length]);
  const merged: [number, number][] = [];
  for (const range of raw) {
    const prev = merged.at(-1);
    if (prev && joins(text.slice(prev[0], prev[1]), text.slice(range[0], range[1]))) prev[1] = range[1];
    else merged.push([range[0], range[1]]);
  }
  // `Intl.Segmenter` counts opening brackets after a sentence end as closing ones (`…いる。「次…`):
  // they open the next sentence.
  for (let i = 0; i + 1 < merged.length; i++) {
    const piece = text.slice(merged[i]![0], merged[i]![1]);
    const opening = OPENING_TAIL.exec(piece.trimEnd());
    if (opening && opening.index > 0) {
      const cut = merged[i]![0] + opening.index;
      merged[i]![1] = cut;
      merged[i + 1]![0] = cut;
    }
  }
  const out: [number, number][] = [];
  for (const [start, end] of merged) {
    const piece = text.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (end - trail <= start + lead) continue;
    // A piece without a letter or digit (a lone bracket or mark) belongs to the sentence before.
    const last = out.at(-1);
    // Empty brackets (`「」`, what a source's removed markup leaves) say nothing: left out.
    if (/^[\s「」『』（）()【】〔〕“”‘’"']+$/u.test(piece)) continue;
    if (last && !HAS_WORD.test(piece)) {
      last[1] = end - trail;
      continue;
    }
    out.push([start + lead, end - trail]);
  }
  return out;
}

/** Whether the break between `prev` and `next` is one a reader does not see. */
function joins(prev: string, next: string): boolean {
  if (!HAS_WORD.test(next)) return true;
  const word = LAST_WORD.exec(prev)?.[1];
  if (word !== undefined && ABBREVIATIONS.has(word.toLowerCase())) return true;
  // `J. Smith` and `U. S.` go on; a sentence ending on one capital (`Plan B.`) is rare enough to join.
  if (INITIAL.test(prev)) return true;
  if (NO_SPACE_BREAK.test(prev) && URLISH_NEXT.test(next)) return true;
  if (/\.\s+$/.test(prev) && STARTS_LOWER_OR_DIGIT.test(next) && /\p{Script=Latin}/u.test(next.slice(0, 1))) return true;
  if (CLOSING_QUOTE_END.test(prev) && STARTS_HIRAGANA.test(next)) return true;
  return false;
}

/** Characters a sentence ends with (before closing quotes and brackets). */
const TERMINAL = /[.!?。！？‼⁇⁈⁉][」』）)\]】〕"'”’]*$/u;

/**
 * Whether `text` ends like a sentence: on a terminal mark (`.`, `!`, `?`, `。`, `！`, `？`), possibly
 * followed by closing quotes or brackets, and not on an abbreviation.
 *
 * @example
 * ```ts
 * endsLikeSentence('Refunds take 5 days.') // true
 * endsLikeSentence('Ask Mr.') // false
 * ```
 */
export function endsLikeSentence(text: string): boolean {
  const t = text.trimEnd();
  if (!TERMINAL.test(t)) return false;
  const word = LAST_WORD.exec(t)?.[1];
  return word === undefined || !ABBREVIATIONS.has(word.toLowerCase());
}
