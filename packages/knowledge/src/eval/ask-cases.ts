import { AnswerServiceError } from '../errors.js';
import type { EvalCase } from '../schema/eval-case.js';
import { collectAnswer, type CollectedAnswer } from './answer-stream.js';

/** Options of {@link askCases} and {@link checkAnswerService}. */
export interface AskCasesOptions {
  /**
   * The answer service's base URL, where its `/v1/…` routes are: `kotae serve`'s
   * `http://127.0.0.1:8787/api/kotae`, or wherever the handler is mounted.
   */
  readonly endpoint: string;
  /** The fetch to call it with (pass the handler itself to ask it in-process). @default globalThis.fetch */
  readonly fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Questions in flight at once. @default 4 */
  readonly concurrency?: number | undefined;
  /**
   * How often a question refused with 429 (the service's rate limit) is asked again, after the
   * `Retry-After` it sends. @default 20
   */
  readonly maxRateLimitRetries?: number | undefined;
  /** Called after each answer, for progress. */
  readonly onAnswer?: ((done: number, total: number) => void) | undefined;
  /** Stops asking. */
  readonly signal?: AbortSignal | undefined;
}

/** What one question got: the collected stream, or why there is none. */
export type AskOutcome = CollectedAnswer | { readonly error: string };

/**
 * Checks that a kotae answer service answers at `endpoint` (`GET /v1/health`) and returns its
 * health report. Throws an {@link AnswerServiceError} naming the URL when nothing listens there
 * or what answers is not one.
 *
 * @example
 * ```ts
 * const health = await checkAnswerService({ endpoint: 'http://127.0.0.1:8787/api/kotae' })
 * console.log(health.mode) // 'extractive'
 * ```
 */
export async function checkAnswerService(options: Pick<AskCasesOptions, 'endpoint' | 'fetch' | 'signal'>): Promise<{ mode: string }> {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/health`;
  const call = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await call(new Request(url, { signal: options.signal }));
  } catch (error) {
    throw new AnswerServiceError(url, `cannot reach the answer service (${reason(error)})`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { status?: unknown; mode?: unknown } | undefined;
  if (!response.ok || body?.status !== 'ok')
    throw new AnswerServiceError(url, `not a kotae answer service (HTTP ${response.status}; expected {"status":"ok"} from /v1/health)`);
  return { mode: typeof body.mode === 'string' ? body.mode : 'unknown' };
}

/**
 * Asks an answer service every case's question through its HTTP API (`POST /v1/answer` with the
 * case's `query`, `locale` and `context`), at most `concurrency` at a time, and collects each
 * answer stream. The outcomes are in the order of `cases`. A failed request (HTTP error, a
 * connection dropped midway) is that case's outcome, not a thrown error; a 429 is retried after
 * its `Retry-After`.
 *
 * @example
 * ```ts
 * const handler = createAnswerHandler({ bundle, rateLimit: false })
 * const outcomes = await askCases(cases, { endpoint: 'http://kotae.internal', fetch: handler })
 * ```
 */
export async function askCases(cases: readonly EvalCase[], options: AskCasesOptions): Promise<AskOutcome[]> {
  const outcomes: AskOutcome[] = new Array(cases.length);
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, cases.length));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < cases.length) {
        options.signal?.throwIfAborted();
        const i = next++;
        outcomes[i] = await askOne(cases[i]!, options);
        options.onAnswer?.(++done, cases.length);
      }
    }),
  );
  return outcomes;
}

async function askOne(evalCase: EvalCase, options: AskCasesOptions): Promise<AskOutcome> {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/answer`;
  const call = options.fetch ?? fetch;
  const body = JSON.stringify({
    query: evalCase.query,
    ...(evalCase.locale === undefined ? {} : { locale: evalCase.locale }),
    ...(evalCase.context === undefined ? {} : { context: evalCase.context }),
  });
  const retries = options.maxRateLimitRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await call(
        new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: options.signal }),
      );
    } catch (error) {
      options.signal?.throwIfAborted();
      return { error: `${url}: ${reason(error)}` };
    }
    if (response.status === 429 && attempt < retries) {
      await response.body?.cancel();
      const seconds = Number(response.headers.get('retry-after'));
      await sleep((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000, options.signal);
      continue;
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      return { error: `HTTP ${response.status} from ${url}${text ? `: ${text.slice(0, 200)}` : ''}` };
    }
    try {
      return await collectAnswer(response.body, options.signal);
    } catch (error) {
      options.signal?.throwIfAborted();
      return { error: `the answer stream from ${url} broke off (${reason(error)})` };
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** The innermost message of an error (`fetch failed` hides `connect ECONNREFUSED …` in its cause). */
function reason(error: unknown): string {
  let e = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
