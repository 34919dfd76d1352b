import pg, { type Pool, type PoolClient, type PoolConfig } from 'pg';
import {
  InvalidOptionError,
  StoreClosedError,
  StoreConnectionError,
  StoreCorruptionError,
  StoreReadOnlyError,
  StoreRecordError,
} from '@kotae/knowledge/errors';
import { StoreRecordSchema, type InsightsAggregateSource, type InteractionRecord, type StoreRecord } from '@kotae/knowledge';
import type {
  CompactOptions,
  EraseSelector,
  InteractionStore,
  MaintenanceResult,
  RecordsQuery,
  RemovedCounts,
} from '../interaction-store.js';
import { compactCutoff, erasePlan } from '../maintenance.js';
import { maskLocation } from '../mask-location.js';
import { sinceInstant, validateStoreRecord } from '../validate-record.js';
import { checkSchema, migrate, SCHEMA_VERSION } from './migrations.js';
import { PostgresConsoleSessionStore } from './postgres-console-sessions.js';
import type { ReviewQueuePage, ReviewQueueQuery, ThreadSelector } from '../review-queue.js';
import { auditSince, AuditEntrySchema, validateAuditEntry, type AuditEntry, type AuditLogQuery } from '../audit-log.js';
import { postgresReviewQueue, postgresThread } from './postgres-review.js';
import { PostgresLimitStore } from './postgres-limit-store.js';
import { PostgresAnswerEvents } from './postgres-answer-events.js';
import { postgresInsightsAggregates } from './postgres-insights.js';

/** Options of {@link PostgresInteractionStore.open}. */
export interface PostgresStoreOptions {
  /**
   * Most connections this store opens to the server. Appends use one at a time (they are
   * batched); `records()` iterations, lookups and maintenance use the others.
   *
   * @default 10 (or `max` in `pool`)
   */
  readonly maxConnections?: number | undefined;
  /**
   * Open without writing: no migrations are run (the schema must be exactly the one this version
   * knows) and `append`, `compact` and `erase` reject with `StoreReadOnlyError`. For reporting
   * tools (`kotae insights`, `kotae cases`) that may run with a read-only database role.
   *
   * @default false
   */
  readonly readOnly?: boolean | undefined;
  /**
   * Rows fetched per round trip by `records()`.
   *
   * @default 500
   */
  readonly fetchSize?: number | undefined;
  /**
   * More node-postgres pool settings (`connectionTimeoutMillis`, `idleTimeoutMillis`, `ssl`, …),
   * merged over the ones kotae sets. The connection string comes from `url`.
   */
  readonly pool?: Omit<PoolConfig, 'connectionString'> | undefined;
}

/** What {@link PostgresInteractionStore.compact} did. */
export interface PostgresMaintenanceResult extends MaintenanceResult {
  /** Records kept because their `at` is not a date, so their age is unknown (`compact` only; 0 for `erase`). */
  readonly undated: number;
}

/** Options of {@link PostgresInteractionStore.records}. */
export interface PostgresRecordsQuery extends RecordsQuery {
  /** Stops the iteration: the next step throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

interface Pending {
  readonly record: StoreRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Rows per INSERT at most (7 parameters each, far below PostgreSQL's 65,535). */
const MAX_BATCH = 500;
const DEFAULT_FETCH = 500;
/** What PostgreSQL's jsonb cannot hold: U+0000, and a lone surrogate (an unpaired UTF-16 half). */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * An interaction store in PostgreSQL, for several answer-service instances sharing one store.
 *
 * - **Durable**: `append` resolves once the INSERT has committed. Appends made while one is in
 *   flight are queued in call order and inserted together by the next statement (group commit).
 * - **Ordered**: records come back in append order (a `bigint` identity column); appends of one
 *   store instance keep their call order. Appends of several instances interleave.
 * - **Streamed**: `records()` reads through a server-side cursor in a read-only transaction, so
 *   the iteration sees the records committed when it started and holds one batch in memory.
 * - **Migrated**: opening applies the missing schema migrations in a transaction under an
 *   advisory lock (so instances starting together migrate once), and refuses a database migrated
 *   by a newer kotae with `StoreSchemaVersionError`.
 * - **Retention and erasure**: `compact` and `erase` are one `DELETE` each, with the same
 *   semantics and counts as the other stores. Deleted rows leave the table files once PostgreSQL
 *   vacuums them; the write-ahead log and backups keep them for as long as you keep those.
 *
 * Records are stored as validated `jsonb` beside the columns queried by; see
 * `docs/interaction-store.md` for the schema, the URL and pool settings.
 *
 * @example
 * ```ts
 * import { PostgresInteractionStore } from '@kotae/server/postgres'
 * const store = await PostgresInteractionStore.open(process.env.KOTAE_STORE_URL!)
 * await store.append({ kind: 'feedback', interactionId: 'i-1', at: new Date().toISOString(), helpful: true })
 * for await (const record of store.records({ since: '2026-01-01T00:00:00Z' })) console.log(record.kind)
 * await store.close()
 * ```
 */
export class PostgresInteractionStore implements InteractionStore {
  /** The connection URL with its password masked: safe to print. */
  readonly location: string;
  /** True when opened with `readOnly`. */
  readonly readOnly: boolean;
  /** The schema version of the database (the one this code knows). */
  readonly schemaVersion: number = SCHEMA_VERSION;

  readonly #pool: Pool;
  readonly #fetchSize: number;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #limits: PostgresLimitStore | undefined;
  #answerEvents: PostgresAnswerEvents | undefined;
  #consoleSessions: PostgresConsoleSessionStore | undefined;
  /** `records()` iterations holding a connection. */
  #iterations = 0;

  private constructor(location: string, pool: Pool, readOnly: boolean, fetchSize: number) {
    this.location = location;
    this.#pool = pool;
    this.readOnly = readOnly;
    this.#fetchSize = fetchSize;
  }

  /**
   * Connects to the database at `url` (`postgres://user:password@host:port/database`, any
   * libpq-style URL node-postgres accepts), migrates its schema (unless `readOnly`) and returns
   * the store.
   *
   * @throws `StoreConnectionError` when the server cannot be reached or refuses the login (the
   *   message shows the URL with its password masked).
   * @throws `StoreSchemaVersionError` when the database's schema is newer than this code's (or,
   *   read-only, not exactly this code's).
   * @example
   * ```ts
   * const store = await PostgresInteractionStore.open('postgres://kotae@db.internal/kotae', { maxConnections: 4 })
   * ```
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresInteractionStore> {
    const location = maskLocation(url);
    const { maxConnections, readOnly = false, fetchSize = DEFAULT_FETCH, pool: poolOptions } = options;
    if (maxConnections !== undefined && (!Number.isInteger(maxConnections) || maxConnections < 1)) {
      throw new InvalidOptionError(
        'maxConnections',
        `maxConnections must be a whole number, at least 1 (got ${JSON.stringify(maxConnections)})`,
      );
    }
    if (!Number.isInteger(fetchSize) || fetchSize < 1) {
      throw new InvalidOptionError('fetchSize', `fetchSize must be a whole number of rows, at least 1 (got ${JSON.stringify(fetchSize)})`);
    }
    const pool = new pg.Pool({
      application_name: 'kotae',
      connectionTimeoutMillis: 10_000,
      ...poolOptions,
      ...(maxConnections === undefined ? {} : { max: maxConnections }),
      connectionString: url,
    });
    // An idle connection the server drops (a restart, a failover) must not crash the process.
    pool.on('error', () => undefined);
    try {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (cause) {
        throw new StoreConnectionError(location, cause);
      }
      try {
        if (readOnly) await checkSchema(client, location);
        else await migrate(client, location);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return new PostgresInteractionStore(location, pool, readOnly, fetchSize);
  }

  /**
   * Validates `record` against `StoreRecordSchema`, inserts it, and resolves once the INSERT has
   * committed. Appends of this instance are inserted in call order. Unknown keys are dropped.
   *
   * @throws `StoreRecordError` for an invalid record, or one holding U+0000 or a lone surrogate
   *   (which PostgreSQL's jsonb cannot store); nothing is written.
   * @throws `StoreClosedError` after {@link PostgresInteractionStore.close}.
   * @example
   * ```ts
   * await store.append({ kind: 'escalation', interactionId: 'i-1', at: new Date().toISOString(), delivered: true, status: 201 })
   * ```
   */
  append(record: StoreRecord): Promise<void> {
    if (this.#closing) return Promise.reject(new StoreClosedError(this.location));
    if (this.readOnly) return Promise.reject(new StoreReadOnlyError(this.location, 'append'));
    let valid: StoreRecord;
    try {
      valid = validateStoreRecord(record);
      const field = Object.entries(valid).find(([, v]) => unstorable(v))?.[0];
      if (field !== undefined) {
        throw new StoreRecordError([`"${field}": contains U+0000 or a lone surrogate, which PostgreSQL's jsonb cannot store`]);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ record: valid, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /**
   * The latest interaction record appended with this id (by any instance), or `undefined`.
   *
   * @example
   * ```ts
   * const asked = await store.interaction(feedback.interactionId)
   * ```
   */
  async interaction(id: string): Promise<InteractionRecord | undefined> {
    this.#usable();
    const result = await this.#pool
      .query<{ seq: string; record: unknown }>(
        "SELECT seq, record FROM kotae_interactions WHERE kind = 'interaction' AND interaction_id = $1 ORDER BY seq DESC LIMIT 1",
        [id],
      )
      .catch((e: unknown) => {
        throw this.#unreachable(e);
      });
    const row = result.rows[0];
    return row === undefined ? undefined : (this.#decode(row) as InteractionRecord);
  }

  /**
   * The limits' buckets in this database, on this store's connections: pass it as the answer
   * service's `limitStore` so that every instance using the database shares one allowance per
   * client. Closed with the store.
   *
   * @example
   * ```ts
   * const handler = createAnswerHandler({ bundle, store, limitStore: store.limitStore() })
   * ```
   */
  limitStore(): PostgresLimitStore {
    this.#writable('limitStore');
    return (this.#limits ??= new PostgresLimitStore(this.#pool));
  }

  /**
   * The events of recent answers in this database, on this store's connections: pass it as the
   * answer service's `answerEvents` so that a client can resume an answer (`Last-Event-ID`) on
   * any instance using the database. Closed with the store.
   *
   * @example
   * ```ts
   * const handler = createAnswerHandler({ bundle, store, answerEvents: store.answerEvents() })
   * ```
   */
  answerEvents(): PostgresAnswerEvents {
    this.#writable('answerEvents');
    return (this.#answerEvents ??= new PostgresAnswerEvents(this.#pool));
  }

  /**
   * The review console's sessions in this database, on this store's connections: pass it to
   * `ConsoleSessions` so that every instance using the database shares the console's sessions
   * (and OpenID Connect sign-ins under way). Closed with the store.
   *
   * @example
   * ```ts
   * const sessions = new ConsoleSessions({ store: store.consoleSessionStore() })
   * ```
   */
  consoleSessionStore(): PostgresConsoleSessionStore {
    this.#writable('consoleSessionStore');
    return (this.#consoleSessions ??= new PostgresConsoleSessionStore(this.#pool));
  }

  /**
   * Every record, in append order, read through a cursor `fetchSize` rows at a time. The records
   * are those committed when the iteration starts; later appends are not included. Breaking out
   * of the loop ends the cursor's transaction and returns its connection.
   *
   * `since` keeps records whose `at` is at or after that time, compared as instants; a record
   * whose `at` is not a date is left out.
   *
   * @throws `InvalidOptionError` when `since` is not a date.
   * @throws `StoreClosedError` when the store is closed (also in the middle of an iteration).
   * @example
   * ```ts
   * for await (const r of store.records({ since: '2026-03-01T00:00:00Z', signal })) if (r.kind === 'feedback') count++
   * ```
   */
  async *records(query: PostgresRecordsQuery = {}): AsyncGenerator<StoreRecord, void, undefined> {
    this.#usable();
    const since = sinceInstant(query.since);
    query.signal?.throwIfAborted();
    const client = await this.#pool.connect();
    this.#iterations++;
    let open = false;
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      await client.query(
        since === undefined
          ? 'DECLARE kotae_records NO SCROLL CURSOR FOR SELECT seq, record FROM kotae_interactions ORDER BY seq'
          : 'DECLARE kotae_records NO SCROLL CURSOR FOR SELECT seq, record FROM kotae_interactions WHERE at >= $1 ORDER BY seq',
        since === undefined ? [] : [new Date(since).toISOString()],
      );
      for (;;) {
        query.signal?.throwIfAborted();
        if (this.#closing) throw new StoreClosedError(this.location);
        const batch = await client.query<{ seq: string; record: unknown }>(`FETCH ${this.#fetchSize} FROM kotae_records`);
        for (const row of batch.rows) {
          query.signal?.throwIfAborted();
          if (this.#closing) throw new StoreClosedError(this.location);
          yield this.#decode(row);
        }
        if (batch.rows.length < this.#fetchSize) break;
      }
    } finally {
      // Read-only: ending it by ROLLBACK also covers an iteration the caller left early (break).
      if (open)
        broken = !(await client.query('ROLLBACK').then(
          () => true,
          () => false,
        ));
      client.release(broken);
    }
  }

  /**
   * The insights report's aggregates, computed by the database (one snapshot, temporary tables,
   * `GROUP BY`s): `storeInsights(store)` (what `kotae insights` and the console use) reads counts
   * and the wordings of refused, weakly matched and escalated questions instead of every record.
   * Works on a read-only store (it needs the `TEMPORARY` privilege, which PostgreSQL grants to
   * every role by default).
   *
   * @example
   * ```ts
   * const report = await insightsFromAggregates(store.insights(), { since: '2026-05-01T00:00:00Z' })
   * ```
   */
  insights(): InsightsAggregateSource {
    this.#usable();
    return { aggregates: (query) => (this.#usable(), postgresInsightsAggregates(this.#pool, query)) };
  }

  /**
   * Retention: deletes every record whose own `at` is before `olderThan` (one `DELETE`). Each
   * record is judged by its own `at`; a record whose `at` is not a date is kept and counted in
   * `undated`.
   *
   * @throws `InvalidOptionError` when `olderThan` is not a date.
   * @example
   * ```ts
   * const { removed } = await store.compact({ olderThan: new Date(Date.now() - 90 * 86_400_000) })
   * ```
   */
  async compact(options: CompactOptions): Promise<PostgresMaintenanceResult> {
    this.#writable('compact');
    const cutoff = compactCutoff(options.olderThan);
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const removed = await countRemoved(
        client,
        'WITH gone AS (DELETE FROM kotae_interactions WHERE at < $1 RETURNING kind) SELECT kind, count(*)::int AS n FROM gone GROUP BY kind',
        [new Date(cutoff).toISOString()],
      );
      const undated = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM kotae_interactions WHERE at IS NULL');
      await client.query('COMMIT');
      return { removed, undated: undated.rows[0]?.n ?? 0 };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * Erasure: deletes every interaction matching `selector` (by conversation, user hash or id)
   * and every feedback, escalation and review of those interactions, in one statement (so a concurrent
   * reader sees all of them or none). Rows leave the table files when PostgreSQL vacuums them.
   *
   * @throws `InvalidOptionError` when `selector` names nothing (or an empty id).
   * @example
   * ```ts
   * await store.erase({ conversationId: 'c-42' })
   * ```
   */
  async erase(selector: EraseSelector): Promise<PostgresMaintenanceResult> {
    this.#writable('erase');
    const plan = erasePlan(selector);
    const removed = await countRemoved(
      this.#pool,
      `WITH ids AS (
         SELECT interaction_id FROM kotae_interactions
          WHERE kind = 'interaction' AND (conversation_id = ANY($1::text[]) OR user_hash = ANY($2::text[]))
         UNION SELECT unnest($3::text[])
       ), gone AS (
         DELETE FROM kotae_interactions WHERE interaction_id IN (SELECT interaction_id FROM ids) RETURNING kind
       )
       SELECT kind, count(*)::int AS n FROM gone GROUP BY kind`,
      [[...plan.conversationIds], [...plan.userHashes], [...plan.interactionIds]],
    );
    return { removed, undated: 0 };
  }

  /**
   * One page of the review queue, in one keyset-paginated query (see {@link InteractionStore.reviewQueue}).
   *
   * @example
   * ```ts
   * const page = await store.reviewQueue({ signals: ['thumbs-down', 'escalated'], limit: 20 })
   * const more = page.next ? await store.reviewQueue({ signals: ['thumbs-down', 'escalated'], limit: 20, cursor: page.next }) : undefined
   * ```
   */
  async reviewQueue(query?: ReviewQueueQuery): Promise<ReviewQueuePage> {
    this.#usable();
    return postgresReviewQueue(this.#pool, query, (record) => this.#decode({ seq: '0', record }));
  }

  /** Every record of a conversation's (or one interaction's) interactions, in append order. */
  async thread(selector: ThreadSelector): Promise<StoreRecord[]> {
    this.#usable();
    return (await postgresThread(this.#pool, selector)).map((row) => this.#decode(row));
  }

  /** Inserts an entry into `kotae_audit` (append-only: a trigger refuses updates and deletes). */
  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#writable('appendAudit');
    const valid = validateAuditEntry(entry);
    const at = Date.parse(valid.at);
    await this.#pool.query('INSERT INTO kotae_audit (at, actor, action, entry) VALUES ($1, $2, $3, $4::jsonb)', [
      Number.isNaN(at) ? null : new Date(at).toISOString(),
      valid.actor,
      valid.action,
      JSON.stringify(valid),
    ]);
  }

  /** The audit log, oldest first (read in one query). */
  async *auditLog(query: AuditLogQuery = {}): AsyncIterable<AuditEntry> {
    this.#usable();
    const since = auditSince(query.since);
    const result = await this.#pool.query<{ entry: unknown }>(
      since === undefined ? 'SELECT entry FROM kotae_audit ORDER BY seq' : 'SELECT entry FROM kotae_audit WHERE at >= $1 ORDER BY seq',
      since === undefined ? [] : [new Date(since).toISOString()],
    );
    for (const row of result.rows) yield AuditEntrySchema.parse(row.entry);
  }

  /**
   * Waits for the appends already made, then closes every connection. Every later call rejects
   * with `StoreClosedError`; calling `close` again returns the same promise. A `records()`
   * iteration under way stops at its next step with `StoreClosedError`, and its connection closes
   * then (`close` does not wait for it, so an iteration may call `close` itself).
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#draining;
      const ended = this.#pool.end();
      if (this.#iterations === 0) await ended;
      else ended.catch(() => undefined);
    })();
    return this.#closing;
  }

  /** Inserts queued records in batches, one statement (and one commit) each, until the queue is empty. */
  async #drain(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await null;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          await this.#insert(batch.map((p) => p.record));
        } catch (cause) {
          // Nothing of a failed statement is committed. So that one record the server refuses
          // cannot fail the others' appends, insert them one by one (in order) and settle each.
          if (batch.length === 1) batch[0]!.reject(cause);
          else for (const p of batch) await this.#insert([p.record]).then(p.resolve, p.reject);
          continue;
        }
        for (const p of batch) p.resolve();
      }
    } finally {
      this.#draining = undefined;
    }
  }

  async #insert(records: readonly StoreRecord[]): Promise<void> {
    const values: unknown[] = [];
    const rows = records.map((record, i) => {
      const at = Date.parse(record.at);
      values.push(
        record.kind,
        record.kind === 'interaction' ? record.id : record.interactionId,
        Number.isNaN(at) ? null : new Date(at).toISOString(),
        record.kind === 'interaction' ? (record.conversationId ?? null) : null,
        record.kind === 'interaction' ? (record.userHash ?? null) : null,
        JSON.stringify(record),
      );
      const p = i * 6;
      return `($${p + 1}, $${p + 2}, $${p + 3}::timestamptz, $${p + 4}, $${p + 5}, $${p + 6}::jsonb)`;
    });
    // One multi-row VALUES: identities are assigned in list order, so call order is append order.
    await this.#pool
      .query(
        `INSERT INTO kotae_interactions (kind, interaction_id, at, conversation_id, user_hash, record) VALUES ${rows.join(', ')}`,
        values,
      )
      .catch((e: unknown) => {
        throw this.#unreachable(e);
      });
  }

  /**
   * A `StoreConnectionError` for a failure to reach the server (refused, reset, shut down,
   * restarting): the pool drops the broken connection and the next call connects again, so the
   * caller can fail fast and retry. Other errors are returned as they are.
   */
  #unreachable(error: unknown): unknown {
    return connectionFailure(error) ? new StoreConnectionError(this.location, error) : error;
  }

  /** A row's record, checked against the schema (a row edited by hand may no longer match). */
  #decode(row: { seq: string; record: unknown }): StoreRecord {
    const parsed = StoreRecordSchema.safeParse(row.record);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const problem = `not a valid record: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unknown problem'}`;
    throw new StoreCorruptionError(`${this.location} kotae_interactions`, undefined, Number(row.seq), problem, ` (row seq ${row.seq})`);
  }

  #usable(): void {
    if (this.#closing) throw new StoreClosedError(this.location);
  }

  #writable(operation: string): void {
    this.#usable();
    if (this.readOnly) throw new StoreReadOnlyError(this.location, operation);
  }
}

/** Node's socket errors and PostgreSQL's connection (08…) and shutdown (57P01–57P03) SQLSTATEs. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

/** True when `error` says the server could not be reached or went away (not that it refused the statement). */
function connectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return CONNECTION_CODES.has(code) || code.startsWith('08');
  // node-postgres' own errors carry no code: a connection that ended, or a pool that timed out connecting.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** True when `value` is or holds a string PostgreSQL's jsonb cannot store. */
function unstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.some(unstorable);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(unstorable);
  return false;
}

/** Runs a DELETE … RETURNING kind counted by kind, and returns the counts. */
async function countRemoved(db: Pool | PoolClient, sql: string, values: unknown[]): Promise<RemovedCounts> {
  const result = await db.query<{ kind: keyof RemovedCounts; n: number }>(sql, values);
  const counts = { interaction: 0, feedback: 0, escalation: 0, review: 0, annotation: 0 };
  for (const row of result.rows) counts[row.kind] = row.n;
  return counts;
}
