import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListedContext } from '../checks/context-coverage.js';
import { ContentError, type ContentIssue } from '../errors.js';
import { ContextEntrySchema, type ContextEntry } from '../schema/context-list.js';

/**
 * Reads the product's context list (`contexts.json`, in the shape of `ContextListSchema`) named by
 * `guidance.contexts` in `kotae.config.json`, with the line of each entry. A missing file,
 * invalid JSON or a wrong shape throws a {@link ContentError} naming the file and line.
 *
 * @param contentDir - the content directory
 * @param file - the list's path relative to it, as the config names it
 * @example
 * ```ts
 * const contexts = await loadContextList('content', 'contexts.json')
 * // [{ key: '/settings/security', line: 3 }, …]
 * ```
 */
export async function loadContextList(contentDir: string, file: string): Promise<ListedContext[]> {
  let text: string;
  try {
    text = await readFile(join(contentDir, file), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new ContentError([
      { file, severity: 'error', message: `context list not found (guidance.contexts in kotae.config.json names ${JSON.stringify(file)})` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    throw new ContentError([
      { file, line: pos ? lineAt(text, Number(pos[1])) : 1, severity: 'error', message: `invalid JSON: ${message}` },
    ]);
  }
  // The shape of ContextListSchema, checked entry by entry so that a bad entry is named with its line.
  const inner =
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { contexts?: unknown }).contexts : undefined;
  const raw = Array.isArray(value) ? value : Array.isArray(inner) ? inner : undefined;
  if (raw === undefined) {
    throw new ContentError([
      {
        file,
        line: 1,
        severity: 'error',
        message: 'not a context list (expected an array of contexts, or an object with a "contexts" array)',
      },
    ]);
  }
  const entries: ContextEntry[] = [];
  const bad: ContentIssue[] = [];
  for (const item of raw as unknown[]) {
    const entry = ContextEntrySchema.safeParse(item);
    if (entry.success) entries.push(entry.data);
    else {
      const at = text.indexOf(JSON.stringify(item));
      bad.push({
        file,
        line: at === -1 ? 1 : lineAt(text, at),
        severity: 'error',
        message: `context ${JSON.stringify(item)} is not a route, feature key or error code (expected a non-empty string or {"key": "…"})`,
      });
    }
  }
  if (bad.length > 0) throw new ContentError(bad);
  // Lines: each key's JSON string, searched in order from the previous one.
  let from = 0;
  return entries.map((entry) => {
    const key = typeof entry === 'string' ? entry : entry.key;
    const at = text.indexOf(JSON.stringify(key), from);
    if (at === -1) return { key };
    from = at + 1;
    return { key, line: lineAt(text, at) };
  });
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
