import { checkArticleLinks } from '../checks/article-links.js';
import { checkContextCoverage, type ContextCoverage } from '../checks/context-coverage.js';
import { checkNearDuplicates } from '../checks/near-duplicates.js';
import { checkOwnersAndReviews } from '../checks/owners-and-reviews.js';
import type { ContentIssue } from '../errors.js';
import { scanConversations } from './conversations/scan-conversations.js';
import { loadContent, type ContentCache, type LoadedContent, type Progress } from './load-content.js';
import { loadContextList } from './load-context-list.js';

/** The result of {@link validateContent}. */
export interface ValidationReport {
  /** Every problem, errors and warnings, in file order. */
  readonly issues: ContentIssue[];
  readonly errors: number;
  readonly warnings: number;
  readonly articles: number;
  /** True when there are no errors (and, with `strict`, no warnings). */
  readonly ok: boolean;
  /**
   * How many of the product's contexts have guidance, when `guidance.contexts` in
   * `kotae.config.json` names a context list; absent otherwise.
   */
  readonly coverage?: ContextCoverage | undefined;
}

/** Options of {@link validateContent}. */
export interface ValidateOptions {
  /** Warnings fail validation too, and a passed `reviewBy` is an error. @default false */
  readonly strict?: boolean | undefined;
  /**
   * Today, for review dates (`reviewBy` before this day, in UTC, has passed). Inject it to make
   * a check reproducible. @default new Date()
   */
  readonly now?: Date | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Reuse the parse of unchanged files from an earlier load (see `ContentCache`). @default none */
  readonly cache?: ContentCache | undefined;
  /** The directory's content, already loaded with `loadContent`: not read again. @default read */
  readonly content?: LoadedContent | undefined;
  /**
   * Scan past conversations (`conversations/**`) for hidden instructions too. A watcher that
   * scanned them once can leave them out while only articles change. @default true
   */
  readonly conversations?: boolean | undefined;
}

/**
 * Checks a content directory without building anything: frontmatter (schema, YAML syntax,
 * unknown keys), duplicate ids, empty sections, personal data outside `privacy.allow` (errors,
 * see `checkArticleText`) and hidden instructions in articles and in past conversations
 * (`conversations/**`, warnings). Then the living-guidance checks, each issue with a stable
 * `code` (see `GUIDANCE_CODES`): owners (`guidance.requireOwner`), review dates, links between
 * articles and to their sections, near-duplicate articles, and article contexts against the
 * product's context list (`guidance.contexts`, with coverage). Every problem has a file and,
 * where there is one, a line.
 *
 * @example
 * ```ts
 * const report = await validateContent('content', { now: new Date('2026-11-24') })
 * for (const issue of report.issues) console.log(formatIssue(issue))
 * ```
 */
export async function validateContent(contentDir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const content = options.content ?? (await loadContent(contentDir, { onProgress: options.onProgress, cache: options.cache }));
  const guidance = content.config.file?.guidance ?? {};
  const { articles, locations } = content;
  const idLines = new Map([...locations].map(([id, location]) => [id, location.keyLines.get('id') ?? 1]));
  const found: ContentIssue[] = [
    ...content.issues,
    ...checkOwnersAndReviews(articles, locations, {
      requireOwner: guidance.requireOwner,
      now: options.now ?? new Date(),
      strict: options.strict,
    }),
    ...checkArticleLinks(articles, content.sections, locations),
    ...checkNearDuplicates(articles, { threshold: guidance.nearDuplicateThreshold, distinct: guidance.distinct, idLines }),
  ];
  let coverage: ContextCoverage | undefined;
  if (guidance.contexts !== undefined) {
    const list = await loadContextList(contentDir, guidance.contexts);
    const checked = checkContextCoverage(articles, locations, list, guidance.contexts.split('\\').join('/'));
    found.push(...checked.issues);
    coverage = checked.coverage;
  }
  const rank = new Map<string, number>();
  for (const file of [...content.issues.map((i) => i.file), ...articles.map((a) => a.source)])
    if (!rank.has(file)) rank.set(file, rank.size);
  const issues = [...inFileOrder(found, rank), ...(options.conversations === false ? [] : await scanConversations(contentDir))];
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return {
    issues,
    errors,
    warnings,
    articles: content.articles.length,
    ok: errors === 0 && (!options.strict || warnings === 0),
    ...(coverage === undefined ? {} : { coverage }),
  };
}

/**
 * Issues sorted by file (in the order the files were read; other files, such as the context
 * list, after them), then line. Stable: checks on the same line keep their order.
 */
function inFileOrder(issues: readonly ContentIssue[], rank: ReadonlyMap<string, number>): ContentIssue[] {
  const order = (file: string) => rank.get(file) ?? Number.MAX_SAFE_INTEGER;
  return [...issues].sort(
    (a, b) => order(a.file) - order(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0),
  );
}
