/**
 * Liveness, readiness and the graceful drain of the answer handler, over real HTTP on loopback
 * with the fake OpenAI-compatible server as the model.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { LoadedBundle, StoreRecord } from '@kotae/knowledge';
import { createAnswerHandler, MemoryInteractionStore, ReadinessTimeoutError } from '../src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { answerText, readEvents, serveHandler } from './support/sse-client.js';
import { compileContent } from '@kotae/knowledge/node';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;
let fake: FakeOpenAI;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  fake = await startFakeOpenAI();
});
after(async () => {
  await fake?.close();
});

/** A store whose lookups never answer (a database that hangs). */
class SilentStore extends MemoryInteractionStore {
  override interaction(): Promise<undefined> {
    return new Promise(() => undefined);
  }
}

const question = { query: 'I forgot my password', locale: 'en' };

describe('createAnswerHandler: liveness, readiness, drain', () => {
  it('is live and ready with a bundle and a reachable store', async () => {
    const handler = createAnswerHandler({ bundle });
    const live = await handler(new Request('http://kotae/v1/live'));
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: 'ok' });
    const ready = await handler(new Request('http://kotae/v1/ready'));
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', bundle: { id: bundle.manifest.id, version: bundle.manifest.version } });
  });

  it('is not ready when the store does not answer, and tells onError why', async () => {
    const errors: unknown[] = [];
    const handler = createAnswerHandler({ bundle, store: new SilentStore(), onError: (e) => errors.push(e) });
    const ready = await handler(new Request('http://kotae/v1/ready'));
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'unavailable', reason: 'the bundle or the store is not available' });
    assert.ok(errors[0] instanceof ReadinessTimeoutError);
    assert.equal(errors[0].code, 'readiness-timeout');
    assert.equal(errors[0].message, 'the interaction store did not answer the readiness check within 2000 ms');
  });

  it('drains: not ready, new questions refused with 503, the answer under way finishes and is recorded', async () => {
    const store = new MemoryInteractionStore();
    const chunks = Array.from({ length: 20 }, (_, i) => `Step ${i} [1]. `);
    fake.script({ kind: 'stream', chunks, delayMs: 20 });
    const handler = createAnswerHandler({
      bundle,
      store,
      rateLimit: false,
      openai: { client: new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }) },
    });
    const http = await serveHandler(handler);
    try {
      const ask = () =>
        fetch(`${http.url}/v1/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(question) });
      const res = await ask();
      const reading = readEvents(res);
      // Wait for the model's first words, then start the shutdown.
      while (fake.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
      const drained = handler.drain(60_000);
      const ready = await fetch(`${http.url}/v1/ready`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'unavailable', reason: 'shutting down' });
      const refused = await ask();
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'shutting_down');
      assert.equal(await drained, 0, 'nothing left unfinished');
      const { events } = await reading;
      assert.equal(answerText(events), chunks.join(''));
      const done = events.at(-1)!;
      assert.equal(done.event, 'done');
      const records: StoreRecord[] = [];
      for await (const r of store.records()) records.push(r);
      assert.deepEqual(
        records.map((r) => (r.kind === 'interaction' ? r.id : r.kind)),
        [(done.data as { interactionId: string }).interactionId],
      );
    } finally {
      await http.close();
    }
  });

  it('drains within its deadline and counts the answers still unfinished', async () => {
    fake.script({ kind: 'stream', chunks: Array.from({ length: 200 }, () => 'slow [1]. '), delayMs: 50 });
    const handler = createAnswerHandler({
      bundle,
      rateLimit: false,
      openai: { client: new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }) },
    });
    const http = await serveHandler(handler);
    const client = new AbortController();
    try {
      const calls = fake.calls.length;
      const res = await fetch(`${http.url}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(question),
        signal: client.signal,
      });
      assert.equal(res.status, 200);
      while (fake.calls.length === calls) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await handler.drain(50), 1);
    } finally {
      client.abort();
      await http.close();
    }
  });
});
