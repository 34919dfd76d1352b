import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { LoadedBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { combineListeners, createAnswerHandler, MemoryInteractionStore, type ServiceEvent } from '../src/index.js';
import { createRequestLog, createServiceMetrics } from '../src/node.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { readEvents, serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;
let fake: FakeOpenAI;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  fake = await startFakeOpenAI();
});
after(() => fake.close());

/** A service on loopback with the metrics, the JSON log and a plain `onEvent` listener. */
async function observed(model = false) {
  const metrics = createServiceMetrics({ processMetrics: false });
  const lines: string[] = [];
  const log = createRequestLog({ destination: { write: (line: string) => lines.push(line) } });
  const events: ServiceEvent[] = [];
  const handler = createAnswerHandler({
    bundle,
    store: new MemoryInteractionStore(),
    rateLimit: { burst: 3, perMinute: 1 },
    onEvent: combineListeners(metrics.onEvent, log.onEvent, (event) => events.push(event)),
    ...(model
      ? {
          openai: {
            client: new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }),
            stallTimeoutMs: 300,
            timeoutMs: 3000,
          },
        }
      : {}),
  });
  const server = await serveHandler(handler);
  const ask = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, locale: 'en' }),
    });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = async () => (await metrics.handler()).text();
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { server, ask, post, events, text, logged, lines };
}

/** The value of one sample in Prometheus' text format. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observing the answer service', () => {
  it('counts answers, refusals, escalations and 429s per route and mode, and times the first event', async () => {
    const s = await observed();
    try {
      const answer = await readEvents(await s.ask('I forgot my password and cannot sign in'));
      const interactionId = (answer.events.find((e) => e.event === 'done')!.data as { interactionId: string }).interactionId;
      await readEvents(await s.ask('What is the capital of France?'));
      assert.equal((await s.post('/v1/escalations', { interactionId, message: 'please call me' })).status, 202);
      assert.equal((await s.post('/v1/feedback', { interactionId, helpful: true })).status, 204);
      const limited = await s.ask('How do I reset my password?');
      assert.equal(limited.status, 200);
      await readEvents(limited);
      assert.equal((await s.ask('And refunds?')).status, 429);

      const text = await s.text();
      assert.equal(sample(text, 'kotae_requests_total{route="answer",method="POST",status="200",mode="extractive"}'), 2);
      assert.equal(sample(text, 'kotae_requests_total{route="answer",method="POST",status="200",mode="refusal"}'), 1);
      assert.equal(sample(text, 'kotae_requests_total{route="answer",method="POST",status="429",mode=""}'), 1);
      assert.equal(sample(text, 'kotae_requests_total{route="feedback",method="POST",status="204",mode=""}'), 1);
      assert.equal(sample(text, 'kotae_refusals_total'), 1);
      assert.equal(sample(text, 'kotae_escalations_total'), 1);
      assert.equal(sample(text, 'kotae_rate_limited_total{route="answer",limit="answers"}'), 1);
      assert.equal(sample(text, 'kotae_answer_first_event_seconds_count{mode="extractive"}'), 2);
      assert.equal(sample(text, 'kotae_request_duration_seconds_count{route="answer",mode="refusal"}'), 1);
      // Interactions, feedback: each write timed; none left waiting.
      assert.equal(sample(text, 'kotae_store_write_duration_seconds_count{ok="true"}'), 4);
      assert.equal(sample(text, 'kotae_store_writes_pending'), 0);
      assert.equal(sample(text, 'kotae_model_breaker_state'), 0);
    } finally {
      await s.server.close();
    }
  });

  it('logs one JSON line per request with the id it sends back, and never the question', async () => {
    const s = await observed();
    try {
      const first = await s.ask('I forgot my password and cannot sign in');
      await readEvents(first);
      const second = await s.ask('How do I change my email address?', { 'x-request-id': 'lb-7f3a.1' });
      await readEvents(second);
      const bad = await s.ask('How do I export my data?', { 'x-request-id': 'two words {"level":60}' });
      await readEvents(bad);
      const health = await fetch(`${s.server.url}/v1/health`);
      assert.equal(health.status, 200);

      const entries = s.logged();
      assert.equal(entries.length, 4);
      assert.equal(entries[0]!.requestId, first.headers.get('x-request-id'));
      assert.match(String(entries[0]!.requestId), /^[0-9a-f-]{36}$/);
      assert.equal(entries[1]!.requestId, 'lb-7f3a.1');
      assert.equal(second.headers.get('x-request-id'), 'lb-7f3a.1');
      // A malformed id is replaced, not logged.
      assert.match(String(entries[2]!.requestId), /^[0-9a-f-]{36}$/);
      assert.equal(entries[3]!.requestId, health.headers.get('x-request-id'));
      const { time: _time, durationMs, firstEventMs, requestId: _id, interactionId, ...rest } = entries[0]!;
      assert.deepEqual(rest, {
        level: 30,
        service: 'kotae',
        msg: 'request',
        method: 'POST',
        route: 'answer',
        status: 200,
        mode: 'extractive',
      });
      assert.equal(typeof durationMs, 'number');
      assert.equal(typeof firstEventMs, 'number');
      assert.equal(typeof interactionId, 'string');
      const all = s.lines.join('');
      for (const words of ['forgot my password', 'change my email', 'export my data']) assert.ok(!all.includes(words), words);
    } finally {
      await s.server.close();
    }
  });

  it('counts model errors and fallbacks by reason', async () => {
    const s = await observed(true);
    fake.script({ kind: 'status', status: 503 });
    try {
      const { events } = await readEvents(await s.ask('I forgot my password and cannot sign in'));
      assert.equal((events.find((e) => e.event === 'done')!.data as { mode: string }).mode, 'fallback');
      const text = await s.text();
      assert.equal(sample(text, 'kotae_model_errors_total{reason="http-error"}'), 1);
      assert.equal(sample(text, 'kotae_model_fallbacks_total{reason="http-error"}'), 1);
      const request = s.events.find((e) => e.type === 'request');
      assert.equal(request?.type === 'request' && request.fallbackReason, 'http-error');
    } finally {
      await s.server.close();
    }
  });

  it('writes readable lines in the pretty format', async () => {
    const lines: string[] = [];
    const log = createRequestLog({ format: 'pretty', destination: { write: (line: string) => lines.push(line) } });
    log.onEvent({
      type: 'request',
      requestId: 'r1',
      method: 'POST',
      route: 'answer',
      status: 200,
      durationMs: 12.4,
      mode: 'extractive',
      firstEventMs: 3,
    });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^\d\d:\d\d:\d\d INFO {2}POST answer 200 12ms extractive first event 3ms req=r1\n$/);
  });
});

describe('docs/grafana/kotae-answer-service.json', () => {
  it('charts only metrics the service exports', async () => {
    const { readFile } = await import('node:fs/promises');
    const dashboard = await readFile(new URL('../../../docs/grafana/kotae-answer-service.json', import.meta.url), 'utf8');
    const names = new Set(dashboard.match(/kotae_[a-z0-9_]+/g));
    const metrics = createServiceMetrics();
    const exported = await (await metrics.handler()).text();
    const families = new Set(exported.match(/^# TYPE (\S+)/gm)!.map((line) => line.slice('# TYPE '.length)));
    const known = (name: string) => families.has(name) || families.has(name.replace(/_(bucket|count|sum)$/, ''));
    assert.ok(names.size >= 10);
    for (const name of names) assert.ok(known(name), `${name} is not exported`);
  });
});
