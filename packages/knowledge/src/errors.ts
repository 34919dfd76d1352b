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
 * An answer service that could not be used: nothing listens at the URL, or what answers is not a
 * kotae answer service (no `GET /v1/health` with `status: "ok"`).
 *
 * @example
 * ```ts
 * try { await checkAnswerService('http://127.0.0.1:8787/api/kotae') } catch (e) { if (e instanceof AnswerServiceError) console.error(e.url) }
 * ```
 */
export class AnswerServiceError extends KotaeError {
  /** The URL that failed. */
  readonly url: string;
  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super(`${url}: ${problem}`, options);
    this.url = url;
  }
}

/**
 * A PostgreSQL interaction store whose schema this version of kotae cannot use: the database was
 * migrated by a newer kotae (`found` is above `supported`), or a read-only open found a schema
 * older than this version needs (open it once for writing, which migrates it). Nothing was changed.
 *
 * @example
 * ```ts
 * try { await openInteractionStore(url) } catch (e) { if (e instanceof StoreSchemaVersionError) console.error(e.found, e.supported) }
 * ```
 */
export class StoreSchemaVersionError extends KotaeError {
  /** The store, with any password masked. */
  readonly location: string;
  /** The newest migration applied to the database (0 when none is). */
  readonly found: number;
  /** The newest migration this version of kotae knows. */
  readonly supported: number;
  constructor(location: string, found: number, supported: number) {
    super(
      found > supported
        ? `interaction store ${location} has schema version ${found}, newer than the ${supported} this version of kotae knows: upgrade kotae`
        : `interaction store ${location} has schema version ${found}, older than the ${supported} this version of kotae needs: open it once for writing (kotae serve) to migrate it`,
    );
    this.location = location;
    this.found = found;
    this.supported = supported;
  }
}

/**
 * A PostgreSQL interaction store that could not be reached or logged into (refused, timed out,
 * wrong password, missing database). `location` has its password masked; `cause` is the driver's
 * error.
 *
 * @example
 * ```ts
 * try { await openInteractionStore(url) } catch (e) { if (e instanceof StoreConnectionError) console.error(e.message) }
 * ```
 */
export class StoreConnectionError extends KotaeError {
  /** The store, with any password masked. */
  readonly location: string;
  constructor(location: string, cause: unknown) {
    super(`cannot connect to interaction store ${location}: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.location = location;
  }
}

/**
 * A write (append, compact, erase) on an interaction store opened read-only.
 *
 * @example
 * ```ts
 * const store = await openInteractionStore('var/interactions', { readOnly: true })
 * await store.append(record) // rejects with StoreReadOnlyError
 * ```
 */
export class StoreReadOnlyError extends KotaeError {
  /** The store (a directory, or a URL with its password masked). */
  readonly location: string;
  /** What was attempted: `append`, `compact` or `erase`. */
  readonly operation: string;
  constructor(location: string, operation: string) {
    super(`interaction store ${location} is open read-only: ${operation} is not allowed`);
    this.location = location;
    this.operation = operation;
  }
}

/** A published version of a channel: what {@link PublishDowngradeError} quotes. */
export interface PublishedVersion {
  /** The manifest's `version`. */
  readonly version: string;
  /** The manifest's `builtAt` (ISO 8601). */
  readonly builtAt: string;
}

/**
 * A publish that would replace a channel's bundle with an older one (by `builtAt`). Nothing was
 * changed. Pass `allowDowngrade` (`kotae publish --allow-downgrade`) to publish it anyway, or use
 * a rollback.
 *
 * @example
 * ```ts
 * try { await publishBundle('dist/kb', { to: 'site/kb' }) } catch (e) { if (e instanceof PublishDowngradeError) console.error(e.current, e.next) }
 * ```
 */
export class PublishDowngradeError extends KotaeError {
  /** The publish target directory. */
  readonly dir: string;
  /** The channel. */
  readonly channel: string;
  /** What the channel serves now. */
  readonly current: PublishedVersion;
  /** What was to be published. */
  readonly next: PublishedVersion;
  constructor(dir: string, channel: string, current: PublishedVersion, next: PublishedVersion) {
    super(
      `${dir}: channel "${channel}" serves version ${JSON.stringify(current.version)} built ${current.builtAt}; ` +
        `refusing to replace it with the older version ${JSON.stringify(next.version)} built ${next.builtAt} (pass --allow-downgrade to publish it anyway, or use kotae rollback)`,
    );
    this.dir = dir;
    this.channel = channel;
    this.current = current;
    this.next = next;
  }
}

/**
 * A publish target that another publisher (or rollback) holds: its lock file names the owner.
 * Nothing was changed; run again when the other one is done.
 *
 * @example
 * ```ts
 * try { await publishBundle('dist/kb', { to: 'site/kb' }) } catch (e) { if (e instanceof PublishLockedError) console.error(`held by pid ${e.pid}`) }
 * ```
 */
export class PublishLockedError extends KotaeError {
  /** The publish target directory. */
  readonly dir: string;
  /** The lock file inside it. */
  readonly lockFile: string;
  /** The owner's process id, when the lock file names one. */
  readonly pid: number | undefined;
  constructor(dir: string, lockFile: string, pid: number | undefined, why: string) {
    super(`publish target ${dir} is locked: ${why}`);
    this.dir = dir;
    this.lockFile = lockFile;
    this.pid = pid;
  }
}

/**
 * A publish target or channel that cannot be used as asked: a bad channel name, or a rollback with
 * no earlier version kept in the channel's history.
 *
 * @example
 * ```ts
 * try { await rollbackBundle({ to: 'site/kb' }) } catch (e) { if (e instanceof PublishError) console.error(e.channel, e.message) }
 * ```
 */
export class PublishError extends KotaeError {
  /** The publish target directory. */
  readonly dir: string;
  /** The channel. */
  readonly channel: string;
  constructor(dir: string, channel: string, message: string) {
    super(`${dir}: channel ${JSON.stringify(channel)}: ${message}`);
    this.dir = dir;
    this.channel = channel;
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
