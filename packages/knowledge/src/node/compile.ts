import { join, resolve, sep } from 'node:path';
import { encodeBundle, type EncodedBundle } from '../bundle/bundle-writer.js';
import { signManifest } from '../bundle/manifest-signature.js';
import type { SigningKey } from '../bundle/signing-key.js';
import { ConfigError, ContentError, type ContentIssue } from '../errors.js';
import { PrecedentIndex } from '../conversations/precedent-index.js';
import type { SearchIndex } from '../search/search-index.js';
import { buildSearchIndex } from '../search/build-index.js';
import { writeBundleDir } from './bundle-dir.js';
import { calibrateBundle } from './calibrate-bundle.js';
import { ingestConversations, type ConversationStats } from './conversations/ingest-conversations.js';
import { loadContent, type Progress } from './load-content.js';
import { writeAgentFiles, type WrittenAgentFiles } from './write-agent-files.js';

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
  /**
   * Write the precedents made from `conversations/` to this directory, as a separate internal
   * bundle (same format; read it with `readPrecedentsDir`), and the `audience: internal` articles
   * to its `guidance/` subdirectory ({@link GUIDANCE_DIR}; read it with `readGuidanceDir`). It must
   * not be inside `out` (nor `out` inside it): the public bundle is published as static files, and
   * neither precedents nor internal articles must ever be. Without it, conversations and internal
   * articles are still read, checked and counted, and nothing of them is written. @default not written
   */
  readonly internalOut?: string | undefined;
  /** Stops reading conversations (the compile rejects with the signal's reason). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Sign the public bundle's manifest with this Ed25519 key (or these, during a key rotation;
   * see `readSigningKeyFile`). The key itself never enters the bundle. @default unsigned
   */
  readonly signingKey?: SigningKey | readonly SigningKey[] | undefined;
  /** The signed manifest's `sequence` (see `signManifest`). @default the build time in milliseconds */
  readonly sequence?: number | undefined;
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
  /** What was read from `conversations/` and how many precedents it made. */
  readonly conversations: ConversationStats & {
    /** Where the precedents were written (`internalOut`), or undefined when they were not. */
    readonly internalOut: string | undefined;
    /** Total bytes of the internal bundle's files (manifest excluded); 0 when not written. */
    readonly bytes: number;
  };
  /** The internal bundle of precedents, when `internalOut` was given. */
  readonly internal: EncodedBundle | undefined;
  /**
   * The `audience: internal` articles: never in the public bundle; written as the internal
   * guidance bundle to `<internalOut>/guidance` when `internalOut` was given.
   */
  readonly guidance: {
    readonly articles: number;
    readonly sections: number;
    /** Where they were written, or undefined when they were not. */
    readonly out: string | undefined;
    /** Total bytes of the guidance bundle's files (manifest excluded); 0 when not written. */
    readonly bytes: number;
    /** The guidance bundle, when written. */
    readonly bundle: EncodedBundle | undefined;
  };
  /**
   * The files for AI agents written beside the bundle when `out` was given (`llms.txt`,
   * `llms-full.txt`, `articles/<locale>/<id>.md`; public articles only, see `writeAgentFiles`),
   * or undefined when nothing was written.
   */
  readonly agents: WrittenAgentFiles | undefined;
  /** Warnings (errors throw). */
  readonly warnings: ContentIssue[];
}

/** The subdirectory of `internalOut` that holds the internal guidance bundle (`audience: internal` articles). */
export const GUIDANCE_DIR = 'guidance';

/**
 * Compiles a content directory into a bundle: loads and validates every article, splits sections,
 * builds the per-locale search indexes, calibrates the answer service's refusal threshold per
 * language (`calibrateBundle`: the content's `evals/*.jsonl` against kotae's out-of-scope sample,
 * or `answerability.threshold` from the config) and encodes them with their manifest; with `out`,
 * writes the bundle there (shards first, manifest last) and, beside it, the files AI agents read
 * (`llms.txt`, `llms-full.txt`, one markdown file per public article: see `writeAgentFiles`). With `signingKey`, the manifest is signed
 * (see `signManifest`).
 *
 * Past conversations (`conversations/**\/*.jsonl` and `*.csv`) are streamed and each usable one
 * becomes a precedent (see `makePrecedent`): redacted, indexed apart from the articles, and
 * written only to `internalOut`, never to `out`. The public bundle is byte for byte the same
 * with or without conversations. Unreadable conversation lines are warnings with file and line.
 *
 * Articles with `audience: internal` (guidance for support agents) are never in the public
 * bundle either: not in its index, sections or html shards, not in its counts. They are encoded
 * as a separate internal guidance bundle, written only to `<internalOut>/guidance`, which the
 * answer service searches together with the public articles for agent-assist requests.
 *
 * Throws a {@link ContentError} listing every error (and, with `strict`, every warning), each with
 * file and line; nothing is written then. Throws a {@link ConfigError} when `internalOut` and
 * `out` are the same directory or one is inside the other.
 *
 * @example
 * ```ts
 * const { stats, conversations } = await compileContent('content', { out: 'dist/kb', internalOut: '.kotae/precedents' })
 * ```
 */
export async function compileContent(contentDir: string, options: CompileOptions = {}): Promise<CompileResult> {
  const started = performance.now();
  if (options.internalOut !== undefined && options.out !== undefined) assertApart(options.out, options.internalOut);
  const content = await loadContent(contentDir, { onProgress: options.onProgress });
  const ingested = await ingestConversations(contentDir, content.config, {
    keep: options.internalOut !== undefined,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const issues = [...content.issues, ...ingested.issues];
  const errors = issues.filter((i) => i.severity === 'error' || options.strict);
  if (errors.length > 0) throw new ContentError(errors);
  // Internal guidance never reaches the public bundle: its files are static and downloadable.
  const publicSections = content.sections.filter((s) => s.audience !== 'internal');
  const internalSections = content.sections.filter((s) => s.audience === 'internal');
  const publicArticles = content.articles.filter((a) => a.audience !== 'internal').length;
  const internalArticles = content.articles.length - publicArticles;
  options.onProgress?.({ phase: 'index', done: 0, total: publicSections.length });
  const index = buildSearchIndex(publicSections);
  options.onProgress?.({ phase: 'index', done: publicSections.length, total: publicSections.length });
  // The refusal thresholds, from the content's eval cases and kotae's out-of-scope sample.
  const calibration = await calibrateBundle(index, contentDir, content.config.defaultLocale, content.config.file?.answerability);
  issues.push(...calibration.issues);
  if (options.strict && calibration.issues.length > 0) throw new ContentError(calibration.issues);
  const encoded = await encodeBundle(index, {
    answerability: calibration.answerability,
    id: content.config.id,
    defaultLocale: content.config.defaultLocale,
    version: content.config.version,
    articles: publicArticles,
    ...(options.now ? { now: options.now } : {}),
  });
  const bundle: EncodedBundle = options.signingKey
    ? { ...encoded, manifest: await signManifest(encoded.manifest, options.signingKey, { sequence: options.sequence }) }
    : encoded;
  let internal: EncodedBundle | undefined;
  if (options.internalOut !== undefined) {
    const precedents = ingested.precedents;
    options.onProgress?.({ phase: 'index', done: 0, total: precedents.length });
    // Precedents get their own index, so that the public one (and its statistics) is the same
    // with or without conversations; their text is plain, so no html shards.
    internal = await encodeBundle(PrecedentIndex.fromPrecedents(precedents).index, {
      id: `${content.config.id}-precedents`,
      defaultLocale: content.config.defaultLocale,
      articles: precedents.length,
      html: false,
      ...(options.now ? { now: options.now } : {}),
    });
    options.onProgress?.({ phase: 'index', done: precedents.length, total: precedents.length });
  }
  let guidance: EncodedBundle | undefined;
  if (options.internalOut !== undefined && internalSections.length > 0) {
    guidance = await encodeBundle(buildSearchIndex(internalSections), {
      id: `${content.config.id}-guidance`,
      defaultLocale: content.config.defaultLocale,
      articles: internalArticles,
      ...(content.config.version !== undefined ? { version: content.config.version } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }
  const guidanceOut = options.internalOut !== undefined && guidance ? join(options.internalOut, GUIDANCE_DIR) : undefined;
  const writes =
    (options.out !== undefined ? bundle.files.size : 0) +
    (options.internalOut !== undefined && internal ? internal.files.size : 0) +
    (guidance ? guidance.files.size : 0);
  if (writes > 0) options.onProgress?.({ phase: 'write', done: 0, total: writes });
  if (options.out !== undefined) await writeBundleDir(options.out, bundle);
  // Beside the bundle, for AI agents: public articles only, never internal guidance or precedents.
  const agents =
    options.out === undefined
      ? undefined
      : await writeAgentFiles(options.out, content.articles, content.sections, {
          ...content.config.file?.llms,
          id: content.config.id,
          defaultLocale: content.config.defaultLocale,
        });
  if (options.internalOut !== undefined && internal) await writeBundleDir(options.internalOut, internal);
  if (guidanceOut !== undefined && guidance) await writeBundleDir(guidanceOut, guidance);
  if (writes > 0) options.onProgress?.({ phase: 'write', done: writes, total: writes });
  return {
    bundle,
    index,
    stats: {
      articles: publicArticles,
      sections: index.size,
      locales: bundle.manifest.locales,
      bytes: bundle.manifest.stats.bytes,
      ms: Math.round(performance.now() - started),
    },
    agents,
    warnings: issues.filter((i) => i.severity === 'warning'),
    conversations: { ...ingested.stats, internalOut: options.internalOut, bytes: internal?.manifest.stats.bytes ?? 0 },
    internal,
    guidance: {
      articles: internalArticles,
      sections: internalSections.length,
      out: guidanceOut,
      bytes: guidance?.manifest.stats.bytes ?? 0,
      bundle: guidance,
    },
  };
}

/** Throws when one bundle directory would be inside the other (or both are the same). */
function assertApart(out: string, internalOut: string): void {
  const pub = resolve(out);
  const internal = resolve(internalOut);
  if (internal === pub || internal.startsWith(pub + sep)) {
    throw new ConfigError(
      `${internalOut}: the internal bundle must not be inside the public bundle directory ${out} (precedents would be published with it)`,
    );
  }
  if (pub.startsWith(internal + sep)) {
    throw new ConfigError(`${out}: the public bundle directory must not be inside the internal bundle directory ${internalOut}`);
  }
}
