/**
 * A bucket's rule: it holds at most `capacity` units and refills from empty to full in
 * `refillMs`, steadily (a token bucket). A request rate of 10 at once and 30 a minute is
 * `{ capacity: 10, refillMs: 20_000 }`; a daily quota of 2 MB is `{ capacity: 2_000_000, refillMs: 86_400_000 }`.
 */
export interface LimitRule {
  /** The most units the bucket holds (the burst, or the quota). */
  readonly capacity: number;
  /** Milliseconds in which an empty bucket refills completely. */
  readonly refillMs: number;
}

/**
 * Where the limits keep their buckets. {@link MemoryLimitStore} keeps them in the process; an
 * implementation over a shared database (PostgreSQL, Redis) lets several instances of the
 * service share one allowance per client. Both methods may be asynchronous.
 */
export interface LimitStore {
  /**
   * Takes `cost` units from the bucket `key` (created full) when it holds at least that many and
   * is not empty. Resolves to 0 when taken, else to the whole seconds until it will hold them
   * (at least 1), for `Retry-After`; nothing is taken then.
   */
  take(key: string, cost: number, rule: LimitRule): number | Promise<number>;
  /**
   * Takes `cost` units whatever the bucket holds; it may go below zero and then admits nothing
   * until it has refilled. For a cost known only after the work is done (the size of a record
   * written at the end of an answer).
   */
  charge(key: string, cost: number, rule: LimitRule): void | Promise<void>;
}

/** Options of {@link MemoryLimitStore}. */
export interface MemoryLimitStoreOptions {
  /**
   * The most buckets kept; the least recently used are forgotten first (a forgotten bucket starts
   * full again, which only errs towards letting people in). @default 100000
   */
  readonly maxKeys?: number | undefined;
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/**
 * The limits' buckets in this process's memory: right for one instance (`kotae serve`, one
 * container). Several instances each keep their own, so a client's allowance is multiplied by
 * the number of instances it reaches.
 *
 * @example
 * ```ts
 * const limits = new MemoryLimitStore();
 * limits.take('ip:192.0.2.7', 1, { capacity: 10, refillMs: 20_000 }); // 0: go ahead
 * ```
 */
export class MemoryLimitStore implements LimitStore {
  readonly #buckets = new Map<string, { units: number; at: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: MemoryLimitStoreOptions = {}) {
    this.#max = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** See {@link LimitStore.take}. */
  take(key: string, cost: number, rule: LimitRule): number {
    const bucket = this.#refill(key, rule);
    if (bucket.units > 0 && bucket.units >= cost) {
      bucket.units -= cost;
      return 0;
    }
    const need = Math.min(Math.max(cost, Number.MIN_VALUE), rule.capacity) - bucket.units;
    return Math.max(1, Math.ceil((need * rule.refillMs) / rule.capacity / 1000));
  }

  /** See {@link LimitStore.charge}. */
  charge(key: string, cost: number, rule: LimitRule): void {
    this.#refill(key, rule).units -= cost;
  }

  #refill(key: string, rule: LimitRule): { units: number; at: number } {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { units: rule.capacity, at: now };
    this.#buckets.delete(key);
    bucket.units = Math.min(rule.capacity, bucket.units + ((now - bucket.at) * rule.capacity) / rule.refillMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#max) this.#buckets.delete(this.#buckets.keys().next().value!);
    return bucket;
  }
}
