import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LLMS_TXT } from '../agents/llms-txt.js';
import { checkArticleText } from '../checks/article-checks.js';
import { parseArticle, type ArticleLocation, type ParsedArticle } from '../content/article.js';
import { ContentError, type ContentIssue } from '../errors.js';
import type { Article } from '../schema/article.js';
import type { Section } from '../schema/section.js';
import { loadConfig, type ResolvedConfig } from './load-config.js';

/** Progress of a long operation, reported to a callback (the CLI prints it on stderr). */
export interface Progress {
  /** `conversations` counts bytes of conversation files; the other phases count files or sections. */
  readonly phase: 'load' | 'conversations' | 'index' | 'write';
  readonly done: number;
  readonly total: number;
}

/** Everything read from a content directory. */
export interface LoadedContent {
  readonly config: ResolvedConfig;
  readonly articles: Article[];
  readonly sections: Section[];
  /** Errors and warnings over all files, in file order. */
  readonly issues: ContentIssue[];
  /**
   * Where each loaded article's parts are in its file, by article id: the line of each
   * frontmatter key and the line where the body starts (for checks that report lines).
   */
  readonly locations: ReadonlyMap<string, ArticleLocation>;
}

/** Options of {@link loadContent}. */
export interface LoadContentOptions {
  /** Called as files are read. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /**
   * Remembers each file's parse and checks between loads of the same directory: a file whose
   * text (and the config's locale and privacy settings) did not change is not parsed or checked
   * again. For watchers such as `kotae dev`, which reload after every save. @default none
   */
  readonly cache?: ContentCache | undefined;
  /**
   * With {@link LoadContentOptions.cache}: the files (relative to the content directory, with
   * `/`) that may have changed since the last load with that cache, as a watcher reports them.
   * The others that the cache holds are not read again (the directory is still listed, so files
   * added or deleted are seen). Leave it out to read every file. @default every file is read
   */
  readonly changed?: readonly string[] | undefined;
}

/**
 * What {@link loadContent} remembers of each file between loads when given one (see
 * {@link LoadContentOptions.cache}): the parsed article and its text checks, by path, valid while
 * the file's text and the settings they depend on are the same. Entries of files that are gone
 * are dropped on the next load.
 *
 * @example
 * ```ts
 * const cache = new ContentCache()
 * await loadContent('content', { cache }) // parses every article
 * await loadContent('content', { cache }) // parses only the files that changed
 * ```
 */
export class ContentCache {
  /** Number of files remembered. */
  get size(): number {
    return filesOf(this).size;
  }

  /** Forgets every file: the next load parses everything again. */
  clear(): void {
    filesOf(this).clear();
  }
}

/** A cached file: what its parse and checks were made from, and what they gave. */
interface CachedFile {
  readonly source: string;
  readonly settings: string;
  readonly parsed: ParsedArticle;
  readonly checks: ContentIssue[];
}

/** The entries of each cache, kept here so that the class shows nothing but its size. */
const cacheFiles = new WeakMap<ContentCache, Map<string, CachedFile>>();

function filesOf(cache: ContentCache): Map<string, CachedFile> {
  let files = cacheFiles.get(cache);
  if (!files) cacheFiles.set(cache, (files = new Map()));
  return files;
}

/** Files read ahead of the one being parsed. */
const READ_AHEAD = 32;

const SKIP_DIRS = new Set(['node_modules', '.git', 'conversations', 'evals']);
const SKIP_FILES = new Set(['readme.md', 'license.md', 'notice.md', 'changelog.md']);

/**
 * Reads a content directory: `kotae.config.json` and every `**\/*.md` article (except README,
 * LICENSE, NOTICE and CHANGELOG files, the `conversations/` and `evals/` folders, and compiled
 * bundles — a folder with a manifest beside `llms.txt`, such as `dist/kb`). Never throws
 * on bad articles: their problems are in `issues`, including duplicate ids. Throws a
 * {@link ContentError} when the directory does not exist or the config is broken.
 */
export async function loadContent(contentDir: string, options: LoadContentOptions = {}): Promise<LoadedContent> {
  const info = await stat(contentDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ContentError([{ file: contentDir, severity: 'error', message: 'content directory not found' }]);
  }
  const config = await loadConfig(contentDir);
  const files = await listMarkdown(contentDir);
  const articles: Article[] = [];
  const sections: Section[] = [];
  const issues: ContentIssue[] = [];
  const seen = new Map<string, string>();
  const locations = new Map<string, ArticleLocation>();
  let done = 0;
  const cache = options.cache ? filesOf(options.cache) : undefined;
  // What a file's parse and checks depend on besides its text.
  const settings = cache ? JSON.stringify([config.defaultLocale, config.file?.privacy ?? null, config.file?.checks ?? null]) : '';
  const present = new Set<string>();
  // Read a batch of files at once (one wait for the file system per batch, not per file), then
  // parse them in file order. A file deleted since the listing (an editor saving by rename) is
  // left out.
  const rels = files.map((file) => relative(contentDir, file).split(sep).join('/'));
  const changed = cache && options.changed ? new Set(options.changed) : undefined;
  const reads: Promise<string | undefined>[] = [];
  const readAhead = (i: number) => {
    for (let j = reads.length; j < Math.min(files.length, i + READ_AHEAD); j++) {
      const known = changed && !changed.has(rels[j]!) ? cache!.get(rels[j]!) : undefined;
      if (known) {
        reads.push(Promise.resolve(known.source));
        continue;
      }
      reads.push(
        readFile(files[j]!, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error))),
      );
      // Awaited in turn below; until then a failed read must not count as unhandled.
      reads[j]!.catch(() => undefined);
    }
  };
  for (let i = 0; i < files.length; i++) {
    readAhead(i);
    const rel = rels[i]!;
    const source = await reads[i]!;
    if (source === undefined) {
      done++;
      continue;
    }
    present.add(rel);
    let cached = cache?.get(rel);
    if (!cached || cached.source !== source || cached.settings !== settings) {
      cached = {
        source,
        settings,
        parsed: parseArticle(source, rel, { defaultLocale: config.defaultLocale }),
        checks: checkArticleText(source, rel, config.file?.privacy, config.file?.checks),
      };
      cache?.set(rel, cached);
    }
    const { parsed } = cached;
    issues.push(...inLineOrder(parsed.issues, cached.checks));
    if (parsed.article) {
      const first = seen.get(parsed.article.id);
      if (first) {
        issues.push({
          file: rel,
          line: parsed.idLine ?? 2,
          severity: 'error',
          message: `duplicate article id "${parsed.article.id}" (also in ${first})`,
        });
      } else {
        seen.set(parsed.article.id, rel);
        locations.set(parsed.article.id, { keyLines: parsed.keyLines ?? new Map(), bodyLine: parsed.bodyLine ?? 1 });
        articles.push(parsed.article);
        sections.push(...parsed.sections);
      }
    }
    done++;
    if (options.onProgress && (done % 200 === 0 || done === files.length)) {
      options.onProgress({ phase: 'load', done, total: files.length });
    }
  }
  // Files that are gone are forgotten.
  if (cache) for (const rel of cache.keys()) if (!present.has(rel)) cache.delete(rel);
  return { config, articles, sections, issues, locations };
}

/** One file's issues from two checks, merged by line (each list is already in line order). */
function inLineOrder(a: readonly ContentIssue[], b: readonly ContentIssue[]): ContentIssue[] {
  if (b.length === 0) return [...a];
  return [...a, ...b].sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
}

/** Whether a folder's entries are a compiled bundle's: a manifest beside `llms.txt`. */
function isCompiledBundle(entries: readonly Dirent[]): boolean {
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  return names.has(LLMS_TXT) && [...names].some((name) => /^manifest(\.[a-z0-9-]+)?\.json$/.test(name));
}

async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    // A compiled bundle inside the content folder (`kotae compile -o dist/kb`): its per-article
    // markdown for AI agents is output, not content.
    if (d !== dir && isCompiledBundle(entries)) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(path);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md') && !SKIP_FILES.has(entry.name.toLowerCase())) {
        out.push(path);
      }
    }
  };
  await walk(dir);
  return out;
}
