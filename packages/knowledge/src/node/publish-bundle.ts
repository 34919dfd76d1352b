import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { parseManifest, readBundle } from '../bundle/bundle-reader.js';
import { signManifest } from '../bundle/manifest-signature.js';
import type { SigningKey } from '../bundle/signing-key.js';
import type { Manifest } from '../schema/manifest.js';
import { BundleFormatError, BundleIntegrityError, PublishDowngradeError, PublishError, type PublishedVersion } from '../errors.js';
import { replaceDurably, syncDir } from '../internal/node/durable-file.js';
import { MANIFEST_FILE } from './bundle-dir.js';
import { historyDir, historyFileName, readIfExists } from './publish-layout.js';
import {
  collectGarbage,
  currentManifest,
  locateInHistory,
  lockTarget,
  removeEntries,
  resolveChannel,
  retireEntries,
  sha256,
  versionOf,
} from './publish-target.js';

/**
 * The steps of a publish, in order, as `onStep` reports them: `locked` (the target's lock is
 * held), `checked` (the source bundle verified, the version compared), `shards` (every shard is
 * in the target, fsynced), `history` (the manifest is kept in the channel's history), `swapped`
 * (the channel's manifest replaced: readers now get the new version), `collected` (old history
 * trimmed, unreferenced shards removed).
 */
export type PublishStep = 'locked' | 'checked' | 'shards' | 'history' | 'swapped' | 'collected';

/** Options of {@link publishBundle}. */
export interface PublishOptions {
  /** The publish target directory (created when missing). */
  readonly to: string;
  /** The channel to publish to. @default 'production' */
  readonly channel?: string | undefined;
  /** How many versions each channel's history keeps (the current one included), at least 1. @default 5 */
  readonly keep?: number | undefined;
  /** Publish even when the bundle is older (by `builtAt`) than what the channel serves. @default false */
  readonly allowDowngrade?: boolean | undefined;
  /** Called after each step (progress, and the crash tests' injection points). */
  readonly onStep?: ((step: PublishStep) => void | Promise<void>) | undefined;
  /**
   * Sign the published manifest with this Ed25519 key (or these, during a key rotation), with a
   * `sequence` above the one the channel serves, so verifiers that saw the current version accept
   * the new one and refuse the old one if it is served again. The key never enters the target.
   * @default the manifest is published as compiled (signed or not)
   */
  readonly signingKey?: SigningKey | readonly SigningKey[] | undefined;
  /** Clock for the signed `sequence` (milliseconds) and the grace period. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /**
   * How long the shards of a version that leaves the history stay in the target (milliseconds),
   * so a reader that loaded its manifest just before still finds them. @default 86400000 (a day)
   */
  readonly graceMs?: number | undefined;
}

/** What {@link publishBundle} did. */
export interface PublishResult {
  /** The publish target directory. */
  readonly dir: string;
  readonly channel: string;
  /** The channel manifest's path (what readers load). */
  readonly manifest: string;
  /** `published`, or `unchanged` when the channel already served this version (nothing was written). */
  readonly status: 'published' | 'unchanged';
  /** What the channel served before, or `null`. */
  readonly previous: PublishedVersion | null;
  /** What it serves now. */
  readonly current: PublishedVersion;
  /** Whether this replaced a newer version (`allowDowngrade`). */
  readonly downgrade: boolean;
  /** Shards copied, and already present (same bytes) so skipped. */
  readonly copied: number;
  readonly skipped: number;
  /** Bytes of the shards copied. */
  readonly bytesCopied: number;
  /** Precompressed copies (`<shard>.br`, `<shard>.gz`, as `kotae compile` writes them) copied beside their shards. */
  readonly compressedCopied: number;
  /** Shards removed because no kept manifest references them any more. */
  readonly removed: readonly string[];
  /** Versions kept in the channel's history, oldest first (the current one last). */
  readonly history: readonly string[];
  /** The key ids that signed the manifest the channel serves now, and its `sequence`; `null` when unsigned. */
  readonly signed: { readonly keyIds: string[]; readonly sequence: number } | null;
}

const COMPRESSED = ['br', 'gz'] as const;
const INFLATE: Readonly<Record<(typeof COMPRESSED)[number], (b: Buffer) => Promise<Buffer>>> = {
  br: promisify(brotliDecompress),
  gz: promisify(gunzip),
};

/** Default of {@link PublishOptions.keep}. */
export const DEFAULT_KEEP = 5;

/**
 * Publishes a bundle directory (`kotae compile --out`) to a channel of a publish target, so that
 * no reader ever sees half a bundle, even if the process is killed at any point: under the
 * target's lock, it verifies every file of the source bundle against its manifest, copies the
 * shards the target lacks (each written to a temporary file, fsynced, renamed; one fsync of the
 * directory after all), keeps the manifest in the channel's history, and only then replaces the
 * channel's manifest atomically (temporary file, fsync, rename, fsync of the directory). After the
 * swap it trims the history to `keep` versions and removes the shards no kept manifest references
 * (a version that left the history keeps its shards for `graceMs`, a day by default, so a reader
 * mid-search never meets a 404). The `.br` and `.gz` copies `kotae compile` writes beside shards
 * are checked (each must decompress to its shard) and copied with them.
 *
 * With `signingKey`, the manifest is signed as it is published, with a `sequence` above the
 * channel's; a channel that serves a signed manifest refuses an unsigned or older-sequence one
 * (`PublishError`; `allowDowngrade` publishes it anyway).
 *
 * Publishing the version the channel serves is a no-op; an older one (by `builtAt`) throws
 * {@link PublishDowngradeError} unless `allowDowngrade`. A bundle holding any `audience: internal`
 * section (the internal bundle of precedents or guidance, or a public bundle compiled by an
 * earlier kotae, which kept internal articles in it) throws a `BundleFormatError`. Throws `PublishLockedError` while another
 * publish or rollback holds the target, and the bundle errors when the source does not verify.
 *
 * @example
 * ```ts
 * const result = await publishBundle('dist/kb', { to: '/srv/www/kb', channel: 'staging' })
 * console.log(result.status, result.current.version) // published 3f2a9c0b1d2e
 * ```
 */
export async function publishBundle(bundleDir: string, options: PublishOptions): Promise<PublishResult> {
  const channel = resolveChannel(options.to, options.channel);
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isSafeInteger(keep) || keep < 1) {
    throw new BundleFormatError(options.to, `keep must be a whole number of versions, at least 1 (got ${JSON.stringify(keep)})`);
  }
  const step = async (s: PublishStep) => void (await options.onStep?.(s));
  const sourcePath = join(bundleDir, MANIFEST_FILE);
  let sourceBytes = await readIfExists(sourcePath);
  if (sourceBytes === undefined) throw new BundleFormatError(sourcePath, 'no bundle manifest here (run `kotae compile` first?)');
  let next = parseManifest(new Uint8Array(sourceBytes), sourcePath);

  const lock = await lockTarget(options.to);
  try {
    await step('locked');
    // Every source file is read and verified before anything is written.
    const shards = new Map<string, Buffer>();
    const compressed = new Map<string, Buffer>();
    for (const file of next.files) {
      const path = join(bundleDir, file.path);
      const bytes = await readIfExists(path);
      if (bytes === undefined) throw new BundleIntegrityError(path, file.sha256, undefined);
      const actual = sha256(bytes);
      if (actual !== file.sha256) throw new BundleIntegrityError(path, file.sha256, actual);
      shards.set(file.path, bytes);
      for (const ext of COMPRESSED) {
        const copy = await readIfExists(`${path}.${ext}`);
        if (copy === undefined) continue;
        // A stale or damaged copy would be served in place of the shard: it must decompress to it.
        const inflated = await INFLATE[ext](copy).catch(() => undefined);
        if (inflated === undefined || sha256(inflated) !== file.sha256) {
          throw new BundleIntegrityError(`${path}.${ext}`, file.sha256, inflated === undefined ? 'not decompressible' : sha256(inflated));
        }
        compressed.set(`${file.path}.${ext}`, copy);
      }
    }
    // Published files are static and public: an internal bundle (precedents, internal guidance),
    // or a bundle compiled before internal articles were kept out of it, is never published.
    const loaded = await readBundle(new Uint8Array(sourceBytes), async (path) => new Uint8Array(shards.get(path) ?? []));
    const internal = loaded.index.sections().find((s) => s.audience === 'internal');
    if (internal) {
      throw new BundleFormatError(
        bundleDir,
        `holds the internal section "${internal.id}": internal bundles (kotae compile --internal-out) are never published; publish the public bundle (--out), recompiled with this kotae version`,
      );
    }
    const currentBytes = await readIfExists(channel.manifestPath);
    // A channel manifest this reader cannot parse (damaged, or a newer format) is replaced.
    const current = await currentManifest(channel).catch(() => undefined);
    const previous = current ? versionOf(current.manifest) : null;
    const located = await locateInHistory(channel, currentBytes);
    const base = {
      dir: options.to,
      channel: channel.name,
      manifest: channel.manifestPath,
      previous,
      current: versionOf(next),
      removed: [] as string[],
    };
    if (current && current.manifest.id === next.id && current.manifest.version === next.version) {
      await step('checked');
      const served = current.manifest;
      const kept = located.index >= 0 ? located.entries.slice(0, located.index + 1) : [];
      return {
        ...base,
        status: 'unchanged',
        downgrade: false,
        copied: 0,
        skipped: next.files.length,
        bytesCopied: 0,
        compressedCopied: 0,
        history: await versionsOf(kept),
        signed: signedOf(served),
      };
    }
    const downgrade = current !== undefined && isOlder(next.builtAt, current.manifest.builtAt);
    if (downgrade && !options.allowDowngrade) {
      throw new PublishDowngradeError(options.to, channel.name, versionOf(current.manifest), versionOf(next));
    }
    if (options.signingKey) {
      const now = (options.now ?? (() => new Date()))().getTime();
      const sequence = Math.max(now, (current?.manifest.sequence ?? -1) + 1, next.sequence ?? 0);
      next = await signManifest(next, options.signingKey, { sequence });
      sourceBytes = Buffer.from(`${JSON.stringify(next, null, 2)}\n`);
    }
    const currentSequence = current?.manifest.signatures ? (current.manifest.sequence ?? 0) : undefined;
    if (currentSequence !== undefined && !options.allowDowngrade && (!next.signatures || (next.sequence ?? -1) < currentSequence)) {
      throw new PublishError(
        options.to,
        channel.name,
        `it serves a signed manifest (sequence ${currentSequence}); this one is ${next.signatures ? `signed with the older sequence ${next.sequence ?? '(none)'}` : 'unsigned'}, so verifiers would refuse it: pass --signing-key to sign it with a newer sequence`,
      );
    }
    await step('checked');

    let copied = 0;
    let bytesCopied = 0;
    for (const [name, bytes] of shards) {
      const path = join(options.to, name);
      const existing = await readIfExists(path);
      // A shard of the same name with other bytes is the remains of a damaged copy: replace it.
      if (existing && sha256(existing) === sha256(bytes)) continue;
      await replaceDurably(path, bytes, false);
      copied++;
      bytesCopied += bytes.byteLength;
    }
    let compressedCopied = 0;
    for (const [name, bytes] of compressed) {
      const path = join(options.to, name);
      const existing = await readIfExists(path);
      if (existing && existing.equals(bytes)) continue;
      await replaceDurably(path, bytes, false);
      compressedCopied++;
    }
    if (copied + compressedCopied > 0) await syncDir(options.to);
    await step('shards');

    // Entries after the one the channel serves belong to a publish that died before its swap,
    // or to a version rolled back from: they are not part of the channel's past.
    await removeEntries(channel, located.stale);
    const kept = located.index >= 0 ? located.entries.slice(0, located.index + 1) : currentBytes ? located.entries : [];
    let seq = Math.max(0, ...located.entries.map((e) => e.seq)) + 1;
    const history = historyDir(options.to, channel.name);
    await mkdir(history, { recursive: true });
    await syncDir(join(options.to, 'history'));
    if (located.index < 0 && current && currentBytes) {
      // A manifest not written by kotae publish (kotae compile --out into the target): kept, so a
      // rollback can return to it.
      const adopted = join(history, historyFileName(seq, current.manifest.version));
      await replaceDurably(adopted, currentBytes);
      kept.push({ seq: seq++, path: adopted });
    }
    const entry = join(history, historyFileName(seq, next.version));
    await replaceDurably(entry, sourceBytes);
    await step('history');

    await replaceDurably(channel.manifestPath, sourceBytes);
    await step('swapped');

    const all = [...kept, { seq, path: entry }];
    const now = (options.now ?? (() => new Date()))();
    await retireEntries(channel, all.slice(0, Math.max(0, all.length - keep)), now);
    const removed = await collectGarbage(options.to, { graceMs: options.graceMs, now });
    await step('collected');
    return {
      ...base,
      status: 'published',
      downgrade,
      copied,
      skipped: shards.size - copied,
      bytesCopied,
      compressedCopied,
      removed,
      history: await versionsOf(all.slice(-keep)),
      signed: signedOf(next),
    };
  } finally {
    await lock.release();
  }
}

/** Who signed a manifest, with which sequence; `null` when unsigned. */
export function signedOf(manifest: Manifest): PublishResult['signed'] {
  return manifest.signatures ? { keyIds: manifest.signatures.map((s) => s.keyId), sequence: manifest.sequence ?? 0 } : null;
}

/** Whether build time `a` is before `b` (ISO 8601 strings; compared as text when not dates). */
function isOlder(a: string, b: string): boolean {
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(ta) || Number.isNaN(tb) ? a < b : ta < tb;
}

/** The versions of history entries. */
export async function versionsOf(entries: readonly { path: string }[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of entries) {
    const bytes = await readIfExists(entry.path);
    try {
      if (bytes) out.push(parseManifest(new Uint8Array(bytes), entry.path).version);
    } catch {
      out.push('(unreadable)');
    }
  }
  return out;
}
