import { encodeBundle, type EncodedBundle } from '../bundle/bundle-writer.js';
import { ContentError, type ContentIssue } from '../errors.js';
import type { SearchIndex } from '../search/search-index.js';
import { buildSearchIndex } from '../search/build-index.js';
import { writeBundleDir } from './bundle-dir.js';
import { loadContent, type Progress } from './load-content.js';

/** Options of {@link compileContent}. */
export interface CompileOptions {
  /** Write the bundle to this directory. @default not written */
  readonly out?: string | undefined;
  /** Treat warnings as errors. @default false */
  readonly strict?: boolean | undefined;
  /** Called as the compile progresses (load, index, write). */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Clock for the manifest's `builtAt`. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
}

/** What a compile produced. */
export interface CompileResult {
  readonly bundle: EncodedBundle;
  readonly index: SearchIndex;
  readonly stats: {
    readonly articles: number;
    readonly sections: number;
    readonly locales: string[];
    /** Total bytes of the bundle's files (manifest excluded). */
    readonly bytes: number;
    /** Wall time of the compile in milliseconds. */
    readonly ms: number;
  };
  /** Warnings (errors throw). */
  readonly warnings: ContentIssue[];
}

/**
 * Compiles a content directory into a bundle: loads and validates every article, splits sections,
 * builds the per-locale search indexes and encodes them with their manifest; with `out`, writes
 * the bundle there (shards first, manifest last).
 *
 * Throws a {@link ContentError} listing every error (and, with `strict`, every warning), each with
 * file and line; nothing is written then.
 *
 * @example
 * ```ts
 * const { stats } = await compileContent('content', { out: 'dist/kb' })
 * ```
 */
export async function compileContent(contentDir: string, options: CompileOptions = {}): Promise<CompileResult> {
  const started = performance.now();
  const content = await loadContent(contentDir, { onProgress: options.onProgress });
  const errors = content.issues.filter((i) => i.severity === 'error' || options.strict);
  if (errors.length > 0) throw new ContentError(errors);
  options.onProgress?.({ phase: 'index', done: 0, total: content.sections.length });
  const index = buildSearchIndex(content.sections);
  options.onProgress?.({ phase: 'index', done: content.sections.length, total: content.sections.length });
  const bundle = await encodeBundle(index, {
    id: content.config.id,
    defaultLocale: content.config.defaultLocale,
    version: content.config.version,
    articles: content.articles.length,
    ...(options.now ? { now: options.now } : {}),
  });
  if (options.out !== undefined) {
    options.onProgress?.({ phase: 'write', done: 0, total: bundle.files.size });
    await writeBundleDir(options.out, bundle);
    options.onProgress?.({ phase: 'write', done: bundle.files.size, total: bundle.files.size });
  }
  return {
    bundle,
    index,
    stats: {
      articles: content.articles.length,
      sections: index.size,
      locales: bundle.manifest.locales,
      bytes: bundle.manifest.stats.bytes,
      ms: Math.round(performance.now() - started),
    },
    warnings: content.issues.filter((i) => i.severity === 'warning'),
  };
}
