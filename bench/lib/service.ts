import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndex, encodeBundle } from '@kotae/knowledge';
import { compileContent, writeBundleDir } from '@kotae/knowledge/node';
import { datasetSections, type Dataset } from './datasets.js';
import type { ServerMessage, ServerRequest } from './service-server.js';
import { benchQueries, type BenchQuery } from './speed.js';
import { runLoad, type LoadRequest, type LoadSample } from './sse-load.js';
import { hash32, rng, round3, shuffled, summarize, type LatencySummary } from './stats.js';

/** Settings of the service benchmark. */
export const SERVICE_RUNS = {
  /** Clients, each on its own keep-alive connection, each asking again as soon as its answer is complete. */
  concurrency: 50,
  /** Requests in the first `warmupMs` of a run are not recorded (JIT, caches, connections). */
  warmupMs: 2_000,
  /** Every request in the next `durationMs` is timed. */
  durationMs: 10_000,
  /** Eval-case questions of the shared sets asked in the bigger-corpus run (a fixed random sample). */
  sharedQueries: 300,
} as const;

/**
 * Questions the example guidance does not answer, so the mix includes refusals ("I don't know",
 * found by the retrieval confidence, as cheap or cheaper than an answer).
 */
export const REFUSAL_QUERIES: readonly BenchQuery[] = [
  { query: 'Can you recommend a good pizza recipe?', locale: 'en' },
  { query: 'Who won the football world cup in 2018?', locale: 'en' },
  { query: '明日の東京の天気を教えて', locale: 'ja' },
  { query: '株価の予想を教えて', locale: 'ja' },
];

/** Questions with personal data in them, which redaction replaces before anything else sees the question. */
export const PII_QUERIES: readonly BenchQuery[] = [
  { query: 'My email is taro.yamada@example.com and I forgot my password', locale: 'en' },
  { query: 'I was charged twice on card 4111 1111 1111 1111, how do I get a refund?', locale: 'en' },
  { query: '電話番号090-1234-5678に確認コードが届きません', locale: 'ja' },
];

/** One load run against one server. */
export interface ServiceRunResult {
  /** `baseline` (a trivial SSE handler) or `service` (`createAnswerHandler`). */
  readonly server: 'baseline' | 'service';
  /** The bundle the service answered from (`examples/knowledge`, `shared sets`); `–` for the baseline. */
  readonly corpus: string;
  readonly sections: number | null;
  /** Distinct questions in the mix. */
  readonly queries: number;
  /** Time to first event: sending the request → the first bytes of the `sources` event (ms). */
  readonly ttfe: LatencySummary;
  /** Sending the request → the end of the stream (ms). */
  readonly total: LatencySummary;
  /** Time to first event by the answer's `mode` (extractive, refusal). */
  readonly ttfeByMode: Record<string, LatencySummary>;
  /** Complete answers (streams ending with `done`) per second over the window. */
  readonly answersPerSecond: number;
  /** Answers by `mode` (`null` for streams without `done`). */
  readonly modes: Record<string, number>;
  /** Failed requests (network error, status other than 200, no `sources` event). */
  readonly errors: number;
  readonly firstError?: string | undefined;
  /** The server process over the window: CPU time per complete answer (ms), and how busy its event loop was (0–1). */
  readonly serverCpuMsPerAnswer: number;
  readonly serverLoopBusy: number;
  /** The server's resident set size at the end of the window (MB). */
  readonly serverRssMB: number;
}

/** What the service benchmark measured. */
export interface ServiceResult {
  readonly settings: typeof SERVICE_RUNS;
  readonly runs: ServiceRunResult[];
  /**
   * What the service adds to the time to first event over the baseline, on `examples/knowledge`
   * (service minus baseline, at p50 and p99, ms).
   */
  readonly added: { readonly p50: number; readonly p99: number };
  /** Where `--profile` wrote the server's CPU profiles, if asked. */
  readonly profileDir?: string | undefined;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./service-server.ts', import.meta.url));

/** A server child process and a way to ask it for its CPU time. */
interface ServerChild {
  readonly url: string;
  usage(): Promise<Extract<ServerMessage, { type: 'usage' }>>;
  close(): Promise<void>;
}

async function startServer(args: readonly string[], profileDir: string | undefined): Promise<ServerChild> {
  const child: ChildProcess = fork(SERVER_SCRIPT, args, {
    // The parent's `--import tsx`, and a CPU profile of the server when asked for.
    execArgv: [
      ...process.execArgv,
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${args[0]}-${Date.now()}.cpuprofile`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ServerMessage['type']>(type: T) =>
    new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ServerMessage) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as Extract<ServerMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the bench server exited with ${code} (args ${args.join(' ')})`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = (message: ServerRequest) => child.send(message);
  const { port } = await next('listening');
  return {
    url: `http://127.0.0.1:${port}/v1/answer`,
    usage: () => {
      const reply = next('usage');
      ask({ type: 'usage' });
      return reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        ask({ type: 'close' });
      }),
  };
}

function bodies(queries: readonly BenchQuery[]): LoadRequest[] {
  return queries.map((q) => ({ body: JSON.stringify({ query: q.query, locale: q.locale }), locale: q.locale }));
}

function byMode(samples: readonly LoadSample[]): Record<string, LatencySummary> {
  const groups = new Map<string, number[]>();
  for (const s of samples) {
    const key = s.mode ?? 'none';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(s.ttfeMs);
  }
  return Object.fromEntries([...groups].sort().map(([mode, list]) => [mode, summarize(list)]));
}

async function measureRun(
  server: ServiceRunResult['server'],
  corpus: string,
  sections: number | null,
  args: readonly string[],
  queries: readonly BenchQuery[],
  profileDir: string | undefined,
  log: (line: string) => void,
): Promise<ServiceRunResult> {
  const child = await startServer(args, profileDir);
  try {
    const seconds = (SERVICE_RUNS.warmupMs + SERVICE_RUNS.durationMs) / 1000;
    log(
      `service: ${server === 'baseline' ? 'baseline' : `answer service on ${corpus}`}, ${SERVICE_RUNS.concurrency} clients, ${seconds} s`,
    );
    const usage: Awaited<ReturnType<ServerChild['usage']>>[] = [];
    const run = await runLoad({
      url: child.url,
      requests: bodies(queries),
      concurrency: SERVICE_RUNS.concurrency,
      warmupMs: SERVICE_RUNS.warmupMs,
      durationMs: SERVICE_RUNS.durationMs,
      onWindow: async () => void usage.push(await child.usage()),
    });
    const [start, end] = usage as [(typeof usage)[0], (typeof usage)[0]];
    const answers = (run.answersPerSecond * run.windowMs) / 1000;
    const modes: Record<string, number> = {};
    for (const s of run.samples) modes[s.mode ?? 'null'] = (modes[s.mode ?? 'null'] ?? 0) + 1;
    const result: ServiceRunResult = {
      server,
      corpus,
      sections,
      queries: queries.length,
      ttfe: summarize(run.samples.map((s) => s.ttfeMs)),
      total: summarize(run.samples.map((s) => s.totalMs)),
      ttfeByMode: byMode(run.samples),
      answersPerSecond: round3(run.answersPerSecond),
      modes,
      errors: run.errors,
      ...(run.firstError === undefined ? {} : { firstError: run.firstError }),
      serverCpuMsPerAnswer: round3((end.cpuMs - start.cpuMs) / Math.max(1, answers)),
      serverLoopBusy: round3((end.busyMs - start.busyMs) / run.windowMs),
      serverRssMB: Math.round(end.rss / 1e5) / 10,
    };
    log(
      `service: ${Math.round(result.answersPerSecond)} answers/s, time to first event p50 ${result.ttfe.p50} ms, p99 ${result.ttfe.p99} ms` +
        (result.errors > 0 ? `; ${result.errors} errors (${result.firstError})` : ''),
    );
    return result;
  } finally {
    await child.close();
  }
}

/**
 * Measures the answer service over HTTP on loopback: a server child process serves
 * `createAnswerHandler` (extractive answers, no rate limit, the default memory store) with
 * `@hono/node-server`, and {@link SERVICE_RUNS.concurrency} clients in this process ask a mix of
 * English and Japanese questions (the example's eval cases, questions to refuse, questions with
 * personal data) for {@link SERVICE_RUNS.durationMs} after a warm-up, timing the first event and
 * counting complete answers. A baseline server (a trivial SSE handler on the same stack) gets the
 * same load, so the difference is what the service adds. With the shared data sets, the service
 * also answers from a bundle of all their sections, with their eval questions.
 */
export async function measureService(
  datasets: readonly Dataset[],
  tmp: string,
  log: (line: string) => void,
  options: { profileDir?: string | undefined } = {},
): Promise<ServiceResult | undefined> {
  const example = datasets.find((d) => d.kind === 'example');
  if (!example) {
    log('notice: examples/knowledge not found; skipping the service part');
    return undefined;
  }
  if (options.profileDir) await mkdir(options.profileDir, { recursive: true });
  const dir = join(tmp, 'service', 'examples');
  log('service: compile examples/knowledge');
  const compiled = await compileContent(example.contentDir, { out: dir });
  const mix = shuffled(
    [...example.cases.map((c) => ({ query: c.query, locale: c.locale ?? example.defaultLocale })), ...REFUSAL_QUERIES, ...PII_QUERIES],
    rng(hash32('service-queries')),
  );

  const runs: ServiceRunResult[] = [];
  runs.push(await measureRun('baseline', '–', null, ['baseline'], mix, options.profileDir, log));
  runs.push(await measureRun('service', example.name, compiled.stats.sections, ['service', dir], mix, options.profileDir, log));

  const full = datasets.filter((d) => d.kind === 'full');
  if (full.length > 0) {
    const name = full.map((d) => d.name).join(' + ');
    log(`service: build a bundle of ${name}`);
    const sections = (await Promise.all(full.map(datasetSections))).flat();
    const index = buildSearchIndex(sections);
    const bundle = await encodeBundle(index, {
      id: 'shared',
      defaultLocale: 'en',
      articles: new Set(sections.map((s) => s.articleId)).size,
    });
    const sharedDir = join(tmp, 'service', 'shared');
    await writeBundleDir(sharedDir, bundle);
    const cases = benchQueries(full.flatMap((d) => d.cases.map((c) => ({ ...c, locale: c.locale ?? d.defaultLocale }))));
    const queries = shuffled(
      [...cases.slice(0, SERVICE_RUNS.sharedQueries), ...REFUSAL_QUERIES, ...PII_QUERIES],
      rng(hash32('service-shared')),
    );
    runs.push(await measureRun('service', name, sections.length, ['service', sharedDir], queries, options.profileDir, log));
  }

  const [base, service] = runs as [ServiceRunResult, ServiceRunResult];
  return {
    settings: SERVICE_RUNS,
    runs,
    added: { p50: round3(service.ttfe.p50 - base.ttfe.p50), p99: round3(service.ttfe.p99 - base.ttfe.p99) },
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
  };
}
