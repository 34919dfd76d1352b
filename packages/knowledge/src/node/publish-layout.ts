/**
 * The layout of a publish target directory (see docs/publish.md):
 *
 * ```
 * <dir>/manifest.json                  the production channel's manifest (served as /kb/manifest.json)
 * <dir>/manifest.<channel>.json        any other channel's manifest (manifest.staging.json)
 * <dir>/<role>.<locale>.<hash>.json    the shards of every kept version of every channel, shared
 * <dir>/<shard>.br, <shard>.gz          a shard's precompressed copies, when the bundle has them
 * <dir>/history/<channel>/<n>-<version>.json   the last N manifests published to a channel, byte for byte
 * <dir>/history/<channel>/retired/…    manifests that left the history, kept for the grace period
 * <dir>/.publish.lock                  held while a publish or rollback runs
 * ```
 *
 * A manifest names its shards by plain file names relative to itself, so the shards sit next to
 * every channel's manifest: the directory is a bundle directory as it is (`readBundleDir`,
 * `kotae serve`, any static file server or CDN).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from './bundle-dir.js';

/** The channel readers load by default; its manifest is the plain `manifest.json`. */
export const DEFAULT_CHANNEL = 'production';

/** The history directory of a publish target. */
export const HISTORY_DIR = 'history';

/** The lock file of a publish target. */
export const PUBLISH_LOCK_FILE = '.publish.lock';

/** Channel names: lowercase letters, digits and dashes (they become part of a file name). */
export const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Shard file names as `encodeBundle` writes them: `index.ja.3f2a9c0b1d2e4f56.json`. */
export const SHARD_FILE = /^(index|sections|html)\.[A-Za-z0-9_-]+\.[0-9a-f]{16}\.json$/;

/** A shard's precompressed copy (`<shard>.br`, `<shard>.gz`); group 1 is the shard's name. */
export const SHARD_SIBLING_FILE = /^(.+)\.(br|gz)$/;

/** The directory, inside a channel's history, of the manifests that left it (see `collectGarbage`). */
export const RETIRED_DIR = 'retired';

const CHANNEL_MANIFEST = /^manifest\.([a-z0-9][a-z0-9-]{0,62})\.json$/;
const HISTORY_ENTRY = /^(\d{6,})-[A-Za-z0-9._-]+\.json$/;

/**
 * The manifest file name of a channel in a publish target: `manifest.json` for `production`,
 * `manifest.<channel>.json` for any other.
 *
 * @example
 * ```ts
 * channelManifestFile('production') // 'manifest.json'
 * channelManifestFile('staging') // 'manifest.staging.json'
 * ```
 */
export function channelManifestFile(channel: string): string {
  return channel === DEFAULT_CHANNEL ? MANIFEST_FILE : `manifest.${channel}.json`;
}

/** The channel manifest files present in a publish target. */
export async function channelManifests(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n === MANIFEST_FILE || CHANNEL_MANIFEST.test(n));
}

/** One kept manifest of a channel's history. */
export interface HistoryEntry {
  /** Publish sequence number within the channel (1, 2, …). */
  readonly seq: number;
  /** Path of the file. */
  readonly path: string;
}

/** The history directory of a channel. */
export function historyDir(dir: string, channel: string): string {
  return join(dir, HISTORY_DIR, channel);
}

/** A channel's history, oldest first. */
export async function listHistory(dir: string, channel: string): Promise<HistoryEntry[]> {
  const at = historyDir(dir, channel);
  const names = await readdir(at).catch(() => [] as string[]);
  const entries: HistoryEntry[] = [];
  for (const name of names) {
    const match = HISTORY_ENTRY.exec(name);
    if (match) entries.push({ seq: Number(match[1]), path: join(at, name) });
  }
  return entries.sort((a, b) => a.seq - b.seq);
}

/** The history file name of a publish: `000007-3f2a9c0b1d2e.json`. */
export function historyFileName(seq: number, version: string): string {
  return `${String(seq).padStart(6, '0')}-${version.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}.json`;
}

/** The channels that have a history in a publish target. */
export async function historyChannels(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, HISTORY_DIR)).catch(() => [] as string[]);
  return names.filter((n) => CHANNEL_NAME.test(n));
}

/** Reads a file, or `undefined` when it does not exist. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
