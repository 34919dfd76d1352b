import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { Hono } from 'hono';
import { applyConnectionLimits, connectionServerOptions, type ConnectionLimitOptions } from '../src/node.js';

/** A server on loopback with these limits, whose one route reads the request body. */
async function start(limits: ConnectionLimitOptions): Promise<{ port: number; connections(): Promise<number>; close(): Promise<void> }> {
  const app = new Hono();
  app.post('/echo', async (c) => c.text(String((await c.req.text()).length)));
  app.get('/', (c) => c.text('ok'));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: connectionServerOptions(limits) }) as Server;
  applyConnectionLimits(server, limits);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => new Promise((resolve) => server.getConnections((_error, count) => resolve(count))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Opens a socket and writes `text`; resolves once connected. */
async function open(port: number, text = ''): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (text) socket.write(text);
  return socket;
}

/** Resolves with what the server sent once it closed the socket; rejects after `withinMs`. */
function closedWithin(socket: Socket, withinMs: number): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve(received);
    const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('connection limits', () => {
  it('closes connections stalled in the middle of their headers at the header timeout', async () => {
    const server = await start({ headersTimeoutMs: 300, requestTimeoutMs: 2000, idleTimeoutMs: 60_000 });
    try {
      const sockets = await Promise.all(Array.from({ length: 20 }, () => open(server.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-')));
      const answers = await Promise.all(sockets.map((s) => closedWithin(s, 10_000)));
      for (const answer of answers) assert.match(answer, /^HTTP\/1\.1 408 /);
    } finally {
      await server.close();
    }
  });

  it('closes connections stalled in the middle of their body at the idle timeout', async () => {
    const server = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 60_000, idleTimeoutMs: 400 });
    try {
      const head = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n';
      const sockets = await Promise.all(Array.from({ length: 20 }, () => open(server.port, `${head}${'x'.repeat(10)}`)));
      const answers = await Promise.all(sockets.map((s) => closedWithin(s, 10_000)));
      for (const answer of answers) assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
    } finally {
      await server.close();
    }
  });

  it('closes a body that keeps trickling in at the request timeout', async () => {
    const server = await start({ headersTimeoutMs: 300, requestTimeoutMs: 800, idleTimeoutMs: 60_000 });
    try {
      const socket = await open(server.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
      const drip = setInterval(() => socket.writable && socket.write('x'), 100);
      try {
        assert.match(await closedWithin(socket, 10_000), /^HTTP\/1\.1 408 /);
      } finally {
        clearInterval(drip);
      }
    } finally {
      await server.close();
    }
  });

  it('refuses connections over the cap and takes new ones once some close', async () => {
    const server = await start({ maxConnections: 3, headersTimeoutMs: 30_000, requestTimeoutMs: 60_000, idleTimeoutMs: 60_000 });
    try {
      const held = await Promise.all([1, 2, 3].map(() => open(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n')));
      // The fourth arrives once the server has counted the three.
      while ((await server.connections()) < 3) await new Promise((r) => setTimeout(r, 10));
      const extra = await open(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(await closedWithin(extra, 10_000), '');
      for (const socket of held) socket.destroy();
      while ((await server.connections()) > 0) await new Promise((r) => setTimeout(r, 10));
      const res = await fetch(`http://127.0.0.1:${server.port}/`);
      assert.equal(await res.text(), 'ok');
    } finally {
      await server.close();
    }
  });

  it('rejects limits that are not whole numbers, or a header timeout longer than the request timeout', () => {
    assert.throws(() => connectionServerOptions({ idleTimeoutMs: 0 }), InvalidOptionError);
    assert.throws(
      () => connectionServerOptions({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 }),
      (error: unknown) => error instanceof InvalidOptionError && /must not be longer than requestTimeoutMs/.test(error.message),
    );
  });
});
