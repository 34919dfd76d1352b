/** Options of {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Requests a client may make at once before it is limited. @default 10 */
  readonly burst?: number | undefined;
  /** Requests per minute a client earns back after a burst. @default 30 */
  readonly perMinute?: number | undefined;
}

/**
 * A token bucket per client: each client may send `burst` requests at once and then `perMinute`
 * a minute. At most 10,000 clients are tracked; the least recently seen are forgotten first (a
 * forgotten client starts with a full bucket again, which only errs towards letting people ask).
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #burst: number;
  readonly #perMs: number;
  readonly #now: () => number;

  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    this.#burst = options.burst ?? 10;
    this.#perMs = (options.perMinute ?? 30) / 60_000;
    this.#now = now;
  }

  /**
   * Takes a token for `client`. Returns 0 when the request may go ahead, or the seconds until the
   * client may try again (for `Retry-After`).
   */
  take(client: string): number {
    const now = this.#now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.#burst, at: now };
    this.#buckets.delete(client);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > 10_000) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000));
  }
}
