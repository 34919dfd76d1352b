/**
 * End to end: `kotae serve` with its flags cuts off slow clients at the configured timeouts and
 * answers a feedback flood with 429s, storing a bounded number of records.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startServe, stopServe } from './support/kotae-bin.js';

/** Resolves with what the server sent once it closed the socket; rejects after `withinMs`. */
function closedWithin(socket: Socket, withinMs: number): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('kotae serve: limits', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-limits-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('closes connections stalled mid-header and mid-body at the timeouts its flags set', async () => {
    const flags = ['--headers-timeout', '300', '--request-timeout', '5000', '--idle-timeout', '500'];
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0', ...flags]);
    try {
      const { port } = new URL(url);
      const open = (text: string) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
        socket.on('error', () => {});
        return socket;
      };
      const header = open('POST /api/kotae/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-');
      const body = open(
        'POST /api/kotae/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"i',
      );
      const [headerReply, bodyReply] = await Promise.all([closedWithin(header, 15_000), closedWithin(body, 15_000)]);
      assert.match(headerReply, /^HTTP\/1\.1 408 /);
      assert.doesNotMatch(bodyReply, /^HTTP\/1\.1 2/);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('answers a feedback flood on one answer with 429s after the fifth, with Retry-After and the limit', async () => {
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0']);
    try {
      const post = (path: string, body: unknown) =>
        fetch(new URL(`api/kotae/v1/${path}`, url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const answer = await (await post('answer', { query: 'How do I reset my password?', locale: 'en' })).text();
      const { interactionId } = JSON.parse(/event: done\ndata: (.*)/.exec(answer)![1]!) as { interactionId: string };
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await post('feedback', { interactionId, helpful: i % 2 === 0 })).status);
      assert.deepEqual(statuses, [204, 204, 204, 204, 204, 429, 429, 429]);
      const refused = await post('feedback', { interactionId, helpful: true });
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.deepEqual(Object.keys(((await refused.json()) as { error: object }).error), ['code', 'message', 'limit', 'retryAfter']);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });
});
