import type { SearchResult, StoredSection } from '../search/search-types.js';
import { makeSnippet } from '../search/snippet.js';
import { passageScore, type ExtractiveOptions } from './extractive-answer.js';

/** Options of {@link answeringSections}. */
export interface AnsweringSectionsOptions {
  /** The question's weighted terms, as for {@link ExtractiveOptions.terms}. */
  readonly terms?: ExtractiveOptions['terms'];
  /** How many of the best results are looked at (the ones an extractive answer may quote). @default 3 */
  readonly depth?: number | undefined;
  /** Length of a replaced result's snippet, in characters. @default 160 */
  readonly snippetLength?: number | undefined;
}

/**
 * A section of the same article must answer this much better than the one search found to take
 * its place: search saw the headings and the whole article's words, and its choice stands unless
 * another part clearly answers what was asked.
 */
const SIBLING_SHARE = 0.8;

/**
 * The search results with each of the best ones replaced, where another section of the same
 * article answers the question better, by that section: the part of the article a careful
 * support agent would quote.
 *
 * Search finds the right article, and within it the section whose words best match the question;
 * that is often the article's introduction, which restates the question (`If you forgot your
 * password…`) while the answer is under a heading after it (the steps, the timeline, the fee).
 * Each section of the article is scored as an extractive answer scores its passages (the
 * question's words, the kind of passage the question asks for: the procedure for `how do I…`, a
 * duration for `how long`, an amount for `how much`, a place for `where`, and the words of the
 * section's heading), and a section replaces the one search chose when it scores
 * `SIBLING_SHARE` (25%) better. The article's rank and score are kept (the results' order does
 * not change); the replaced result gets the new section's id, anchor, headings and a snippet of it.
 *
 * @param query - the question
 * @param results - the search results, best first
 * @param articleSections - the sections of an article, by article id (empty when unknown)
 * @example
 * ```ts
 * const sections = (articleId: string) => index.sections().filter((s) => s.articleId === articleId);
 * answeringSections('how do I reset my password', index.search('how do I reset my password'), sections)[0]?.id
 * // 'reset-password#steps' (search found the introduction, 'reset-password')
 * ```
 */
export function answeringSections(
  query: string,
  results: readonly SearchResult[],
  articleSections: (articleId: string) => readonly StoredSection[],
  options: AnsweringSectionsOptions = {},
): SearchResult[] {
  const depth = options.depth ?? 3;
  return results.map((result, rank) => {
    if (rank >= depth) return result;
    const sections = articleSections(result.articleId);
    const found = sections.find((s) => s.id === result.id);
    if (!found || sections.length < 2) return result;
    const extractive = { terms: options.terms };
    let best = found;
    let bestScore = passageScore(query, result.locale, found, extractive);
    for (const section of sections) {
      if (section === found || section.audience !== found.audience) continue;
      // The lead (the text before the first heading) sums the article up; it restates the
      // question more often than it answers it, so it is not preferred over the article's parts.
      const share = found.anchor === '' ? 1 : SIBLING_SHARE;
      const score = passageScore(query, result.locale, section, extractive) * share;
      if (score > bestScore) {
        best = section;
        bestScore = score;
      }
    }
    if (best === found) return result;
    const snippet = makeSnippet(best.plain, new Set(result.terms), best.locale, options.snippetLength ?? 160);
    return {
      ...result,
      id: best.id,
      anchor: best.anchor,
      headings: best.headings,
      snippet: snippet.text,
      highlights: snippet.highlights,
    };
  });
}
