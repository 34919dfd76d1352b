import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EscalationRecord, LoadedBundle, StoreRecord } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import {
  createAnswerHandler,
  EscalationDeliveryError,
  MemoryInteractionStore,
  signEscalation,
  verifyEscalationSignature,
  webhookDestination,
  type AnswerServiceOptions,
} from '../src/index.js';
import { smtpDestination } from '../src/node.js';
import { readEvents, serveHandler } from './support/sse-client.js';
import { startSmtpSink } from './support/smtp-sink.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
const SECRET = 'test-secret';
let bundle: LoadedBundle;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
});

/** A webhook receiver on loopback that answers each request with the next status of `statuses` (the last one repeats). */
async function startWebhook(...statuses: number[]) {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: `T-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kotae`, received, close: () => server.close() };
}

async function service(options: Partial<AnswerServiceOptions>, store = new MemoryInteractionStore()) {
  const errors: unknown[] = [];
  const handler = createAnswerHandler({ bundle, store, rateLimit: false, onError: (e) => errors.push(e), ...options });
  const server = await serveHandler(handler);
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const ask = async (query: string, locale = 'en') => {
    const { events } = await readEvents(await post('/v1/answer', { query, locale }));
    return (events.find((e) => e.event === 'done')!.data as { interactionId: string }).interactionId;
  };
  return { handler, store, errors, post, ask, close: server.close };
}

async function escalations(store: MemoryInteractionStore): Promise<EscalationRecord[]> {
  const list: StoreRecord[] = [];
  for await (const r of store.records()) list.push(r);
  return list.filter((r): r is EscalationRecord => r.kind === 'escalation');
}

describe('POST /v1/escalations', () => {
  it('records the escalation, then emails it over SMTP and posts it to a signed webhook', async () => {
    const smtp = await startSmtpSink();
    const hook = await startWebhook(201);
    const s = await service({
      escalationWebhook: { url: hook.url, secret: SECRET },
      escalations: { destinations: [smtpDestination({ url: smtp.url, to: 'support@example.com', from: 'help@example.com' })] },
    });
    try {
      const interactionId = await s.ask('株価の予想を教えて', 'ja');
      const res = await s.post('/v1/escalations', {
        interactionId,
        message: 'Please call me back on 090-1234-5678',
        contact: { email: 'taro@example.com' },
        attachConversation: true,
      });
      assert.equal(res.status, 202);
      const reply = (await res.json()) as { id: string; destinations: string[] };
      assert.deepEqual(reply.destinations, ['webhook', 'email']);
      await s.handler.escalations.idle();

      const [filed, ...deliveries] = await escalations(s.store);
      assert.equal(filed!.stage, 'filed');
      assert.equal(filed!.message, 'Please call me back on [PHONE]');
      assert.deepEqual(filed!.contact, { email: 'taro@example.com' });
      assert.deepEqual(deliveries.map((d) => [d.destination, d.attempt, d.delivered, d.status]).sort(), [
        ['email', 1, true, 250],
        ['webhook', 1, true, 201],
      ]);
      assert.equal(deliveries.find((d) => d.destination === 'webhook')!.ticket, 'T-1');

      const sent = hook.received[0]!;
      assert.equal(sent.headers['kotae-escalation-id'], reply.id);
      assert.equal(sent.headers['kotae-signature'], await signEscalation(SECRET, sent.body));
      assert.equal(await verifyEscalationSignature(SECRET, sent.body, String(sent.headers['kotae-signature'])), true);
      assert.equal(await verifyEscalationSignature('another secret', sent.body, String(sent.headers['kotae-signature'])), false);
      const body = JSON.parse(sent.body) as Record<string, unknown>;
      assert.equal(body['reason'], 'no-answer');
      assert.equal(body['message'], 'Please call me back on [PHONE]');
      assert.deepEqual((body['conversation'] as { question: string }).question, '株価の予想を教えて');

      assert.equal(smtp.mails.length, 1);
      const mail = smtp.mails[0]!;
      assert.deepEqual(mail.to, ['support@example.com']);
      assert.match(mail.raw, /^Reply-To: taro@example\.com/m);
      assert.match(mail.raw, /Please call me back on \[PHONE\]/);
      assert.match(mail.raw, new RegExp(`X-Kotae-Escalation-Id: ${reply.id}`, 'i'));
    } finally {
      s.close();
      hook.close();
      await smtp.close();
    }
  });

  it('sends the conversation only with consent, and files an escalation without an answer', async () => {
    const hook = await startWebhook(200);
    const s = await service({ escalationWebhook: { url: hook.url } });
    try {
      const interactionId = await s.ask('How do I reset my password?');
      assert.equal((await s.post('/v1/escalations', { interactionId, message: 'It did not work' })).status, 202);
      assert.equal((await s.post('/v1/escalations', { question: 'refund for order 12', reason: 'no-results' })).status, 202);
      await s.handler.escalations.idle();
      const [withAnswer, withoutAnswer] = hook.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      assert.equal(withAnswer!['conversation'], undefined);
      assert.equal(withAnswer!['question'], 'How do I reset my password?');
      assert.equal(withAnswer!['interactionId'], interactionId);
      assert.equal(hook.received[0]!.headers['kotae-signature'], undefined);
      assert.equal(withoutAnswer!['interactionId'], undefined);
      assert.equal(withoutAnswer!['reason'], 'no-results');
      assert.equal(withoutAnswer!['question'], 'refund for order 12');
    } finally {
      s.close();
      hook.close();
    }
  });

  it('keeps a failing delivery, retries it with backoff, then dead-letters it', async () => {
    const hook = await startWebhook(503, 503, 503);
    const s = await service({
      escalationWebhook: { url: hook.url, secret: SECRET },
      escalations: { retry: { attempts: 3, initialDelayMs: 5 } },
    });
    try {
      const interactionId = await s.ask('How do I reset my password?');
      assert.equal((await s.post('/v1/escalations', { interactionId })).status, 202);
      await s.handler.escalations.idle();
      const records = await escalations(s.store);
      assert.deepEqual(
        records.map((r) => [r.stage, r.attempt, r.delivered, r.status, r.deadLetter]),
        [
          ['filed', undefined, false, undefined, undefined],
          ['delivery', 1, false, 503, undefined],
          ['delivery', 2, false, 503, undefined],
          ['delivery', 3, false, 503, true],
        ],
      );
      assert.equal(hook.received.length, 3);
      assert.deepEqual(
        hook.received.map((r) => r.headers['kotae-delivery-attempt']),
        ['1', '2', '3'],
      );
      assert.ok(s.errors.every((e) => e instanceof EscalationDeliveryError && e.status === 503));
    } finally {
      s.close();
      hook.close();
    }
  });

  it('dead-letters at once what a destination refuses for good (HTTP 4xx, SMTP 5xx), retries a transient SMTP 451', async () => {
    const hook = await startWebhook(400);
    const smtp = await startSmtpSink();
    smtp.refuse(550);
    const s = await service({
      escalationWebhook: { url: hook.url },
      escalations: {
        destinations: [smtpDestination({ url: smtp.url, to: 'support@example.com' })],
        retry: { attempts: 5, initialDelayMs: 5 },
      },
    });
    try {
      assert.equal((await s.post('/v1/escalations', { question: 'help' })).status, 202);
      await s.handler.escalations.idle();
      const deliveries = (await escalations(s.store)).filter((r) => r.stage === 'delivery');
      assert.deepEqual(deliveries.map((d) => [d.destination, d.attempt, d.status, d.deadLetter]).sort(), [
        ['email', 1, 550, true],
        ['webhook', 1, 400, true],
      ]);
      smtp.refuse(451);
      assert.equal((await s.post('/v1/escalations', { question: 'help again' })).status, 202);
      // The first 451 is recorded, then the server accepts the retry.
      while ((await escalations(s.store)).filter((r) => r.destination === 'email').length < 3) await new Promise((r) => setTimeout(r, 5));
      smtp.refuse(undefined);
      await s.handler.escalations.idle();
      const email = (await escalations(s.store)).filter((r) => r.destination === 'email').slice(1);
      assert.equal(email.at(-1)!.delivered, true);
      assert.ok(email.slice(0, -1).every((r) => r.status === 451 && !r.deadLetter));
      assert.equal(smtp.mails.length, 1);
    } finally {
      s.close();
      hook.close();
      await smtp.close();
    }
  });

  it('resumes an unfinished delivery from the store after a restart', async () => {
    const store = new MemoryInteractionStore();
    const down = await startWebhook(503);
    const first = await service(
      { escalationWebhook: { url: down.url }, escalations: { retry: { attempts: 5, initialDelayMs: 60_000 } } },
      store,
    );
    assert.equal((await first.post('/v1/escalations', { question: 'my parcel never came' })).status, 202);
    while ((await escalations(store)).length < 2) await new Promise((r) => setTimeout(r, 5));
    // The process stops while the retry waits.
    first.handler.escalations.close();
    first.close();
    down.close();

    const up = await startWebhook(200);
    const second = await service({ escalationWebhook: { url: up.url } }, store);
    try {
      while (up.received.length === 0) await new Promise((r) => setTimeout(r, 5));
      await second.handler.escalations.idle();
      const last = (await escalations(store)).at(-1)!;
      assert.deepEqual([last.stage, last.attempt, last.delivered], ['delivery', 2, true]);
      assert.equal((JSON.parse(up.received[0]!.body) as { question: string }).question, 'my parcel never came');
      assert.equal(up.received[0]!.headers['kotae-delivery-attempt'], '2');
    } finally {
      second.close();
      up.close();
    }
  });

  it('refuses two destinations with one name', () => {
    const hook = webhookDestination({ url: 'http://127.0.0.1:9/hook' });
    assert.throws(
      () => createAnswerHandler({ bundle, escalations: { destinations: [hook, hook] } }),
      (e: unknown) =>
        e instanceof EscalationDeliveryError &&
        e.message === 'escalation destination "webhook": two escalation destinations have this name',
    );
  });
});
