import { markdownToPlainText } from '../content/plain-text.js';
import type { Section } from '../schema/section.js';
import { SearchIndex } from './search-index.js';

/**
 * Builds a search index from sections (as `parseArticle` and `loadContent` give them): derives
 * each section's plain text from its markdown, then indexes every locale. Kept apart from
 * {@link SearchIndex} so that code which only loads and searches bundles (the widget's worker)
 * does not pull in the markdown parser.
 *
 * @example
 * ```ts
 * const index = buildSearchIndex(sections)
 * index.search('reset password', { locale: 'en' })
 * ```
 */
export function buildSearchIndex(sections: readonly Section[]): SearchIndex {
  return SearchIndex.fromStored(sections.map((section) => ({ ...section, plain: markdownToPlainText(section.text) })));
}
