import { PrecedentIndex } from '../conversations/precedent-index.js';
import { isPrecedent } from '../conversations/precedent.js';
import { BundleFormatError } from '../errors.js';
import { readBundleDir } from './bundle-dir.js';

/**
 * Reads the internal bundle of precedents that `compileContent` wrote to `internalOut` (`kotae
 * compile --internal-out`), verified like any bundle (every file's SHA-256), as a
 * {@link PrecedentIndex}. Throws a `BundleFormatError` when the directory has no manifest
 * or holds anything but precedents (a public bundle given by mistake), and the bundle errors of
 * `readBundleDir`.
 *
 * @example
 * ```ts
 * const precedents = await readPrecedentsDir('.kotae/precedents')
 * precedents.search('charged twice', { locale: 'en', limit: 2 })
 * ```
 */
export async function readPrecedentsDir(dir: string): Promise<PrecedentIndex> {
  const bundle = await readBundleDir(dir);
  const other = bundle.index.sections().find((s) => !isPrecedent(s) || s.audience !== 'internal');
  if (other) throw new BundleFormatError(dir, `not an internal bundle of precedents (it holds "${other.id}")`);
  return PrecedentIndex.fromBundle(bundle);
}
