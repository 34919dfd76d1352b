/**
 * `checkOwnersAndReviews`: who owns each article, and whether its review date has passed.
 */
import type { ArticleLocation } from '../content/article.js';
import type { ContentIssue } from '../errors.js';
import type { Article } from '../schema/article.js';
import type { GuidanceConfig } from '../schema/guidance-config.js';
import { GUIDANCE_CODES } from './guidance-codes.js';

/** Options of `checkOwnersAndReviews`. */
export interface OwnersAndReviewsOptions {
  /** `guidance.requireOwner` of `kotae.config.json`. @default false */
  readonly requireOwner?: GuidanceConfig['requireOwner'];
  /** Today, for review dates: a `reviewBy` before this day (UTC) has passed. */
  readonly now: Date;
  /** A passed review date is an error instead of a warning. @default false */
  readonly strict?: boolean | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/**
 * Checks the living-guidance metadata of articles: an `owner` where `requireOwner` asks for one
 * (error `owner-missing`), a `reviewBy` that is a date (error `review-by-invalid`) and not in
 * the past (`review-overdue`: a warning, an error with `strict`). A review date of today is not
 * overdue yet.
 *
 * @param locations - where each article's frontmatter keys are, by article id (for lines)
 * @example
 * ```ts
 * checkOwnersAndReviews(articles, locations, { requireOwner: true, now: new Date('2026-11-24') })
 * // [{ file: 'refunds.md', line: 2, severity: 'error', code: 'owner-missing',
 * //    message: 'article "refunds" has no owner (guidance.requireOwner in kotae.config.json asks every article for one)' }]
 * ```
 */
export function checkOwnersAndReviews(
  articles: readonly Article[],
  locations: ReadonlyMap<string, ArticleLocation>,
  options: OwnersAndReviewsOptions,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const today = options.now.toISOString().slice(0, 10);
  for (const article of articles) {
    const lines = locations.get(article.id)?.keyLines;
    if ((article.owner ?? '').trim() === '' && ownerRequired(options.requireOwner, article.audience)) {
      const who = options.requireOwner === true ? 'every article' : `${article.audience} articles`;
      issues.push({
        file: article.source,
        line: lines?.get('owner') ?? lines?.get('id') ?? 1,
        severity: 'error',
        code: GUIDANCE_CODES.ownerMissing,
        message: `article "${article.id}" has no owner (guidance.requireOwner in kotae.config.json asks ${who} for one)`,
      });
    }
    if (article.reviewBy === undefined) continue;
    const line = lines?.get('reviewBy') ?? 1;
    const date = reviewDate(article.reviewBy);
    if (date === undefined) {
      issues.push({
        file: article.source,
        line,
        severity: 'error',
        code: GUIDANCE_CODES.reviewByInvalid,
        message: `reviewBy ${JSON.stringify(article.reviewBy)} is not a date (expected YYYY-MM-DD)`,
      });
    } else if (date < today) {
      issues.push({
        file: article.source,
        line,
        severity: options.strict ? 'error' : 'warning',
        code: GUIDANCE_CODES.reviewOverdue,
        message: `reviewBy "${article.reviewBy}" has passed (today is ${today}): review article "${article.id}" and move reviewBy forward`,
      });
    }
  }
  return issues;
}

function ownerRequired(rule: GuidanceConfig['requireOwner'], audience: Article['audience']): boolean {
  if (rule === undefined || rule === false) return false;
  return rule === true || rule.includes(audience);
}

/** `YYYY-MM-DD` of a real calendar day, or undefined (`2026-02-30` is not a date). */
function reviewDate(value: string): string | undefined {
  const match = DATE.exec(value.trim());
  if (!match) return undefined;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}
