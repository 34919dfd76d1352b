import { parseManifest } from '../bundle/bundle-reader.js';
import { signManifest } from '../bundle/manifest-signature.js';
import type { SigningKey } from '../bundle/signing-key.js';
import { PublishError, type PublishedVersion } from '../errors.js';
import { replaceDurably } from '../internal/node/durable-file.js';
import { readIfExists } from './publish-layout.js';
import {
  collectGarbage,
  locateInHistory,
  lockTarget,
  readEntry,
  resolveChannel,
  retireEntries,
  verifyFiles,
  versionOf,
} from './publish-target.js';
import { signedOf, versionsOf } from './publish-bundle.js';

/** Options of {@link rollbackBundle}. */
export interface RollbackOptions {
  /** The publish target directory. */
  readonly to: string;
  /** The channel to roll back. @default 'production' */
  readonly channel?: string | undefined;
  /**
   * Re-sign the restored manifest with this key (or these), with a `sequence` above the current
   * one: verifiers that saw the newer version refuse an older sequence, so a rollback of a signed
   * channel is a new signed version of the older content, as in TUF. Required when the channel
   * serves a signed manifest. @default the manifest is restored byte for byte
   */
  readonly signingKey?: SigningKey | readonly SigningKey[] | undefined;
  /** Clock for the new `sequence` (milliseconds) and the grace period. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /**
   * How long the shards of the version rolled back from stay in the target (milliseconds), so a
   * reader that loaded its manifest just before still finds them. @default 86400000 (a day)
   */
  readonly graceMs?: number | undefined;
}

/** What {@link rollbackBundle} did. */
export interface RollbackResult {
  /** The publish target directory. */
  readonly dir: string;
  readonly channel: string;
  /** The channel manifest's path. */
  readonly manifest: string;
  /** The version the channel served before. */
  readonly from: PublishedVersion;
  /** The version it serves now (the previous one in its history). */
  readonly to: PublishedVersion;
  /** Shards removed because no kept manifest references them any more. */
  readonly removed: readonly string[];
  /** Versions left in the channel's history, oldest first (the current one last). */
  readonly history: readonly string[];
  /** The key ids that signed the restored manifest, and its `sequence`; `null` when unsigned. */
  readonly signed: { readonly keyIds: string[]; readonly sequence: number } | null;
}

/**
 * Rolls a channel of a publish target back to the version published before the current one:
 * under the target's lock it checks that every file of that version is still there with its
 * SHA-256, then puts its manifest back, byte for byte (re-signed with a newer `sequence` when
 * `signingKey` is given; a signed channel requires one), with the same atomic swap as
 * {@link publishBundle}. The version rolled back from leaves the history (a second rollback goes
 * one further back), and its shards are removed when nothing else references them, once the grace
 * period (`graceMs`) has passed.
 *
 * Throws `PublishError` when the history keeps no earlier version, `PublishLockedError` while
 * another publish or rollback runs, and `BundleIntegrityError` when a file of the earlier version
 * is missing or damaged (nothing is changed then).
 *
 * @example
 * ```ts
 * const { from, to } = await rollbackBundle({ to: '/srv/www/kb' })
 * console.log(`${from.version} → ${to.version}`)
 * ```
 */
export async function rollbackBundle(options: RollbackOptions): Promise<RollbackResult> {
  const channel = resolveChannel(options.to, options.channel);
  const lock = await lockTarget(options.to);
  try {
    const bytes = await readIfExists(channel.manifestPath);
    if (bytes === undefined) throw new PublishError(options.to, channel.name, `nothing is published (no ${channel.manifestPath})`);
    const from = parseManifest(new Uint8Array(bytes), channel.manifestPath);
    const { entries, index } = await locateInHistory(channel, bytes);
    if (index < 0) {
      throw new PublishError(
        options.to,
        channel.name,
        `its manifest (version ${JSON.stringify(from.version)}) is not in its history; was it written by hand? Publish a version with kotae publish instead`,
      );
    }
    if (index === 0) {
      throw new PublishError(options.to, channel.name, `no version before ${JSON.stringify(from.version)} is kept in its history`);
    }
    const target = entries[index - 1]!;
    let previousBytes = await readEntry(target);
    let previous = parseManifest(new Uint8Array(previousBytes), target.path);
    await verifyFiles(options.to, previous);
    if (options.signingKey) {
      const now = (options.now ?? (() => new Date()))().getTime();
      previous = await signManifest(previous, options.signingKey, { sequence: Math.max(now, (from.sequence ?? -1) + 1) });
      previousBytes = Buffer.from(`${JSON.stringify(previous, null, 2)}\n`);
      // The history keeps what the channel serves, so a later rollback or publish finds it there.
      await replaceDurably(target.path, previousBytes);
    } else if (from.signatures) {
      throw new PublishError(
        options.to,
        channel.name,
        `it serves a signed manifest (sequence ${from.sequence ?? '(none)'}); verifiers refuse the older one restored as it was: pass --signing-key to re-sign it with a newer sequence`,
      );
    }
    await replaceDurably(channel.manifestPath, previousBytes);
    const now = (options.now ?? (() => new Date()))();
    await retireEntries(channel, entries.slice(index), now);
    const removed = await collectGarbage(options.to, { graceMs: options.graceMs, now });
    return {
      dir: options.to,
      channel: channel.name,
      manifest: channel.manifestPath,
      from: versionOf(from),
      to: versionOf(previous),
      removed,
      history: await versionsOf(entries.slice(0, index)),
      signed: signedOf(previous),
    };
  } finally {
    await lock.release();
  }
}
