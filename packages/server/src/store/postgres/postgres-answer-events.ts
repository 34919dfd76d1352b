import type { Pool } from 'pg';
import type { AnswerEventStore, StoredAnswerEvents } from '../../service/shared-answers.js';

/** Sweep expired answers at most this often. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The events of recent answers in PostgreSQL (`kotae_answer_streams`, `kotae_answer_events`), so
 * that a client can resume an answer (`Last-Event-ID`) on any instance of the service using the
 * database. Each write is one statement (the events and the answer's `closed` flag together);
 * expired answers are deleted now and then, their events with them.
 *
 * Made by {@link PostgresInteractionStore.answerEvents} on the store's connection pool; `kotae
 * serve` uses it whenever its store is PostgreSQL.
 *
 * @example
 * ```ts
 * const store = await PostgresInteractionStore.open(process.env.KOTAE_STORE_URL!)
 * const handler = createAnswerHandler({ bundle, store, answerEvents: store.answerEvents() })
 * ```
 */
export class PostgresAnswerEvents implements AnswerEventStore {
  readonly #pool: Pool;
  #sweptAt = 0;

  /** @internal Use {@link PostgresInteractionStore.answerEvents}. */
  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** See {@link AnswerEventStore.write}. */
  async write(interactionId: string, from: number, events: readonly string[], closed: boolean, ttlMs: number): Promise<void> {
    if (Date.now() - this.#sweptAt > SWEEP_EVERY_MS) void this.sweep().catch(() => undefined);
    // Data-modifying CTEs run together in one statement (one transaction): a reader sees the
    // events and the close at once. The stream row comes first for the events' foreign key.
    await this.#pool.query(
      `WITH stream AS (
         INSERT INTO kotae_answer_streams (interaction_id, closed, expires_at)
         VALUES ($1, $4, statement_timestamp() + make_interval(secs => $5::float8 / 1000))
         ON CONFLICT (interaction_id) DO UPDATE SET closed = kotae_answer_streams.closed OR EXCLUDED.closed
         RETURNING interaction_id
       )
       INSERT INTO kotae_answer_events (interaction_id, seq, event)
       SELECT stream.interaction_id, $2::int + e.n - 1, e.event
       FROM stream, unnest($3::text[]) WITH ORDINALITY AS e(event, n)
       ON CONFLICT DO NOTHING`,
      [interactionId, from, events, closed, ttlMs],
    );
  }

  /** See {@link AnswerEventStore.read}. */
  async read(interactionId: string, from: number): Promise<StoredAnswerEvents | undefined> {
    const result = await this.#pool.query<{ closed: boolean; events: string[] | null }>(
      `WITH stream AS (
         UPDATE kotae_answer_streams SET read_at = statement_timestamp()
         WHERE interaction_id = $1 AND expires_at > statement_timestamp()
         RETURNING closed
       )
       SELECT stream.closed,
              (SELECT array_agg(event ORDER BY seq) FROM kotae_answer_events WHERE interaction_id = $1 AND seq >= $2) AS events
       FROM stream`,
      [interactionId, from],
    );
    const row = result.rows[0];
    return row && { closed: row.closed, events: row.events ?? [] };
  }

  /** See {@link AnswerEventStore.lastRead}. */
  async lastRead(interactionId: string): Promise<number | undefined> {
    const result = await this.#pool.query<{ ago: number | null }>(
      `SELECT extract(epoch FROM statement_timestamp() - read_at) * 1000 AS ago FROM kotae_answer_streams WHERE interaction_id = $1`,
      [interactionId],
    );
    const ago = result.rows[0]?.ago;
    return ago === null || ago === undefined ? undefined : Number(ago);
  }

  /** Deletes expired answers and their events (at most 1,000 answers); returns how many. */
  async sweep(): Promise<number> {
    this.#sweptAt = Date.now();
    const result = await this.#pool.query(
      `DELETE FROM kotae_answer_streams WHERE interaction_id IN
         (SELECT interaction_id FROM kotae_answer_streams WHERE expires_at < statement_timestamp() LIMIT 1000)`,
    );
    return result.rowCount ?? 0;
  }
}
