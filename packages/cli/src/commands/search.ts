import type { ManifestTrust, SearchResult } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';
import { positiveInteger } from '../internal/args.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, highlight, type OutputStyle } from '../internal/format.js';
import { MIN_SEQUENCE_OPTION, PUBLIC_KEY_OPTION, trustFrom } from '../internal/signing.js';

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
  /** The public keys the manifest must be signed by, and the lowest sequence accepted (see `ManifestTrust`). @default not checked */
  readonly trust?: ManifestTrust | undefined;
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
 * bundle, and (with `trust`) `BundleSignatureError` or `BundleRollbackError`.
 *
 * @example
 * ```ts
 * const { results } = await search({ bundleDir: 'dist/kb', query: 'reset password', limit: 3 })
 * for (const r of results) console.log(r.id, r.score)
 * ```
 */
export async function search(options: SearchCommandOptions): Promise<SearchCommandResult> {
  await assertDirectory(options.bundleDir, 'bundle directory');
  const { index } = await readBundleDir(options.bundleDir, options.trust);
  const results = index.search(options.query, {
    locale: options.locale,
    limit: options.limit ?? 10,
    context: options.context,
    prefix: options.prefix ?? false,
  });
  return { query: options.query, results };
}

/** `kotae search` on the command line: options, usage and output. */
export const searchCommand = defineCommand({
  name: 'search',
  summary: 'search a compiled bundle, as the help widget does',
  positionals: [
    { name: 'bundleDir', description: 'directory written by kotae compile' },
    { name: 'query', description: 'what to search for (quote it; several words are joined)', rest: true },
  ],
  options: {
    locale: {
      type: 'string',
      value: '<locale>',
      description: 'locale of the query, e.g. ja (default: every locale)',
      doc: "locale of the query, e.g. `ja`; searches that language's index (default: every locale)",
    },
    limit: {
      type: 'string',
      value: '<n>',
      description: 'at most n results (default: 10)',
      doc: 'at most `n` results, a positive integer (default: 10)',
    },
    context: {
      type: 'string',
      value: '<key>',
      description: 'where the user is (route, feature key, error code); boosts matching articles',
      doc: 'where the user is in the product (a route, feature key or error code); articles whose `contexts` match rank higher',
    },
    prefix: {
      type: 'boolean',
      description: 'treat the last word as a prefix (search as you type)',
      doc: 'treat the last word as a prefix, as when searching while typing (`passw` finds `password`)',
    },
    'public-key': PUBLIC_KEY_OPTION,
    'min-sequence': MIN_SEQUENCE_OPTION,
    json: JSON_OPTION,
  },
  exit: { 0: 'searched (also when nothing matched)', 3: 'the bundle directory is missing', 4: 'the bundle is invalid or damaged' },
  examples: [
    'kotae search dist/kb "reset password"',
    'kotae search dist/kb "パスワード" --locale ja --limit 3 --json',
    'kotae search site/kb "reset password" --public-key=MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4',
  ],
  async run(args, io) {
    const limit = args.string('limit');
    const result = await search({
      bundleDir: args.positional('bundleDir')!,
      query: args.positional('query')!,
      locale: args.string('locale'),
      limit: limit === undefined ? undefined : positiveInteger('search', 'limit', limit),
      context: args.string('context'),
      prefix: args.flag('prefix'),
      trust: await trustFrom('search', args.string('public-key'), args.string('min-sequence'), io.env),
    });
    io.out(args.flag('json') ? formatJson(result) : formatSearch(result, { color: io.color }));
    return 0;
  },
});

/** The human list of `kotae search` results. */
export function formatSearch(result: SearchCommandResult, style: OutputStyle): string {
  if (result.results.length === 0) return `No results for ${JSON.stringify(result.query)}.\n`;
  return `${result.results.map((r, i) => formatResult(r, i + 1, style)).join('\n\n')}\n`;
}

function formatResult(r: SearchResult, n: number, style: OutputStyle): string {
  const heading = r.headings.at(-1);
  const title = heading && heading !== r.title ? `${r.title} › ${heading}` : r.title;
  const indent = ' '.repeat(String(n).length + 2);
  // The lead section (text before the first subheading) has an empty anchor: show the bare article id.
  const ref = r.anchor ? `${r.articleId}#${r.anchor}` : r.articleId;
  const lines = [`${n}. ${title}`, `${indent}${ref}  score ${r.score.toFixed(2)}`];
  if (r.snippet) lines.push(`${indent}${highlight(r.snippet, r.highlights, style.color).replace(/\s*\n\s*/g, ' ')}`);
  return lines.join('\n');
}
