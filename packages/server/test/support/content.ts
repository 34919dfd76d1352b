import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

/** Builds a markdown article: YAML frontmatter lines from `front` (already YAML text), then `body`. */
export function article(front: string, body = 'Some text.\n'): string {
  return `---\n${front.trim()}\n---\n${body}`;
}

const made: string[] = [];
after(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Creates a fresh directory under the OS temp dir, removed when the test file ends. */
export async function tempDir(prefix = 'kotae-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Creates a temp content directory holding `files` (path relative to it → text). */
export async function contentDir(files: Record<string, string>, name = 'content'): Promise<string> {
  const root = join(await tempDir(), name);
  await mkdir(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return root;
}

/** Asserts `fn` rejects/throws and returns the error, for checks of its fields. */
export async function caught<T = unknown>(fn: () => unknown): Promise<T> {
  try {
    await fn();
  } catch (e) {
    return e as T;
  }
  throw new Error('expected an error, none was thrown');
}

/** True when `text` has no lone surrogate (String.prototype.isWellFormed is ES2024). */
export function isWellFormed(text: string): boolean {
  // In a `u` regex a surrogate pair is one code point, so only lone surrogates match the range.
  return !/[\uD800-\uDFFF]/u.test(text);
}
