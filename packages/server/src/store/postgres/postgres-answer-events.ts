import type { Pool } from 'pg';
import type { AnswerEventStore, StoredAnswerEvents } from '../../service/shared-answers.js';

/** Sweep expired answers at most this often. */
const SWEEP_EVERY_MS = 60_000;
/** Writes per statement at most. */
const MAX_BATCH = 500;

interface PendingWrite {
  readonly interactionId: string;
  readonly from: number;
  readonly events: readonly string[];
  readonly closed: boolean;
  readonly ttlMs: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The events of recent answers in PostgreSQL (`kotae_answer_streams`, `kotae_answer_events`), so
 * that a client can resume an answer (`Last-Event-ID`) on any instance of the service using the
 * database. Writes are grouped: the writes of every answer that arrive while one statement is in
 * flight go together in the next (group commit, as the store's appends), each answer's events
 * and its `closed` flag in the same statement; expired answers are deleted now and then, their
 * events with them.
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
  #queue: PendingWrite[] = [];
  #draining: Promise<void> | undefined;

  /** @internal Use {@link PostgresInteractionStore.answerEvents}. */
  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** See {@link AnswerEventStore.write}. */
  write(interactionId: string, from: number, events: readonly string[], closed: boolean, ttlMs: number): Promise<void> {
    if (Date.now() - this.#sweptAt > SWEEP_EVERY_MS) void this.sweep().catch(() => undefined);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ interactionId, from, events, closed, ttlMs, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once the writes made so far are written (or have failed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the writes made in the same tick join the first statement.
    await null;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        await this.#insert(batch).then(
          () => batch.forEach((w) => w.resolve()),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        );
      }
    } finally {
      this.#draining = undefined;
    }
  }

  async #insert(batch: readonly PendingWrite[]): Promise<void> {
    const events = batch.flatMap((w) => w.events.map((event, i) => ({ id: w.interactionId, seq: w.from + i, event })));
    // Data-modifying CTEs run together in one statement (one transaction): a reader sees an
    // answer's events and its close at once. The foreign key is checked at the statement's end.
    await this.#pool.query(
      `WITH streams AS (
         INSERT INTO kotae_answer_streams (interaction_id, closed, expires_at)
         SELECT s.id, s.closed, statement_timestamp() + make_interval(secs => s.ttl / 1000)
         FROM unnest($1::text[], $2::boolean[], $3::float8[]) AS s(id, closed, ttl)
         ON CONFLICT (interaction_id) DO UPDATE SET closed = kotae_answer_streams.closed OR EXCLUDED.closed
         RETURNING interaction_id
       )
       INSERT INTO kotae_answer_events (interaction_id, seq, event)
       SELECT e.id, e.seq, e.event FROM unnest($4::text[], $5::int[], $6::text[]) AS e(id, seq, event)
       WHERE e.id IN (SELECT interaction_id FROM streams)
       ON CONFLICT DO NOTHING`,
      [
        batch.map((w) => w.interactionId),
        batch.map((w) => w.closed),
        batch.map((w) => w.ttlMs),
        events.map((e) => e.id),
        events.map((e) => e.seq),
        events.map((e) => e.event),
      ],
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
