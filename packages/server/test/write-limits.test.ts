import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { LoadedBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import {
  clientIdentity,
  createAnswerHandler,
  MemoryInteractionStore,
  MemoryLimitStore,
  normalizeAddress,
  type AnswerServiceOptions,
  type LimitedBody,
} from '../src/index.js';
import { readEvents, serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
});

/** A service on loopback that trusts `x-forwarded-for`, so a test can pose as any address. */
async function service(options: Partial<AnswerServiceOptions> = {}) {
  const store = new MemoryInteractionStore();
  const handler = createAnswerHandler({ bundle, store, clientIdentity: { trustedHeader: 'x-forwarded-for' }, ...options });
  const server = await serveHandler(handler);
  const post = (path: string, body: unknown, from = '192.0.2.1') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(body),
    });
  return {
    ...server,
    store,
    post,
    /** Asks a question from `from` and returns its interaction id. */
    async ask(from = '192.0.2.1', body: Record<string, unknown> = { query: 'How do I reset my password?', locale: 'en' }) {
      const { events } = await readEvents(await post('/v1/answer', body, from));
      return (events.find((e) => e.event === 'done')!.data as { interactionId: string }).interactionId;
    },
  };
}

async function refusal(res: Response): Promise<LimitedBody['error'] & { status: number; retryAfterHeader: string | null }> {
  const body = (await res.json()) as LimitedBody;
  return { status: res.status, retryAfterHeader: res.headers.get('retry-after'), ...body.error };
}

const count = async (store: MemoryInteractionStore, kind: string) => {
  let n = 0;
  for await (const r of store.records()) if (r.kind === kind) n++;
  return n;
};

describe('normalizeAddress', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and cuts IPv6 to its /64', () => {
    assert.equal(normalizeAddress('192.0.2.7'), '192.0.2.7');
    assert.equal(normalizeAddress('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(normalizeAddress('::FFFF:c000:0207'), '192.0.2.7');
    assert.equal(normalizeAddress('2001:db8:0:1::1'), '2001:db8:0:1::/64');
    assert.equal(normalizeAddress('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff'), '2001:db8:0:1::/64');
    assert.equal(normalizeAddress('[2001:db8:0:1::5]'), '2001:db8:0:1::/64');
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(normalizeAddress('2001:db8:0:1::1', 48), '2001:db8:0::/48');
    assert.equal(normalizeAddress('::1'), '0:0:0:0::/64');
    assert.equal(normalizeAddress('not an address'), 'not an address');
  });

  it('gives every address of one /64 the same key, and different /64s different keys', () => {
    const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.array(hex, { minLength: 8, maxLength: 8 }), fc.array(hex, { minLength: 4, maxLength: 4 }), (a, tail) => {
        const same = [...a.slice(0, 4), ...tail];
        assert.equal(normalizeAddress(a.join(':')), normalizeAddress(same.join(':')));
        const other = [...a];
        other[3] = ((parseInt(a[3]!, 16) + 1) % 0x10000).toString(16);
        assert.notEqual(normalizeAddress(a.join(':')), normalizeAddress(other.join(':')));
      }),
    );
  });
});

describe('clientIdentity', () => {
  const request = (headers: Record<string, string>) => new Request('http://x/', { headers });
  const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it('prefers the authenticated user, then the trusted header (its last entry), then the socket', async () => {
    const identify = clientIdentity({ user: (r) => r.headers.get('x-user') ?? undefined, trustedHeader: 'X-Forwarded-For' });
    assert.equal(await identify(request({ 'x-user': 'u-1', 'x-forwarded-for': '192.0.2.1' }), socket('::1')), 'user:u-1');
    assert.equal(await identify(request({ 'x-forwarded-for': '203.0.113.9, 2001:db8::7' }), socket('::1')), 'ip:2001:db8:0:0::/64');
    assert.equal(await identify(request({}), socket('::ffff:127.0.0.1')), 'ip:127.0.0.1');
    assert.equal(await identify(request({}), undefined), 'shared');
  });

  it('ignores forwarding headers unless one is configured', async () => {
    const identify = clientIdentity();
    assert.equal(await identify(request({ 'x-forwarded-for': '203.0.113.9' }), socket('198.51.100.4')), 'ip:198.51.100.4');
  });
});

describe('createAnswerHandler: write limits', () => {
  it('records one client’s feedback on an answer at most 5 times a day, the latest counting, then answers 429', async () => {
    const s = await service();
    try {
      const id = await s.ask();
      for (let i = 0; i < 5; i++) assert.equal((await s.post('/v1/feedback', { interactionId: id, helpful: i % 2 === 0 })).status, 204);
      const refused = await refusal(await s.post('/v1/feedback', { interactionId: id, helpful: false }));
      assert.equal(refused.status, 429);
      assert.equal(refused.code, 'interaction_limit');
      assert.equal(refused.limit, 'feedback-per-interaction');
      assert.ok(refused.retryAfter >= 1);
      assert.equal(refused.retryAfterHeader, String(refused.retryAfter));
      assert.match(refused.message, /try again in \d+ s$/);
      assert.equal(await count(s.store, 'feedback'), 5);
      const last = [];
      for await (const r of s.store.records()) if (r.kind === 'feedback') last.push(r.helpful);
      assert.equal(last.at(-1), true);
      // Another client (the asker on a second device) still has its own allowance on the answer.
      assert.equal((await s.post('/v1/feedback', { interactionId: id, helpful: true }, '198.51.100.7')).status, 204);
    } finally {
      await s.close();
    }
  });

  it('caps feedback on one answer from all clients together', async () => {
    const s = await service({ limits: { feedbackPerInteractionTotal: 3 } });
    try {
      const id = await s.ask();
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await s.post('/v1/feedback', { interactionId: id, helpful: true }, `203.0.113.${i}`)).status);
      assert.deepEqual(statuses, [204, 204, 204, 429, 429]);
    } finally {
      await s.close();
    }
  });

  it('limits one client’s feedback requests per minute, and a flood of them stores a bounded count', async () => {
    // A stopped clock: no allowance refills while the test runs.
    const s = await service({ rateLimit: false, now: () => Date.parse('2026-12-01T00:00:00Z') });
    try {
      const ids = [];
      for (let i = 0; i < 30; i++) ids.push(await s.ask('198.51.100.1'));
      const statuses = [];
      for (const id of ids)
        for (let k = 0; k < 10; k++) statuses.push((await s.post('/v1/feedback', { interactionId: id, helpful: k % 2 === 0 })).status);
      // Refused requests spend the client's allowance too: 20 requests went through the rate
      // limit, 5 on each of the first two answers were recorded.
      assert.equal(statuses.filter((x) => x !== 429).length, 10);
      assert.equal(await count(s.store, 'feedback'), 10);
      const refused = await refusal(await s.post('/v1/feedback', { interactionId: ids[0], helpful: true }));
      assert.equal(refused.code, 'rate_limited');
      assert.equal(refused.limit, 'feedback');
    } finally {
      await s.close();
    }
  });

  it('counts a client rotating addresses within one IPv6 /64 as one client', async () => {
    const s = await service({ rateLimit: { burst: 3, perMinute: 1 } });
    try {
      const statuses = [];
      for (let i = 1; i <= 6; i++) {
        const res = await s.post('/v1/answer', { query: 'password' }, `2001:db8:0:7::${i.toString(16)}`);
        statuses.push(res.status);
        await res.text();
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      const other = await s.post('/v1/answer', { query: 'password' }, '2001:db8:0:8::1');
      assert.equal(other.status, 200);
      await other.text();
    } finally {
      await s.close();
    }
  });

  it('caps escalations per conversation, across the conversation’s interactions', async () => {
    const hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
    const s = await service({ escalationWebhook: { url }, limits: { escalationsPerConversation: 2, escalations: { burst: 10 } } });
    try {
      const ask = () => s.ask('192.0.2.1', { query: 'password', conversationId: 'c-1' });
      const [a, b, c] = [await ask(), await ask(), await ask()];
      assert.equal((await s.post('/v1/escalations', { interactionId: a })).status, 202);
      assert.equal((await s.post('/v1/escalations', { interactionId: b }, '198.51.100.2')).status, 202);
      const refused = await refusal(await s.post('/v1/escalations', { interactionId: c }, '198.51.100.3'));
      assert.equal(refused.status, 429);
      assert.equal(refused.limit, 'escalations-per-conversation');
      // Two escalations filed (each then has its own delivery records, written in the background).
      let filed = 0;
      for await (const r of s.store.records()) if (r.kind === 'escalation' && r.stage === 'filed') filed++;
      assert.equal(filed, 2);
    } finally {
      await s.close();
      hook.close();
    }
  });

  it('bounds what one client adds to the store in a day', async () => {
    const s = await service({ rateLimit: false, limits: { dailyQuota: { bytes: 4000 } }, now: () => Date.parse('2026-12-01T00:00:00Z') });
    try {
      const statuses = [];
      for (let i = 0; i < 10; i++) {
        const res = await s.post('/v1/answer', { query: 'How do I reset my password?' });
        statuses.push(res.status);
        await res.text();
      }
      const admitted = statuses.filter((x) => x === 200).length;
      assert.ok(admitted >= 1 && admitted < 10, `admitted ${admitted}`);
      const refused = await refusal(await s.post('/v1/answer', { query: 'password' }));
      assert.equal(refused.code, 'quota_exceeded');
      assert.equal(refused.limit, 'daily-bytes');
      // Another client is not affected.
      const other = await s.post('/v1/answer', { query: 'password' }, '198.51.100.9');
      assert.equal(other.status, 200);
      await other.text();
    } finally {
      await s.close();
    }
  });

  it('keys every limit by the user a host function names, and lets limits be turned off', async () => {
    const s = await service({
      rateLimit: { burst: 1, perMinute: 1 },
      clientIdentity: { user: (r) => (r.headers.get('x-forwarded-for') === '192.0.2.1' ? 'alice' : undefined) },
    });
    const off = await service({ rateLimit: false, limits: false });
    try {
      assert.equal((await s.post('/v1/answer', { query: 'password' }).then(async (r) => (await r.text(), r))).status, 200);
      const second = await refusal(await s.post('/v1/answer', { query: 'password' }));
      assert.equal(second.limit, 'answers');
      const id = await off.ask();
      for (let i = 0; i < 30; i++) assert.equal((await off.post('/v1/feedback', { interactionId: id, helpful: true })).status, 204);
    } finally {
      await s.close();
      await off.close();
    }
  });
});

describe('MemoryLimitStore', () => {
  it('refills steadily, admits nothing while in debt, and says how long to wait', () => {
    let now = 0;
    const limits = new MemoryLimitStore({ now: () => now });
    const rule = { capacity: 2, refillMs: 2000 };
    assert.equal(limits.take('k', 1, rule), 0);
    assert.equal(limits.take('k', 1, rule), 0);
    assert.equal(limits.take('k', 1, rule), 1);
    now = 1000;
    assert.equal(limits.take('k', 1, rule), 0);
    limits.charge('k', 4, rule);
    assert.equal(limits.take('k', 0, rule), 4);
    now = 6000;
    assert.equal(limits.take('k', 0, rule), 0);
  });
});
