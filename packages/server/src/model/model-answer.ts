import type OpenAI from 'openai';
import { ModelError } from '@kotae/knowledge/errors';
import type { AnswerPrompt } from '@kotae/knowledge/answer';
import { streamError, upstreamError } from './upstream-error.js';
import type { CircuitBreaker } from './circuit-breaker.js';

/** Options of {@link streamModelAnswer}. */
export interface ModelAnswerOptions {
  /** The openai client (its `baseURL` may point at any OpenAI-compatible server). */
  readonly client: OpenAI;
  /** The model name. */
  readonly model: string;
  /** Cap on the answer's length, in tokens. */
  readonly maxOutputTokens: number;
  /** Abort when the stream sends nothing for this long, in milliseconds. */
  readonly stallTimeoutMs: number;
  /** Abort when the whole answer takes longer than this, in milliseconds. */
  readonly timeoutMs: number;
  /** The circuit breaker the calls go through: when it is open, no call is made. @default none */
  readonly breaker?: CircuitBreaker | undefined;
}

/**
 * Streams a model's answer through the Responses API: yields the text deltas as they arrive.
 *
 * The call is made with `store: false` (the Responses API keeps responses by default; customer
 * questions must not be kept). A watchdog aborts the call when the stream stalls or the answer
 * runs past its time; `signal` aborts it when the client goes away. Every failure is thrown as a
 * {@link ModelError} saying why; an abort through `signal` ends the stream quietly.
 */
export async function* streamModelAnswer(prompt: AnswerPrompt, options: ModelAnswerOptions, signal: AbortSignal): AsyncGenerator<string> {
  const breaker = options.breaker;
  if (breaker && !breaker.allow()) throw new ModelError('circuit-open', 'the model is not called while its circuit breaker is open');
  // Whether the provider answered: a stream the caller stops early (a bad citation, a decline) still counts as a working model.
  let streamed = false;
  let settled = false;
  const settle = (error?: ModelError) => {
    settled = true;
    if (error) breaker?.failure(error);
    else breaker?.success();
  };
  const watchdog = new AbortController();
  let failure: ModelError | undefined;
  const fail = (error: ModelError) => {
    failure ??= error;
    watchdog.abort(error);
  };
  const onAbort = () => watchdog.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const total = setTimeout(() => fail(new ModelError('timeout', `no complete answer after ${options.timeoutMs} ms`)), options.timeoutMs);
  let stall: ReturnType<typeof setTimeout> | undefined;
  const feed = () => {
    clearTimeout(stall);
    stall = setTimeout(
      () => fail(new ModelError('stall', `the stream sent nothing for ${options.stallTimeoutMs} ms`)),
      options.stallTimeoutMs,
    );
  };
  try {
    feed();
    const stream = await options.client.responses.create(
      {
        model: options.model,
        instructions: prompt.instructions,
        input: prompt.input,
        max_output_tokens: options.maxOutputTokens,
        store: false,
        stream: true,
      },
      { signal: watchdog.signal },
    );
    for await (const event of stream) {
      feed();
      streamed = true;
      if (event.type === 'response.output_text.delta') yield event.delta;
      else if (event.type === 'error') throw streamError(event.code);
      else if (event.type === 'response.failed') throw streamError(event.response.error?.code);
      else if (event.type === 'response.completed' || event.type === 'response.incomplete') {
        settle();
        return;
      }
    }
    if (failure) throw failure;
    if (signal.aborted) return;
    throw new ModelError('network', 'the stream ended before response.completed');
  } catch (error) {
    if (failure) {
      settle(failure);
      throw failure;
    }
    if (signal.aborted) return;
    const upstream = upstreamError(error);
    settle(upstream);
    throw upstream;
  } finally {
    if (!settled) {
      if (streamed && !signal.aborted) breaker?.success();
      else breaker?.abandon();
    }
    clearTimeout(total);
    clearTimeout(stall);
    signal.removeEventListener('abort', onAbort);
  }
}
