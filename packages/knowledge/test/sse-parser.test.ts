import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sseParser, type AnswerEventMap, type AnswerEventName, type SseEvent } from '../src/index.js';
import { collectAnswer } from '../src/eval/answer-stream.js';

/** Feeds `text` to a fresh parser in the given pieces and returns the events. */
function parse(pieces: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const feed = sseParser((e) => events.push(e));
  for (const piece of pieces) feed(piece);
  return events;
}

/** Cuts `text` at the given positions (sorted, deduplicated). */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(text.slice(last, p));
    last = p;
  }
  pieces.push(text.slice(last));
  return pieces;
}

/** A stream of the service's events, as bytes, in chunks of 1–7 bytes (cutting UTF-8 sequences). */
function byteStream(text: string, sizes: readonly number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = sizes.length ? sizes[k % sizes.length]! : bytes.length;
    chunks.push(bytes.slice(i, i + size));
    i += size;
  }
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** One event as the answer service writes it (`@kotae/server`'s SSE writer). */
function encodeEvent<K extends AnswerEventName>(id: string, event: K, data: AnswerEventMap[K]): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

describe('sseParser', () => {
  it('dispatches the same events however the stream is cut', () => {
    const event = fc.record({
      name: fc.constantFrom('delta', 'sources', 'message'),
      text: fc.string({ unit: 'grapheme', maxLength: 20 }),
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (events, at) => {
        const text = events
          .map((e, i) => {
            const block = `: keepalive\n\n${encodeEvent(String(i), 'delta', { text: e.text }).replace('event: delta', `event: ${e.name}`)}`;
            return e.crlf ? block.replace(/\n/g, '\r\n') : block;
          })
          .join('');
        const whole = parse([text]);
        assert.deepEqual(parse(cut(text, at)), whole);
        assert.deepEqual(
          whole.map((e) => [e.event, JSON.parse(e.data) as unknown]),
          events.map((e) => [e.name, { text: e.text }]),
        );
      }),
    );
  });

  it('never dispatches an event the stream ends in the middle of', () => {
    assert.deepEqual(parse(['event: delta\ndata: {"text":"a"}\n']), []);
  });
});

describe('collectAnswer', () => {
  it('collects an answer stream cut anywhere, honouring reset', async () => {
    const text = [
      encodeEvent('i.0', 'sources', { sources: [{ n: 1, id: 'a#b', articleId: 'a', anchor: 'b', title: 'A', snippet: '' }] }),
      encodeEvent('i.1', 'delta', { text: 'モデルの答え [' }),
      encodeEvent('i.2', 'delta', { text: '', reset: true }),
      encodeEvent('i.3', 'delta', { text: '返金は' }),
      ': keepalive\n\n',
      encodeEvent('i.4', 'delta', { text: '5〜7営業日です [1]。' }),
      encodeEvent('i.5', 'citations', { citations: [{ n: 1, id: 'a#b' }] }),
      encodeEvent('i.6', 'done', { interactionId: 'i', mode: 'fallback', grounded: true, fallbackReason: 'invalid-citation' }),
    ].join('');
    for (const sizes of [[], [1], [2, 3], [7, 1, 5]]) {
      const answer = await collectAnswer(byteStream(text, sizes));
      assert.deepEqual(answer, {
        sources: [{ n: 1, id: 'a#b', articleId: 'a', anchor: 'b', title: 'A', snippet: '' }],
        text: '返金は5〜7営業日です [1]。',
        resets: 1,
        citations: [{ n: 1, id: 'a#b' }],
        done: { interactionId: 'i', mode: 'fallback', grounded: true, fallbackReason: 'invalid-citation' },
        error: undefined,
      });
    }
  });

  it('keeps an error event and leaves done undefined when the stream ends without one', async () => {
    const answer = await collectAnswer(byteStream(encodeEvent('i.0', 'error', { code: 'internal_error', message: 'failed' }), [3]));
    assert.deepEqual([answer.error, answer.done, answer.citations], [{ code: 'internal_error', message: 'failed' }, undefined, undefined]);
  });
});
