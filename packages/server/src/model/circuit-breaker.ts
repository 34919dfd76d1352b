import type { ModelError } from '@kotae/knowledge/errors';

/** Options of the model's circuit breaker (`OpenAIAnswerOptions.circuitBreaker`). */
export interface CircuitBreakerOptions {
  /** Failed calls in a row (errors, timeouts, stalls, broken streams) that open the breaker. @default 5 */
  readonly failureThreshold?: number | undefined;
  /** How long an open breaker keeps the model from being called before one probe call, in milliseconds. @default 30000 */
  readonly cooldownMs?: number | undefined;
  /**
   * The longest a `Retry-After` from the model API (with a 429 or 503) keeps the breaker open;
   * such an answer opens it at once, for as long as it asks. @default 300000
   */
  readonly maxCooldownMs?: number | undefined;
}

/** The breaker's state: calls flow (`closed`), are refused (`open`), or one probe is let through (`half-open`). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** HTTP statuses that say nothing about the provider's health (this request was bad), so they do not count. */
const REQUEST_FAULTS = new Set([400, 404, 409, 413, 422]);

/**
 * Remembers that the model provider is failing, so that requests stop waiting for their own
 * timeouts: after `failureThreshold` failed calls in a row (or one answer with `Retry-After`)
 * the breaker opens and the model is not called for `cooldownMs` — answers are extractive at
 * once, marked as a fallback with reason `circuit-open`. Then one call is let through as a
 * probe (half-open): its success closes the breaker, its failure opens it for another cool-down.
 * Failures that are the request's own (a 400, a bad citation, the model declining) do not count.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #maxCooldownMs: number;
  readonly #now: () => number;
  readonly #onChange: (state: CircuitState, cooldownMs: number | undefined) => void;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openUntil = 0;
  #probing = false;

  constructor(
    options: CircuitBreakerOptions = {},
    now: () => number = Date.now,
    onChange: (state: CircuitState, cooldownMs: number | undefined) => void = () => {},
  ) {
    this.#threshold = Math.max(1, options.failureThreshold ?? 5);
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#maxCooldownMs = options.maxCooldownMs ?? 300_000;
    this.#now = now;
    this.#onChange = onChange;
  }

  /** The current state (an open breaker whose cool-down has passed still reads `open` until a call probes). */
  get state(): CircuitState {
    return this.#state;
  }

  /** Whether a call may be made now; when the cool-down has passed, the first caller becomes the probe. */
  allow(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.#now() < this.#openUntil) return false;
      this.#change('half-open');
    }
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** The call worked: the breaker closes. */
  success(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#change('closed');
  }

  /** The call failed: counted, unless the failure was the request's own. */
  failure(error: ModelError): void {
    if (!counts(error)) {
      this.abandon();
      return;
    }
    this.#failures++;
    this.#probing = false;
    const asked = error.retryAfterMs;
    if (this.#state === 'half-open' || this.#failures >= this.#threshold || asked !== undefined) {
      const cooldown = Math.min(this.#maxCooldownMs, Math.max(this.#cooldownMs, asked ?? 0));
      this.#openUntil = this.#now() + cooldown;
      this.#change('open', cooldown);
    }
  }

  /** The call ended without telling either way (the client went away): a probe's turn passes to the next call. */
  abandon(): void {
    this.#probing = false;
  }

  #change(state: CircuitState, cooldownMs?: number): void {
    this.#state = state;
    this.#onChange(state, cooldownMs);
  }
}

/** Whether a failure says the provider is unhealthy (not that this request was bad, or the answer unusable). */
function counts(error: ModelError): boolean {
  switch (error.reason) {
    case 'timeout':
    case 'stall':
    case 'network':
    case 'model-error':
    case 'rate-limited':
      return true;
    case 'http-error':
      return !REQUEST_FAULTS.has(error.status ?? 0);
    default:
      return false;
  }
}
