import { z } from 'zod';

/**
 * What the PII gate does with personal data it finds in articles: `error` fails `kotae validate`
 * and `kotae compile`, `warn` reports it as a warning (an error only with `--strict`), `off`
 * skips the check.
 */
export const PiiGateModeSchema = z.enum(['error', 'warn', 'off']);

/** What the PII gate does with personal data it finds. */
export type PiiGateMode = z.infer<typeof PiiGateModeSchema>;

/**
 * The `privacy` section of `kotae.config.json`.
 *
 * @example
 * ```json
 * { "privacy": { "allow": ["0120-000-000", "support@acme.co.jp"] } }
 * ```
 */
export const PrivacyConfigSchema = z
  .object({
    /**
     * Values that are not personal data and may be published: the company's own support number,
     * address and email. Compared after normalization (full width, case, spaces, hyphens, dots
     * and parentheses ignored, `+81` read as `0`), as `redact()`'s `allow` is.
     * @default []
     */
    allow: z.array(z.string().min(1)).optional(),
    /**
     * What personal data in an article does: `error` (the gate), `warn`, or `off` (for public
     * corpora published elsewhere already, such as the benchmark's data sets).
     * @default "error"
     */
    gate: PiiGateModeSchema.optional(),
  })
  .strict();

/** The `privacy` section of `kotae.config.json`. */
export type PrivacyConfig = z.infer<typeof PrivacyConfigSchema>;
