import type { SearchResult } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';

/** Options of {@link search}. */
export interface SearchCommandOptions {
  /** A bundle directory written by `kotae compile` (its `manifest.json` and shards). */
  readonly bundleDir: string;
  /** What the user typed. */
  readonly query: string;
  /** Locale of the query (e.g. `ja`); searches that language's index. @default every locale */
  readonly locale?: string | undefined;
  /** Maximum number of results. @default 10 */
  readonly limit?: number | undefined;
  /** Where the user is in the product (route, feature key, error code); matching articles rank higher. */
  readonly context?: string | undefined;
  /** Treat the last word as a prefix, as in search-as-you-type. @default false */
  readonly prefix?: boolean | undefined;
}

/** What {@link search} found. */
export interface SearchCommandResult {
  /** The query, as given. */
  readonly query: string;
  /** Matching sections, best first, at most one per article. */
  readonly results: SearchResult[];
}

/**
 * `kotae search`: reads a bundle directory (verifying every file's SHA-256 against the manifest)
 * and searches it the way the widget does.
 *
 * Throws a `PathError` when the directory does not exist, and the library's
 * `BundleFormatError`, `BundleIntegrityError` or `BundleVersionError` when it is not a readable
 * bundle.
 *
 * @example
 * ```ts
 * const { results } = await search({ bundleDir: 'dist/kb', query: 'reset password', limit: 3 })
 * for (const r of results) console.log(r.id, r.score)
 * ```
 */
export async function search(options: SearchCommandOptions): Promise<SearchCommandResult> {
  await assertDirectory(options.bundleDir, 'bundle directory');
  const { index } = await readBundleDir(options.bundleDir);
  const results = index.search(options.query, {
    locale: options.locale,
    limit: options.limit ?? 10,
    context: options.context,
    prefix: options.prefix ?? false,
  });
  return { query: options.query, results };
}
