/**
 * The `service` family: an answer service that could not be used.
 */

import { KotaeServiceError } from './kotae-error.js';

/**
 * An answer service that could not be used: nothing listens at the URL, or what answers is not a
 * kotae answer service (no `GET /v1/health` with `status: "ok"`).
 *
 * @example
 * ```ts
 * try { await checkAnswerService('http://127.0.0.1:8787/api/kotae') } catch (e) { if (e instanceof AnswerServiceError) console.error(e.url) }
 * ```
 */
export class AnswerServiceError extends KotaeServiceError {
  /** Always `answer-service-unavailable`. */
  override readonly code = 'answer-service-unavailable';
  /** The URL that failed. */
  readonly url: string;
  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super(`${url}: ${problem}`, options);
    this.url = url;
  }
}
