/**
 * What publishing and rolling back share: the target's lock, reading a channel's current
 * manifest, checking a manifest's files, trimming history and collecting unreferenced shards.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseManifest } from '../bundle/bundle-reader.js';
import { BundleIntegrityError, PublishError, PublishLockedError, type PublishedVersion } from '../errors.js';
import { TEMP_PREFIX, syncDir } from '../internal/node/durable-file.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import type { Manifest } from '../schema/manifest.js';
import {
  CHANNEL_NAME,
  DEFAULT_CHANNEL,
  PUBLISH_LOCK_FILE,
  RETIRED_DIR,
  SHARD_FILE,
  SHARD_SIBLING_FILE,
  channelManifestFile,
  channelManifests,
  historyChannels,
  historyDir,
  listHistory,
  readIfExists,
  type HistoryEntry,
} from './publish-layout.js';

/** A channel of a publish target, resolved. */
export interface Channel {
  readonly dir: string;
  readonly name: string;
  /** The channel manifest's path. */
  readonly manifestPath: string;
}

/** Checks a channel name and resolves its manifest path. */
export function resolveChannel(dir: string, channel: string | undefined): Channel {
  const name = channel ?? DEFAULT_CHANNEL;
  if (!CHANNEL_NAME.test(name)) {
    throw new PublishError(dir, name, 'a channel name is lowercase letters, digits and dashes, such as production or staging');
  }
  return { dir, name, manifestPath: join(dir, channelManifestFile(name)) };
}

/** Takes the target's publish lock (creating the directory first). */
export async function lockTarget(dir: string): Promise<DirLock> {
  await mkdir(dir, { recursive: true });
  return acquireDirLock(dir, PUBLISH_LOCK_FILE, (file, pid, _host, why) => new PublishLockedError(dir, file, pid, why));
}

/** The version and build time of a manifest. */
export function versionOf(manifest: Manifest): PublishedVersion {
  return { version: manifest.version, builtAt: manifest.builtAt };
}

/** A channel's current manifest: its bytes and parsed value, or `undefined` when there is none. */
export async function currentManifest(channel: Channel): Promise<{ bytes: Buffer; manifest: Manifest } | undefined> {
  const bytes = await readIfExists(channel.manifestPath);
  return bytes === undefined ? undefined : { bytes, manifest: parseManifest(new Uint8Array(bytes), channel.manifestPath) };
}

/** Lowercase hex SHA-256 (Node's own, faster than Web Crypto for large shards). */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks that every file a manifest lists is in `dir` with the listed SHA-256 (throws
 * {@link BundleIntegrityError} otherwise).
 */
export async function verifyFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.files) {
    const bytes = await readIfExists(join(dir, file.path));
    if (bytes === undefined) throw new BundleIntegrityError(join(dir, file.path), file.sha256, undefined);
    const actual = sha256(bytes);
    if (actual !== file.sha256) throw new BundleIntegrityError(join(dir, file.path), file.sha256, actual);
  }
}

/**
 * Where the channel's manifest is in its history (the newest entry with the same bytes), and
 * the entries after it: those of a publish that died before its swap, or of a version rolled
 * back from. `index` is -1 when the manifest is not in the history (a target published by hand).
 */
export async function locateInHistory(
  channel: Channel,
  bytes: Buffer | undefined,
): Promise<{ entries: HistoryEntry[]; index: number; stale: HistoryEntry[] }> {
  const entries = await listHistory(channel.dir, channel.name);
  if (bytes === undefined) return { entries, index: -1, stale: entries };
  for (let i = entries.length - 1; i >= 0; i--) {
    const kept = await readIfExists(entries[i]!.path);
    if (kept && kept.equals(bytes)) return { entries, index: i, stale: entries.slice(i + 1) };
  }
  return { entries, index: -1, stale: [] };
}

/** Removes history entries (after the swap: never the one the channel serves). */
export async function removeEntries(channel: Channel, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (const entry of entries) await unlink(entry.path).catch(() => undefined);
  await syncDir(historyDir(channel.dir, channel.name));
}

/**
 * Moves history entries that leave the history (trimmed past `keep`, or rolled back from) to the
 * channel's `retired/` directory, stamped with the time they left: {@link collectGarbage} keeps
 * their shards for the grace period, so a reader that loaded one of those manifests a moment ago
 * still finds every shard it names.
 */
export async function retireEntries(channel: Channel, entries: readonly HistoryEntry[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  const retired = join(historyDir(channel.dir, channel.name), RETIRED_DIR);
  await mkdir(retired, { recursive: true });
  for (const entry of entries) {
    const to = join(retired, basename(entry.path));
    await rename(entry.path, to).catch(() => undefined);
    await utimes(to, now, now).catch(() => undefined);
  }
  await syncDir(retired);
  await syncDir(historyDir(channel.dir, channel.name));
}

/** Options of {@link collectGarbage}. */
export interface GarbageOptions {
  /**
   * How long the shards of a manifest that left a channel's history stay (milliseconds): a reader
   * that loaded it just before the swap may still fetch them. @default {@link DEFAULT_GRACE_MS}
   */
  readonly graceMs?: number | undefined;
  /** The clock. @default new Date() */
  readonly now?: Date | undefined;
}

/** Default of {@link GarbageOptions.graceMs}: one day, longer than a help page stays open. */
export const DEFAULT_GRACE_MS = 86_400_000;

/**
 * Deletes the shards no kept manifest references (any channel's current manifest, any kept
 * history entry, any manifest retired less than the grace period ago), their `.br` and `.gz`
 * copies, the retired manifests past the grace period, and temporary files a killed publish left
 * behind. Runs under the lock, after the swap; returns the shard files removed.
 */
export async function collectGarbage(dir: string, options: GarbageOptions = {}): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const referenced = new Set<string>();
  const manifests: string[] = (await channelManifests(dir)).map((n) => join(dir, n));
  for (const channel of await historyChannels(dir)) {
    manifests.push(...(await listHistory(dir, channel)).map((e) => e.path));
    const retired = join(historyDir(dir, channel), RETIRED_DIR);
    for (const name of await readdir(retired).catch(() => [] as string[])) {
      const path = join(retired, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      if (now - info.mtimeMs < graceMs) manifests.push(path);
      else await unlink(path).catch(() => undefined);
    }
  }
  for (const path of manifests) {
    const bytes = await readIfExists(path);
    if (bytes === undefined) continue;
    let manifest: Manifest;
    try {
      manifest = parseManifest(new Uint8Array(bytes), path);
    } catch {
      // A manifest this version cannot read may still reference shards: keep everything.
      return [];
    }
    for (const file of manifest.files) referenced.add(file.path);
  }
  const removed: string[] = [];
  let changed = false;
  for (const name of await readdir(dir)) {
    if (isDeadLockTemp(name)) await unlink(join(dir, name)).catch(() => undefined);
    const sibling = SHARD_SIBLING_FILE.exec(name);
    if (name.startsWith(TEMP_PREFIX)) {
      await unlink(join(dir, name)).catch(() => undefined);
    } else if (SHARD_FILE.test(name) && !referenced.has(name)) {
      await unlink(join(dir, name)).catch(() => undefined);
      removed.push(name);
      changed = true;
    } else if (sibling && SHARD_FILE.test(sibling[1]!) && !referenced.has(sibling[1]!)) {
      // The precompressed copy of a shard that goes (or went) goes too.
      await unlink(join(dir, name)).catch(() => undefined);
      changed = true;
    }
  }
  for (const channel of await historyChannels(dir)) {
    const at = historyDir(dir, channel);
    for (const name of await readdir(at).catch(() => [] as string[])) {
      if (name.startsWith(TEMP_PREFIX)) await unlink(join(at, name)).catch(() => undefined);
    }
  }
  if (changed) await syncDir(dir);
  return removed.sort();
}

/**
 * A temporary file of the lock protocol (`.publish.lock.<pid>.<random>.tmp`, or a stale lock set
 * aside as `.publish.lock.stale.<pid>.<random>` during a takeover) whose process is
 * gone: a publisher killed while taking the lock. A live process's is left alone, since it may be
 * about to link it.
 */
function isDeadLockTemp(name: string): boolean {
  const match = /^\.publish\.lock\.(?:stale\.)?(\d+)\.[0-9a-f]+(?:\.tmp)?$/.exec(name);
  if (!match) return false;
  try {
    process.kill(Number(match[1]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Reads a history entry's bytes. */
export function readEntry(entry: HistoryEntry): Promise<Buffer> {
  return readFile(entry.path);
}
