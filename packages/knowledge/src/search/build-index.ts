import { markdownToPlainText } from '../content/plain-text.js';
import type { Section } from '../schema/section.js';
import { buildPostings } from './build-postings.js';
import { SearchIndex } from './search-index.js';
import type { StoredSection } from './search-types.js';

/** Plain text by section object: a watcher rebuilding with unchanged sections (`ContentCache`) converts only the new ones. */
const plainOf = new WeakMap<Section, string>();

/**
 * Builds a search index from sections (as `parseArticle` and `loadContent` give them): derives
 * each section's plain text from its markdown, then indexes every locale. Kept apart from
 * {@link SearchIndex} so that code which only loads and searches bundles (the widget's worker)
 * downloads neither the markdown parser nor MiniSearch, which builds the index.
 *
 * The index is restored from the built postings as a bundle's are, so that a built index and a
 * loaded one search the same.
 *
 * @example
 * ```ts
 * const index = buildSearchIndex(sections)
 * index.search('reset password', { locale: 'en' })
 * ```
 */
export function buildSearchIndex(sections: readonly Section[]): SearchIndex {
  const byLocale = new Map<string, StoredSection[]>();
  for (const section of sections) {
    let list = byLocale.get(section.locale);
    if (!list) byLocale.set(section.locale, (list = []));
    let plain = plainOf.get(section);
    if (plain === undefined) plainOf.set(section, (plain = markdownToPlainText(section.text)));
    list.push({ ...section, plain });
  }
  return SearchIndex.fromSerialized(
    [...byLocale].map(([locale, stored]) => ({ locale, index: buildPostings(locale, stored), sections: stored })),
  );
}
