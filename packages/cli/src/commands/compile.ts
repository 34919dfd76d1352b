import type { ContentIssue } from '@kotae/knowledge/errors';
import { compileContent, type CompileOptions, type CompileResult } from '@kotae/knowledge/node';
import { assertDirectoryOrAbsent } from '../internal/paths.js';
import { formatIssue } from '@kotae/knowledge/errors';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, humanBytes, plural } from '../internal/format.js';
import { precompressDir } from '../internal/precompress.js';
import { progressReporter } from '../internal/progress.js';
import { SIGNING_KEY_OPTION, signingKeyFrom } from '../internal/signing.js';

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
  /** Wall time of the compile in milliseconds (precompression excluded). */
  readonly ms: number;
  /**
   * The hashed files given `.br` and `.gz` siblings after the bundle was written, for servers and
   * CDNs that send them as they are: how many, and their bytes as written, Brotli and gzip.
   */
  readonly precompressed: { readonly files: number; readonly identity: number; readonly br: number; readonly gzip: number };
  /** Warnings found while loading (errors throw instead). */
  readonly warnings: ContentIssue[];
  /**
   * What `conversations/` held and how many precedents it made; `internalOut` is where they were
   * written (undefined: not written) and `bytes` the size of that internal bundle.
   */
  readonly conversations: CompileResult['conversations'];
  /** The key ids that signed the manifest, and its `sequence`; `null` when it is unsigned. */
  readonly signed: { readonly keyIds: string[]; readonly sequence: number } | null;
  /**
   * The `audience: internal` articles, kept out of the bundle: how many, and where they were
   * written (`<internalOut>/guidance`; undefined: not written) and their size.
   */
  readonly guidance: { readonly articles: number; readonly sections: number; readonly out: string | undefined; readonly bytes: number };
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
  const { bundle, stats, warnings, conversations, guidance } = await compileContent(options.contentDir, {
    out: options.out,
    internalOut: options.internalOut,
    strict: options.strict,
    onProgress: options.onProgress,
    now: options.now,
    signal: options.signal,
    signingKey: options.signingKey,
    sequence: options.sequence,
  });
  // After the bundle is written, whatever its format: each hashed file gets `.br` and `.gz`.
  const precompressed = await precompressDir(options.out);
  return {
    out: options.out,
    precompressed: { files: precompressed.files.length, ...precompressed.bytes },
    id: bundle.manifest.id,
    version: bundle.manifest.version,
    articles: stats.articles,
    sections: stats.sections,
    locales: stats.locales,
    bytes: stats.bytes,
    ms: stats.ms,
    warnings,
    conversations,
    signed: bundle.manifest.signatures
      ? { keyIds: bundle.manifest.signatures.map((sig) => sig.keyId), sequence: bundle.manifest.sequence ?? 0 }
      : null,
    guidance: { articles: guidance.articles, sections: guidance.sections, out: guidance.out, bytes: guidance.bytes },
  };
}

/** `kotae compile` on the command line: options, usage and output. */
export const compileCommand = defineCommand({
  name: 'compile',
  summary: 'compile a content directory into a search bundle',
  positionals: [
    { name: 'contentDir', description: 'directory with kotae.config.json (optional), **/*.md articles and conversations/ (optional)' },
  ],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: '<bundleDir>',
      description: 'write the bundle here (required)',
      doc: 'where to write the bundle (required; created if missing)',
      required: true,
    },
    'internal-out': {
      type: 'string',
      value: '<dir>',
      description:
        'write precedents made from conversations/ and the audience: internal articles here: a separate bundle for the answer service, never published',
      doc: 'where to write the precedents made from `conversations/` and, in its `guidance/` subdirectory, the `audience: internal` articles (created if missing); must not be inside `--out`, nor `--out` inside it. Without it conversations and internal articles are read, checked and counted, not written (internal articles are never in the `--out` bundle)',
    },
    strict: {
      type: 'boolean',
      description: 'warnings (bad conversation lines too) are errors: nothing is written',
      doc: 'warnings are errors (bad conversation lines too): nothing is written',
    },
    'signing-key': SIGNING_KEY_OPTION,
    json: JSON_OPTION,
  },
  exit: {
    0: 'bundle written',
    3: 'content errors (or warnings with --strict), the directory is missing, or the signing key is unusable or inside a content or bundle directory',
  },
  examples: [
    'kotae compile content --out dist/kb',
    'kotae compile content -o dist/kb --strict --json',
    'kotae compile content -o dist/kb --internal-out .kotae/precedents',
    'kotae compile content -o dist/kb --signing-key ~/.config/kotae/signing.jwk',
  ],
  async run(args, io) {
    const contentDir = args.positional('contentDir')!;
    const out = args.string('out')!;
    const internalOut = args.string('internal-out');
    const signingKey = await signingKeyFrom(args.string('signing-key'), io.env, [contentDir, out, internalOut]);
    const progress = progressReporter(process.stderr);
    const result = await compile({
      contentDir,
      out,
      signingKey,
      internalOut,
      strict: args.flag('strict'),
      onProgress: progress.onProgress,
    }).finally(progress.finish);
    for (const warning of result.warnings) io.err(`${formatIssue(warning)}\n`);
    io.out(args.flag('json') ? formatJson(compileJson(result)) : formatCompile(result));
    return 0;
  },
});

/** The human summary of `kotae compile` (warnings go to stderr separately). */
export function formatCompile(result: CompileCommandResult): string {
  const locales = `${result.locales.length === 1 ? 'locale' : 'locales'} ${result.locales.join(', ') || '(none)'}`;
  return [
    `Compiled ${plural(result.articles, 'article')} (${plural(result.sections, 'section')}, ${locales}) into ${result.out}`,
    `  bundle    ${result.id} ${result.version}`,
    ...(result.signed ? [`  signed    by key ${result.signed.keyIds.join(', ')}, sequence ${result.signed.sequence}`] : []),
    `  size      ${humanBytes(result.bytes)} (${result.bytes.toLocaleString('en-US')} bytes)`,
    `  served    ${humanBytes(result.precompressed.br)} brotli, ${humanBytes(result.precompressed.gzip)} gzip (.br and .gz beside ${plural(result.precompressed.files, 'hashed file')})`,
    `  time      ${result.ms} ms`,
    `  warnings  ${result.warnings.length}`,
    ...formatConversations(result.conversations),
    ...formatGuidance(result.guidance),
    '',
  ].join('\n');
}

/** The conversation lines of the compile summary: none when there were no conversation files. */
function formatConversations(c: CompileCommandResult['conversations']): string[] {
  if (c.files === 0) return [];
  const read = `Read ${plural(c.read, 'conversation')} (${plural(c.files, 'file')}, ${humanBytes(c.inputBytes)})`;
  const made = plural(c.precedents, 'precedent');
  const lines = [
    c.internalOut === undefined
      ? `${read}: ${made}, not written (pass --internal-out <dir> to write them)`
      : `${read}: ${made} into ${c.internalOut} (${humanBytes(c.bytes)})`,
  ];
  const reasons = Object.entries(c.skipped).filter(([, n]) => n > 0);
  const skipped = reasons.reduce((sum, [, n]) => sum + n, 0);
  lines.push(`  skipped   ${skipped}${reasons.length > 0 ? ` (${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')})` : ''}`);
  if (c.dropped > 0) lines.push(`  dropped   ${c.dropped} older precedents (over conversations.maxPrecedents)`);
  lines.push(`  bad lines ${c.badLines}${c.badLines > 0 ? ' (listed on stderr)' : ''}`);
  return lines;
}

/** The internal guidance line of the compile summary: none when there is no internal article. */
function formatGuidance(g: CompileCommandResult['guidance']): string[] {
  if (g.articles === 0) return [];
  const what = `${plural(g.articles, 'internal article')} (${plural(g.sections, 'section')})`;
  return [
    g.out === undefined
      ? `Kept ${what} out of the bundle, not written (pass --internal-out <dir> to write them for agent assist)`
      : `Kept ${what} out of the bundle, into ${g.out} (${humanBytes(g.bytes)})`,
  ];
}

/** The `--json` object of `kotae compile`. */
export function compileJson(result: CompileCommandResult) {
  const c = result.conversations;
  return {
    articles: result.articles,
    sections: result.sections,
    locales: result.locales,
    bytes: result.bytes,
    precompressed: result.precompressed,
    ms: result.ms,
    warnings: result.warnings.length,
    out: result.out,
    version: result.version,
    id: result.id,
    signed: result.signed,
    conversations: {
      files: c.files,
      inputBytes: c.inputBytes,
      read: c.read,
      precedents: c.precedents,
      dropped: c.dropped,
      skipped: c.skipped,
      badLines: c.badLines,
      internalOut: c.internalOut ?? null,
      bytes: c.bytes,
    },
    guidance: {
      articles: result.guidance.articles,
      sections: result.guidance.sections,
      out: result.guidance.out ?? null,
      bytes: result.guidance.bytes,
    },
  };
}
