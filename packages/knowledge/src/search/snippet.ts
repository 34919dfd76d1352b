import type { HighlightRange } from './search-types.js';
import { tokenSpans } from './tokenizer.js';

/** A snippet of a text with the ranges to highlight. */
export interface Snippet {
  readonly text: string;
  readonly highlights: HighlightRange[];
}

const MAX_SCAN = 20_000;

/**
 * Cuts the passage of `text` with the most matches of `terms` (at most `length` characters, at
 * word boundaries, never inside a surrogate pair or grapheme) and returns it with the ranges of the
 * matched words.
 *
 * @param text - plain text of a section
 * @param terms - index terms that matched (as {@link tokenize} produces them)
 * @param locale - the text's locale
 * @param length - maximum snippet length in characters
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>, locale: string, length = 160): Snippet {
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const spans = tokenSpans(scanned, locale).filter((s) => terms.has(s.term));
  let bestStart = 0;
  if (spans.length > 0) {
    // Slide a window over the matches and keep the one covering the most distinct terms.
    let best = -1;
    let j = 0;
    for (let i = 0; i < spans.length; i++) {
      while (j < spans.length && spans[j]!.end - spans[i]!.start <= length) j++;
      const distinct = new Set(spans.slice(i, j).map((s) => s.term)).size;
      if (distinct > best) {
        best = distinct;
        bestStart = spans[i]!.start;
      }
    }
    // Start a little before the first match, at a word or sentence boundary.
    bestStart = backToBoundary(scanned, bestStart, Math.min(40, Math.floor(length / 4)));
  }
  let end = Math.min(scanned.length, bestStart + length);
  end = forwardToBoundary(scanned, end);
  let snippet = scanned.slice(bestStart, end);
  const lead = bestStart > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const offset = lead.length - bestStart;
  const highlights: HighlightRange[] = [];
  for (const s of spans) {
    if (s.start >= bestStart && s.end <= end) {
      const prev = highlights[highlights.length - 1];
      const start = s.start + offset;
      const stop = s.end + offset;
      if (prev && start <= prev.end) {
        highlights[highlights.length - 1] = { start: prev.start, end: Math.max(prev.end, stop) };
      } else {
        highlights.push({ start, end: stop });
      }
    }
  }
  snippet = lead + snippet.replace(/\s/g, ' ') + tail;
  return { text: snippet, highlights };
}

const BREAK = /[\s。、．，.,!?！？」』）)\]]/u;

function backToBoundary(text: string, from: number, maxBack: number): number {
  const limit = Math.max(0, from - maxBack);
  for (let i = from; i > limit; i--) {
    if (BREAK.test(text[i - 1]!)) return i;
  }
  return safeIndex(text, limit === 0 ? 0 : from);
}

function forwardToBoundary(text: string, end: number): number {
  if (end >= text.length) return text.length;
  for (let i = end; i > end - 20 && i > 0; i--) {
    if (BREAK.test(text[i]!)) return i;
  }
  return safeIndex(text, end);
}

/** Moves an index off the low half of a surrogate pair and off combining marks. */
function safeIndex(text: string, i: number): number {
  let k = i;
  while (k > 0 && k < text.length && /[\uDC00-\uDFFF\p{M}\u{FF9E}\u{FF9F}]/u.test(text[k]!)) k--;
  return k;
}
