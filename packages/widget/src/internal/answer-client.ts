import { KotaeServiceError, type AnswerEventMap } from '@kotae/knowledge';
import { sseParser } from './sse.js';

/** One event of `POST /v1/answer` but `error` (which rejects instead), as a tagged union. */
export type AnswerEvent = {
  [K in Exclude<keyof AnswerEventMap, 'error'>]: { readonly name: K; readonly data: AnswerEventMap[K] };
}[Exclude<keyof AnswerEventMap, 'error'>];

/** The body of `POST /v1/answer`. */
export interface AnswerRequest {
  readonly query: string;
  readonly locale: string;
  readonly context?: string | undefined;
}

/** The body of `POST /v1/feedback`. */
export interface FeedbackRequest {
  readonly interactionId: string;
  readonly helpful: boolean;
  readonly resolved?: boolean;
}

/**
 * No answer: the service answered with an HTTP error (`status`, and its JSON
 * `{error: {code, message}}`), its stream ended in an `error` event, or the stream broke off
 * twice before its end (`code` `stream_broken`). In the `service` family; its `code` is the
 * service's own (`rate_limited`, `query_too_long`… as `docs/answer-service.md` lists them),
 * `http_error` when the response had none, or `stream_broken`.
 */
export class AnswerError extends KotaeServiceError {
  override readonly name = 'AnswerError';
  constructor(
    override readonly code: string,
    message: string,
    readonly status?: number,
    /** Seconds to wait, from `Retry-After` (429, 503), when the response exposes it. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/**
 * Asks the answer service: `POST {endpoint}/v1/answer`, reading the event stream as it arrives
 * and calling `onEvent` for each event up to `done`. When the stream breaks off before its end,
 * it re-posts the same body once with `Last-Event-ID`: the id of the last complete event, exactly
 * as received (ids are opaque, `<interactionId>.<n>`), and the service sends the events after it.
 * Rejects with an {@link AnswerError} (for a non-2xx response, such as `410` when the answer can
 * no longer be resumed, an `error` event, or when the resumed stream breaks off too), or with the
 * signal's reason when aborted.
 */
export async function streamAnswer(
  endpoint: string,
  request: AnswerRequest,
  onEvent: (event: AnswerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let last: string | undefined;
  let failure: AnswerEventMap['error'] | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    let ended = false;
    try {
      const response = await post(endpoint, 'answer', request, signal, last);
      const feed = sseParser(({ id, event, data }) => {
        if (ended) return;
        last = id;
        ended = event === 'done' || event === 'error';
        if (event === 'error') failure = JSON.parse(data) as AnswerEventMap['error'];
        else onEvent({ name: event, data: JSON.parse(data) } as AnswerEvent);
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      while (!ended) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(value);
      }
      if (ended) {
        void reader.cancel().catch(() => {});
        if (failure) throw new AnswerError(failure.code, failure.message);
        return;
      }
    } catch (error) {
      if (signal.aborted || error instanceof AnswerError || attempt > 0) throw error;
    }
  }
  throw new AnswerError('stream_broken', 'the answer stream broke off before it was done');
}

/** Posts "Did this solve your problem?" to `POST {endpoint}/v1/feedback`. */
export async function postFeedback(endpoint: string, feedback: FeedbackRequest): Promise<void> {
  await post(endpoint, 'feedback', feedback);
}

/** Posts a contact-form message to `POST {endpoint}/v1/escalations`; resolves with the service's answer (`id`, `destinations`). */
export async function postEscalation(endpoint: string, body: unknown): Promise<{ id: string }> {
  return (await post(endpoint, 'escalations', body)).json() as Promise<{ id: string }>;
}

async function post(endpoint: string, path: string, body: unknown, signal?: AbortSignal, lastEventId?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(new URL(`${endpoint.replace(/\/*$/, '')}/v1/${path}`, document.baseURI), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    referrerPolicy: 'no-referrer',
    signal: signal ?? null,
  });
  if (response.ok) return response;
  const { error } = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
  throw new AnswerError(
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${response.status}`,
    response.status,
    retryAfter >= 0 ? retryAfter : undefined,
  );
}
