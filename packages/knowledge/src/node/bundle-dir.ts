import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readBundle, type LoadedBundle, type ReadBundleOptions } from '../bundle/bundle-reader.js';
import type { EncodedBundle } from '../bundle/bundle-writer.js';
import { BundleFormatError } from '../errors.js';

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

/**
 * Reads and verifies a bundle from a directory (see {@link readBundle}). A missing directory or
 * manifest throws a {@link BundleFormatError} naming it.
 */
export async function readBundleDir(dir: string, options: ReadBundleOptions = {}): Promise<LoadedBundle> {
  let manifest: Buffer;
  try {
    manifest = await readFile(join(dir, MANIFEST_FILE));
  } catch {
    throw new BundleFormatError(join(dir, MANIFEST_FILE), 'no bundle manifest here (run `kotae compile` first?)');
  }
  return readBundle(new Uint8Array(manifest), async (path) => new Uint8Array(await readFile(join(dir, path))), options);
}

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems do not support fsync on directories; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
