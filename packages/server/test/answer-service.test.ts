import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import OpenAI from 'openai';
import type { LoadedBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore, type AnswerServiceOptions } from '../src/index.js';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAI } from './support/fake-openai.js';
import { answerText, parseSse, readEvents, serveHandler, type SseEvent } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;
let fake: FakeOpenAI;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  fake = await startFakeOpenAI();
});
after(() => fake.close());

/** A service on loopback; `model` scripts the fake OpenAI server (no model without it). */
async function service(options: Partial<AnswerServiceOptions> = {}, ...model: FakeBehaviour[]) {
  if (model.length) fake.script(...model);
  const calls = fake.calls.length;
  const store = new MemoryInteractionStore();
  const handler = createAnswerHandler({
    bundle,
    store,
    rateLimit: false,
    ...(model.length
      ? {
          openai: {
            client: new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }),
            stallTimeoutMs: 300,
            timeoutMs: 3000,
          },
        }
      : {}),
    ...options,
  });
  const server = await serveHandler(handler);
  return {
    ...server,
    store,
    modelCalls: () => fake.calls.length - calls,
    ask: (body: unknown, init: RequestInit = {}) =>
      fetch(`${server.url}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...init,
      }),
    post: (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

const names = (events: readonly SseEvent[]) => events.map((e) => e.event);
const done = (events: readonly SseEvent[]) =>
  events.find((e) => e.event === 'done')!.data as { interactionId: string; mode: string; grounded: boolean; fallbackReason?: string };
const records = async (store: MemoryInteractionStore) => {
  const list = [];
  for await (const r of store.records()) list.push(r);
  return list;
};

describe('createAnswerHandler: extractive answers', () => {
  it('streams sources, deltas, citations and done, with sequential event ids', async () => {
    const s = await service();
    try {
      const res = await s.ask({ query: 'I forgot my password and cannot sign in', locale: 'en' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
      const { events } = await readEvents(res);
      assert.deepEqual(names(events).slice(0, 2), ['sources', 'delta']);
      assert.deepEqual(names(events).slice(-2), ['citations', 'done']);
      const { interactionId, mode, grounded } = done(events);
      assert.equal(mode, 'extractive');
      assert.equal(grounded, true);
      assert.deepEqual(
        events.map((e) => e.id),
        events.map((_, i) => `${interactionId}.${i}`),
      );
      const sources = (events[0]!.data as { sources: { n: number; id: string; articleId: string }[] }).sources;
      assert.equal(sources[0]!.articleId, 'reset-password');
      const text = answerText(events);
      assert.match(text, /password/i);
      assert.match(text, /\[1\]/);
      const citations = (events.at(-2)!.data as { citations: { n: number; id: string }[] }).citations;
      assert.deepEqual(citations[0], { n: 1, id: sources[0]!.id });
    } finally {
      await s.close();
    }
  });

  it('answers Japanese questions from Japanese guidance, citing it', async () => {
    const s = await service();
    try {
      const { events } = await readEvents(await s.ask({ query: '返金はいつ届きますか', locale: 'ja' }));
      assert.equal(done(events).mode, 'extractive');
      assert.match(answerText(events), /返金/);
      assert.match(answerText(events), /\[1\]/);
    } finally {
      await s.close();
    }
  });

  it('records the interaction, redacted, before done', async () => {
    const s = await service();
    try {
      const { events } = await readEvents(
        await s.ask({
          query: 'How do I reset my password? My email is taro@example.com',
          locale: 'en',
          context: '/login',
          conversationId: 'c-1',
        }),
      );
      const id = done(events).interactionId;
      const record = await s.store.interaction(id);
      assert.ok(record);
      assert.equal(record.query, 'How do I reset my password? My email is [EMAIL]');
      assert.equal(record.mode, 'extractive');
      assert.equal(record.context, '/login');
      assert.equal(record.conversationId, 'c-1');
      const cited = (events.at(-2)!.data as { citations: { id: string }[] }).citations.map((c) => c.id);
      assert.ok(cited.length > 0);
      assert.deepEqual(record.citations, cited);
      assert.equal(record.answer, answerText(events));
      assert.ok(record.latency.firstEventMs <= record.latency.totalMs);
    } finally {
      await s.close();
    }
  });
});

describe('createAnswerHandler: refusal', () => {
  it('says "I don\'t know" in the user\'s language below the threshold and calls no model', async () => {
    const s = await service({}, { kind: 'stream', chunks: ['Made up [1].'] });
    try {
      const ja = await readEvents(await s.ask({ query: '株価の予想を教えて', locale: 'ja' }));
      assert.equal(done(ja.events).mode, 'refusal');
      assert.equal(done(ja.events).grounded, false);
      assert.match(answerText(ja.events), /申し訳ありません/);
      const en = await readEvents(await s.ask({ query: 'What is the capital of France?', locale: 'en' }));
      assert.equal(done(en.events).mode, 'refusal');
      assert.match(answerText(en.events), /I don't know/);
      assert.deepEqual((en.events.at(-2)!.data as { citations: unknown[] }).citations, []);
      assert.equal(s.modelCalls(), 0);
    } finally {
      await s.close();
    }
  });

  it('refuses everything at threshold 1.01 and nothing answerable at 0', async () => {
    const strict = await service({ minConfidence: 1.01 });
    try {
      assert.equal(done((await readEvents(await strict.ask({ query: 'I forgot my password', locale: 'en' }))).events).mode, 'refusal');
    } finally {
      await strict.close();
    }
  });
});

describe('createAnswerHandler: openai mode', () => {
  it('streams the model answer through, with store: false and max_output_tokens', async () => {
    const s = await service(
      {},
      { kind: 'stream', chunks: ['Use the **Forgot password** ', 'link [', '1]. Then sign in ［２］.'], delayMs: 5 },
    );
    try {
      const { events } = await readEvents(
        await s.ask({ query: 'I forgot my password', locale: 'en', history: [{ role: 'user', text: 'hi, I am taro@example.com' }] }),
      );
      assert.equal(done(events).mode, 'openai');
      assert.equal(answerText(events), 'Use the **Forgot password** link [1]. Then sign in [2].');
      assert.ok(names(events).filter((n) => n === 'delta').length >= 2, 'streamed in pieces');
      assert.deepEqual(
        (events.at(-2)!.data as { citations: { n: number }[] }).citations.map((c) => c.n),
        [1, 2],
      );
      const call = fake.calls.at(-1)!;
      assert.equal(call.body['store'], false);
      assert.equal(call.body['stream'], true);
      assert.equal(call.body['max_output_tokens'], 600);
      assert.doesNotMatch(JSON.stringify(call.body['input']), /taro@example\.com/);
      assert.match(JSON.stringify(call.body['input']), /\[1\] Reset your password/);
    } finally {
      await s.close();
    }
  });

  it('catches a citation of a source it was not given and falls back to the extractive answer', async () => {
    const s = await service({}, { kind: 'stream', chunks: ['Reset it [1]. Also see [', '9].'] });
    const extractive = await service();
    try {
      const { events } = await readEvents(await s.ask({ query: 'I forgot my password', locale: 'en' }));
      assert.equal(done(events).mode, 'fallback');
      assert.equal(done(events).fallbackReason, 'invalid-citation');
      assert.ok(!events.some((e) => e.event === 'delta' && JSON.stringify(e.data).includes('[9')), 'the bad mark never reached the client');
      assert.ok(events.some((e) => e.event === 'delta' && (e.data as { reset?: boolean }).reset === true));
      // The fallback quotes the sources already sent (the sections search found: here the article's
      // lead); extractive mode picks the part of each article that answers before sending them (the
      // steps), so the two differ in the section, not in the article or the way it is quoted.
      const plain = (await readEvents(await extractive.ask({ query: 'I forgot my password', locale: 'en' }))).events;
      assert.match(answerText(events), /^If you forgot your password, or it stopped working, .* \[1\]$/);
      assert.match(answerText(plain), /^1\. Go to \*\*Sign in\*\* .* \[1\]$/s);
      const articles = (list: typeof events) =>
        (list.find((e) => e.event === 'sources')!.data as { sources: { articleId: string }[] }).sources.map((x) => x.articleId);
      assert.deepEqual(articles(events).slice(0, 1), articles(plain).slice(0, 1));
      // Flagged for review (kotae cases picks flagged interactions).
      assert.deepEqual((await s.store.interaction(done(events).interactionId))?.flags, ['citation-check-failed']);
    } finally {
      await s.close();
      await extractive.close();
    }
  });

  it('turns an answer that cites nothing into "I don\'t know", never showing it', async () => {
    const s = await service({}, { kind: 'stream', chunks: ['I am not sure, ', 'maybe try again later.'] });
    try {
      const { events } = await readEvents(await s.ask({ query: 'I forgot my password', locale: 'en' }));
      assert.equal(done(events).mode, 'refusal');
      assert.equal(done(events).grounded, false);
      assert.match(answerText(events), /^I don't know/);
      assert.equal((await s.store.interaction(done(events).interactionId))?.model, 'gpt-4.1-mini');
      assert.deepEqual((await s.store.interaction(done(events).interactionId))?.flags, ['uncited']);
    } finally {
      await s.close();
    }
  });

  it('turns a model that declines (NO_ANSWER) into the refusal with the way to a person, never showing the mark', async () => {
    const s = await service({}, { kind: 'stream', chunks: [' NO', '_ANS', 'WER'], delayMs: 5 });
    try {
      const { events } = await readEvents(await s.ask({ query: 'I forgot my password', locale: 'en' }));
      assert.equal(done(events).mode, 'refusal');
      assert.equal(done(events).grounded, false);
      assert.match(answerText(events), /^I don't know.*Contact support and a person will help you\.$/);
      assert.ok(!events.some((e) => e.event === 'delta' && JSON.stringify(e.data).includes('NO')), 'the mark never reached the client');
      assert.deepEqual((events.at(-2)!.data as { citations: unknown[] }).citations, []);
      assert.match(String(fake.calls.at(-1)!.body['instructions']), /reply with exactly NO_ANSWER and nothing else/);
      assert.deepEqual((await s.store.interaction(done(events).interactionId))?.flags, ['declined']);
    } finally {
      await s.close();
    }
  });

  it('declines in the asker’s language, and an answer that only starts like the mark is streamed as it is', async () => {
    const s = await service({}, { kind: 'stream', chunks: ['NO_ANSWER'] }, { kind: 'stream', chunks: ['N', 'ot yet: use the link [1].'] });
    try {
      const ja = await readEvents(await s.ask({ query: 'パスワードを忘れました', locale: 'ja' }));
      assert.equal(done(ja.events).mode, 'refusal');
      assert.match(answerText(ja.events), /担当者がお手伝いします。$/);
      assert.deepEqual((await s.store.interaction(done(ja.events).interactionId))?.flags, ['declined'], 'the model declined');
      const en = await readEvents(await s.ask({ query: 'I forgot my password', locale: 'en' }));
      assert.equal(done(en.events).mode, 'openai');
      assert.equal(answerText(en.events), 'Not yet: use the link [1].');
    } finally {
      await s.close();
    }
  });

  for (const [name, behaviour, reason] of [
    ['429', { kind: 'status', status: 429, retryAfter: 1 }, 'rate-limited'],
    ['500', { kind: 'status', status: 500 }, 'http-error'],
    ['an error event midway', { kind: 'error-event', chunks: ['Partial [1] '] }, 'model-error'],
    ['a stall midway', { kind: 'stall', chunks: ['Partial [1] '] }, 'stall'],
    ['no response at all', { kind: 'hang' }, 'stall'],
  ] as const) {
    it(`falls back to the extractive answer on ${name}, with a 200 stream`, async () => {
      const s = await service({}, behaviour as FakeBehaviour);
      try {
        const res = await s.ask({ query: 'I forgot my password', locale: 'en' });
        assert.equal(res.status, 200);
        const { events } = await readEvents(res);
        assert.equal(done(events).mode, 'fallback');
        assert.equal(done(events).fallbackReason, reason);
        assert.equal(done(events).grounded, true);
        assert.doesNotMatch(answerText(events), /Partial/);
        assert.match(answerText(events), /password/i);
      } finally {
        await s.close();
      }
    });
  }

  it('falls back when the whole answer runs past its time', async () => {
    const s = await service({}, { kind: 'stream', chunks: Array.from({ length: 40 }, () => 'slow [1] '), delayMs: 50 });
    try {
      const handler = createAnswerHandler({
        bundle,
        rateLimit: false,
        openai: { client: new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }), stallTimeoutMs: 1000, timeoutMs: 300 },
      });
      const server = await serveHandler(handler);
      try {
        const res = await fetch(`${server.url}/v1/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'I forgot my password' }),
        });
        const { events } = await readEvents(res);
        assert.equal(done(events).fallbackReason, 'timeout');
      } finally {
        await server.close();
      }
    } finally {
      await s.close();
    }
  });

  it('aborts the model call when the client disconnects, and records the answer as aborted', async () => {
    const s = await service(
      { disconnectGraceMs: 0 },
      { kind: 'stream', chunks: Array.from({ length: 100 }, (_, i) => `part ${i} [1] `), delayMs: 30 },
    );
    try {
      const client = new AbortController();
      const res = await s.ask({ query: 'I forgot my password', locale: 'en' }, { signal: client.signal });
      const { events } = await readEvents(res, (list) => list.some((e) => e.event === 'delta'));
      client.abort();
      const call = fake.calls.at(-1)!;
      await call.aborted;
      assert.equal(call.wasAborted, true);
      const iid = events[0]!.id.split('.')[0]!;
      for (let i = 0; i < 50 && !(await s.store.interaction(iid)); i++) await new Promise((r) => setTimeout(r, 20));
      const record = await s.store.interaction(iid);
      assert.equal(record?.aborted, true);
      assert.equal(record?.mode, 'openai');
    } finally {
      await s.close();
    }
  });

  it('resumes with Last-Event-ID and gives byte-identical text', async () => {
    const chunks = Array.from({ length: 30 }, (_, i) => `Step ${i}: do it [1]. `);
    const s = await service({ disconnectGraceMs: 2000 }, { kind: 'stream', chunks, delayMs: 15 });
    try {
      const first = await readEvents(
        await s.ask({ query: 'I forgot my password', locale: 'en' }),
        (list) => list.filter((e) => e.event === 'delta').length >= 5,
      );
      const last = first.events.at(-1)!.id;
      const rest = await readEvents(
        await s.ask(
          { query: 'I forgot my password', locale: 'en' },
          { headers: { 'content-type': 'application/json', 'last-event-id': last } },
        ),
      );
      const all = [...first.events, ...rest.events];
      assert.equal(answerText(all), chunks.join(''));
      assert.equal(done(all).mode, 'openai');
      const seqs = all.map((e) => Number(e.id.split('.')[1]));
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i),
      );
      assert.equal(fake.calls.at(-1)!.wasAborted, false);
    } finally {
      await s.close();
    }
  });

  it('answers 410 to a resume it cannot serve', async () => {
    const s = await service();
    try {
      const res = await s.ask({ query: 'x' }, { headers: { 'content-type': 'application/json', 'last-event-id': 'nope.3' } });
      assert.equal(res.status, 410);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'resume_unavailable');
    } finally {
      await s.close();
    }
  });

  it('sends keepalive comments while the answer is slow', async () => {
    const s = await service({ keepaliveMs: 20 }, { kind: 'stream', chunks: ['Slow ', 'answer [1].'], delayMs: 120 });
    try {
      const { raw, events } = await readEvents(await s.ask({ query: 'I forgot my password', locale: 'en' }));
      assert.match(raw, /^: keepalive$/m);
      assert.equal(answerText(events), 'Slow answer [1].');
    } finally {
      await s.close();
    }
  });
});

describe('createAnswerHandler: limits', () => {
  const status = async (s: Awaited<ReturnType<typeof service>>, init: RequestInit) => {
    const res = await fetch(`${s.url}/v1/answer`, { method: 'POST', ...init });
    const body = (await res.json()) as { error: { code: string; message: string } };
    return { status: res.status, ...body.error };
  };

  it('rejects oversize, non-JSON, malformed and invalid bodies with a JSON error', async () => {
    const s = await service();
    try {
      const json = { 'content-type': 'application/json' };
      assert.deepEqual((await status(s, { headers: json, body: JSON.stringify({ query: 'x'.repeat(9000) }) })).status, 413);
      assert.equal((await status(s, { headers: { 'content-type': 'text/plain' }, body: '{"query":"x"}' })).status, 415);
      assert.equal((await status(s, { headers: json, body: '{"query":' })).code, 'invalid_json');
      const unknown = await status(s, { headers: json, body: JSON.stringify({ query: 'x', admin: true }) });
      assert.equal(unknown.status, 400);
      assert.match(unknown.message, /admin/);
      const badType = await status(s, { headers: json, body: JSON.stringify({ query: 42 }) });
      assert.equal(badType.status, 400);
      assert.match(badType.message, /^query:/);
      assert.equal((await status(s, { headers: json, body: JSON.stringify({ query: '  ' }) })).status, 400);
      assert.match((await status(s, { headers: json, body: JSON.stringify({ history: [] }) })).message, /^query:/);
    } finally {
      await s.close();
    }
  });

  it('limits the question to 2,000 characters after NFKC', async () => {
    const s = await service();
    try {
      const json = { 'content-type': 'application/json' };
      // 1,000 "㍻" become 2,000 characters ("平成") under NFKC.
      const long = await status(s, { headers: json, body: JSON.stringify({ query: '㍻'.repeat(1001) }) });
      assert.equal(long.code, 'query_too_long');
      const ok = await fetch(`${s.url}/v1/answer`, { method: 'POST', headers: json, body: JSON.stringify({ query: '㍻'.repeat(1000) }) });
      assert.equal(ok.status, 200);
      await ok.text();
    } finally {
      await s.close();
    }
  });

  it('rate-limits each client with 429 and Retry-After', async () => {
    const s = await service({ rateLimit: { burst: 2, perMinute: 6 } });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await s.ask({ query: 'password' })).status, 200);
      const limited = await s.ask({ query: 'password' });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '10');
      assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
    } finally {
      await s.close();
    }
  });

  it('answers a question holding NUL and lone surrogates, and stores it without them', async () => {
    const s = await service();
    try {
      // JSON allows both; PostgreSQL's jsonb refuses both, so they must never reach a store.
      const body = '{"query":"password\\u0000 reset \\ud800 help\\udc00","context":"/a\\u0007b"}';
      const res = await fetch(`${s.url}/v1/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 200);
      await res.text();
      const [record] = await records(s.store);
      assert.ok(record?.kind === 'interaction');
      assert.equal(record.query, 'password reset \ufffd help\ufffd');
      assert.equal(record.context, '/ab');
    } finally {
      await s.close();
    }
  });

  it('exposes Retry-After to an allowed cross-origin widget', async () => {
    const s = await service({ rateLimit: { burst: 1, perMinute: 6 }, corsOrigins: ['https://app.example'] });
    try {
      const origin = { origin: 'https://app.example', 'content-type': 'application/json' };
      await (await s.ask({ query: 'password' }, { headers: origin })).text();
      const limited = await s.ask({ query: 'password' }, { headers: origin });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.match(limited.headers.get('access-control-expose-headers') ?? '', /retry-after/i);
      await limited.text();
    } finally {
      await s.close();
    }
  });

  it('never answers a 5xx to any body (property)', async () => {
    const s = await service();
    try {
      const bodies = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.json({ maxDepth: 3 }),
        fc
          .record({
            query: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            locale: fc.option(fc.string({ maxLength: 40 })),
            history: fc.option(fc.array(fc.anything(), { maxLength: 3 })),
          })
          .map((o) => JSON.stringify(o)),
        fc.string({ minLength: 8200, maxLength: 9000 }),
      );
      const types = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON', '');
      await fc.assert(
        fc.asyncProperty(bodies, types, fc.constantFrom('/v1/answer', '/v1/feedback', '/v1/escalations'), async (body, type, path) => {
          const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
          const text = await res.text();
          assert.ok(res.status < 500, `${res.status} for ${path} ${type} ${body.slice(0, 80)}: ${text.slice(0, 200)}`);
          if (res.status >= 400) assert.ok((JSON.parse(text) as { error: { code: string } }).error.code);
        }),
        { numRuns: 300 },
      );
    } finally {
      await s.close();
    }
  });
});

describe('createAnswerHandler: feedback, escalations, health', () => {
  it('records feedback on a known interaction and refuses unknown ones', async () => {
    const s = await service();
    try {
      const { events } = await readEvents(await s.ask({ query: 'I forgot my password' }));
      const interactionId = done(events).interactionId;
      const ok = await s.post('/v1/feedback', { interactionId, helpful: true, resolved: true, reason: 'call me on 090-1234-5678' });
      assert.equal(ok.status, 204);
      const feedback = (await records(s.store)).find((r) => r.kind === 'feedback');
      assert.deepEqual(
        { ...feedback, at: undefined },
        { kind: 'feedback', interactionId, helpful: true, resolved: true, reason: 'call me on [PHONE]', at: undefined },
      );
      assert.equal((await s.post('/v1/feedback', { interactionId: 'nope', helpful: false })).status, 404);
      assert.equal((await s.post('/v1/feedback', { interactionId, helpful: 'yes' })).status, 400);
    } finally {
      await s.close();
    }
  });

  it('records an escalation without a destination and answers 202, never 501', async () => {
    const s = await service();
    try {
      const { events } = await readEvents(await s.ask({ query: '株価の予想を教えて', locale: 'ja' }));
      const interactionId = done(events).interactionId;
      const res = await s.post('/v1/escalations', { interactionId, message: 'call me on 090-1234-5678' });
      assert.equal(res.status, 202);
      const reply = (await res.json()) as { id: string; recorded: boolean; destinations: string[] };
      assert.deepEqual({ ...reply, id: typeof reply.id }, { id: 'string', recorded: true, destinations: [] });
      const filed = (await records(s.store)).find((r) => r.kind === 'escalation');
      assert.deepEqual(
        { ...filed, at: undefined },
        {
          kind: 'escalation',
          id: reply.id,
          interactionId,
          at: undefined,
          stage: 'filed',
          reason: 'no-answer',
          question: '株価の予想を教えて',
          message: 'call me on [PHONE]',
          attachConversation: false,
          locale: 'ja',
          destinations: [],
          delivered: false,
        },
      );
      assert.equal((await s.post('/v1/escalations', { interactionId: 'nope' })).status, 404);
      assert.equal((await s.post('/v1/escalations', { contact: { email: 'not an address' } })).status, 400);
    } finally {
      await s.close();
    }
  });

  it('reports health and mounts under a base path', async () => {
    const handler = createAnswerHandler({ bundle, basePath: '/api/kotae' });
    const res = await handler(new Request('http://host/api/kotae/v1/health'));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      status: 'ok',
      bundle: { id: bundle.manifest.id, version: bundle.manifest.version, locales: bundle.manifest.locales },
      mode: 'extractive',
    });
    assert.equal((await handler(new Request('http://host/v1/health'))).status, 404);
  });

  it('works as a plain (Request) => Response handler without a server', async () => {
    const handler = createAnswerHandler({ bundle });
    const res = await handler(
      new Request('http://host/v1/answer', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'パスワードを忘れました', locale: 'ja' }),
      }),
    );
    const events = parseSse(await res.text());
    assert.equal(done(events).mode, 'extractive');
    assert.ok(await handler.store.interaction(done(events).interactionId));
  });

  it('mounts in a plain node:http server next to other routes, rate-limiting by socket address', async () => {
    const kotae = getRequestListener(createAnswerHandler({ bundle, basePath: '/api/kotae', rateLimit: { burst: 1, perMinute: 1 } }));
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/api/kotae/')) return void kotae(req, res);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('the app');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await (await fetch(`${url}/orders`)).text(), 'the app');
      const ask = () =>
        fetch(`${url}/api/kotae/v1/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'password' }),
        });
      const first = await ask();
      assert.equal(first.status, 200);
      assert.equal(done(parseSse(await first.text())).mode, 'extractive');
      // The second question from the same socket address is over the limit of one.
      const second = await ask();
      assert.equal(second.status, 429);
      assert.equal(second.headers.get('retry-after'), '60');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
