import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/index.js';

/** The repository's shared test fixtures (`test/fixtures/`). */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

/** A fresh directory under the OS temp dir; removed by {@link removeTempDirs}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-cli-'));
  made.push(dir);
  return dir;
}

const made: string[] = [];

/** Removes every directory {@link tempDir} made. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/**
 * A content dir with the JSQuAD articles and a `kotae.config.json` making them Japanese (the
 * articles carry no `locale`).
 */
export async function japaneseContent(): Promise<string> {
  const dir = join(await tempDir(), 'jsquad');
  await mkdir(dir);
  await cp(join(FIXTURES, 'jsquad', 'articles'), join(dir, 'articles'), { recursive: true });
  await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'jsquad', defaultLocale: 'ja' }));
  return dir;
}

/** A content dir holding copies of some files of `test/fixtures/broken/`. */
export async function brokenSubset(...files: string[]): Promise<string> {
  const dir = await tempDir();
  for (const file of files) await cp(join(FIXTURES, 'broken', file), join(dir, file));
  return dir;
}

/** The errors `test/fixtures/broken/` has, formatted as `path:line: message`, in file order. */
export const BROKEN_ERRORS = [
  'bad-yaml.md:4: invalid YAML frontmatter: Nested mappings are not allowed in compact mappings',
  'dup-b.md:2: duplicate article id "dup" (also in dup-a.md)',
  'missing-title.md:1: frontmatter "title" is required',
] as const;

/** The warnings `test/fixtures/broken/` has (all in `typo.md`), formatted. */
export const BROKEN_WARNINGS = [
  'typo.md:4: warning: unknown frontmatter key "titel" (known keys: id, title, locale, audience, tags, contexts, owner, reviewBy, updated, version)',
  'typo.md:12: warning: empty section "Empty"',
] as const;

/** Bundles compiled from the StackFAQ fixture (English) and the JSQuAD fixture (Japanese), in temp dirs. */
export async function fixtureBundles(): Promise<{ english: string; japanese: string }> {
  const english = join(await tempDir(), 'en');
  const japanese = join(await tempDir(), 'ja');
  await compile({ contentDir: join(FIXTURES, 'stackfaq'), out: english });
  await compile({ contentDir: await japaneseContent(), out: japanese });
  return { english, japanese };
}
