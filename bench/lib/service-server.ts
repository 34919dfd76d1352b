/**
 * The server side of the service benchmark, run as a child process (`fork`) so that the load
 * generator does not share its event loop: serves either the answer service or a baseline on
 * 127.0.0.1 with `@hono/node-server`, tells the parent the port, and answers its questions about
 * CPU time until told to close.
 *
 *   service-server.ts service <bundle dir>   createAnswerHandler, extractive, no rate limit, memory store
 *   service-server.ts service-metrics <bundle dir>   the same, with createServiceMetrics as its onEvent
 *   service-server.ts baseline               a handler that reads the body and streams four tiny events
 */
import { serve } from '@hono/node-server';
import { readBundleDir } from '@kotae/knowledge/node';
import { createAnswerHandler } from '@kotae/server';
import { createServiceMetrics } from '@kotae/server/node';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Messages from the parent. */
export type ServerRequest = { type: 'usage' } | { type: 'close' };

/** Messages to the parent. */
export type ServerMessage =
  | { type: 'listening'; port: number }
  | {
      type: 'usage';
      /** Process CPU time, user + system (ms). */
      cpuMs: number;
      /** Event loop busy time since the server started (ms), from `eventLoopUtilization`. */
      busyMs: number;
      /** Resident set size (bytes). */
      rss: number;
    };

const encoder = new TextEncoder();
const BASELINE_EVENTS = [
  ['sources', { sources: [] }],
  ['delta', { text: 'ok' }],
  ['citations', { citations: [] }],
  ['done', { interactionId: 'baseline', mode: 'baseline', grounded: false }],
].map(([event, data], i) => encoder.encode(`id: baseline.${i}\nevent: ${String(event)}\ndata: ${JSON.stringify(data)}\n\n`));

/**
 * The baseline: what any streaming JSON-in, SSE-out endpoint pays on this server stack — the
 * request read and parsed, a `ReadableStream` response of four events, each enqueued in its own
 * turn of the event loop, as the service's events are.
 */
async function baseline(request: Request): Promise<Response> {
  JSON.parse(await request.text());
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const event of BASELINE_EVENTS) {
        controller.enqueue(event);
        await Promise.resolve();
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
}

async function main(): Promise<void> {
  const [mode, bundleDir] = process.argv.slice(2);
  let fetch: (request: Request, env?: unknown) => Promise<Response>;
  if (mode === 'service' && bundleDir)
    fetch = createAnswerHandler({ bundle: await readBundleDir(bundleDir), rateLimit: false, limits: false });
  else if (mode === 'service-metrics' && bundleDir) {
    // The same service with its Prometheus metrics on (bench/metrics-overhead.ts).
    const metrics = createServiceMetrics();
    fetch = createAnswerHandler({ bundle: await readBundleDir(bundleDir), rateLimit: false, limits: false, onEvent: metrics.onEvent });
  } else if (mode === 'baseline') fetch = baseline;
  else throw new Error(`usage: service-server.ts service <bundle dir> | baseline (got ${JSON.stringify(process.argv.slice(2))})`);

  const elu = performance.eventLoopUtilization();
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const send = (message: ServerMessage) => process.send!(message);
  send({ type: 'listening', port: (server.address() as AddressInfo).port });
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      const busy = performance.eventLoopUtilization(elu);
      send({ type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, busyMs: busy.active, rss: process.memoryUsage.rss() });
    } else if (message.type === 'close') {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      // A normal exit, so that `--cpu-prof` writes its profile.
      server.close(() => process.exit(0));
    }
  });
}

await main();
