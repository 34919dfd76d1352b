/**
 * The typed errors of `@kotae/knowledge`.
 *
 * Every error thrown by this package is a {@link KotaeError}; the subclasses carry the data a
 * caller needs to report the problem (the file, the line, the offending value) as readonly fields,
 * so a CLI or a service never has to parse a message.
 */

/**
 * The root of every error kotae throws on purpose.
 *
 * @example
 * ```ts
 * try { await compileContent('content') } catch (e) { if (e instanceof KotaeError) console.error(e.message) }
 * ```
 */
export class KotaeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

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
}

/**
 * Content that cannot be used: broken frontmatter, a missing required field, a duplicate id.
 *
 * `issues` lists every error found (not only the first), each with file and line.
 */
export class ContentError extends KotaeError {
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

/** A bundle whose manifest declares a format version this reader does not understand. */
export class BundleVersionError extends KotaeError {
  readonly found: unknown;
  readonly supported: readonly number[];
  constructor(found: unknown, supported: readonly number[]) {
    super(`unsupported bundle formatVersion ${JSON.stringify(found)} (this reader supports ${supported.join(', ')})`);
    this.found = found;
    this.supported = supported;
  }
}

/** A bundle file whose bytes do not match the SHA-256 the manifest lists, or that is missing. */
export class BundleIntegrityError extends KotaeError {
  readonly file: string;
  readonly expected: string;
  readonly actual: string | undefined;
  constructor(file: string, expected: string, actual: string | undefined) {
    super(
      actual === undefined
        ? `bundle file "${file}" is missing (manifest lists sha256 ${expected})`
        : `bundle file "${file}" has sha256 ${actual}, manifest says ${expected}`,
    );
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A bundle that is not a kotae bundle at all: unparsable manifest or shard, wrong shape. */
export class BundleFormatError extends KotaeError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

/**
 * A line of a JSONL input (eval cases, conversations) that is not valid JSON or does not match
 * its schema.
 */
export class JsonlError extends KotaeError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/** Formats an issue the way compilers do: `path:line: message`. */
export function formatIssue(issue: ContentIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;
}

/**
 * Why a model answer failed: the answer service then falls back to the extractive answer, with
 * `reason` as its `fallbackReason`.
 */
export type ModelFailure = 'timeout' | 'stall' | 'rate-limited' | 'http-error' | 'model-error' | 'network' | 'invalid-citation' | 'uncited';

/** A model answer that could not be used: the call failed, stalled, timed out, or cited wrongly. */
export class ModelError extends KotaeError {
  readonly reason: ModelFailure;
  /** The HTTP status of the model API, when it answered with an error. */
  readonly status: number | undefined;
  constructor(reason: ModelFailure, message: string, options?: { status?: number | undefined; cause?: unknown }) {
    super(`model answer failed (${reason}): ${message}`, options);
    this.reason = reason;
    this.status = options?.status;
  }
}
