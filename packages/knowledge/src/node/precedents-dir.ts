import { PrecedentIndex } from '../conversations/precedent-index.js';
import { isPrecedent } from '../conversations/precedent.js';
import { BundleFormatError } from '../errors.js';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredSection } from '../search/search-types.js';
import { MANIFEST_FILE, readBundleDir } from './bundle-dir.js';
import { GUIDANCE_DIR } from './compile.js';

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

/**
 * Reads the internal guidance bundle (`audience: internal` articles) that `compileContent` wrote
 * to `<internalOut>/guidance` (`kotae compile --internal-out`), verified like any bundle, and
 * returns its sections, for the answer service's agent-assist requests (`internalGuidance`).
 * Returns an empty list when `internalDir` has no `guidance/` (the content had no internal
 * article). Throws a `BundleFormatError` when the bundle holds anything but internal articles,
 * and the bundle errors of `readBundleDir`.
 *
 * @example
 * ```ts
 * const guidance = await readGuidanceDir('.kotae/internal')
 * createAnswerHandler({ bundle, internalGuidance: guidance, authorizeAgent })
 * ```
 */
export async function readGuidanceDir(internalDir: string): Promise<StoredSection[]> {
  const dir = join(internalDir, GUIDANCE_DIR);
  if (!(await exists(join(dir, MANIFEST_FILE)))) return [];
  const sections = (await readBundleDir(dir)).index.sections();
  const other = sections.find((s) => isPrecedent(s) || s.audience !== 'internal');
  if (other) throw new BundleFormatError(dir, `not an internal guidance bundle (it holds "${other.id}")`);
  return sections;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
