import { rollbackBundle, type RollbackResult } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';

/** Options of {@link rollback}. */
export interface RollbackCommandOptions {
  /** The publish target directory. */
  readonly to: string;
  /** The channel. @default 'production' */
  readonly channel?: string | undefined;
}

/** What {@link rollback} did (see `RollbackResult` of `@kotae/knowledge/node`). */
export type RollbackCommandResult = RollbackResult;

/**
 * `kotae rollback`: puts a channel's previous version back (byte for byte, the same atomic swap
 * as a publish) with `rollbackBundle`.
 *
 * Throws a `PathError` when the target does not exist, `PublishError` when no earlier version
 * is kept, and `BundleIntegrityError` when a file of that version is missing or damaged.
 *
 * @example
 * ```ts
 * const { from, to } = await rollback({ to: 'site/kb' })
 * ```
 */
export async function rollback(options: RollbackCommandOptions): Promise<RollbackCommandResult> {
  await assertDirectory(options.to, 'publish target');
  return rollbackBundle({ to: options.to, channel: options.channel });
}
