import { Agent, request } from 'node:http';

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
  /** Clients, each with its own keep-alive connection, sending its next request when the last answer is complete. */
  readonly concurrency: number;
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
  /** From sending the request to the first bytes of the `sources` event (ms). */
  readonly ttfeMs: number;
  /** From sending the request to the end of the response (ms). */
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
}

const SOURCES = 'event: sources\n';
const DONE = /(?:^|\n)event: done\ndata: (.*)\n/;

/**
 * A closed-loop load generator for server-sent-event answers, like `autocannon -c <concurrency>`
 * but measuring what autocannon cannot: the time to the first event. Each of `concurrency`
 * clients POSTs a body on its own keep-alive connection, reads the whole event stream, and sends
 * the next one at once; after `warmupMs` every request is timed for `durationMs`.
 *
 * Closed loop means the clients wait for the server: at saturation, the latencies include the
 * time a request queues behind the others (Little's law: latency ≈ concurrency ÷ throughput).
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

  const send = (item: LoadRequest) =>
    new Promise<Omit<LoadSample, 'locale' | 'endedAt'>>((resolve, reject) => {
      const sent = performance.now();
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

  const client = async () => {
    for (;;) {
      const at = performance.now() - started;
      if (at >= windowEnd) return;
      const item = options.requests[next++ % options.requests.length]!;
      try {
        const result = await send(item);
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
  return { samples, errors, firstError, windowMs: options.durationMs, answersPerSecond: (completed / options.durationMs) * 1000 };
}
