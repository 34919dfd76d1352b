import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { hash32, rng } from './stats.js';

/** One request body of a load run, and its locale (for per-locale latencies). */
export interface LoadRequest {
  readonly body: string;
  readonly locale: string;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Where to POST, e.g. `http://127.0.0.1:4321/v1/answer`. */
  readonly url: string;
  /** The bodies, sent in turn (the run cycles through them). */
  readonly requests: readonly LoadRequest[];
  /** Clients, each with its own keep-alive connection and at most one request in flight. */
  readonly concurrency: number;
  /**
   * Without a rate, a closed loop: each client sends its next request as soon as its answer is
   * complete, as fast as the server goes. With one, an open loop at this many requests per second
   * in all: each client sends at random times, so the clients together offer `rate` the way
   * independent users do, and a request is timed from when it was due, so a client that falls
   * behind a slow answer counts its wait (no coordinated omission). The times are a Poisson
   * process given its count: exactly `rate` per second over the warm-up and over the window, each
   * request at a uniformly random time, so every run offers the same load.
   */
  readonly rate?: number | undefined;
  /** Requests before this (ms from the start) are not recorded. */
  readonly warmupMs: number;
  /** The measured window after the warm-up (ms). */
  readonly durationMs: number;
  /** Called when the measured window starts and when it ends (to read the server's CPU time at both). */
  readonly onWindow?: ((edge: 'start' | 'end') => void | Promise<void>) | undefined;
}

/** One answer as the client saw it. */
export interface LoadSample {
  /** The body's locale. */
  readonly locale: string;
  /** From sending the request (with a rate: from when it was due) to the first bytes of the `sources` event (ms). */
  readonly ttfeMs: number;
  /** From sending the request (with a rate: from when it was due) to the end of the response (ms). */
  readonly totalMs: number;
  /** `mode` of the `done` event, or `null` when the stream ended without one. */
  readonly mode: string | null;
  /** When the response ended (ms since the start of the run). */
  readonly endedAt: number;
}

/** What {@link runLoad} saw in the measured window. */
export interface LoadRun {
  /** Every request started in the window and answered with status 200 (some end after it). */
  readonly samples: LoadSample[];
  /** Requests started in the window that failed: a network error, a status other than 200, or no `sources` event. */
  readonly errors: number;
  /** The first error, for the report. */
  readonly firstError?: string | undefined;
  /** The measured window (ms). */
  readonly windowMs: number;
  /** Complete answers (ending with `done`) that ended inside the window, whenever they started, per second. */
  readonly answersPerSecond: number;
  /** Requests due in the window per second: the offered rate as it came out (open loop only). */
  readonly offeredPerSecond?: number | undefined;
}

const SOURCES = 'event: sources\n';
const DONE = /(?:^|\n)event: done\ndata: (.*)\n/;

/**
 * A load generator for server-sent-event answers, like `autocannon -c <concurrency>` (or, with a
 * `rate`, like `wrk2 -R`), but measuring what autocannon cannot: the time to the first event. Each
 * of `concurrency` clients POSTs a body on its own keep-alive connection and reads the whole
 * event stream; after `warmupMs` every request is timed for `durationMs`.
 *
 * In a closed loop the clients wait for the server: at saturation the latencies are mostly the
 * time a request queues behind the others (Little's law: latency ≈ concurrency ÷ throughput).
 * In an open loop (`rate`) they show what a user sees while the server handles that rate.
 */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const started = performance.now();
  const windowStart = options.warmupMs;
  const windowEnd = options.warmupMs + options.durationMs;
  const samples: LoadSample[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  let completed = 0;

  const send = (item: LoadRequest, sent: number) =>
    new Promise<Omit<LoadSample, 'locale' | 'endedAt'>>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(item.body) },
        },
        (res) => {
          let text = '';
          let ttfeMs: number | undefined;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (ttfeMs === undefined && text.includes(SOURCES)) ttfeMs = performance.now() - sent;
          });
          res.on('end', () => {
            const totalMs = performance.now() - sent;
            if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`));
            if (ttfeMs === undefined) return reject(new Error(`no sources event in ${JSON.stringify(text.slice(0, 200))}`));
            const done = DONE.exec(text);
            resolve({ ttfeMs, totalMs, mode: done ? ((JSON.parse(done[1]!) as { mode?: string }).mode ?? null) : null });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(item.body);
    });

  // The window's edges are timers, so the server's CPU time is read when the window opens and closes
  // (not when the last answer in flight arrives).
  const edge = (name: 'start' | 'end', at: number) =>
    new Promise<void>((resolve, reject) => setTimeout(() => Promise.resolve(options.onWindow?.(name)).then(resolve, reject), at));
  const edges = Promise.all([edge('start', windowStart), edge('end', windowEnd)]);
  edges.catch(() => {}); // awaited below; a warm-up failure must not leave it unhandled

  // Open loop: each client's due times (ms from the start), from its own seeded random source.
  const open = options.rate !== undefined;
  const schedule = (i: number): number[] => {
    const random = rng(hash32(`sse-load-${i}`));
    const uniform = (from: number, to: number) => {
      const count = Math.round((options.rate! * (to - from)) / 1000 / options.concurrency);
      return Array.from({ length: count }, () => from + random() * (to - from)).sort((a, b) => a - b);
    };
    return [...uniform(0, windowStart), ...uniform(windowStart, windowEnd)];
  };
  let due = 0;
  const client = async (_: unknown, i: number) => {
    const times = open ? schedule(i) : [];
    for (let k = 0; ; k++) {
      if (open) {
        if (k >= times.length) return;
        const wait = times[k]! - (performance.now() - started);
        if (wait > 0) await sleep(wait);
      }
      const at = open ? times[k]! : performance.now() - started;
      if (at >= windowEnd) return;
      if (at >= windowStart) due++;
      const item = options.requests[next++ % options.requests.length]!;
      try {
        const result = await send(item, started + at);
        const endedAt = performance.now() - started;
        if (result.mode !== null && endedAt >= windowStart && endedAt <= windowEnd) completed++;
        if (at >= windowStart) samples.push({ ...result, locale: item.locale, endedAt });
      } catch (error) {
        if (at < windowStart) throw error;
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client));
  } finally {
    agent.destroy();
  }
  await edges;
  return {
    samples,
    errors,
    firstError,
    windowMs: options.durationMs,
    answersPerSecond: (completed / options.durationMs) * 1000,
    ...(open ? { offeredPerSecond: (due / options.durationMs) * 1000 } : {}),
  };
}
