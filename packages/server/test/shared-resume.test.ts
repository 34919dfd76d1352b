/**
 * Resuming an answer on another instance: two answer services on one real PostgreSQL database
 * (started for these tests), the model the fake OpenAI-compatible server; a client reads part of
 * an answer from one, drops, and resumes with `Last-Event-ID` on the other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { LoadedBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler } from '../src/index.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { answerText, readEvents, serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;
let server: PostgresServer;
let fake: FakeOpenAI;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  server = await startPostgres();
  fake = await startFakeOpenAI();
});
after(async () => {
  await fake?.close();
  await server?.stop();
});

/** An instance of the service on loopback, with its own store connection to `url`. */
async function instance(url: string) {
  const store = await PostgresInteractionStore.open(url);
  const handler = createAnswerHandler({
    bundle,
    store,
    answerEvents: store.answerEvents(),
    limitStore: store.limitStore(),
    openai: { client: new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }) },
    disconnectGraceMs: 300,
  });
  const http = await serveHandler(handler);
  const ask = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${http.url}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  return {
    store,
    ask,
    async close() {
      await http.close();
      await store.close();
    },
  };
}

describe('resume on another instance (answerEvents)', () => {
  it('continues an answer produced by one instance on another, without loss or duplication', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await instance(url), await instance(url)];
    const chunks = Array.from({ length: 40 }, (_, i) => `Step ${i}: do it [1]. `);
    fake.script({ kind: 'stream', chunks, delayMs: 25 });
    try {
      const question = { query: 'I forgot my password', locale: 'en' };
      const client = new AbortController();
      const first = await readEvents(
        await a.ask(question, {}, client.signal),
        (list) => list.filter((e) => e.event === 'delta').length >= 5,
      );
      client.abort();
      const last = first.events.at(-1)!.id;
      // Give the first instance time to notice the drop: it must keep answering for the reader elsewhere.
      await new Promise((r) => setTimeout(r, 100));
      const res = await b.ask(question, { 'last-event-id': last });
      assert.equal(res.status, 200);
      const rest = await readEvents(res);
      const all = [...first.events, ...rest.events];
      assert.equal(answerText(all), chunks.join(''));
      const seqs = all.map((e) => Number(e.id.split('.')[1]));
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i),
      );
      const done = all.at(-1)!;
      assert.equal(done.event, 'done');
      assert.equal((done.data as { mode: string }).mode, 'openai');
      assert.equal(fake.calls.at(-1)!.wasAborted, false, 'the producer kept going while the other instance read');
      const id = last.split('.')[0]!;
      assert.equal((await b.store.interaction(id))?.aborted, undefined, 'the whole answer is recorded, readable from either instance');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('resumes a finished answer on another instance from any event, and answers 410 to one it never saw', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await instance(url), await instance(url)];
    fake.script({ kind: 'stream', chunks: ['One [1]. ', 'Two [1]. ', 'Three [1].'] });
    try {
      const question = { query: 'I forgot my password', locale: 'en' };
      const whole = await readEvents(await a.ask(question));
      const from = whole.events[1]!.id;
      const rest = await readEvents(await b.ask(question, { 'last-event-id': from }));
      assert.equal(rest.raw, whole.raw.slice(whole.raw.indexOf(`id: ${whole.events[2]!.id}`)), 'byte for byte the events after it');
      const unknown = await b.ask(question, { 'last-event-id': `${crypto.randomUUID()}.2` });
      assert.equal(unknown.status, 410);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'resume_unavailable');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
