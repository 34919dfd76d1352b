import type { ContentIssue } from '@kotae/knowledge';
import { compileContent, type CompileOptions, type CompileResult } from '@kotae/knowledge/node';
import { assertDirectoryOrAbsent } from '../internal/paths.js';

/**
 * Options of {@link compile}: the library's {@link CompileOptions} (`strict`, `internalOut`,
 * `onProgress`, `now`, `signal`), with the content directory and a required output directory.
 */
export interface CompileCommandOptions extends Omit<CompileOptions, 'out'> {
  /** The content directory: `kotae.config.json` (optional), `**\/*.md` articles, `conversations/`. */
  readonly contentDir: string;
  /** Where to write the bundle (created if missing; shards first, `manifest.json` last). */
  readonly out: string;
}

/** What {@link compile} wrote. */
export interface CompileCommandResult {
  /** The bundle directory, as given in the options. */
  readonly out: string;
  /** The bundle id (from `kotae.config.json`, or the content directory's name). */
  readonly id: string;
  /** The bundle version (from `kotae.config.json`, or a hash of the bundle's content). */
  readonly version: string;
  readonly articles: number;
  readonly sections: number;
  /** Locales that have an index, sorted as in the manifest. */
  readonly locales: string[];
  /** Total size of the bundle's files in bytes, `manifest.json` excluded. */
  readonly bytes: number;
  /** Wall time of the compile in milliseconds. */
  readonly ms: number;
  /** Warnings found while loading (errors throw instead). */
  readonly warnings: ContentIssue[];
  /**
   * What `conversations/` held and how many precedents it made; `internalOut` is where they were
   * written (undefined: not written) and `bytes` the size of that internal bundle.
   */
  readonly conversations: CompileResult['conversations'];
}

/**
 * `kotae compile`: validates a content directory and writes its search bundle; with
 * `internalOut`, also the internal bundle of precedents made from `conversations/`.
 *
 * Throws the library's `ContentError` listing every error (and, with `strict`, every warning,
 * bad conversation lines included), each with file and line; nothing is written then. Throws a
 * `PathError` when `out` or `internalOut` exists but is not a directory, and a `KotaeError` when
 * one of them is inside the other. Never prints and never exits.
 *
 * @example
 * ```ts
 * const result = await compile({ contentDir: 'content', out: 'dist/kb' })
 * console.log(`${result.articles} articles, ${result.bytes} bytes`)
 * ```
 */
export async function compile(options: CompileCommandOptions): Promise<CompileCommandResult> {
  await assertDirectoryOrAbsent(options.out);
  if (options.internalOut !== undefined) await assertDirectoryOrAbsent(options.internalOut);
  const { bundle, stats, warnings, conversations } = await compileContent(options.contentDir, {
    out: options.out,
    internalOut: options.internalOut,
    strict: options.strict,
    onProgress: options.onProgress,
    now: options.now,
    signal: options.signal,
  });
  return {
    out: options.out,
    id: bundle.manifest.id,
    version: bundle.manifest.version,
    articles: stats.articles,
    sections: stats.sections,
    locales: stats.locales,
    bytes: stats.bytes,
    ms: stats.ms,
    warnings,
    conversations,
  };
}
