import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { bodyLimit } from '../src/service/body-limit.js';
import { serveHandler } from './support/sse-client.js';

/** An app that echoes the body's length, behind a 100-byte limit. */
function app() {
  const hono = new Hono();
  hono.use('*', bodyLimit({ maxSize: 100, onError: (c) => c.json({ error: 'too large' }, 413) }));
  hono.post('/', async (c) => c.json({ length: (await c.req.text()).length }));
  hono.get('/', (c) => c.json({ ok: true }));
  return (req: Request, env?: unknown) => Promise.resolve(hono.fetch(req, env));
}

/** POSTs `chunks` over real HTTP: with `Content-Length` when `length` is true, chunked otherwise. */
async function post(url: string, chunks: readonly string[], length: boolean): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: 'POST', path: '/', headers: length ? { 'content-length': total } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('bodyLimit', () => {
  it('passes a body whose Content-Length is within the limit', async () => {
    const server = await serveHandler(app());
    try {
      assert.deepEqual(await post(server.url, ['x'.repeat(100)], true), { status: 200, body: '{"length":100}' });
    } finally {
      await server.close();
    }
  });

  it('rejects a body whose Content-Length is over the limit', async () => {
    const server = await serveHandler(app());
    try {
      assert.deepEqual(await post(server.url, ['x'.repeat(101)], true), { status: 413, body: '{"error":"too large"}' });
    } finally {
      await server.close();
    }
  });

  it('counts a chunked body without a Content-Length as it arrives', async () => {
    const server = await serveHandler(app());
    try {
      assert.deepEqual(await post(server.url, ['x'.repeat(60), 'y'.repeat(40)], false), { status: 200, body: '{"length":100}' });
      assert.deepEqual(await post(server.url, ['x'.repeat(60), 'y'.repeat(41)], false), { status: 413, body: '{"error":"too large"}' });
    } finally {
      await server.close();
    }
  });

  it('lets a request without a body through, whatever its Content-Length says', async () => {
    const res = await app()(new Request('http://localhost/', { headers: { 'content-length': '1000' } }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });
});
