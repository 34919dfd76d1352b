import { ConfigError } from '@kotae/knowledge/errors';
import { MissingPeerDependencyError } from '../errors.js';
import type { PostgresStoreOptions } from './postgres/postgres-store.js';
import type { InteractionStore } from './interaction-store.js';
import { maskLocation } from './mask-location.js';
import { JsonlStoreReader } from './jsonl/jsonl-reader.js';
import { JsonlInteractionStore, type JsonlStoreOptions } from './jsonl/jsonl-store.js';

/** Options of {@link openInteractionStore}. */
export interface OpenInteractionStoreOptions {
  /**
   * Open for reading only: `append`, `compact` and `erase` reject with `StoreReadOnlyError`.
   * A JSONL directory is then read without taking its lock (see `JsonlStoreReader`), so it can be
   * read while `kotae serve` writes to it; a PostgreSQL database is not migrated (its schema must
   * be the current one) and works with a read-only role. For `kotae insights`, `kotae cases`.
   *
   * @default false
   */
  readonly readOnly?: boolean | undefined;
  /** Options for a JSONL directory opened for writing (ignored for a URL, or read-only). */
  readonly jsonl?: JsonlStoreOptions | undefined;
  /** Options for a PostgreSQL URL (ignored for a directory); `readOnly` above wins over theirs. */
  readonly postgres?: PostgresStoreOptions | undefined;
  /**
   * Loads the PostgreSQL store module (which imports the optional peer dependency `pg`). For tests
   * and bundlers; a failure to find `pg` becomes a `MissingPeerDependencyError`.
   *
   * @default `() => import('@kotae/server/postgres')`
   */
  readonly loadPostgres?: (() => Promise<PostgresModule>) | undefined;
}

/** What {@link OpenInteractionStoreOptions.loadPostgres} resolves to: the `@kotae/server/postgres` module. */
export type PostgresModule = Pick<typeof import('./postgres/postgres-store.js'), 'PostgresInteractionStore'>;

const loadPostgresStore = (): Promise<PostgresModule> => import('./postgres/postgres-store.js');

/** True when `e` says the package `name` could not be found. */
function isMissingPackage(e: unknown, name: string): boolean {
  const error = e as { code?: unknown; message?: unknown } | undefined;
  const code = error?.code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof error?.message === 'string' &&
    new RegExp(`['"]${name}['"/]`).test(error.message)
  );
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const ANY_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * True when `location` is a PostgreSQL connection URL (`postgres://…` or `postgresql://…`)
 * rather than a store directory.
 *
 * @example
 * ```ts
 * isPostgresUrl('postgres://kotae@db/kotae') // true
 * isPostgresUrl('var/interactions') // false
 * ```
 */
export function isPostgresUrl(location: string): boolean {
  return POSTGRES_URL.test(location);
}

/**
 * Opens the interaction store at `location`: a `postgres://` or `postgresql://` URL opens a
 * `PostgresInteractionStore` (loading the `pg` driver only then), anything else is a directory
 * for the JSONL store (`JsonlInteractionStore`, created if missing; or `JsonlStoreReader` when
 * `readOnly`). Messages never show the URL's password.
 *
 * @throws `ConfigError` for a URL of another scheme (`mysql://…`).
 * @throws `MissingPeerDependencyError` for a PostgreSQL URL when `pg` is not installed.
 * @throws What the store's own `open` throws: `StoreLockedError` for a JSONL directory another
 *   process writes to (open it `readOnly` to read it), `StoreConnectionError` or
 *   `StoreSchemaVersionError` for PostgreSQL.
 * @example
 * ```ts
 * const store = await openInteractionStore(process.env.KOTAE_STORE ?? 'var/interactions')
 * const reader = await openInteractionStore('postgres://reporting@db/kotae', { readOnly: true })
 * ```
 */
export async function openInteractionStore(location: string, options: OpenInteractionStoreOptions = {}): Promise<InteractionStore> {
  const readOnly = options.readOnly ?? false;
  if (isPostgresUrl(location)) {
    let module: PostgresModule;
    try {
      module = await (options.loadPostgres ?? loadPostgresStore)();
    } catch (e) {
      if (isMissingPackage(e, 'pg')) throw new MissingPeerDependencyError('pg', 'a PostgreSQL interaction store', e);
      throw e;
    }
    const { PostgresInteractionStore } = module;
    return PostgresInteractionStore.open(location, { ...options.postgres, readOnly: readOnly || options.postgres?.readOnly });
  }
  if (ANY_URL.test(location)) {
    throw new ConfigError(
      `unsupported interaction store URL ${JSON.stringify(maskLocation(location))}: use a directory, or a postgres:// URL`,
    );
  }
  if (readOnly) return JsonlStoreReader.open(location);
  return JsonlInteractionStore.open(location, options.jsonl);
}
