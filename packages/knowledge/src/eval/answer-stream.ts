import type { AnswerCitation, AnswerDone, AnswerEventMap, AnswerSource } from '../answer/answer-events.js';
import { sseParser } from '../answer/sse-parser.js';

/** Everything one `POST /v1/answer` stream said, collected. */
export interface CollectedAnswer {
  /** The `sources` event's sources (empty when none came). */
  readonly sources: AnswerSource[];
  /** The answer text: every `delta` concatenated, honouring `reset`. */
  readonly text: string;
  /** How many `delta` events had `reset: true` (a model answer replaced midway). */
  readonly resets: number;
  /** The `citations` event's citations, or `undefined` when the stream sent none. */
  readonly citations: AnswerCitation[] | undefined;
  /** The `done` event, or `undefined` when the stream ended without one. */
  readonly done: AnswerDone | undefined;
  /** The `error` event, when the service sent one. */
  readonly error: AnswerEventMap['error'] | undefined;
}

/**
 * Reads an answer service's `text/event-stream` response body to its end and collects its
 * events, with the same incremental parser the widget uses ({@link sseParser}). Events whose data
 * is not JSON are ignored; unknown event names too (the stream may grow new ones).
 *
 * @example
 * ```ts
 * const response = await fetch(`${endpoint}/v1/answer`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ query: 'How do I reset my password?' }),
 * })
 * const answer = await collectAnswer(response.body!)
 * console.log(answer.done?.mode, answer.text)
 * ```
 */
export async function collectAnswer(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<CollectedAnswer> {
  let sources: AnswerSource[] = [];
  let text = '';
  let resets = 0;
  let citations: AnswerCitation[] | undefined;
  let done: AnswerDone | undefined;
  let error: AnswerEventMap['error'] | undefined;
  const feed = sseParser((event) => {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (event.event === 'sources') sources = (data as AnswerEventMap['sources']).sources;
    else if (event.event === 'delta') {
      const delta = data as AnswerEventMap['delta'];
      if (delta.reset) {
        text = '';
        resets++;
      }
      text += delta.text;
    } else if (event.event === 'citations') citations = (data as AnswerEventMap['citations']).citations;
    else if (event.event === 'done') done = data as AnswerDone;
    else if (event.event === 'error') error = data as AnswerEventMap['error'];
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      feed(decoder.decode(value, { stream: true }));
    }
    feed(decoder.decode());
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { sources, text, resets, citations, done, error };
}
