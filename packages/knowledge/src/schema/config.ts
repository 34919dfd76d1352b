import { z } from 'zod';
import { PrivacyConfigSchema } from './privacy-config.js';
import { ConversationsConfigSchema } from './conversations-config.js';
import { GuidanceConfigSchema } from './guidance-config.js';
import { AnswerabilityConfigSchema } from './answerability-config.js';
import { ChecksConfigSchema } from './checks-config.js';
import { LlmsConfigSchema } from './llms-config.js';

/**
 * `kotae.config.json` at the root of a content directory. Every field is optional.
 *
 * @example
 * ```json
 * { "id": "acme-help", "defaultLocale": "ja", "version": "2026.11.1" }
 * ```
 */
export const KotaeConfigSchema = z
  .object({
    /** The bundle id. @default the content directory's name */
    id: z.string().min(1).optional(),
    /** Locale of articles without `locale` in their frontmatter. @default "en" */
    defaultLocale: z.string().min(2).optional(),
    /** The bundle version. @default a hash of the bundle's content */
    version: z.string().min(1).optional(),
    /** The PII gate: values allowed in articles, and whether personal data is an error. */
    privacy: PrivacyConfigSchema.optional(),
    /**
     * How past support conversations (`conversations/**\/*.jsonl`, `*.csv`) become precedents
     * (see `ConversationsConfigSchema`). @default every field's default
     */
    conversations: ConversationsConfigSchema.optional(),
    /**
     * The living-guidance checks of `kotae validate`: required owners, the product's context
     * list, the near-duplicate threshold (see `GuidanceConfigSchema`). @default every field's default
     */
    guidance: GuidanceConfigSchema.optional(),
    /**
     * The answer service's refusal threshold: the operating point, or how `kotae compile`
     * calibrates it from `evals/*.jsonl` (see `AnswerabilityConfigSchema`). @default calibrated
     */
    answerability: AnswerabilityConfigSchema.optional(),
    /**
     * How serious the findings of content checks are: `{ "injection": "error" }` makes signs of
     * prompt injection fail validation and compiles (see `ChecksConfigSchema`).
     * @default every check's default
     */
    checks: ChecksConfigSchema.optional(),
    /**
     * The title, summary and link base of `llms.txt`, which `kotae compile` writes for AI agents
     * (see `LlmsConfigSchema`). @default the bundle id, a generated summary, relative links
     */
    llms: LlmsConfigSchema.optional(),
  })
  .strict();

/** The content directory's configuration. */
export type KotaeConfig = z.infer<typeof KotaeConfigSchema>;
