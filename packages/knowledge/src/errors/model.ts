/**
 * The `model` family: model answers that could not be used.
 */

import { KotaeModelError } from './kotae-error.js';

/**
 * Why a model answer failed: the answer service then falls back to the extractive answer, with
 * `reason` as its `fallbackReason`; except `uncited` (the answer cited no source) and `declined`
 * (the model said the sources do not answer the question, see `DECLINE_MARK`), which become the
 * refusal with the way to a person. `circuit-open`: the model was not called, because its circuit
 * breaker is open after repeated failures.
 */
export type ModelFailure =
  | 'timeout'
  | 'stall'
  | 'rate-limited'
  | 'http-error'
  | 'model-error'
  | 'network'
  | 'invalid-citation'
  | 'uncited'
  | 'declined'
  | 'circuit-open';

/** A model answer that could not be used: the call failed, stalled, timed out, or cited wrongly. */
export class ModelError extends KotaeModelError {
  /** Always `model-failed`. */
  override readonly code = 'model-failed';
  readonly reason: ModelFailure;
  /** The HTTP status of the model API, when it answered with an error. */
  readonly status: number | undefined;
  /** How long the model API asked to be left alone (its `Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(
    reason: ModelFailure,
    message: string,
    options?: { status?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown },
  ) {
    super(`model answer failed (${reason}): ${message}`, options);
    this.reason = reason;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
