import { z } from 'zod';
import { SectionSchema } from '../schema/section.js';

/**
 * A section as stored in a bundle's `sections` shard: the section plus its plain text, which
 * snippets are cut from.
 */
export const StoredSectionSchema = SectionSchema.extend({
  /** The section's text without markdown syntax. */
  plain: z.string(),
});

/** A section as stored in a bundle. */
export type StoredSection = z.infer<typeof StoredSectionSchema>;

/**
 * A section as written to a bundle's `sections` shard: `plain` is left out when it equals `text`
 * (markdown without markup), so that most section text is stored once.
 */
export const SerializedSectionSchema = SectionSchema.extend({
  /** The section's text without markdown syntax, when it differs from `text`. */
  plain: z.string().optional(),
});

/** A section as written to a bundle's `sections` shard. */
export type SerializedSection = z.infer<typeof SerializedSectionSchema>;

/** A highlighted range of a snippet, in UTF-16 offsets of `snippet`. */
export interface HighlightRange {
  readonly start: number;
  readonly end: number;
}

/** One search result: a section, why it matched and a snippet to show. */
export interface SearchResult {
  /** `articleId#anchor`. */
  readonly id: string;
  readonly articleId: string;
  readonly anchor: string;
  readonly title: string;
  readonly headings: readonly string[];
  readonly locale: string;
  /** BM25 score after field and context boosts; only comparable within one search. */
  readonly score: number;
  /** A passage of the section's plain text around the matches (whole words, never cut mid-character). */
  readonly snippet: string;
  /** Where the query terms are in `snippet`. */
  readonly highlights: readonly HighlightRange[];
  /** The indexed terms that matched. */
  readonly terms: readonly string[];
}

/** Options of {@link SearchIndex.search}. */
export interface SearchOptions {
  /**
   * Locale of the query. Searches that locale's index (or the indexes of the same language);
   * without it every locale is searched.
   */
  readonly locale?: string | undefined;
  /** Maximum number of results. @default 10 */
  readonly limit?: number | undefined;
  /**
   * Treat the last query word as a prefix (search as the user types): `passw` finds `password`.
   * Completions score lower than exact matches and at most {@link SearchOptions.maxCompletions}
   * are used, which keeps typing fast on large indexes. @default false
   */
  readonly prefix?: boolean | undefined;
  /** How many completions of the last word a prefix search tries, most frequent first. @default 12 */
  readonly maxCompletions?: number | undefined;
  /** Tolerate one typo in Latin words of 5 letters or more. @default true, false with `prefix` */
  readonly fuzzy?: boolean | undefined;
  /**
   * Where the user is in the product (a route, feature key or error code). Sections whose
   * article lists a matching `contexts` entry are boosted.
   */
  readonly context?: string | undefined;
  /**
   * Terms added to the query at a lower weight (below 1), such as the terms of a follow-up's
   * earlier turns (`QuestionAnalysis.context`). They add to a section's score but never make a
   * match on their own: a section must match the query itself. Terms as the tokenizer writes them.
   * @default none
   */
  readonly related?: readonly { readonly term: string; readonly weight: number }[] | undefined;
  /** At most this many sections of the same article. @default 1 */
  readonly maxPerArticle?: number | undefined;
  /** Include `audience: internal` sections. @default false */
  readonly includeInternal?: boolean | undefined;
  /** Snippet length in characters. @default 160 */
  readonly snippetLength?: number | undefined;
}
