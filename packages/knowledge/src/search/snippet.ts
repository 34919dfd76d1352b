import type { HighlightRange } from './search-types.js';
import { tokenSpans, type TokenSpan } from './tokenizer.js';

/** A snippet of a text with the ranges to highlight. */
export interface Snippet {
  readonly text: string;
  readonly highlights: HighlightRange[];
}

const MAX_SCAN = 5_000;

/**
 * The part of a section's text that snippets are cut from (its first 5,000 characters); pass
 * `tokenSpans(snippetSource(text), locale)` as `tokens` to {@link makeSnippet} to reuse them.
 */
export function snippetSource(text: string): string {
  return text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
}

/**
 * Cuts the passage of `text` with the most matches of `terms` (at most `length` characters, at
 * word boundaries, never inside a surrogate pair or grapheme) and returns it with the ranges of the
 * matched words.
 *
 * @param text - plain text of a section
 * @param terms - index terms that matched (as {@link tokenize} produces them)
 * @param locale - the text's locale
 * @param length - maximum snippet length in characters
 * @param tokens - the text's token spans, when the caller has them cached
 */
export function makeSnippet(
  text: string,
  terms: ReadonlySet<string>,
  locale: string,
  length = 160,
  tokens?: readonly TokenSpan[],
): Snippet {
  const scanned = snippetSource(text);
  const spans: { start: number; end: number; term: string }[] = (tokens ?? tokenSpans(scanned, locale)).filter((s) => terms.has(s.term));
  // Terms that only matched through the Japanese gram field: find them as substrings.
  const found = new Set(spans.map((s) => s.term));
  const lower = scanned.toLowerCase();
  for (const term of terms) {
    if (found.has(term) || term.includes('+') || !CJK.test(term)) continue;
    for (let i = lower.indexOf(term); i !== -1 && spans.length < 200; i = lower.indexOf(term, i + term.length)) {
      spans.push({ start: i, end: i + term.length, term });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let start = 0;
  if (scanned.length > length && spans.length > 0) {
    // Slide a window over the matches and keep the one covering the most distinct terms.
    let best = -1;
    let bestFirst = 0;
    let j = 0;
    for (let i = 0; i < spans.length; i++) {
      while (j < spans.length && spans[j]!.end - spans[i]!.start <= length) j++;
      const distinct = new Set(spans.slice(i, j).map((s) => s.term)).size;
      if (distinct > best) {
        best = distinct;
        bestFirst = spans[i]!.start;
      }
    }
    // Show some text before the first match, but fill the snippet when the match is near the end.
    start = Math.min(Math.max(0, bestFirst - Math.floor(length / 4)), scanned.length - length);
    start = forwardToBoundary(scanned, start, bestFirst, locale);
  }
  let end = Math.min(scanned.length, start + length);
  if (end < scanned.length) end = backToBoundary(scanned, end, start, locale);
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const offset = lead.length - start;
  const highlights: HighlightRange[] = [];
  for (const span of spans) {
    if (span.start < start || span.end > end) continue;
    const from = span.start + offset;
    const to = span.end + offset;
    const prev = highlights[highlights.length - 1];
    if (prev && from <= prev.end) highlights[highlights.length - 1] = { start: prev.start, end: Math.max(prev.end, to) };
    else highlights.push({ start: from, end: to });
  }
  return { text: lead + scanned.slice(start, end).replace(/\s/g, ' ') + tail, highlights };
}

const CJK = /^[\p{Script=Han}\p{Script=Katakana}ー々]+$/u;
const BREAK = /[\s。、．，.,!?！？」』）)\]]/u;

/**
 * Moves `from` forward to just after a break (at most up to `limit`); without one (Japanese runs
 * on without spaces), to the next word boundary, so that no word is cut.
 */
function forwardToBoundary(text: string, from: number, limit: number, locale: string): number {
  for (let i = from; i < limit; i++) {
    if (i === 0 || BREAK.test(text[i - 1]!)) return i;
  }
  const next = wordBoundaries(text, from, locale).find((b) => b >= from);
  return next !== undefined && next <= limit ? next : safeIndex(text, from);
}

/** Moves `end` back to a break (at most 20 characters, never before `floor`), else to a word boundary. */
function backToBoundary(text: string, end: number, floor: number, locale: string): number {
  for (let i = end; i > end - 20 && i > floor; i--) {
    if (BREAK.test(text[i]!)) return i;
  }
  const previous = wordBoundaries(text, end, locale).findLast((b) => b <= end);
  return previous !== undefined && previous > floor ? previous : safeIndex(text, end);
}

const segmenters = new Map<string, Intl.Segmenter>();

/** Word boundaries (UTF-16 offsets) of `text` within 32 characters of `at`, ascending. */
function wordBoundaries(text: string, at: number, locale: string): number[] {
  let segmenter = segmenters.get(locale);
  if (!segmenter) segmenters.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: 'word' })));
  const from = Math.max(0, at - 32);
  const window = text.slice(from, Math.min(text.length, at + 32));
  const boundaries: number[] = [];
  for (const { index } of segmenter.segment(window)) if (index > 0) boundaries.push(from + index);
  return boundaries;
}

/** Moves an index off the low half of a surrogate pair and off combining marks. */
function safeIndex(text: string, i: number): number {
  let k = i;
  while (k > 0 && k < text.length && /[\uDC00-\uDFFF\p{M}\u{FF9E}\u{FF9F}]/u.test(text[k]!)) k--;
  return k;
}
