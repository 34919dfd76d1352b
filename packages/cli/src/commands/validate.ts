import type { ContentIssue, ContextCoverage } from '@kotae/knowledge';
import { validateContent, type Progress } from '@kotae/knowledge/node';

/** Options of {@link validate}. */
export interface ValidateCommandOptions {
  /** The content directory to check. */
  readonly contentDir: string;
  /** Warnings make the content invalid too, and a passed `reviewBy` is an error. @default false */
  readonly strict?: boolean | undefined;
  /** Today, for review dates (`--now 2026-11-24`): makes a run reproducible. @default new Date() */
  readonly now?: Date | undefined;
  /** Called as files are read. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

/** What {@link validate} found. */
export interface ValidateCommandResult {
  /** True when there are no errors (and, with `strict`, no warnings). */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** Articles that loaded without errors. */
  readonly articles: number;
  /** Every problem, errors and warnings, in file order; paths are relative to the content directory. */
  readonly issues: ContentIssue[];
  /** How many of the product's contexts have guidance, when `guidance.contexts` names a context list. */
  readonly coverage?: ContextCoverage | undefined;
}

/**
 * `kotae validate`: checks a content directory without building anything — frontmatter (YAML
 * syntax, schema, unknown keys), duplicate ids, empty sections, personal data (the PII gate:
 * errors with masked values), hidden instructions (warnings), and the living-guidance checks
 * (owners, review dates, links and anchors, near-duplicates, contexts coverage; each issue with a
 * stable `code`) — and returns every problem with its file and line. Invalid content is a result (`ok: false`), not an error; a missing directory
 * or a broken `kotae.config.json` throws the library's `ContentError`.
 *
 * @example
 * ```ts
 * const report = await validate({ contentDir: 'content', strict: true })
 * if (!report.ok) for (const issue of report.issues) console.log(formatIssue(issue))
 * ```
 */
export async function validate(options: ValidateCommandOptions): Promise<ValidateCommandResult> {
  const report = await validateContent(options.contentDir, { strict: options.strict, now: options.now, onProgress: options.onProgress });
  return {
    ok: report.ok,
    errors: report.errors,
    warnings: report.warnings,
    articles: report.articles,
    issues: report.issues,
    ...(report.coverage === undefined ? {} : { coverage: report.coverage }),
  };
}
