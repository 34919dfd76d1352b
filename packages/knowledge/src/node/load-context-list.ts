import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListedContext } from '../checks/context-coverage.js';
import { ContentError } from '../errors.js';
import { ContextListSchema } from '../schema/context-list.js';

/**
 * Reads the product's context list (`contexts.json`, see `ContextListSchema`) named by
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
    throw new ContentError([{ file, line: pos ? lineAt(text, Number(pos[1])) : 1, severity: 'error', message: `invalid JSON: ${message}` }]);
  }
  const parsed = ContextListSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContentError([
      {
        file,
        line: 1,
        severity: 'error',
        message: `not a context list (expected an array of strings or {"key": …} objects, or {"contexts": [...]}): ${issue.message} at ${JSON.stringify(issue.path.join('.'))}`,
      },
    ]);
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.contexts;
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
