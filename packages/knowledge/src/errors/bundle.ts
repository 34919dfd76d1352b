/**
 * The `bundle` family: bundles, saved classifiers and publish targets that cannot be read or published.
 */

import { KotaeBundleError } from './kotae-error.js';

/** A bundle whose manifest declares a format version this reader does not understand. */
export class BundleVersionError extends KotaeBundleError {
  /** Always `bundle-version-unsupported`. */
  override readonly code = 'bundle-version-unsupported';
  readonly found: unknown;
  readonly supported: readonly number[];
  constructor(found: unknown, supported: readonly number[]) {
    super(`unsupported bundle formatVersion ${JSON.stringify(found)} (this reader supports ${supported.join(', ')})`);
    this.found = found;
    this.supported = supported;
  }
}

/** A bundle file whose bytes do not match the SHA-256 the manifest lists, or that is missing. */
export class BundleIntegrityError extends KotaeBundleError {
  /** Always `bundle-integrity`. */
  override readonly code = 'bundle-integrity';
  readonly file: string;
  readonly expected: string;
  readonly actual: string | undefined;
  constructor(file: string, expected: string, actual: string | undefined) {
    super(
      actual === undefined
        ? `bundle file "${file}" is missing (manifest lists sha256 ${expected})`
        : `bundle file "${file}" has sha256 ${actual}, manifest says ${expected}`,
    );
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A bundle that is not a kotae bundle at all: unparsable manifest or shard, wrong shape. */
export class BundleFormatError extends KotaeBundleError {
  /** Always `bundle-format`. */
  override readonly code = 'bundle-format';
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

/** A published version of a channel: what {@link PublishDowngradeError} quotes. */
export interface PublishedVersion {
  /** The manifest's `version`. */
  readonly version: string;
  /** The manifest's `builtAt` (ISO 8601). */
  readonly builtAt: string;
}

/**
 * A publish that would replace a channel's bundle with an older one (by `builtAt`). Nothing was
 * changed. Pass `allowDowngrade` (`kotae publish --allow-downgrade`) to publish it anyway, or use
 * a rollback.
 *
 * @example
 * ```ts
 * try { await publishBundle('dist/kb', { to: 'site/kb' }) } catch (e) { if (e instanceof PublishDowngradeError) console.error(e.current, e.next) }
 * ```
 */
export class PublishDowngradeError extends KotaeBundleError {
  /** Always `publish-downgrade`. */
  override readonly code = 'publish-downgrade';
  /** The publish target directory. */
  readonly dir: string;
  /** The channel. */
  readonly channel: string;
  /** What the channel serves now. */
  readonly current: PublishedVersion;
  /** What was to be published. */
  readonly next: PublishedVersion;
  constructor(dir: string, channel: string, current: PublishedVersion, next: PublishedVersion) {
    super(
      `${dir}: channel "${channel}" serves version ${JSON.stringify(current.version)} built ${current.builtAt}; ` +
        `refusing to replace it with the older version ${JSON.stringify(next.version)} built ${next.builtAt} (pass --allow-downgrade to publish it anyway, or use kotae rollback)`,
    );
    this.dir = dir;
    this.channel = channel;
    this.current = current;
    this.next = next;
  }
}

/**
 * A publish target that another publisher (or rollback) holds: its lock file names the owner.
 * Nothing was changed; run again when the other one is done.
 *
 * @example
 * ```ts
 * try { await publishBundle('dist/kb', { to: 'site/kb' }) } catch (e) { if (e instanceof PublishLockedError) console.error(`held by pid ${e.pid}`) }
 * ```
 */
export class PublishLockedError extends KotaeBundleError {
  /** Always `publish-locked`. */
  override readonly code = 'publish-locked';
  /** The publish target directory. */
  readonly dir: string;
  /** The lock file inside it. */
  readonly lockFile: string;
  /** The owner's process id, when the lock file names one. */
  readonly pid: number | undefined;
  constructor(dir: string, lockFile: string, pid: number | undefined, why: string) {
    super(`publish target ${dir} is locked: ${why}`);
    this.dir = dir;
    this.lockFile = lockFile;
    this.pid = pid;
  }
}

/**
 * A publish target or channel that cannot be used as asked: a bad channel name, or a rollback with
 * no earlier version kept in the channel's history.
 *
 * @example
 * ```ts
 * try { await rollbackBundle({ to: 'site/kb' }) } catch (e) { if (e instanceof PublishError) console.error(e.channel, e.message) }
 * ```
 */
export class PublishError extends KotaeBundleError {
  /** Always `publish-invalid`. */
  override readonly code = 'publish-invalid';
  /** The publish target directory. */
  readonly dir: string;
  /** The channel. */
  readonly channel: string;
  constructor(dir: string, channel: string, message: string) {
    super(`${dir}: channel ${JSON.stringify(channel)}: ${message}`);
    this.dir = dir;
    this.channel = channel;
  }
}

/**
 * A saved topic classifier that cannot be read: not a kotae classifier, a field that does not
 * match the format, a format version or tokenizer version this release does not understand.
 * `source` names where it came from (a file path), when the caller said.
 */
export class ClassifierFormatError extends KotaeBundleError {
  /** Always `classifier-format`. */
  override readonly code = 'classifier-format';
  /** Where the model came from, such as its file. */
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.source = source;
  }
}

/** Why a manifest's signature was not accepted (see {@link BundleSignatureError}). */
export type SignatureProblem = 'unsigned' | 'unknown-key' | 'invalid';

/**
 * A manifest whose signature does not hold while public keys are configured: it carries no
 * signature (`unsigned`), none by a configured key (`unknown-key`), or one that does not match
 * its content (`invalid`: the manifest was changed after signing, such as a shard's hash
 * rewritten to match a tampered shard). Nothing of the bundle was used.
 *
 * @example
 * ```ts
 * try { await readBundleDir('site/kb', { publicKeys: [key] }) } catch (e) { if (e instanceof BundleSignatureError) console.error(e.problem, e.keyIds) }
 * ```
 */
export class BundleSignatureError extends KotaeBundleError {
  /** Always `bundle-signature`. */
  override readonly code = 'bundle-signature';
  /** The manifest. */
  readonly file: string;
  readonly problem: SignatureProblem;
  /** The key ids the manifest names (empty when unsigned). */
  readonly keyIds: readonly string[];
  constructor(file: string, problem: SignatureProblem, keyIds: readonly string[], trusted: readonly string[]) {
    const why =
      problem === 'unsigned'
        ? 'is not signed, and public keys are configured'
        : problem === 'unknown-key'
          ? `is signed by key ${keyIds.map((k) => JSON.stringify(k)).join(', ')}, none of the configured keys (${trusted.join(', ')})`
          : `has a signature by key ${keyIds.map((k) => JSON.stringify(k)).join(', ')} that does not match its content (changed after signing)`;
    super(`${file} ${why}; refusing to trust any hash in it`);
    this.file = file;
    this.problem = problem;
    this.keyIds = keyIds;
  }
}

/**
 * A manifest older than one already seen (its `sequence` is lower than the verifier's minimum):
 * an earlier signed manifest served again, which would bring back content that was replaced.
 * Nothing of the bundle was used. A deliberate rollback re-signs the older bundle with a new
 * sequence (`kotae rollback --signing-key`).
 *
 * @example
 * ```ts
 * try { await readBundleDir('site/kb', { publicKeys: [key], minSequence: 1765100000000 }) } catch (e) { if (e instanceof BundleRollbackError) console.error(e.sequence, e.minimum) }
 * ```
 */
export class BundleRollbackError extends KotaeBundleError {
  /** Always `bundle-rollback`. */
  override readonly code = 'bundle-rollback';
  readonly file: string;
  readonly bundleId: string;
  /** The manifest's `sequence` (`undefined` when it has none). */
  readonly sequence: number | undefined;
  /** The lowest sequence the verifier accepts. */
  readonly minimum: number;
  constructor(file: string, bundleId: string, sequence: number | undefined, minimum: number) {
    super(
      `${file}: bundle ${JSON.stringify(bundleId)} has sequence ${sequence ?? '(none)'}, older than ${minimum} already seen; refusing a replayed older manifest`,
    );
    this.file = file;
    this.bundleId = bundleId;
    this.sequence = sequence;
    this.minimum = minimum;
  }
}
