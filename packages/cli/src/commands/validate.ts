import type { ContextCoverage } from '@kotae/knowledge';
import type { ContentIssue } from '@kotae/knowledge/errors';
import { validateContent, type Progress } from '@kotae/knowledge/node';
import { formatIssue } from '@kotae/knowledge/errors';
import { day } from '../internal/args.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { EXIT_CODES } from '../internal/exit-codes.js';
import { formatJson, plural } from '../internal/format.js';
import { progressReporter } from '../internal/progress.js';

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

/** `kotae validate` on the command line: options, usage and output. */
export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'check content: frontmatter, duplicate ids, personal data, hidden text, owners, review dates, links, near-duplicates, contexts',
  positionals: [{ name: 'contentDir', description: 'directory with kotae.config.json (optional) and **/*.md articles' }],
  options: {
    strict: {
      type: 'boolean',
      description: 'warnings fail validation too (a passed reviewBy becomes an error)',
      doc: 'warnings fail validation too (hidden instructions and near-duplicates included: use it in CI), and a passed `reviewBy` is an error',
    },
    now: {
      type: 'string',
      value: '<YYYY-MM-DD>',
      description: 'the day to check review dates against (default: today, UTC)',
      doc: 'the day review dates are checked against (default: today, UTC): for reproducible runs and for "what goes stale before the release?"',
    },
    json: JSON_OPTION,
  },
  exit: { 0: 'no errors (and, with --strict, no warnings)', 3: 'errors (or warnings with --strict), or the directory is missing' },
  examples: ['kotae validate content', 'kotae validate content --strict --json', 'kotae validate content --now 2027-01-01'],
  async run(args, io) {
    const progress = progressReporter(process.stderr);
    const result = await validate({
      contentDir: args.positional('contentDir')!,
      strict: args.flag('strict'),
      now: day('validate', 'now', args.string('now')),
      onProgress: progress.onProgress,
    }).finally(progress.finish);
    io.out(args.flag('json') ? formatJson(result) : formatValidate(result));
    // Invalid content ends as a ContentError would in compile: the content family's status.
    return result.ok ? 0 : EXIT_CODES.content;
  },
});

/** The human report of `kotae validate`: one `path:line: message` per issue, then a summary line. */
export function formatValidate(result: ValidateCommandResult): string {
  const lines = result.issues.map(formatIssue);
  const coverage = result.coverage;
  if (coverage) lines.push(`contexts: ${coverage.covered} of ${coverage.total} have guidance (${coverage.file})`);
  lines.push(`${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${plural(result.articles, 'article')}`);
  return `${lines.join('\n')}\n`;
}
