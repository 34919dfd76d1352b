/**
 * Durable file writes (Node-only): what makes a write survive a crash or a power cut, so that a
 * rename over a published file can be trusted to show either the old bytes or the new ones.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `bytes` to `path` and fsyncs the file before closing it. */
export async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Prefix of the temporary files {@link replaceDurably} writes; a crash can leave them behind. */
export const TEMP_PREFIX = '.kotae-tmp.';

/**
 * Replaces `path` with `bytes` atomically: a temporary file in the same directory, written and
 * fsynced, renamed over `path`, then the directory fsynced (so the rename itself is durable).
 * A reader sees the old file or the new one, never a mix; a crash leaves at most a temporary file.
 */
export async function replaceDurably(path: string, bytes: Uint8Array, syncDirectory = true): Promise<void> {
  const tmp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await writeDurably(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (syncDirectory) await syncDir(dirname(path));
}

/** Fsyncs a directory, so that the names created, renamed or removed in it are on disk. */
export async function syncDir(dir: string): Promise<void> {
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
