import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  encodeBundle,
  evaluateRetrieval,
  EvalCaseSchema,
  IncrementalIndex,
  parseJsonl,
  SearchIndex,
  type Article,
  type BundleAnswerability,
  type EvalCase,
  type LoadedBundle,
  type SerializedLocaleIndex,
} from '@kotae/knowledge';
import { ContentError, JsonlError, type ContentIssue } from '@kotae/knowledge/errors';
import { calibrateBundle, ContentCache, loadContent, validateContent, type LoadedContent } from '@kotae/knowledge/node';
import type { PreviewArticle, PreviewEval } from '../preview/preview-data.js';

/** A bundle the dev server serves: its files by path (manifest included) and its loaded form. */
export interface DevBundle {
  /** `manifest.json` and the shards it lists, by file name. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The manifest and the search index, for the answer service. */
  readonly loaded: LoadedBundle;
}

/** What one rebuild of the content directory gave. */
export interface DevBuildResult {
  /** A new bundle, or undefined when the content has errors (the last good one keeps serving). */
  readonly bundle: DevBundle | undefined;
  /** Every validation problem (errors and warnings), as `kotae validate` reports them. */
  readonly issues: ContentIssue[];
  /** The articles that loaded, in file order. */
  readonly articles: PreviewArticle[];
  /**
   * The eval summary of the last bundle evaluated (the one before this rebuild until
   * {@link DevBuilder.evaluate} runs); undefined without one or without `evals/*.jsonl`.
   */
  readonly eval: PreviewEval | undefined;
  /** What the rebuild did, for the terminal: parsed files, rebuilt locales. */
  readonly work: { readonly locales: string[]; readonly ms: number };
}

/** Options of {@link DevBuilder}. */
export interface DevBuilderOptions {
  /** Today, for review dates. @default new Date() */
  readonly now?: (() => Date) | undefined;
}

/**
 * Rebuilds a content directory after each save, cheaply: files whose text did not change are not
 * read or parsed again (a {@link ContentCache}, told which files the watcher saw change), only
 * the sections that changed are indexed again (an {@link IncrementalIndex}), only the locales
 * that changed are encoded again, and the refusal threshold is calibrated at the start and when `evals/` or
 * `kotae.config.json` change (`kotae compile` calibrates on every compile). The eval cases run
 * apart ({@link DevBuilder.evaluate}), after the page has the new bundle. The bundle is kept in
 * memory, never written, signed or compressed.
 */
export class DevBuilder {
  readonly #dir: string;
  readonly #now: () => Date;
  readonly #cache = new ContentCache();
  /** The index, updated in proportion to the sections that changed (the cache's objects, so unchanged ones are identical). */
  readonly #index = new IncrementalIndex();
  /** Each locale's serialized index (the same object while the locale is unchanged). */
  #shards = new Map<string, SerializedLocaleIndex>();
  #answerability: BundleAnswerability | undefined;
  #conversationIssues: ContentIssue[] | undefined;
  #defaultLocale = 'en';
  /** Each eval case's ranking, with the locale index it came from. */
  #rankings = new Map<string, { shard: SerializedLocaleIndex; ranked: string[] }>();
  #last: { bundle: DevBundle; eval: PreviewEval | undefined; articles: number; id: string; evaluated: boolean } | undefined;

  constructor(contentDir: string, options: DevBuilderOptions = {}) {
    this.#dir = contentDir;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Reads the content directory again and builds what changed. `changed` lists the paths that
   * changed (relative to the content directory); a change under `conversations/` scans them again.
   * Never throws on bad content: errors are in `issues` and `bundle` is undefined.
   */
  async build(changed: readonly string[] = []): Promise<DevBuildResult> {
    const started = performance.now();
    const lap = timing(started);
    if (this.#conversationIssues === undefined || changed.some((p) => p.startsWith('conversations/'))) this.#conversationIssues = undefined;
    let content: LoadedContent;
    let issues: ContentIssue[];
    try {
      // Trust the watcher while it reports only articles: the other files are taken from the cache
      // unread. Anything else (a folder renamed, the config) reads every file again.
      const articlesOnly = changed.length > 0 && changed.every((p) => p.endsWith('.md'));
      content = await loadContent(this.#dir, { cache: this.#cache, changed: articlesOnly ? changed : undefined });
      lap('load');
      const report = await validateContent(this.#dir, {
        content,
        now: this.#now(),
        conversations: this.#conversationIssues === undefined,
      });
      if (this.#conversationIssues === undefined) {
        this.#conversationIssues = report.issues.filter((i) => i.file.startsWith('conversations/'));
        issues = report.issues;
      } else {
        issues = [...report.issues, ...this.#conversationIssues];
      }
      lap('validate');
    } catch (error) {
      // A broken kotae.config.json or a vanished directory: nothing can be built.
      if (!(error instanceof ContentError)) throw error;
      return { bundle: undefined, issues: [...error.issues], articles: [], eval: undefined, work: { locales: [], ms: ms(started) } };
    }
    const articles = content.articles.map((a) => previewArticle(a, issues));
    // The bundle is built when a compile would succeed: no errors in the articles themselves.
    if (content.issues.some((i) => i.severity === 'error')) {
      return { bundle: undefined, issues, articles, eval: undefined, work: { locales: [], ms: ms(started) } };
    }
    this.#defaultLocale = content.config.defaultLocale;
    const update = this.#index.update(content.sections);
    const rebuilt = [...update.changed];
    const index = update.index;
    this.#shards = new Map(update.shards.map((shard) => [shard.locale, shard]));
    lap('index');
    const recalibrate = this.#answerability === undefined || changed.some((p) => p.startsWith('evals/') || p === 'kotae.config.json');
    if (recalibrate) {
      this.#answerability = (
        await calibrateBundle(index, this.#dir, content.config.defaultLocale, content.config.file?.answerability)
      ).answerability;
    }
    lap('calibrate');
    // Nothing the bundle is made of changed (an editor's second event for one save): keep it.
    const last = this.#last;
    if (last && rebuilt.length === 0 && !recalibrate && last.articles === content.articles.length && last.id === content.config.id) {
      return { bundle: last.bundle, issues, articles, eval: last.eval, work: { locales: [], ms: ms(started) } };
    }
    const bundle = await this.#encode(index, content);
    lap('encode');
    // The eval summary is the last one until {@link evaluate} runs on the new index: the page
    // reloads first, and again when the summary changed.
    this.#last = { bundle, eval: last?.eval, articles: content.articles.length, id: content.config.id, evaluated: false };
    return { bundle, issues, articles, eval: last?.eval, work: { locales: rebuilt, ms: ms(started) } };
  }

  /**
   * Runs `evals/*.jsonl` on the last bundle built (cases whose locale was not indexed again keep
   * their ranking) and returns the summary; undefined without a bundle or without eval cases.
   * Kept apart from {@link build} so that a save reaches the page before the eval is done. It
   * yields to the event loop between cases (the server keeps answering the page meanwhile) and,
   * once `signal` is aborted (another save), stops and returns undefined without a summary.
   */
  async evaluate(options: { readonly signal?: AbortSignal | undefined } = {}): Promise<PreviewEval | undefined> {
    const last = this.#last;
    if (!last) return undefined;
    if (last.evaluated) return last.eval;
    const lap = timing(performance.now());
    const summary = await this.#evaluate(last.bundle.loaded.index, options.signal);
    lap('eval');
    if (options.signal?.aborted) return undefined;
    // A build that finished meanwhile keeps its own state (its eval comes next).
    if (this.#last === last) this.#last = { ...last, eval: summary, evaluated: true };
    return summary;
  }

  async #encode(index: SearchIndex, content: LoadedContent): Promise<DevBundle> {
    const encoded = await encodeBundle(index, {
      ...(this.#answerability ? { answerability: this.#answerability } : {}),
      id: content.config.id,
      defaultLocale: content.config.defaultLocale,
      // No version from the config: the content hash, so that every change is a new version.
      articles: content.articles.length,
      now: this.#now,
    });
    const files = new Map(encoded.files);
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(encoded.manifest)));
    return { files, loaded: { manifest: encoded.manifest, index } };
  }

  /** Retrieval metrics of `evals/*.jsonl` on the index, as `kotae eval` computes them. */
  async #evaluate(index: SearchIndex, signal: AbortSignal | undefined): Promise<PreviewEval | undefined> {
    const { cases, files } = await readEvalCases(this.#dir);
    if (files.length === 0) return undefined;
    // A case searches one locale's index (when the bundle has that locale): its ranking is kept
    // until that locale is indexed again.
    const rankings = new Map<string, { shard: SerializedLocaleIndex; ranked: string[] }>();
    let slice = performance.now();
    const report = await evaluateRetrieval(
      cases,
      async (c) => {
        // A few milliseconds of searching at a time: requests from the reloading page go first.
        if (performance.now() - slice > 8) {
          await new Promise((done) => setImmediate(done));
          slice = performance.now();
        }
        if (signal?.aborted) return [];
        const locale = c.locale ?? this.#defaultLocale;
        const shard = this.#shards.get(locale);
        const key = JSON.stringify([locale, c.query, c.context ?? null]);
        const known = shard && this.#rankings.get(key);
        const ranked =
          known && known.shard === shard
            ? known.ranked
            : index.search(c.query, { locale, context: c.context, limit: 10 }).map((r) => r.articleId);
        if (shard) rankings.set(key, { shard, ranked });
        return ranked;
      },
      { k: 10 },
    );
    if (signal?.aborted) return undefined;
    this.#rankings = rankings;
    return {
      files,
      cases: cases.length,
      scored: report.cases,
      retrieval: report.retrieval,
      misses: report.misses.slice(0, 10).map((m) => ({ id: m.id, query: m.query, relevant: [...m.relevant], got: [...m.got] })),
    };
  }
}

/** Every eval case of `evals/*.jsonl` (unreadable files are skipped: validation reports them). */
async function readEvalCases(contentDir: string): Promise<{ cases: EvalCase[]; files: string[] }> {
  const names = (await readdir(join(contentDir, 'evals')).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).sort();
  const cases: EvalCase[] = [];
  for (const name of names) {
    try {
      cases.push(...parseJsonl(await readFile(join(contentDir, 'evals', name), 'utf8'), `evals/${name}`, EvalCaseSchema));
    } catch (error) {
      if (!(error instanceof JsonlError)) throw error;
    }
  }
  return { cases, files: names.map((n) => `evals/${n}`) };
}

function previewArticle(article: Article, issues: readonly ContentIssue[]): PreviewArticle {
  const mine = issues.filter((i) => i.file === article.source);
  return {
    id: article.id,
    title: article.title,
    locale: article.locale,
    audience: article.audience,
    owner: article.owner,
    source: article.source,
    errors: mine.filter((i) => i.severity === 'error').length,
    warnings: mine.filter((i) => i.severity === 'warning').length,
  };
}

function timing(started: number): (what: string) => void {
  let last = started;
  return (what) => {
    if (!process.env.KOTAE_DEV_TIMING) return;
    const now = performance.now();
    process.stderr.write(`  ${what} ${Math.round(now - last)} ms\n`);
    last = now;
  };
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}
