import { z } from 'zod';
import { BUNDLE_FORMAT_VERSION } from './bundle-format.js';
import { BundleAnswerabilitySchema } from './answerability.js';

export { BUNDLE_FORMAT_VERSION, BundleFileRole } from './bundle-format.js';

/** One immutable, content-addressed bundle file. */
export const BundleFileSchema = z.object({
  /** File name relative to the manifest, containing the content hash. */
  path: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a plain file name'),
  role: z.enum(['index', 'sections', 'html']),
  locale: z.string(),
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

/** A file entry of the manifest. */
export type BundleFile = z.infer<typeof BundleFileSchema>;

/** One signature of a manifest (see `signManifest`). */
export const ManifestSignatureSchema = z.object({
  /** Always `Ed25519`. */
  alg: z.string(),
  /** The id of the public key that verifies it (see `publicKeyId`). */
  keyId: z.string(),
  /** The signature, base64url (64 bytes). */
  sig: z.string(),
});

/** A signature of a manifest. */
export type ManifestSignature = z.infer<typeof ManifestSignatureSchema>;

/**
 * `manifest.json`, the only mutable file of a bundle. It lists every other file with its SHA-256;
 * readers reject unknown `formatVersion`s and files whose hash does not match.
 */
export const ManifestSchema = z.object({
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  id: z.string().min(1),
  version: z.string().min(1),
  builtAt: z.string(),
  defaultLocale: z.string(),
  locales: z.array(z.string()),
  tokenizer: z.object({ name: z.string(), version: z.number().int() }),
  files: z.array(BundleFileSchema),
  stats: z.object({
    articles: z.number().int().nonnegative(),
    sections: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
  /**
   * The refusal thresholds calibrated at compile time, by language (see `calibrateAnswerability`).
   * Optional: bundles built before it use the default threshold.
   */
  answerability: BundleAnswerabilitySchema.optional(),
  /**
   * A whole number that only goes up from one published version to the next (signing sets it,
   * by default to the build time in milliseconds): verifiers that remember the highest they saw
   * reject an older signed manifest served again. Optional: unsigned bundles need none.
   */
  sequence: z.number().int().nonnegative().optional(),
  /**
   * Ed25519 signatures over the rest of the manifest in canonical JSON (see `signManifest`):
   * readers configured with public keys verify one before trusting any hash. Optional: absent
   * in unsigned bundles.
   */
  signatures: z.array(ManifestSignatureSchema).min(1).optional(),
});

/** A bundle manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;
