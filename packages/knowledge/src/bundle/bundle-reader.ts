import { BundleFormatError, BundleIntegrityError, BundleRollbackError, BundleVersionError, KotaeError } from '../errors.js';
import { sha256Hex } from '../internal/sha256.js';
import { BUNDLE_FORMAT_VERSION } from '../schema/bundle-format.js';
import type { BundleFile, Manifest } from '../schema/manifest.js';
import { manifestProblem } from './check-manifest.js';
import { SearchIndex, type SerializedLocaleIndex } from '../search/search-index.js';
import type { SerializedSection } from '../search/search-types.js';
import { sectionProblem } from './check-section.js';
import { TOKENIZER } from '../search/tokenizer.js';
import { verifyManifestSignature } from './manifest-signature.js';

/** Loads one bundle file's bytes by its path relative to the manifest. */
export type BundleFileLoader = (path: string) => Promise<Uint8Array>;

/** A verified, searchable bundle. */
export interface LoadedBundle {
  readonly manifest: Manifest;
  readonly index: SearchIndex;
  /** The id of the public key whose signature was verified; `undefined` when none was configured. */
  readonly signedBy?: string | undefined;
}

/**
 * What a reader trusts: the public keys a manifest must be signed by, and the lowest `sequence`
 * it accepts (rollback protection). Without keys, signatures are not checked (a signed bundle
 * loads as an unsigned one).
 */
export interface ManifestTrust {
  /**
   * Ed25519 public keys (base64url of 32 bytes, as `kotae keys new` prints), any of which may
   * have signed the manifest; several during a key rotation. When set and not empty, an unsigned
   * manifest, one signed by another key, or one changed after signing is rejected
   * (`BundleSignatureError`) before any hash in it is trusted.
   * @default none: signatures are not checked
   */
  readonly publicKeys?: readonly string[] | undefined;
  /**
   * Reject a manifest whose `sequence` is lower (or missing) with `BundleRollbackError`: pass the
   * highest sequence already seen for this bundle, so an older signed manifest served again is
   * refused. @default no minimum
   */
  readonly minSequence?: number | undefined;
}

/** Options of {@link readBundle}. */
export interface ReadBundleOptions extends ManifestTrust {
  /** Load only these locales' shards. @default every locale in the manifest */
  readonly locales?: readonly string[] | undefined;
}

/** A manifest checked by {@link verifyManifest}. */
export interface VerifiedManifest {
  readonly manifest: Manifest;
  /** The id of the key whose signature holds; `undefined` when no key was configured. */
  readonly signedBy: string | undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and checks a manifest: its `formatVersion` must be one this reader supports
 * ({@link BundleVersionError} otherwise), its shape must match `ManifestSchema` (checked by `manifestProblem`) and its
 * tokenizer must be this package's (`BundleFormatError` otherwise).
 */
export function parseManifest(bytes: Uint8Array | string, file = 'manifest.json'): Manifest {
  return checkManifest(decodeManifest(bytes, file), file);
}

/**
 * Parses a manifest and checks it against what the reader trusts: with `publicKeys`, its
 * signature is verified first, on the parsed value and before its shape, its hashes or anything
 * else in it is used (`BundleSignatureError`); then it is checked as {@link parseManifest} does;
 * then its `sequence` against `minSequence` (`BundleRollbackError`).
 *
 * @example
 * ```ts
 * const { manifest, signedBy } = await verifyManifest(bytes, { publicKeys: [key], minSequence: lastSeen })
 * ```
 */
export async function verifyManifest(
  bytes: Uint8Array | string,
  trust: ManifestTrust = {},
  file = 'manifest.json',
): Promise<VerifiedManifest> {
  const value = decodeManifest(bytes, file);
  const found = value.formatVersion;
  if (found !== BUNDLE_FORMAT_VERSION) throw new BundleVersionError(found, [BUNDLE_FORMAT_VERSION]);
  const signedBy = trust.publicKeys?.length ? await verifyManifestSignature(value, trust.publicKeys, file) : undefined;
  const manifest = checkManifest(value, file);
  if (trust.minSequence !== undefined && (manifest.sequence === undefined || manifest.sequence < trust.minSequence)) {
    throw new BundleRollbackError(file, manifest.id, manifest.sequence, trust.minSequence);
  }
  return { manifest, signedBy };
}

function decodeManifest(bytes: Uint8Array | string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
  } catch (e) {
    throw new BundleFormatError(file, `not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleFormatError(file, 'a manifest must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function checkManifest(value: Record<string, unknown>, file: string): Manifest {
  const found = (value as { formatVersion?: unknown }).formatVersion;
  if (found !== BUNDLE_FORMAT_VERSION) throw new BundleVersionError(found, [BUNDLE_FORMAT_VERSION]);
  const problem = manifestProblem(value);
  if (problem !== undefined) throw new BundleFormatError(file, problem);
  const manifest = value as Manifest;
  const { tokenizer } = manifest;
  if (tokenizer.name !== TOKENIZER.name || tokenizer.version !== TOKENIZER.version) {
    throw new BundleFormatError(
      file,
      `index was built by tokenizer ${tokenizer.name} v${tokenizer.version}; this reader has ${TOKENIZER.name} v${TOKENIZER.version} (recompile the bundle)`,
    );
  }
  return manifest;
}

/**
 * Loads one file the manifest lists, checks its SHA-256 and parses its JSON. `readBundle` uses it
 * for the index and sections shards; the `html` shards are read with it when an article is shown.
 * Throws {@link BundleIntegrityError} (missing file or hash mismatch) or `BundleFormatError`.
 *
 * @example
 * ```ts
 * const html = manifest.files.find((f) => f.role === 'html' && f.locale === 'ja')!
 * const byId = (await readBundleFile(html, load)) as Record<string, string>
 * ```
 */
export async function readBundleFile(file: BundleFile, load: BundleFileLoader): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await load(file.path);
  } catch (e) {
    if (e instanceof KotaeError) throw e;
    throw new BundleIntegrityError(file.path, file.sha256, undefined);
  }
  const actual = await sha256Hex(bytes);
  if (actual !== file.sha256) throw new BundleIntegrityError(file.path, file.sha256, actual);
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (e) {
    throw new BundleFormatError(file.path, `not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Reads a bundle through a file loader (fetch in the browser, the file system in Node): checks the
 * manifest (and, with `publicKeys`, its signature and sequence first: see {@link verifyManifest}), loads the index and sections shards it lists (the `html` shards are left for
 * {@link readBundleFile}), verifies each file's SHA-256 and restores the search index.
 * Throws {@link BundleVersionError}, {@link BundleIntegrityError}, `BundleFormatError`,
 * `BundleSignatureError` or `BundleRollbackError`; never returns a partly verified bundle.
 *
 * @example
 * ```ts
 * const bundle = await readBundle(manifestBytes, async (p) => new Uint8Array(await (await fetch(new URL(p, base))).arrayBuffer()))
 * bundle.index.search('reset password')
 * ```
 */
export async function readBundle(
  manifestBytes: Uint8Array | string,
  load: BundleFileLoader,
  options: ReadBundleOptions = {},
): Promise<LoadedBundle> {
  const { manifest, signedBy } = await verifyManifest(manifestBytes, options);
  const wanted = options.locales ? new Set(options.locales) : undefined;
  const byLocale = new Map<string, { index?: unknown; sections?: unknown; html?: unknown }>();
  await Promise.all(
    manifest.files
      .filter((f) => (!wanted || wanted.has(f.locale)) && f.role !== 'html')
      .map(async (file) => {
        const value = await readBundleFile(file, load);
        const entry = byLocale.get(file.locale) ?? {};
        entry[file.role] = value;
        byLocale.set(file.locale, entry);
      }),
  );
  const shards: SerializedLocaleIndex[] = [];
  for (const [locale, entry] of byLocale) {
    if (entry.index === undefined || entry.sections === undefined) {
      throw new BundleFormatError('manifest.json', `locale "${locale}" needs one index and one sections file`);
    }
    // The bytes are verified against the manifest, so the shape check only guards against a
    // bundle from another tool: checking the first section keeps large bundles fast to load.
    const sections = entry.sections;
    const why = Array.isArray(sections) ? (sections.length > 0 ? sectionProblem(sections[0]) : undefined) : 'not an array';
    if (why !== undefined) throw new BundleFormatError(`sections.${locale}`, `unexpected shape: ${why}`);
    // The index shard's shape is checked by SearchIndex.fromSerialized.
    shards.push({ locale, index: entry.index as SerializedLocaleIndex['index'], sections: sections as SerializedSection[] });
  }
  let index: SearchIndex;
  try {
    index = SearchIndex.fromSerialized(shards);
  } catch (e) {
    if (e instanceof BundleFormatError) throw e;
    throw new BundleFormatError('index', `cannot load the search index (${(e as Error).message})`, { cause: e });
  }
  return { manifest, index, signedBy };
}
