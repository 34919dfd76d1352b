import type { LoadedBundle, RetrievalMetrics } from '@kotae/knowledge';
import type { ContentIssue } from '@kotae/knowledge/errors';

/** One row of the preview page's article list. */
export interface PreviewArticle {
  readonly id: string;
  readonly title: string;
  readonly locale: string;
  readonly audience: 'public' | 'internal';
  /** The article's `owner`; undefined when it has none or it is not known (a compiled bundle). */
  readonly owner?: string | undefined;
  /** The source file, relative to the content directory (unknown for a compiled bundle). */
  readonly source?: string | undefined;
  /** Validation problems in its file (unknown for a compiled bundle). */
  readonly errors?: number | undefined;
  readonly warnings?: number | undefined;
}

/** One language's refusal threshold, from the manifest's `answerability`. */
export interface PreviewThreshold {
  readonly language: string;
  readonly threshold: number;
  readonly source: string;
  /** Share of the answerable eval questions it answers, `null` without any. */
  readonly answered: number | null;
  /** Share of the out-of-scope questions it refuses, `null` without any. */
  readonly refused: number | null;
}

/** The eval summary: search quality on the content's `evals/*.jsonl`. */
export interface PreviewEval {
  /** The case files read, relative to the content directory. */
  readonly files: string[];
  /** Cases read. */
  readonly cases: number;
  /** Cases scored for retrieval (those with `relevant` articles). */
  readonly scored: number;
  readonly retrieval: RetrievalMetrics;
  /** The first cases whose relevant article was not in the top 10. */
  readonly misses: { id: string; query: string; relevant: string[]; got: string[] }[];
}

/** Everything the preview page shows. */
export interface PreviewData {
  /** The bundle id. */
  readonly id: string;
  readonly version: string;
  readonly builtAt: string;
  /** The bundle's default locale: the page's language unless `?lang=` says otherwise. */
  readonly defaultLocale: string;
  /** URL of the manifest the widget loads. */
  readonly manifest: string;
  /** The answer service's URL (the widget's `endpoint`). */
  readonly endpoint: string;
  readonly articles: readonly PreviewArticle[];
  /** Validation problems; undefined when not known (`kotae serve` shows a compiled bundle). */
  readonly issues?: readonly ContentIssue[] | undefined;
  /** True when the content has errors and the page shows the last version that built. */
  readonly stale?: boolean | undefined;
  readonly eval?: PreviewEval | undefined;
  readonly thresholds: readonly PreviewThreshold[];
  /** Public keys the widget verifies the manifest's signature with (its `public-key` attribute). */
  readonly publicKeys?: readonly string[] | undefined;
  /** The server-sent events URL the page listens to for reloads; undefined: no live reload. */
  readonly live?: string | undefined;
  /**
   * Widget modules the page loads later (the panel, the article view's sanitizer), fetched at
   * once with the page (`<link rel="modulepreload">`) instead of one after the other. @default none
   */
  readonly preload?: readonly string[] | undefined;
}

/** The article list of a compiled bundle: one row per article, from its first section in index order. */
export function bundleArticles(bundle: LoadedBundle): PreviewArticle[] {
  const seen = new Map<string, PreviewArticle>();
  for (const section of bundle.index.sections()) {
    if (seen.has(section.articleId)) continue;
    seen.set(section.articleId, { id: section.articleId, title: section.title, locale: section.locale, audience: section.audience });
  }
  return [...seen.values()];
}

/** The refusal thresholds of a manifest, by language. */
export function bundleThresholds(bundle: LoadedBundle): PreviewThreshold[] {
  return Object.entries(bundle.manifest.answerability?.languages ?? {}).map(([language, c]) => ({
    language,
    threshold: c.threshold,
    source: c.source,
    answered: c.answered,
    refused: c.refused,
  }));
}
