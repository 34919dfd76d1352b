import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
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
  /** Clients, each on its own keep-alive connection with at most one request in flight. */
  concurrency: 50,
  /**
   * The open-loop runs: requests per second the clients offer together (at random times), the
   * throughput the service must hold.
   */
  rate: 300,
  /** Requests in the first `warmupMs` of a run are not recorded (JIT, caches, connections). */
  warmupMs: 2_000,
  /** Every request in the next `durationMs` is timed. Five runs keep the part within about a minute. */
  durationMs: 8_000,
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
  /**
   * `closed`: every client asks again as soon as its answer is complete (flat out, like
   * `autocannon -c 50`); `open`: the clients offer {@link SERVICE_RUNS.rate} requests per second.
   */
  readonly load: 'closed' | 'open';
  /** Requests due per second in the window (open loop only). */
  readonly offeredPerSecond?: number | undefined;
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
  /**
   * CPU the rest of the machine used over the window, in cores: every core's busy time minus the
   * server's and the bench process's. Above a few tenths, other work shared the two cores and the
   * timings are inflated.
   */
  readonly otherCores: number;
}

/** A difference of time to first event, service minus baseline (ms). */
export interface Added {
  readonly p50: number;
  readonly p99: number;
}

/** What the service benchmark measured. */
export interface ServiceResult {
  readonly settings: typeof SERVICE_RUNS;
  readonly runs: ServiceRunResult[];
  /**
   * What the service adds to the time to first event over the baseline under the same load, on
   * `examples/knowledge` (service minus baseline, at p50 and p99, ms): `open` at
   * {@link SERVICE_RUNS.rate} requests per second, `closed` flat out.
   */
  readonly added: { readonly open: Added; readonly closed: Added };
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
    execArgv: [...process.execArgv, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
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

/** Busy time of every core of the machine since boot (ms). */
function machineBusyMs(): number {
  return cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
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

/** One run: which server, on which bundle, under which load. */
/** One run of {@link measureRun}: which server, which load, which questions. */
export interface RunSpec {
  readonly server: ServiceRunResult['server'];
  readonly load: ServiceRunResult['load'];
  readonly corpus: string;
  readonly sections: number | null;
  /** The server child's arguments. */
  readonly args: readonly string[];
  readonly queries: readonly BenchQuery[];
}

/** Serves `spec.args` in a child process and puts it under `spec.load` for one timed window. */
export async function measureRun(spec: RunSpec, profileDir: string | undefined, log: (line: string) => void): Promise<ServiceRunResult> {
  const { server, load, corpus, sections, args, queries } = spec;
  const label = `${server === 'baseline' ? 'baseline' : `answer service on ${corpus}`}, ${SERVICE_RUNS.concurrency} clients, ${load === 'open' ? `${SERVICE_RUNS.rate} requests/s` : 'flat out'}`;
  // One directory per run: Node names the profiles after the process and thread (tsx's loader thread writes one too).
  const child = await startServer(args, profileDir && join(profileDir, `${server}-${load}-${corpus.replace(/[^A-Za-z0-9]+/g, '-')}`));
  try {
    log(`service: ${label}, ${(SERVICE_RUNS.warmupMs + SERVICE_RUNS.durationMs) / 1000} s`);
    const usage: (Awaited<ReturnType<ServerChild['usage']>> & { machineMs: number; benchMs: number })[] = [];
    const run = await runLoad({
      url: child.url,
      requests: bodies(queries),
      concurrency: SERVICE_RUNS.concurrency,
      warmupMs: SERVICE_RUNS.warmupMs,
      durationMs: SERVICE_RUNS.durationMs,
      rate: load === 'open' ? SERVICE_RUNS.rate : undefined,
      onWindow: async () => {
        const server = await child.usage();
        const bench = process.cpuUsage();
        usage.push({ ...server, machineMs: machineBusyMs(), benchMs: (bench.user + bench.system) / 1000 });
      },
    });
    const [start, end] = usage as [(typeof usage)[0], (typeof usage)[0]];
    const answers = (run.answersPerSecond * run.windowMs) / 1000;
    const modes: Record<string, number> = {};
    for (const s of run.samples) modes[s.mode ?? 'null'] = (modes[s.mode ?? 'null'] ?? 0) + 1;
    const result: ServiceRunResult = {
      server,
      load,
      ...(run.offeredPerSecond === undefined ? {} : { offeredPerSecond: round3(run.offeredPerSecond) }),
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
      otherCores: round3(
        Math.max(0, end.machineMs - start.machineMs - (end.cpuMs - start.cpuMs) - (end.benchMs - start.benchMs)) / run.windowMs,
      ),
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

  const baseline = { server: 'baseline', corpus: '–', sections: null, args: ['baseline'], queries: mix } as const;
  const service = {
    server: 'service',
    corpus: example.name,
    sections: compiled.stats.sections,
    args: ['service', dir],
    queries: mix,
  } as const;
  const runs: ServiceRunResult[] = [];
  for (const spec of [
    { ...baseline, load: 'closed' },
    { ...service, load: 'closed' },
    { ...baseline, load: 'open' },
    { ...service, load: 'open' },
  ] as const) {
    runs.push(await measureRun(spec, options.profileDir, log));
  }

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
    const spec = {
      server: 'service',
      load: 'closed',
      corpus: name,
      sections: sections.length,
      args: ['service', sharedDir],
      queries,
    } as const;
    runs.push(await measureRun(spec, options.profileDir, log));
  }

  const find = (server: ServiceRunResult['server'], load: ServiceRunResult['load']) =>
    runs.find((r) => r.server === server && r.load === load && (server === 'baseline' || r.corpus === example.name))!;
  const added = (load: ServiceRunResult['load']): Added => {
    const [b, s] = [find('baseline', load), find('service', load)];
    return { p50: round3(s.ttfe.p50 - b.ttfe.p50), p99: round3(s.ttfe.p99 - b.ttfe.p99) };
  };
  return {
    settings: SERVICE_RUNS,
    runs,
    added: { open: added('open'), closed: added('closed') },
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
  };
}
