import { readdir, stat } from 'node:fs/promises';
import { PathError } from '../errors.js';

/** Throws a {@link PathError} (`<path>: <kind> not found`) unless `path` is an existing directory. */
export async function assertDirectory(path: string, kind: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new PathError(path, `${kind} not found`);
}

/** Throws a {@link PathError} (`<path>: <kind> not found`) unless `path` is an existing file. */
export async function assertFile(path: string, kind: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new PathError(path, `${kind} not found`);
}

/** Throws a {@link PathError} when `path` exists but is not a directory (a directory may be created there). */
export async function assertDirectoryOrAbsent(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isDirectory()) throw new PathError(path, 'exists and is not a directory');
}

/**
 * Throws a {@link PathError} unless `path` is an interaction store directory: one that exists and
 * holds a segment (`interactions-000001.jsonl`, …). Opening a store creates one where there is
 * none, which a maintenance command must never do to a mistyped path.
 */
export async function assertStoreDirectory(path: string): Promise<void> {
  await assertDirectory(path, 'store directory');
  const names = await readdir(path);
  if (!names.some((name) => /^interactions-\d{6,}\.jsonl$/.test(name))) {
    throw new PathError(path, 'not an interaction store (no interactions-*.jsonl files)');
  }
}
