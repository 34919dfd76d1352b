/**
 * The typed errors of `@kotae/cli`.
 *
 * `UsageError` is in `@kotae/knowledge`'s `usage` family (the command line itself is wrong: exit
 * status 2); `PathError` and `InitConflictError` are in the `content` family (the files it names
 * are missing, of the wrong kind, or would be overwritten: exit status 3). Each has a stable `code`.
 */

import { KotaeContentError, KotaeUsageError } from '@kotae/knowledge';

/**
 * The command line itself is wrong: an unknown command or option, a missing argument, an option
 * value that is not a number. The `kotae` binary prints the message and the command's usage and
 * exits with status 2.
 *
 * @example
 * ```ts
 * throw new UsageError('invalid --limit "ten" (expected a positive integer)', 'search')
 * ```
 */
export class UsageError extends KotaeUsageError {
  /** Always `usage`. */
  override readonly code = 'usage';
  /** The command whose usage to show, or undefined for the top-level usage. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/**
 * A path given on the command line is missing or is the wrong kind of entry. The message starts
 * with the path, the way compilers report files: `kb: bundle directory not found`.
 *
 * @example
 * ```ts
 * throw new PathError('evals/cases.jsonl', 'cases file not found')
 * ```
 */
export class PathError extends KotaeContentError {
  /** Always `path-invalid`. */
  override readonly code = 'path-invalid';
  /** The path as the user gave it. */
  readonly path: string;
  /** What is wrong with it, e.g. `bundle directory not found`, `exists and is not a directory`. */
  readonly problem: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
    this.problem = problem;
  }
}

/**
 * `kotae init` found files of its scaffold already in the target directory. Nothing was
 * written: `existing` lists every file that is in the way, so one run tells the user all of them.
 *
 * @example
 * ```ts
 * try { await init({ dir: 'help' }) } catch (e) { if (e instanceof InitConflictError) console.error(e.existing) }
 * ```
 */
export class InitConflictError extends KotaeContentError {
  /** Always `init-conflict`. */
  override readonly code = 'init-conflict';
  /** The target directory, as given. */
  readonly dir: string;
  /** Paths (relative to `dir`, `/`-separated) that already exist, in the scaffold's order. */
  readonly existing: readonly string[];
  constructor(dir: string, existing: readonly string[]) {
    const files = existing.length === 1 ? '1 file' : `${existing.length} files`;
    super(
      `${dir}: ${files} of the new content repository already exist, so nothing was written:\n` +
        existing.map((file) => `  ${file}\n`).join('') +
        'Move them away, or run kotae init in an empty directory.',
    );
    this.dir = dir;
    this.existing = existing;
  }
}
