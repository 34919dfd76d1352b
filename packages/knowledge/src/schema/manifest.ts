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
});

/** A bundle manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;
