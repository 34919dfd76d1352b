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

/**
 * A record the interaction store refuses: it does not match `StoreRecordSchema`. Nothing was
 * written. `issues` lists every problem as `path: message`.
 *
 * @example
 * ```ts
 * try { await store.append(record) } catch (e) { if (e instanceof StoreRecordError) console.error(e.issues) }
 * ```
 */
export class StoreRecordError extends KotaeError {
  /** Every schema problem, as `path: message` (the path is empty for the record itself). */
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`invalid store record: ${issues[0] ?? 'unknown problem'}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    this.issues = issues;
  }
}

/**
 * A line of an interaction store file that is damaged: a checksum that does not match its bytes,
 * a line that is not a store line at all, or a record this version does not understand. Opening a
 * store throws it for damage before the last complete record (damage after it is a write that
 * never finished and is cut off instead); reading throws it for damage found later.
 */
export class StoreCorruptionError extends KotaeError {
  /** The store file, as a path. */
  readonly file: string;
  /** 1-based line in that file (undefined when the line was found by offset, as a lookup by id does). */
  readonly line: number | undefined;
  /** Byte offset of the line's start in that file. */
  readonly offset: number;
  /** What is wrong with the line, e.g. `checksum mismatch`. */
  readonly reason: string;
  constructor(file: string, line: number | undefined, offset: number, reason: string, hint = '') {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason} (byte offset ${offset})${hint}`);
    this.file = file;
    this.line = line;
    this.offset = offset;
    this.reason = reason;
  }
}

/**
 * An interaction store directory that another writer holds: another process (or another open
 * store in this one). Its lock file names the owner.
 */
export class StoreLockedError extends KotaeError {
  /** The store directory. */
  readonly dir: string;
  /** The lock file inside it. */
  readonly lockFile: string;
  /** The owner's process id, when the lock file names one. */
  readonly pid: number | undefined;
  /** The owner's host name, when the lock file names one. */
  readonly host: string | undefined;
  constructor(dir: string, lockFile: string, pid: number | undefined, host: string | undefined, why: string) {
    super(`interaction store ${dir} is locked: ${why}`);
    this.dir = dir;
    this.lockFile = lockFile;
    this.pid = pid;
    this.host = host;
  }
}

/** A call on an interaction store that was closed (or is closing). */
export class StoreClosedError extends KotaeError {
  /** The store directory. */
  readonly dir: string;
  constructor(dir: string) {
    super(`interaction store ${dir} is closed`);
    this.dir = dir;
  }
}

/**
 * A write or fsync of the interaction store failed (a full disk, an I/O error). The records of
 * that write were not acknowledged, and the store accepts no more appends: after a failed fsync the
 * kernel may have dropped the data, so only reopening the store (which recovers the file) can tell
 * what is on disk. `cause` is the system error.
 */
export class StoreWriteError extends KotaeError {
  /** The store file being written. */
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(`writing interaction store file ${file} failed: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.file = file;
  }
}

/**
 * A `records()` iteration of an interaction store that a `compact` or `erase` rewrote while it
 * ran: the records it had not yet read may have moved or been removed, so it stops rather than
 * yield records that were just erased. Iterate again.
 */
export class StoreChangedError extends KotaeError {
  /** The store directory. */
  readonly dir: string;
  constructor(dir: string) {
    super(`interaction store ${dir} was compacted or erased while its records were being read; read them again`);
    this.dir = dir;
  }
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
export class ClassifierInputError extends KotaeError {}

/**
 * A saved topic classifier that cannot be read: not a kotae classifier, a field that does not
 * match the format, a format version or tokenizer version this release does not understand.
 * `source` names where it came from (a file path), when the caller said.
 */
export class ClassifierFormatError extends KotaeError {
  /** Where the model came from, such as its file. */
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.source = source;
  }
}
