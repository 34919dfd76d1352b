import type { Pool } from 'pg';
import type { LimitRule, LimitStore } from '../../service/limit-store.js';

/** Sweep expired buckets at most this often. */
const SWEEP_EVERY_MS = 60_000;
/** Rows removed per sweep at most (a sweep is one short DELETE, never a long lock). */
const SWEEP_ROWS = 1000;

/*
 * One statement per take or charge, so concurrent instances never lose an update: the INSERT
 * creates a full bucket, or ON CONFLICT locks the existing row and refills it from the time
 * elapsed (by the database's clock, which every instance shares), then takes the units when
 * the rule allows. `taken` reports what this statement did; `units` is what is left (or, when
 * nothing was taken, what there is). A bucket expires when it would have refilled completely:
 * forgetting it then changes nothing.
 *
 * $1 key, $2 capacity, $3 refill ms, $4 cost, $5 true for a charge (take whatever there is);
 * `l` is the existing row, and SET sees its values before the update.
 */
const REFILLED = `least($2::float8, l.units + greatest(0, extract(epoch FROM statement_timestamp() - l.at) * 1000) * $2::float8 / $3::float8)`;
const OK = `($5::boolean OR (${REFILLED} > 0 AND ${REFILLED} >= $4::float8))`;
const UPDATE_SQL = `
  INSERT INTO kotae_limits AS l (key, units, at, taken, expires_at)
  VALUES (
    $1,
    CASE WHEN $5::boolean OR ($2::float8 > 0 AND $2::float8 >= $4::float8) THEN $2::float8 - $4::float8 ELSE $2::float8 END,
    statement_timestamp(),
    $5::boolean OR ($2::float8 > 0 AND $2::float8 >= $4::float8),
    statement_timestamp() + make_interval(secs => greatest(0, CASE WHEN $5::boolean OR ($2::float8 > 0 AND $2::float8 >= $4::float8) THEN $4::float8 ELSE 0 END) * $3::float8 / $2::float8 / 1000)
  )
  ON CONFLICT (key) DO UPDATE SET
    units = CASE WHEN ${OK} THEN ${REFILLED} - $4::float8 ELSE ${REFILLED} END,
    at = greatest(l.at, statement_timestamp()),
    taken = ${OK},
    expires_at = greatest(l.at, statement_timestamp()) + make_interval(secs => greatest(0, $2::float8 - CASE WHEN ${OK} THEN ${REFILLED} - $4::float8 ELSE ${REFILLED} END) * $3::float8 / $2::float8 / 1000)
  RETURNING units, taken`;

/**
 * The limits' buckets in PostgreSQL (`kotae_limits`), shared by every instance of the answer
 * service that uses the same database: a client gets one allowance however many instances its
 * requests reach. Each take or charge is one atomic statement (an `INSERT … ON CONFLICT DO
 * UPDATE` that refills and takes under the row's lock, by the database's clock); buckets that
 * would have refilled completely are deleted now and then, in small batches.
 *
 * Made by {@link PostgresInteractionStore.limitStore} on the store's connection pool; `kotae
 * serve` uses it whenever its store is PostgreSQL.
 *
 * @example
 * ```ts
 * const store = await PostgresInteractionStore.open(process.env.KOTAE_STORE_URL!)
 * const handler = createAnswerHandler({ bundle, store, limitStore: store.limitStore() })
 * ```
 */
export class PostgresLimitStore implements LimitStore {
  readonly #pool: Pool;
  #sweptAt = 0;

  /** @internal Use {@link PostgresInteractionStore.limitStore}. */
  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** See {@link LimitStore.take}. */
  async take(key: string, cost: number, rule: LimitRule): Promise<number> {
    const { units, taken } = await this.#update(key, cost, rule, false);
    if (taken) return 0;
    const need = Math.min(Math.max(cost, Number.MIN_VALUE), rule.capacity) - units;
    return Math.max(1, Math.ceil((need * rule.refillMs) / rule.capacity / 1000));
  }

  /** See {@link LimitStore.charge}. */
  async charge(key: string, cost: number, rule: LimitRule): Promise<void> {
    await this.#update(key, cost, rule, true);
  }

  /** Deletes buckets that have refilled completely (at most `SWEEP_ROWS`, 1,000); returns how many. */
  async sweep(): Promise<number> {
    this.#sweptAt = Date.now();
    const result = await this.#pool.query(
      `DELETE FROM kotae_limits WHERE key IN (SELECT key FROM kotae_limits WHERE expires_at < statement_timestamp() LIMIT ${SWEEP_ROWS})`,
    );
    return result.rowCount ?? 0;
  }

  async #update(key: string, cost: number, rule: LimitRule, charge: boolean): Promise<{ units: number; taken: boolean }> {
    if (Date.now() - this.#sweptAt > SWEEP_EVERY_MS) void this.sweep().catch(() => undefined);
    const result = await this.#pool.query<{ units: number; taken: boolean }>(UPDATE_SQL, [key, rule.capacity, rule.refillMs, cost, charge]);
    return result.rows[0]!;
  }
}
