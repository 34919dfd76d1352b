/**
 * The `content` family: guidance and input data that cannot be used.
 */

import { KotaeContentError } from './kotae-error.js';

/** One problem found in a content file: where it is and what is wrong. */
export interface ContentIssue {
  /** Path of the file, as given to the loader (relative to the content directory when compiling). */
  readonly file: string;
  /** 1-based line of the problem, when known. */
  readonly line?: number | undefined;
  /** `error` stops a compile; `warning` does not unless strict. */
  readonly severity: 'error' | 'warning';
  /** What is wrong, quoting the offending value. */
  readonly message: string;
  /**
   * A stable machine-readable name of the kind of problem, for tools and `--json` readers
   * (`owner-missing`, `review-overdue`, `link-broken`, `near-duplicate`…); see `docs/cli.md`.
   * Only some checks set one yet.
   */
  readonly code?: string | undefined;
}

/**
 * Content that cannot be used: broken frontmatter, a missing required field, a duplicate id.
 *
 * `issues` lists every error found (not only the first), each with file and line.
 */
export class ContentError extends KotaeContentError {
  /** Always `content-invalid`. */
  override readonly code = 'content-invalid';
  readonly file: string;
  readonly line: number | undefined;
  readonly issues: readonly ContentIssue[];
  constructor(issues: readonly ContentIssue[]) {
    const first = issues[0];
    const where = first ? formatIssue(first) : 'content';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`${where}${more}`);
    this.file = first?.file ?? '';
    this.line = first?.line;
    this.issues = issues;
  }
}

/**
 * A line of a JSONL input (eval cases, conversations) that is not valid JSON or does not match
 * its schema.
 */
export class JsonlError extends KotaeContentError {
  /** Always `jsonl-invalid`. */
  override readonly code = 'jsonl-invalid';
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/**
 * Formats an issue the way compilers do: `path:line: message`, with the issue's code in
 * brackets at the end when it has one (`… [review-overdue]`), as linters name their rules.
 */
export function formatIssue(issue: ContentIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const code = issue.code === undefined ? '' : ` [${issue.code}]`;
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}${code}`;
}

/**
 * Examples a topic classifier cannot be trained on: none at all, or fewer than two distinct
 * labels (there is nothing to tell apart).
 *
 * @example
 * ```ts
 * try { trainClassifier([]) } catch (e) { if (e instanceof ClassifierInputError) console.error(e.message) }
 * ```
 */
export class ClassifierInputError extends KotaeContentError {
  /** Always `classifier-input-invalid`. */
  override readonly code = 'classifier-input-invalid';
}
