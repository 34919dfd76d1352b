import { z } from 'zod';

/**
 * The `llms` section of `kotae.config.json`: how `llms.txt` (the index AI agents read, see
 * llmstxt.org) introduces the help center, and where its links point.
 *
 * @example
 * ```json
 * { "llms": { "title": "Acme Help", "summary": "How to use Acme: accounts, billing, projects.", "baseUrl": "https://help.acme.example/kb/" } }
 * ```
 */
export const LlmsConfigSchema = z
  .object({
    /** The title (`# …`). @default the bundle id */
    title: z.string().trim().min(1).optional(),
    /** The one-paragraph summary (`> …`). @default "The help articles of <title>: <n> articles in <locales>." */
    summary: z.string().trim().min(1).optional(),
    /**
     * The URL the bundle directory is served at, so the links are absolute. @default links
     * relative to `llms.txt` (`articles/en/reset-password.md`)
     */
    baseUrl: z.url().optional(),
  })
  .strict();

/** The `llms` section of `kotae.config.json`. */
export type LlmsConfig = z.infer<typeof LlmsConfigSchema>;
