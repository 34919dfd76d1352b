import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { LoadedBundle } from '@kotae/knowledge';
import { ModelError } from '@kotae/knowledge/errors';
import { compileContent } from '@kotae/knowledge/node';
import { CircuitBreaker, createAnswerHandler, type CircuitState } from '../src/index.js';
import { createServiceMetrics } from '../src/node.js';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAI } from './support/fake-openai.js';
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

const COOLDOWN_MS = 60_000;

/** A service whose model is the fake, with a breaker opening after 2 failures, on a clock the test moves. */
async function service() {
  let offset = 0;
  const metrics = createServiceMetrics({ processMetrics: false });
  const handler = createAnswerHandler({
    bundle,
    rateLimit: false,
    limits: false,
    now: () => Date.now() + offset,
    onEvent: metrics.onEvent,
    openai: {
      client: new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }),
      stallTimeoutMs: 300,
      timeoutMs: 3000,
      circuitBreaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS },
    },
  });
  const server = await serveHandler(handler);
  const ask = async () => {
    const calls = fake.calls.length;
    const res = await fetch(`${server.url}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'I forgot my password and cannot sign in', locale: 'en' }),
    });
    const { events } = await readEvents(res);
    const done = events.find((e) => e.event === 'done')!.data as { mode: string; fallbackReason?: string };
    return { mode: done.mode, fallbackReason: done.fallbackReason, called: fake.calls.length > calls };
  };
  const sample = async (series: string) => {
    const text = await (await metrics.handler()).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  return { ask, sample, advance: (ms: number) => (offset += ms), close: () => server.close() };
}

const GOOD: FakeBehaviour = { kind: 'stream', chunks: ['Reset it from the sign-in page [1].'] };

describe('the model circuit breaker, against the fake OpenAI server', () => {
  const failures: [string, FakeBehaviour, string][] = [
    ['a 5xx', { kind: 'status', status: 502 }, 'http-error'],
    ['a stalled stream', { kind: 'stall', chunks: ['Reset it'] }, 'stall'],
    ['a stream cut off halfway', { kind: 'disconnect', chunks: ['Reset it from'] }, 'model-error'],
  ];
  for (const [name, failure, reason] of failures)
    it(`opens after repeated ${name}, answers extractively without calling the model, then probes and closes`, async () => {
      const s = await service();
      try {
        fake.script(failure);
        assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: reason, called: true });
        assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: reason, called: true });
        // Open: no call, at once.
        assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: 'circuit-open', called: false });
        assert.equal(await s.sample('kotae_model_breaker_state'), 2);
        // Still failing when the cool-down is over: the probe fails, the breaker opens again.
        s.advance(COOLDOWN_MS);
        assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: reason, called: true });
        assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: 'circuit-open', called: false });
        // Recovered: the next probe succeeds and the breaker closes.
        s.advance(COOLDOWN_MS);
        fake.script(GOOD);
        assert.deepEqual(await s.ask(), { mode: 'openai', fallbackReason: undefined, called: true });
        assert.deepEqual(await s.ask(), { mode: 'openai', fallbackReason: undefined, called: true });
        assert.equal(await s.sample('kotae_model_breaker_state'), 0);
        assert.equal(await s.sample('kotae_model_breaker_opened_total'), 2);
        assert.equal(await s.sample(`kotae_model_errors_total{reason="${reason}"}`), 3);
        assert.equal(await s.sample(`kotae_model_fallbacks_total{reason="${reason}"}`), 3);
        assert.equal(await s.sample('kotae_model_fallbacks_total{reason="circuit-open"}'), 2);
      } finally {
        await s.close();
      }
    });

  it('opens at once on a 429 with Retry-After, for as long as it asks', async () => {
    const s = await service();
    try {
      fake.script({ kind: 'status', status: 429, retryAfter: 120 });
      assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: 'rate-limited', called: true });
      assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: 'circuit-open', called: false });
      // Past the cool-down, not past the 120 s the provider asked for.
      s.advance(COOLDOWN_MS + 1000);
      assert.deepEqual(await s.ask(), { mode: 'fallback', fallbackReason: 'circuit-open', called: false });
      s.advance(60_000);
      fake.script(GOOD);
      assert.deepEqual(await s.ask(), { mode: 'openai', fallbackReason: undefined, called: true });
      assert.equal(await s.sample('kotae_model_errors_total{reason="rate-limited"}'), 1);
      assert.equal(await s.sample('kotae_model_breaker_state'), 0);
    } finally {
      await s.close();
    }
  });
});

describe('CircuitBreaker', () => {
  it('lets one probe through when half-open, and ignores failures that are the request’s own', () => {
    let now = 0;
    const changes: CircuitState[] = [];
    const breaker = new CircuitBreaker(
      { failureThreshold: 2, cooldownMs: 1000 },
      () => now,
      (state) => changes.push(state),
    );
    breaker.failure(new ModelError('http-error', 'HTTP 400', { status: 400 }));
    breaker.failure(new ModelError('declined', 'no'));
    breaker.failure(new ModelError('invalid-citation', 'cited [9]'));
    assert.equal(breaker.state, 'closed');
    breaker.failure(new ModelError('timeout', 'slow'));
    assert.equal(breaker.allow(), true);
    breaker.failure(new ModelError('http-error', 'HTTP 503', { status: 503 }));
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.allow(), false);
    now = 1000;
    assert.equal(breaker.allow(), true);
    assert.equal(breaker.state, 'half-open');
    assert.equal(breaker.allow(), false, 'one probe at a time');
    breaker.abandon();
    assert.equal(breaker.allow(), true, 'an abandoned probe passes its turn on');
    breaker.success();
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(changes, ['open', 'half-open', 'closed']);
  });
});
