import { MemoryLimitStore } from './limit-store.js';

/** Options of {@link RateLimiter}, and a rate of the service's limits: `burst` at once, then `perMinute`. */
export interface RateLimitOptions {
  /** Requests a client may make at once before it is limited. @default 10 */
  readonly burst?: number | undefined;
  /** Requests per minute a client earns back after a burst (fractions allowed: 0.5 is one every 2 minutes). @default 30 */
  readonly perMinute?: number | undefined;
}

/**
 * A token bucket per client, in memory: each client may send `burst` requests at once and then
 * `perMinute` a minute. At most 10,000 clients are tracked; the least recently seen are
 * forgotten first (a forgotten client starts with a full bucket again, which only errs towards
 * letting people ask). The answer service keeps its buckets in a `LimitStore` instead (see
 * `AnswerServiceOptions.limitStore`); this is the same rule for your own routes.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ burst: 5, perMinute: 10 });
 * const wait = limiter.take('ip:192.0.2.7'); // 0, or the seconds for Retry-After
 * ```
 */
export class RateLimiter {
  readonly #buckets: MemoryLimitStore;
  readonly #rule: { capacity: number; refillMs: number };

  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    const burst = options.burst ?? 10;
    this.#rule = { capacity: burst, refillMs: (burst / (options.perMinute ?? 30)) * 60_000 };
    this.#buckets = new MemoryLimitStore({ maxKeys: 10_000, now });
  }

  /**
   * Takes a token for `client`. Returns 0 when the request may go ahead, or the seconds until the
   * client may try again (for `Retry-After`).
   */
  take(client: string): number {
    return this.#buckets.take(client, 1, this.#rule);
  }
}
