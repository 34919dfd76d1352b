import type { ContentIssue } from '../errors.js';
import { scanConversations } from './conversations/scan-conversations.js';
import { loadContent, type Progress } from './load-content.js';

/** The result of {@link validateContent}. */
export interface ValidationReport {
  /** Every problem, errors and warnings, in file order. */
  readonly issues: ContentIssue[];
  readonly errors: number;
  readonly warnings: number;
  readonly articles: number;
  /** True when there are no errors (and, with `strict`, no warnings). */
  readonly ok: boolean;
}

/** Options of {@link validateContent}. */
export interface ValidateOptions {
  /** Warnings fail validation too. @default false */
  readonly strict?: boolean | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

/**
 * Checks a content directory without building anything: frontmatter (schema, YAML syntax,
 * unknown keys), duplicate ids, empty sections, personal data outside `privacy.allow` (errors,
 * see `checkArticleText`) and hidden instructions in articles and in past conversations
 * (`conversations/**`, warnings). Every problem has a file and line.
 *
 * @example
 * ```ts
 * const report = await validateContent('content')
 * for (const issue of report.issues) console.log(formatIssue(issue))
 * ```
 */
export async function validateContent(contentDir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const content = await loadContent(contentDir, { onProgress: options.onProgress });
  const issues = [...content.issues, ...(await scanConversations(contentDir))];
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return {
    issues,
    errors,
    warnings,
    articles: content.articles.length,
    ok: errors === 0 && (!options.strict || warnings === 0),
  };
}
