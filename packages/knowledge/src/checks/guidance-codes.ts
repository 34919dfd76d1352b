/**
 * The stable codes of the living-guidance findings of `kotae validate` (the `code` of a
 * `ContentIssue`). Tools and `--json` readers may rely on them; messages may change.
 *
 * @example
 * ```ts
 * report.issues.filter((issue) => issue.code === GUIDANCE_CODES.reviewOverdue)
 * ```
 */
export const GUIDANCE_CODES = {
  /** An article has no `owner` where `guidance.requireOwner` asks for one. */
  ownerMissing: 'owner-missing',
  /** An article's `reviewBy` date has passed. */
  reviewOverdue: 'review-overdue',
  /** An article's `reviewBy` is not a date (`YYYY-MM-DD`). */
  reviewByInvalid: 'review-by-invalid',
  /** A link to another article (a relative `.md` path or `kotae:<id>`) that resolves to no article. */
  linkBroken: 'link-broken',
  /** A link to an article section (`#anchor`) that the article does not have. */
  linkAnchorMissing: 'link-anchor-missing',
  /** Two articles of the same locale that say nearly the same thing. */
  nearDuplicate: 'near-duplicate',
  /** An article `contexts` entry that matches nothing in the product's context list. */
  contextUnknown: 'context-unknown',
  /** A context in the product's context list that no article covers. */
  contextUncovered: 'context-uncovered',
} as const;

/** One of the `GUIDANCE_CODES`. */
export type GuidanceCode = (typeof GUIDANCE_CODES)[keyof typeof GUIDANCE_CODES];
