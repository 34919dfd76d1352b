import { diffBundles, type BundleDiff } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';

/** Options of {@link diff}. */
export interface DiffCommandOptions {
  /** The bundle before (a bundle directory, or a publish target: its production channel). */
  readonly before: string;
  /** The bundle after. */
  readonly after: string;
}

/** What {@link diff} found (see `BundleDiff` of `@kotae/knowledge`). */
export type DiffCommandResult = BundleDiff;

/**
 * `kotae diff`: reads two bundles (verifying every file) and lists the articles added, removed
 * and changed between them, with the sections that changed, via `diffBundles`.
 *
 * Throws a `PathError` when a directory is missing and the bundle errors when one is unreadable.
 *
 * @example
 * ```ts
 * const d = await diff({ before: 'site/kb', after: 'dist/kb' })
 * console.log(d.added.length, d.removed.length, d.changed.length)
 * ```
 */
export async function diff(options: DiffCommandOptions): Promise<DiffCommandResult> {
  await assertDirectory(options.before, 'bundle directory');
  await assertDirectory(options.after, 'bundle directory');
  return diffBundles(await readBundleDir(options.before), await readBundleDir(options.after));
}
