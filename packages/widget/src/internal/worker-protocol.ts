import type { SearchResult } from '@kotae/knowledge';

/** A section of an article as the panel shows it. */
export interface ArticleSection {
  readonly id: string;
  readonly anchor: string;
  readonly headings: readonly string[];
  /** The section rendered to HTML at compile time. Not sanitized: pass it through `sanitizeHtml()`. */
  readonly html: string;
}

/** An article: its sections in reading order. */
export interface ArticleView {
  readonly articleId: string;
  readonly title: string;
  readonly locale: string;
  readonly sections: readonly ArticleSection[];
}

/** An article suggested for the user's `context`. */
export interface Suggestion {
  readonly articleId: string;
  readonly title: string;
  readonly locale: string;
}

/** What the bundle holds, once loaded. */
export interface BundleInfo {
  readonly locales: readonly string[];
  /** The number of articles the bundle was compiled from (the manifest's `stats.articles`). */
  readonly articles: number;
  /** The manifest's `version`. */
  readonly version: string;
  /** The manifest's `sequence` (see `signManifest`), when it has one. */
  readonly sequence: number | undefined;
  /** The id of the key whose signature was verified; `undefined` without public keys. */
  readonly signedBy: string | undefined;
  /** For a `refresh` load: whether a new version was loaded and swapped in. */
  readonly changed: boolean;
}

/** Requests from the page to the search worker (each answered once, by `id`). */
export type WorkerRequest = { readonly id: number } & (
  | {
      readonly type: 'load';
      readonly manifestUrl: string;
      /** The page's locale: the shards a search in it reads are fetched with the manifest; other locales' on first need. */
      readonly locale?: string | undefined;
      /**
       * Fetch those shards with the manifest. An inline panel, on screen before anyone asks
       * anything, passes `false` and sends `prefetch` when its search field gets focus. @default true
       */
      readonly prefetch?: boolean | undefined;
      /** Revalidate the manifest and load a new version if one was published (the panel was reopened). */
      readonly refresh?: boolean;
      /** Public keys the manifest must be signed by (the `public-key` attribute); none: not checked. */
      readonly publicKeys?: readonly string[];
      /** The highest sequence this browser verified for the manifest URL: an older one is refused. */
      readonly minSequence?: number | undefined;
    }
  | {
      readonly type: 'search';
      readonly query: string;
      readonly locale: string;
      readonly context: string | undefined;
      readonly prefix: boolean;
      readonly limit: number;
    }
  | { readonly type: 'prefetch'; readonly locale: string }
  | { readonly type: 'article'; readonly articleId: string; readonly locale: string }
  | { readonly type: 'suggest'; readonly context: string; readonly locale: string; readonly limit: number }
);

/** A search's results, and whether one of them is strong. */
export interface SearchAnswer {
  readonly results: SearchResult[];
  /** Some result matched every term of the query (the last one as a prefix): the panel then leads with results, not Ask. */
  readonly strong: boolean;
}

/** What each request type answers with. */
export interface WorkerResults {
  load: BundleInfo;
  search: SearchAnswer;
  prefetch: undefined;
  article: ArticleView | undefined;
  suggest: Suggestion[];
}

/**
 * The worker's reply: the result, or the error's name, message and (for a `KotaeError`) code:
 * errors cannot cross `postMessage` whole.
 */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string; readonly code?: string | undefined };
