/**
 * End to end: `kotae serve --metrics-port` serves Prometheus metrics on a port of its own, and
 * its stdout (a pipe, not a terminal) carries one JSON line per request, with the id the client
 * got back and never the question.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startServe, stopServe } from './support/kotae-bin.js';

describe('kotae serve: metrics and the request log', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-observe-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('serves /metrics on --metrics-port and logs JSON lines when stdout is not a terminal', async () => {
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0', '--metrics-port', '0']);
    try {
      const metricsUrl = /^ {2}metrics: (http:\S+)$/m.exec(out())?.[1];
      assert.ok(metricsUrl, out());
      assert.notEqual(new URL(metricsUrl).port, new URL(url).port);
      const res = await fetch(new URL('api/kotae/v1/answer', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'I forgot my password and cannot sign in', locale: 'en' }),
      });
      assert.equal(res.status, 200);
      await res.text();
      const requestId = res.headers.get('x-request-id');
      assert.ok(requestId);

      const metrics = await fetch(metricsUrl);
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      assert.match(text, /^kotae_requests_total\{route="answer",method="POST",status="200",mode="extractive"\} 1$/m);
      assert.match(text, /^kotae_process_resident_memory_bytes \d+/m);
      // Not on the public port.
      assert.equal((await fetch(new URL('metrics', url))).status, 404);

      const lines = out()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const line = lines.find((entry) => entry.requestId === requestId);
      assert.ok(line, out());
      assert.equal(line.route, 'answer');
      assert.equal(line.mode, 'extractive');
      assert.ok(!out().includes('forgot my password'));
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('serves /metrics on its own port with --metrics, and logs nothing with --log off', async () => {
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0', '--metrics', '--log', 'off']);
    try {
      assert.match(out(), new RegExp(`^ {2}metrics: ${url}metrics$`, 'm'));
      assert.equal((await fetch(new URL('api/kotae/v1/health', url))).status, 200);
      const text = await (await fetch(new URL('metrics', url))).text();
      assert.match(text, /^kotae_requests_total\{route="health",method="GET",status="200",mode=""\} 1$/m);
      assert.ok(!out().includes('{'), out());
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });
});
