import { tokenize } from '../search/tokenizer.js';
import type { SearchResult } from '../search/search-types.js';

/** How many of the best results the question's words may be matched in. */
const DEPTH = 3;

/**
 * How sure retrieval is that the guidance answers `query`, from 0 to 1: the share of the
 * question's words (after stop words are dropped) that the best few results matched.
 *
 * A BM25 score is only comparable within one search, so it cannot be a threshold; coverage can.
 * A question whose words the guidance does not even contain (`株価の予想を教えて` against a
 * returns policy) is not one it answers, however well the words it did match score. The best
 * three results count together, because an answer may draw on several sections (one
 * explains the reset, another the password). Prefix and fuzzy matches count for the word they
 * completed or corrected, and Japanese words count when matched grams cover half of them.
 */
export function retrievalConfidence(query: string, results: readonly SearchResult[], locale: string): number {
  const words = [...new Set(tokenize(query, locale))];
  if (words.length === 0 || results.length === 0) return 0;
  const matched = results.slice(0, DEPTH).flatMap((r) => r.terms);
  let hits = 0;
  for (const word of words) if (matched.some((term) => term === word || term.startsWith(word)) || coveredByGrams(word, matched)) hits++;
  return hits / words.length;
}

/**
 * Whether at least half the characters of a Japanese or Chinese word are covered by matched
 * kanji and katakana grams: `荷物` against a section that says `荷` is as close as the index
 * can tell (word segmentation differs between a question and the guidance). Never for words
 * with Latin letters or digits, where a substring is another word.
 */
function coveredByGrams(word: string, matched: readonly string[]): boolean {
  if (/[\p{Script=Latin}\p{N}]/u.test(word)) return false;
  const covered = new Array<boolean>(word.length).fill(false);
  for (const term of matched) {
    if (term.length >= word.length) continue;
    for (let at = word.indexOf(term); at >= 0; at = word.indexOf(term, at + 1)) covered.fill(true, at, at + term.length);
  }
  return covered.filter(Boolean).length * 2 >= word.length;
}
