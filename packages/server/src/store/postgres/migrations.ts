/**
 * The PostgreSQL interaction store's schema: versioned, ordered SQL migrations, applied when a
 * store opens, one at a time across every process that opens the same database.
 */
import type { PoolClient } from 'pg';
import { StoreSchemaVersionError } from '@kotae/knowledge/errors';

/** One schema change: applied once, in `version` order, and recorded in `kotae_migrations`. */
export interface Migration {
  /** 1, 2, 3, …: the order migrations run in, and the schema version once this one is applied. */
  readonly version: number;
  /** What it does, in a few words (kept in `kotae_migrations.name`). */
  readonly name: string;
  /** The SQL, run in the migrating transaction. */
  readonly sql: string;
}

/**
 * Every migration, oldest first. Never edit or reorder one that has shipped: add a new one.
 *
 * `kotae_interactions` keeps each record as validated `jsonb` in `record`, with the columns the
 * store queries by beside it: `seq` (append order), `kind`, `interaction_id` (an interaction's
 * `id`, or the `interactionId` a feedback or escalation names), `at` (the record's `at` as an
 * instant; `NULL` when it is not a date), `conversation_id` and `user_hash`. Version 2 admits
 * `review` records, indexes interactions in review-queue order, and adds `kotae_audit`, the
 * append-only audit log (a trigger refuses every UPDATE, DELETE and TRUNCATE).
 * Version 3 adds the state several instances share (see `PostgresLimitStore` and
 * `PostgresAnswerEvents`). Version 4 indexes what the insights report reads besides the
 * interactions themselves (`PostgresInteractionStore.insights()`): the latest feedback and the
 * latest review of each interaction, and the escalations of each. Version 5 adds
 * `kotae_console_sessions`, the review console's sessions and sign-ins under way (see
 * `PostgresConsoleSessionStore`). Version 6 (review workflow) admits `annotation` records
 * (reviewers' eval cases and topic labels) and indexes interactions by answerability, for the
 * review queue's `lowest-score` order.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kotae_interactions',
    sql: `
      CREATE TABLE kotae_interactions (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('interaction', 'feedback', 'escalation')),
        interaction_id text NOT NULL,
        at timestamptz,
        conversation_id text,
        user_hash text,
        record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX kotae_interactions_interaction_id ON kotae_interactions (interaction_id, seq);
      CREATE INDEX kotae_interactions_at ON kotae_interactions (at);
      CREATE INDEX kotae_interactions_conversation_id ON kotae_interactions (conversation_id) WHERE conversation_id IS NOT NULL;
      CREATE INDEX kotae_interactions_user_hash ON kotae_interactions (user_hash) WHERE user_hash IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'reviews and the audit log',
    sql: `
      ALTER TABLE kotae_interactions DROP CONSTRAINT kotae_interactions_kind_check;
      ALTER TABLE kotae_interactions ADD CONSTRAINT kotae_interactions_kind_check
        CHECK (kind IN ('interaction', 'feedback', 'escalation', 'review'));
      CREATE INDEX kotae_interactions_queue ON kotae_interactions (at DESC NULLS LAST, interaction_id DESC) WHERE kind = 'interaction';
      CREATE TABLE kotae_audit (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz,
        actor text NOT NULL,
        action text NOT NULL,
        entry jsonb NOT NULL CHECK (jsonb_typeof(entry) = 'object'),
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE FUNCTION kotae_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'kotae_audit is append-only';
        END
      $$;
      CREATE TRIGGER kotae_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON kotae_audit
        FOR EACH STATEMENT EXECUTE FUNCTION kotae_audit_append_only();
    `,
  },
  {
    version: 3,
    name: 'kotae_limits and kotae_answer_streams',
    // Shared state of several answer-service instances: the limits' token buckets and the events
    // of recent answers (for resuming a stream on another instance). UNLOGGED: nothing here is
    // worth a write-ahead log record; after a crash of the server the buckets start full again
    // and recent answers can no longer be resumed, which is what an expiry does anyway.
    sql: `
      CREATE UNLOGGED TABLE kotae_limits (
        key text PRIMARY KEY,
        units double precision NOT NULL,
        at timestamptz NOT NULL,
        taken boolean NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX kotae_limits_expires_at ON kotae_limits (expires_at);
      CREATE UNLOGGED TABLE kotae_answer_streams (
        interaction_id text PRIMARY KEY,
        closed boolean NOT NULL DEFAULT false,
        read_at timestamptz,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX kotae_answer_streams_expires_at ON kotae_answer_streams (expires_at);
      CREATE UNLOGGED TABLE kotae_answer_events (
        interaction_id text NOT NULL REFERENCES kotae_answer_streams (interaction_id) ON DELETE CASCADE,
        seq integer NOT NULL,
        event text NOT NULL,
        PRIMARY KEY (interaction_id, seq)
      );
    `,
  },
  {
    version: 4,
    name: 'insights indexes (sqlinsights)',
    // What the insights aggregation (postgres-insights.ts) reads beside the interactions: the
    // latest feedback and review of each interaction in index order (DISTINCT ON without a sort
    // of every such row), and escalations and their deliveries by interaction, instead of a scan
    // of the whole table for each. Partial: the interactions themselves are not indexed again.
    sql: `
      CREATE INDEX kotae_interactions_latest_feedback ON kotae_interactions (interaction_id, at DESC NULLS LAST, seq DESC)
        WHERE kind = 'feedback';
      CREATE INDEX kotae_interactions_latest_review ON kotae_interactions (interaction_id, at DESC NULLS LAST, seq DESC)
        WHERE kind = 'review';
      CREATE INDEX kotae_interactions_escalations ON kotae_interactions (interaction_id, seq) WHERE kind = 'escalation';
      `,
  },
  {
    version: 5,
    name: 'kotae_console_sessions',
    // Keyed by the SHA-256 of the session id (or OpenID Connect state), never the token itself.
    sql: `
      CREATE TABLE kotae_console_sessions (
        key text PRIMARY KEY,
        value jsonb NOT NULL CHECK (jsonb_typeof(value) = 'object'),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX kotae_console_sessions_expires_at ON kotae_console_sessions (expires_at);
      `,
  },
  {
    version: 6,
    name: 'review workflow: annotations and the lowest-score queue index',
    sql: `
      ALTER TABLE kotae_interactions DROP CONSTRAINT kotae_interactions_kind_check;
      ALTER TABLE kotae_interactions ADD CONSTRAINT kotae_interactions_kind_check
        CHECK (kind IN ('interaction', 'feedback', 'escalation', 'review', 'annotation'));
      CREATE INDEX kotae_interactions_queue_score ON kotae_interactions (((record->>'topScore')::float8), interaction_id)
        WHERE kind = 'interaction';
    `,
  },
];

/** The schema version this code needs and knows: the last migration's. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)!.version;

/**
 * An arbitrary but fixed key for `pg_advisory_xact_lock`, so that of several processes opening
 * the same database at once, one migrates and the others wait for it (and then find nothing to do).
 */
const MIGRATION_LOCK = 0x6b6f7461; // "kota"

/** What {@link migrate} did. */
export interface MigrationOutcome {
  /** The schema version before. */
  readonly from: number;
  /** The schema version now. */
  readonly to: number;
  /** The versions applied by this call (empty when another process had applied them). */
  readonly applied: readonly number[];
}

/**
 * Brings the database up to {@link SCHEMA_VERSION} in one transaction holding an advisory lock:
 * creates `kotae_migrations` if needed and applies the missing migrations in order. Throws a
 * {@link StoreSchemaVersionError} (and changes nothing) when the database is newer than this code.
 */
export async function migrate(
  client: PoolClient,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  const supported = migrations.at(-1)?.version ?? 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS kotae_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const from = await appliedVersion(client);
    if (from > supported) throw new StoreSchemaVersionError(location, from, supported);
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO kotae_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, supported), applied };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Checks, without changing anything, that the database has exactly the schema this code knows
 * (for read-only opens); throws a {@link StoreSchemaVersionError} otherwise.
 */
export async function checkSchema(client: PoolClient, location: string): Promise<void> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('kotae_migrations') IS NOT NULL AS present");
  const found = exists.rows[0]?.present ? await appliedVersion(client) : 0;
  if (found !== SCHEMA_VERSION) throw new StoreSchemaVersionError(location, found, SCHEMA_VERSION);
}

async function appliedVersion(client: PoolClient): Promise<number> {
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM kotae_migrations');
  return result.rows[0]?.version ?? 0;
}
