import type { StoredSection } from './search-types.js';
import { cjkGrams, languageOf, tokenize } from './tokenizer.js';

/** A section as the index sees it: its number and the text of each of `INDEX_FIELDS`. */
export interface IndexDoc {
  readonly i: number;
  readonly title: string;
  readonly headings: string;
  readonly tags: string;
  readonly body: string;
  readonly grams: string;
}

/**
 * The text of each indexed field of section `i`: the headings other than the title, the tags one
 * per line, and (in Japanese and Chinese) the title and body again for their CJK grams.
 */
export function toIndexDoc(section: StoredSection, i: number): IndexDoc {
  return {
    i,
    title: section.title,
    headings: section.headings.filter((h) => h !== section.title).join('\n'),
    tags: section.tags.join('\n'),
    body: section.plain,
    grams: languageOf(section.locale) === 'ja' || languageOf(section.locale) === 'zh' ? `${section.title}\n${section.plain}` : '',
  };
}

/** The index terms of one field's text: CJK grams for `grams`, kotae's tokenizer for the others. */
export function tokenizeField(text: string, field: string, locale: string): string[] {
  return field === 'grams' ? cjkGrams(text) : tokenize(text, locale);
}
