import { tokenize } from '../search/tokenizer.js';
import type { SearchResult } from '../search/search-types.js';

/**
 * How sure retrieval is that `result` answers `query`, from 0 to 1: the share of the query's
 * words (after stop words are dropped) that the result matched.
 *
 * A BM25 score is only comparable within one search, so it cannot be a threshold; coverage can.
 * A question whose words the best section does not even contain (`株価の予想を教えて` against
 * a returns policy) is not one the guidance answers, however the words it did match score.
 * Prefix and fuzzy matches count for the word they completed or corrected.
 */
export function retrievalConfidence(query: string, result: SearchResult | undefined, locale: string): number {
  if (!result) return 0;
  const words = [...new Set(tokenize(query, locale))];
  if (words.length === 0) return 0;
  const matched = new Set(result.terms);
  let hits = 0;
  for (const word of words) if (matched.has(word) || result.terms.some((term) => term.startsWith(word))) hits++;
  return hits / words.length;
}
