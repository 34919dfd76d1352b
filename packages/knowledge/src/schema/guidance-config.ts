import { z } from 'zod';

/** Audiences an article can have (`audience` in its frontmatter). */
const AudienceSchema = z.enum(['public', 'internal']);

/**
 * The `guidance` section of `kotae.config.json`: the "living guidance" checks `kotae validate`
 * runs on top of the schema — owners, review dates, the near-duplicate threshold and the
 * product's context list.
 *
 * @example
 * ```json
 * {
 *   "guidance": {
 *     "requireOwner": true,
 *     "contexts": "contexts.json",
 *     "nearDuplicateThreshold": 0.85
 *   }
 * }
 * ```
 */
export const GuidanceConfigSchema = z
  .object({
    /**
     * Articles that must name an `owner` in their frontmatter: `true` (every article), `false`
     * (none), or a list of audiences (`["public"]`: only articles end users see). A missing owner
     * is an error (code `owner-missing`).
     * @default false
     */
    requireOwner: z.union([z.boolean(), z.array(AudienceSchema).min(1)]).optional(),
    /**
     * Path of the product's context list (routes, feature keys, error codes; see
     * `ContextListSchema`), relative to the content directory. When set, an article `contexts`
     * entry that matches nothing in the list is reported (`context-unknown`), and so is every
     * listed context no article covers (`context-uncovered`).
     * @default no list: contexts are not checked
     */
    contexts: z.string().min(1).optional(),
    /**
     * Two articles of the same locale whose TF-IDF cosine similarity (over the search
     * tokenizer's terms) is at least this are reported as near-duplicates (`near-duplicate`).
     * `1` reports only articles with the same terms; `0` would report every pair.
     * @default 0.85
     */
    nearDuplicateThreshold: z.number().min(0).max(1).optional(),
    /**
     * Groups of article ids that are alike on purpose and are not reported as near-duplicates of
     * each other (say, one article per plan whose steps are the same). Prefer merging: each
     * group is a decision someone reviewed, so keep it short.
     * @default []
     */
    distinct: z.array(z.array(z.string().min(1)).min(2)).optional(),
  })
  .strict();

/** The `guidance` section of `kotae.config.json`. */
export type GuidanceConfig = z.infer<typeof GuidanceConfigSchema>;
