import type { Pool } from 'pg';
import type { ConsoleSessionStore, ConsoleStoredValue } from '../../console/console-sessions.js';

/** Sweep expired rows at most this often. */
const SWEEP_EVERY_MS = 60_000;
/** Rows removed per sweep at most (one short DELETE). */
const SWEEP_ROWS = 1000;

/**
 * The review console's sessions in PostgreSQL (`kotae_console_sessions`), shared by every
 * instance that uses the same database: a user signed in on one instance is signed in on all of
 * them, an OpenID Connect sign-in started on one may finish on another, and signing out (or a
 * restart) on one signs out everywhere. Rows are keyed by the SHA-256 of the token, so the table
 * holds nothing a reader could sign in with. Expired rows are deleted now and then, in small
 * batches.
 *
 * Made by {@link PostgresInteractionStore.consoleSessionStore} on the store's connection pool;
 * `kotae serve --console` uses it whenever its store is PostgreSQL.
 *
 * @example
 * ```ts
 * const store = await PostgresInteractionStore.open(process.env.KOTAE_STORE_URL!)
 * const consoleApi = createConsoleApi({ store, sessions: new ConsoleSessions({ store: store.consoleSessionStore() }) })
 * ```
 */
export class PostgresConsoleSessionStore implements ConsoleSessionStore {
  readonly #pool: Pool;
  #sweptAt = 0;

  /** @internal Use {@link PostgresInteractionStore.consoleSessionStore}. */
  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** See {@link ConsoleSessionStore.put}. */
  async put(key: string, value: ConsoleStoredValue, expires: number): Promise<void> {
    if (Date.now() - this.#sweptAt > SWEEP_EVERY_MS) void this.sweep().catch(() => undefined);
    await this.#pool.query(
      `INSERT INTO kotae_console_sessions (key, value, expires_at) VALUES ($1, $2, to_timestamp($3::float8 / 1000))
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [key, JSON.stringify(value), expires],
    );
  }

  /** See {@link ConsoleSessionStore.get}. */
  async get(key: string): Promise<ConsoleStoredValue | undefined> {
    const result = await this.#pool.query<{ value: ConsoleStoredValue }>('SELECT value FROM kotae_console_sessions WHERE key = $1', [key]);
    return result.rows[0]?.value;
  }

  /** See {@link ConsoleSessionStore.take}: one `DELETE … RETURNING`, so only one caller gets the value. */
  async take(key: string): Promise<ConsoleStoredValue | undefined> {
    const result = await this.#pool.query<{ value: ConsoleStoredValue }>(
      'DELETE FROM kotae_console_sessions WHERE key = $1 RETURNING value',
      [key],
    );
    return result.rows[0]?.value;
  }

  /** See {@link ConsoleSessionStore.delete}. */
  async delete(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM kotae_console_sessions WHERE key = $1', [key]);
  }

  /** Deletes expired rows (at most 1,000, by the database's clock); returns how many. */
  async sweep(): Promise<number> {
    this.#sweptAt = Date.now();
    const result = await this.#pool.query(
      `DELETE FROM kotae_console_sessions WHERE key IN (SELECT key FROM kotae_console_sessions WHERE expires_at < statement_timestamp() LIMIT ${SWEEP_ROWS})`,
    );
    return result.rowCount ?? 0;
  }
}
