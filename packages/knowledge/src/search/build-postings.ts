import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { SerializedPostings } from './postings.js';
import { toIndexDoc, tokenizeField, type IndexDoc } from './index-doc.js';
import { INDEX_FIELDS } from './search-index.js';
import type { StoredSection } from './search-types.js';
import { InvalidOptionError } from '../errors.js';

/**
 * Indexes one locale's sections with MiniSearch (kotae's tokenizer for the word fields, CJK grams
 * for `grams`) and returns its data as packed postings, section `i` as document `i`.
 *
 * Building is compile-time work (Node, or a page that builds its own index); this module is the
 * only one that imports MiniSearch's class, and nothing that loads and searches an index imports
 * it, so the widget's worker does not download it.
 *
 * @example
 * ```ts
 * const postings = buildPostings('en', sections);
 * SearchIndex.fromSerialized([{ locale: 'en', index: postings, sections }]);
 * ```
 */
export function buildPostings(locale: string, sections: readonly StoredSection[]): SerializedPostings {
  const mini = new MiniSearch<IndexDoc>({
    idField: 'i',
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: (text: string, field?: string) => tokenizeField(text, field ?? '', locale),
    processTerm: (term: string) => term,
  });
  mini.addAll(sections.map((s, i) => toIndexDoc(s, i)));
  return postingsFromMiniSearch(mini.toJSON());
}

/**
 * Converts MiniSearch's plain-object serialization (`mini.toJSON()`) to {@link SerializedPostings}.
 * Expects documents with ids `0 … n-1` added in that order (so ids and MiniSearch's short ids agree).
 */
export function postingsFromMiniSearch(plain: AsPlainObject): SerializedPostings {
  const fields = Object.keys(plain.fieldIds).sort((a, b) => plain.fieldIds[a]! - plain.fieldIds[b]!);
  const fieldLength: number[] = new Array<number>(plain.documentCount * fields.length).fill(0);
  for (const [shortId, lengths] of Object.entries(plain.fieldLength)) {
    if (plain.documentIds[shortId] !== Number(shortId))
      throw new InvalidOptionError(
        'plain',
        `postingsFromMiniSearch: document ${shortId} has id ${String(plain.documentIds[shortId])} (the ids must be 0 … n-1, added in that order)`,
      );
    // A field missing from a document leaves a hole; MiniSearch never reads its length.
    lengths.forEach((n, f) => (fieldLength[Number(shortId) * fields.length + f] = n ?? 0));
  }
  const entries = [...plain.index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    documentCount: plain.documentCount,
    fields,
    averageFieldLength: fields.map((_, f) => plain.averageFieldLength[f] ?? 0),
    fieldLength,
    terms: entries.map(([term]) => term),
    postings: entries.map(([, byField]) => {
      const out: number[] = [];
      for (const field of Object.keys(byField).sort((a, b) => Number(a) - Number(b))) {
        const freqs = byField[field]!;
        const docs = Object.keys(freqs)
          .map(Number)
          .sort((a, b) => a - b);
        out.push(Number(field), docs.length);
        docs.forEach((doc, k) => out.push(doc - (k === 0 ? 0 : docs[k - 1]!)));
        for (const doc of docs) out.push(freqs[doc]!);
      }
      return out;
    }),
  };
}
