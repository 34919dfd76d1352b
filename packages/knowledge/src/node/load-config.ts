import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ContentError } from '../errors.js';
import { KotaeConfigSchema, type KotaeConfig } from '../schema/config.js';

/** The config file's name at the root of a content directory. */
export const CONFIG_FILE = 'kotae.config.json';

/** A content directory's resolved configuration. */
export interface ResolvedConfig {
  readonly id: string;
  readonly defaultLocale: string;
  readonly version: string | undefined;
  /** The parsed file, or undefined when there is none. */
  readonly file: KotaeConfig | undefined;
}

/**
 * Reads `kotae.config.json` from a content directory, if there is one, and fills the defaults
 * (id: the directory's name; defaultLocale: `en`). A broken file throws a {@link ContentError}
 * naming the file and line.
 */
export async function loadConfig(contentDir: string): Promise<ResolvedConfig> {
  const path = join(contentDir, CONFIG_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let file: KotaeConfig | undefined;
  if (text !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const pos = /position (\d+)/.exec(message);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
      throw new ContentError([{ file: CONFIG_FILE, line, severity: 'error', message: `invalid JSON: ${message}` }]);
    }
    const parsed = KotaeConfigSchema.safeParse(value);
    if (!parsed.success) {
      throw new ContentError(
        parsed.error.issues.map((issue) => {
          // An unrecognized key has an empty path and names the key in `keys`.
          const keys = (issue as { keys?: string[] }).keys ?? [];
          const path = issue.path.map(String);
          const name = keys.length === 1 ? [...path, keys[0]!].join('.') : path.join('.') || keys.join(', ');
          return {
            file: CONFIG_FILE,
            line: lineOfPath(text, keys.length > 0 ? [...path, keys[0]!] : path),
            severity: 'error' as const,
            message: name ? `"${name}" ${issue.message}` : issue.message,
          };
        }),
      );
    }
    file = parsed.data;
  }
  return {
    id: file?.id ?? (basename(resolve(contentDir)) || 'kotae'),
    defaultLocale: file?.defaultLocale ?? 'en',
    version: file?.version,
    file,
  };
}

/**
 * The line of a key path (`conversations.csv.columns.text`): each key is looked for after the
 * previous one, so a nested key is found in its own object rather than wherever its name first
 * appears. Array indexes are skipped; an unfound key gives the line of the last one found.
 */
function lineOfPath(text: string, path: readonly string[]): number {
  let at = 0;
  for (const key of path) {
    if (/^\d+$/.test(key)) continue;
    const i = text.indexOf(`"${key}"`, at);
    if (i < 0) break;
    at = i;
  }
  return text.slice(0, at).split('\n').length;
}
