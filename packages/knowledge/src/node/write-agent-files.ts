import { mkdir, readdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { agentFiles, ARTICLES_DIR, type AgentArticle, type AgentFilesOptions, type AgentSection } from '../agents/llms-txt.js';

/** What {@link writeAgentFiles} wrote. */
export interface WrittenAgentFiles {
  /** Per-article markdown files (`articles/<locale>/<id>.md`). */
  readonly articles: number;
  /** Total bytes of every agent file (`llms.txt`, `llms-full.txt` and the articles). */
  readonly bytes: number;
}

/**
 * Writes the files AI agents read beside a bundle (see {@link agentFiles}): `<dir>/llms.txt`,
 * `<dir>/llms-full.txt` and `<dir>/articles/<locale>/<id>.md`, public articles only. Each file
 * is replaced through a rename (a reader sees the old text or the new), unchanged files are left
 * alone, and markdown files of articles no longer public (deleted, or now `audience: internal`)
 * are removed, so a file once written never outlives its article's publication.
 *
 * `kotae compile` calls it after the bundle is written (`compileContent` with `out`).
 *
 * @example
 * ```ts
 * const content = await loadContent('content')
 * await writeAgentFiles('dist/kb', content.articles, content.sections, { id: content.config.id })
 * ```
 */
export async function writeAgentFiles(
  dir: string,
  articles: readonly AgentArticle[],
  sections: readonly AgentSection[],
  options: AgentFilesOptions,
): Promise<WrittenAgentFiles> {
  const files = agentFiles(articles, sections, options);
  const encoder = new TextEncoder();
  let bytes = 0;
  const made = new Set<string>();
  for (const [path, text] of files) {
    const target = join(dir, path);
    const data = encoder.encode(text);
    bytes += data.length;
    if (!made.has(dirname(target))) {
      await mkdir(dirname(target), { recursive: true });
      made.add(dirname(target));
    }
    const existing = await readFile(target).catch(() => undefined);
    if (existing && Buffer.compare(existing, data) === 0) continue;
    const tmp = join(dirname(target), `.${process.pid}.${made.size}.agent.tmp`);
    await writeFile(tmp, data);
    await rename(tmp, target);
  }
  await removeStale(join(dir, ARTICLES_DIR), ARTICLES_DIR, files);
  return { articles: [...files.keys()].filter((p) => p.startsWith(`${ARTICLES_DIR}/`)).length, bytes };
}

/** Removes the files under `abs` (relative path `rel`) that are not in `keep`, and folders left empty. Returns whether `abs` is empty now. */
async function removeStale(abs: string, rel: string, keep: ReadonlyMap<string, string>): Promise<boolean> {
  const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
  let left = 0;
  for (const entry of entries) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (await removeStale(join(abs, entry.name), path, keep)) await rmdir(join(abs, entry.name)).catch(() => left++);
      else left++;
    } else if (keep.has(path)) left++;
    else await unlink(join(abs, entry.name)).catch(() => left++);
  }
  return left === 0;
}
