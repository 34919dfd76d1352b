import { publishBundle, type PublishResult, type PublishStep } from '@kotae/knowledge/node';
import { assertDirectory, assertDirectoryOrAbsent } from '../internal/paths.js';

/** Options of {@link publish}. */
export interface PublishCommandOptions {
  /** A bundle directory written by `kotae compile`. */
  readonly bundleDir: string;
  /** The publish target directory (created when missing); serve it as `/kb/`. */
  readonly to: string;
  /** The channel. @default 'production' (its manifest is `<to>/manifest.json`) */
  readonly channel?: string | undefined;
  /** Versions each channel's history keeps, the current one included. @default 5 */
  readonly keep?: number | undefined;
  /** Publish a bundle older (by `builtAt`) than the channel's. @default false */
  readonly allowDowngrade?: boolean | undefined;
  /** Called after each step (the binary prints them on stderr). */
  readonly onStep?: ((step: PublishStep) => void) | undefined;
}

/** What {@link publish} did (see `PublishResult` of `@kotae/knowledge/node`). */
export type PublishCommandResult = PublishResult;

/**
 * `kotae publish`: publishes a compiled bundle to a channel of a publish target with
 * `publishBundle` — shards first, the channel's manifest swapped atomically last, old versions
 * kept for `kotae rollback`.
 *
 * Throws a `PathError` when the bundle directory is missing or the target is a file,
 * `PublishDowngradeError` for an older bundle, `PublishLockedError` while another publish runs,
 * and the bundle errors when the bundle does not verify.
 *
 * @example
 * ```ts
 * const result = await publish({ bundleDir: 'dist/kb', to: 'site/kb' })
 * console.log(result.status, result.current.version)
 * ```
 */
export async function publish(options: PublishCommandOptions): Promise<PublishCommandResult> {
  await assertDirectory(options.bundleDir, 'bundle directory');
  await assertDirectoryOrAbsent(options.to);
  return publishBundle(options.bundleDir, {
    to: options.to,
    channel: options.channel,
    keep: options.keep,
    allowDowngrade: options.allowDowngrade,
    onStep: options.onStep,
  });
}
