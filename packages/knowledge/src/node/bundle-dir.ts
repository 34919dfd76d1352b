import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readBundle, type LoadedBundle, type ReadBundleOptions } from '../bundle/bundle-reader.js';
import type { EncodedBundle } from '../bundle/bundle-writer.js';
import { BundleFormatError } from '../errors.js';
import { syncDir, writeDurably } from '../internal/node/durable-file.js';

/** The manifest's file name in a bundle directory. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * Writes a bundle to a directory: the content-hashed shards first (each fsynced), then the
 * manifest through a temporary file and a rename, so a reader sees either the old bundle or the
 * new one, never half of one. Shards already present are left alone (same name, same bytes).
 */
export async function writeBundleDir(dir: string, bundle: EncodedBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of bundle.files) {
    const path = join(dir, name);
    const existing = await readFile(path).catch(() => undefined);
    if (existing && Buffer.compare(existing, bytes) === 0) continue;
    await writeDurably(path, bytes);
  }
  const tmp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  await writeDurably(tmp, new TextEncoder().encode(`${JSON.stringify(bundle.manifest, null, 2)}\n`));
  await rename(tmp, join(dir, MANIFEST_FILE));
  await syncDir(dir);
}

/** Options of {@link readBundleDir}. */
export interface ReadBundleDirOptions extends ReadBundleOptions {
  /**
   * The manifest's file name in the directory: a publish target holds one per channel
   * (`manifest.staging.json`, see `channelManifestFile`). @default 'manifest.json'
   */
  readonly manifest?: string | undefined;
}

/**
 * Reads and verifies a bundle from a directory (see {@link readBundle}). A missing directory or
 * manifest throws a `BundleFormatError` naming it.
 *
 * @example
 * ```ts
 * const { manifest, index } = await readBundleDir('dist/kb')
 * const staging = await readBundleDir('site/kb', { manifest: 'manifest.staging.json' })
 * ```
 */
export async function readBundleDir(dir: string, options: ReadBundleDirOptions = {}): Promise<LoadedBundle> {
  let manifest: Buffer;
  const file = join(dir, options.manifest ?? MANIFEST_FILE);
  try {
    manifest = await readFile(file);
  } catch {
    throw new BundleFormatError(file, 'no bundle manifest here (run `kotae compile` first?)');
  }
  return readBundle(new Uint8Array(manifest), async (path) => new Uint8Array(await readFile(join(dir, path))), options);
}
