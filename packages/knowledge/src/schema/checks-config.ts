import { z } from 'zod';

/**
 * What a content check does with what it finds: `error` fails `kotae validate` and `kotae
 * compile`, `warning` reports it (an error only with `--strict`), `off` skips the check. `warn`
 * is accepted for `warning`, as in `privacy.gate`.
 */
export const CheckSeveritySchema = z.enum(['error', 'warning', 'warn', 'off']);

/** What a content check does with what it finds. */
export type CheckSeverity = z.infer<typeof CheckSeveritySchema>;

/**
 * The `checks` section of `kotae.config.json`: how serious the findings of content checks are.
 *
 * @example
 * ```json
 * { "checks": { "injection": "error" } }
 * ```
 */
export const ChecksConfigSchema = z
  .object({
    /**
     * Signs of prompt injection in articles (see `findInjections`): instructions aimed at a model
     * in plain sight or in alt text, titles, collapsed blocks and comments; text hidden by CSS or
     * HTML attributes; bidirectional controls; zero-width characters; look-alike letters from
     * other scripts. Whatever this says, `kotae compile` removes the invisible parts from the
     * text a model reads.
     * @default "warning"
     */
    injection: CheckSeveritySchema.optional(),
  })
  .strict();

/** The `checks` section of `kotae.config.json`. */
export type ChecksConfig = z.infer<typeof ChecksConfigSchema>;
