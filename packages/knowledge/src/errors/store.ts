/**
 * The `store` family: the interaction store refused a call or failed.
 */

import { KotaeStoreError } from './kotae-error.js';

/**
 * A record the interaction store refuses: it does not match `StoreRecordSchema`. Nothing was
 * written. `issues` lists every problem as `path: message`.
 *
 * @example
 * ```ts
 * try { await store.append(record) } catch (e) { if (e instanceof StoreRecordError) console.error(e.issues) }
 * ```
 */
export class StoreRecordError extends KotaeStoreError {
  /** Always `store-record-invalid`. */
  override readonly code = 'store-record-invalid';
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
export class StoreCorruptionError extends KotaeStoreError {
  /** Always `store-corrupt`. */
  override readonly code = 'store-corrupt';
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
export class StoreLockedError extends KotaeStoreError {
  /** Always `store-locked`. */
  override readonly code = 'store-locked';
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
export class StoreClosedError extends KotaeStoreError {
  /** Always `store-closed`. */
  override readonly code = 'store-closed';
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
export class StoreWriteError extends KotaeStoreError {
  /** Always `store-write-failed`. */
  override readonly code = 'store-write-failed';
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
export class StoreChangedError extends KotaeStoreError {
  /** Always `store-changed`. */
  override readonly code = 'store-changed';
  /** The store directory. */
  readonly dir: string;
  constructor(dir: string) {
    super(`interaction store ${dir} was compacted or erased while its records were being read; read them again`);
    this.dir = dir;
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
export class StoreSchemaVersionError extends KotaeStoreError {
  /** Always `store-schema-version`. */
  override readonly code = 'store-schema-version';
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
export class StoreConnectionError extends KotaeStoreError {
  /** Always `store-connection-failed`. */
  override readonly code = 'store-connection-failed';
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
export class StoreReadOnlyError extends KotaeStoreError {
  /** Always `store-read-only`. */
  override readonly code = 'store-read-only';
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

/**
 * An interaction store location to read that is not a store: the directory is missing, or it is
 * a file.
 *
 * @example
 * ```ts
 * try { await openInteractionStore('var/interactions', { readOnly: true }) } catch (e) { if (e instanceof StoreNotFoundError) console.error(e.location) }
 * ```
 */
export class StoreNotFoundError extends KotaeStoreError {
  /** Always `store-not-found`. */
  override readonly code = 'store-not-found';
  /** The store location, as given. */
  readonly location: string;
  constructor(location: string) {
    super(`interaction store ${location} is not a directory`);
    this.location = location;
  }
}
