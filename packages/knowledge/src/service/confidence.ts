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
 * {@link DEPTH} results count together, because an answer may draw on several sections (one
 * explains the reset, another the password). Prefix and fuzzy matches count for the word they
 * completed or corrected.
 */
export function retrievalConfidence(query: string, results: readonly SearchResult[], locale: string): number {
  const words = [...new Set(tokenize(query, locale))];
  if (words.length === 0 || results.length === 0) return 0;
  const matched = results.slice(0, DEPTH).flatMap((r) => r.terms);
  let hits = 0;
  for (const word of words) if (matched.some((term) => term === word || term.startsWith(word))) hits++;
  return hits / words.length;
}
