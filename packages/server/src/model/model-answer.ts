import type OpenAI from 'openai';
import { APIError, APIUserAbortError } from 'openai';
import { ModelError } from '@kotae/knowledge/errors';
import type { AnswerPrompt } from '@kotae/knowledge/answer';

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
      if (event.type === 'response.output_text.delta') yield event.delta;
      else if (event.type === 'error') throw new ModelError('model-error', `${event.code ?? 'error'}: ${event.message}`);
      else if (event.type === 'response.failed')
        throw new ModelError('model-error', event.response.error?.message ?? 'the response failed');
      else if (event.type === 'response.completed' || event.type === 'response.incomplete') return;
    }
    if (failure) throw failure;
    if (signal.aborted) return;
    throw new ModelError('network', 'the stream ended before response.completed');
  } catch (error) {
    if (failure) throw failure;
    if (signal.aborted) return;
    throw asModelError(error);
  } finally {
    clearTimeout(total);
    clearTimeout(stall);
    signal.removeEventListener('abort', onAbort);
  }
}

function asModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError('network', 'the call was aborted', { cause: error });
  if (error instanceof APIError && error.status !== undefined) {
    const reason = error.status === 429 ? 'rate-limited' : 'http-error';
    return new ModelError(reason, `HTTP ${error.status}: ${error.message}`, { status: error.status, cause: error });
  }
  if (error instanceof APIError) return new ModelError('model-error', error.message, { cause: error });
  return new ModelError('network', error instanceof Error ? error.message : String(error), { cause: error });
}
