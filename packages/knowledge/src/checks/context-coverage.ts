/**
 * `checkContextCoverage`: article `contexts` against the product's context list, both ways.
 */
import type { ArticleLocation } from '../content/article.js';
import type { ContentIssue } from '../errors.js';
import type { Article } from '../schema/article.js';
import { contextMatches } from '../search/context-match.js';
import { GUIDANCE_CODES } from './guidance-codes.js';

/** One context of the product's context list, with the line it is on in the list's file. */
export interface ListedContext {
  /** The route, route pattern, feature key or error code. */
  readonly key: string;
  /** 1-based line in the list's file, when known. */
  readonly line?: number | undefined;
}

/** How many of the product's contexts have guidance. */
export interface ContextCoverage {
  /** The list's file, relative to the content directory. */
  readonly file: string;
  /** Contexts in the list. */
  readonly total: number;
  /** Contexts at least one article covers. */
  readonly covered: number;
  /** The contexts no article covers, in list order. */
  readonly uncovered: string[];
}

/** What `checkContextCoverage` found. */
export interface ContextCoverageResult {
  readonly issues: ContentIssue[];
  readonly coverage: ContextCoverage;
}

/**
 * Checks article `contexts` against the product's context list (`guidance.contexts`): an
 * article entry that matches no listed context is a warning on the article (`context-unknown`,
 * usually a typo or a removed route), and a listed context that no article covers is a warning
 * on the list (`context-uncovered`: a place in the product without guidance). Matching is the
 * search's (`contextMatches`): case-insensitive, and route patterns match either way
 * (`/orders/:id` in an article covers `/orders/:id` and `/orders/42` in the list).
 *
 * @param list - the listed contexts, with their lines in `listFile`
 * @param listFile - the list's path, relative to the content directory, for issues
 * @example
 * ```ts
 * const { coverage } = checkContextCoverage(articles, locations, [{ key: '/settings/security', line: 3 }], 'contexts.json')
 * console.log(`${coverage.covered} of ${coverage.total} contexts have guidance`)
 * ```
 */
export function checkContextCoverage(
  articles: readonly Article[],
  locations: ReadonlyMap<string, ArticleLocation>,
  list: readonly ListedContext[],
  listFile: string,
): ContextCoverageResult {
  const issues: ContentIssue[] = [];
  const covered = new Set<number>();
  for (const article of articles) {
    for (const context of article.contexts) {
      let known = false;
      list.forEach((listed, i) => {
        if (matchesEitherWay(context, listed.key)) {
          known = true;
          covered.add(i);
        }
      });
      if (!known) {
        issues.push({
          file: article.source,
          line: locations.get(article.id)?.keyLines.get('contexts') ?? 1,
          severity: 'warning',
          code: GUIDANCE_CODES.contextUnknown,
          message: `context ${JSON.stringify(context)} of article "${article.id}" is not in the product's context list (${listFile})`,
        });
      }
    }
  }
  const uncovered: string[] = [];
  list.forEach((listed, i) => {
    if (covered.has(i)) return;
    uncovered.push(listed.key);
    issues.push({
      file: listFile,
      line: listed.line,
      severity: 'warning',
      code: GUIDANCE_CODES.contextUncovered,
      message: `context ${JSON.stringify(listed.key)} has no guidance (no article lists it in contexts)`,
    });
  });
  return { issues, coverage: { file: listFile, total: list.length, covered: covered.size, uncovered } };
}

function matchesEitherWay(a: string, b: string): boolean {
  return contextMatches(a, b) || contextMatches(b, a);
}
