/**
 * One, two and three `kotae serve` instances (the built binary, extractive, limits off) on one
 * PostgreSQL store behind Debian's haproxy on loopback: complete answers per second through the
 * balancer (and one instance without it, for the balancer's own cost), then a SIGKILL of one
 * instance under load, counting the acknowledged interactions (a `done` event received) missing
 * from the store afterwards: must be 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileContent } from '@kotae/knowledge/node';
import { startPostgres } from '../../packages/server/test/support/postgres-server.js';
import { startHaproxy } from '../../test/support/haproxy.js';
import { startServe, stopServe, type ServeRun } from '../../test/support/kotae-bin.js';
import { runLoad, type LoadRequest } from './sse-load.js';
import { percentile } from './stats.js';

/** One throughput run. */
export interface ClusterRun {
  /** `direct` (one instance, no balancer) or the number of instances behind haproxy. */
  readonly setup: string;
  readonly concurrency: number;
  readonly answersPerSecond: number;
  readonly p99TtfeMs: number;
  readonly errors: number;
}

/** The kill -9 run. */
export interface ClusterKill {
  readonly concurrency: number;
  readonly acknowledged: number;
  /** Acknowledged interactions not in the store afterwards: must be 0. */
  readonly acknowledgedLost: number;
  /** Streams cut by the kill (not acknowledged, so not owed). */
  readonly cut: number;
}

export interface ClusterResult {
  readonly runs: readonly ClusterRun[];
  readonly kill: ClusterKill;
}

const QUESTIONS: readonly LoadRequest[] = [
  { body: JSON.stringify({ query: 'How do I reset my password?', locale: 'en' }), locale: 'en' },
  { body: JSON.stringify({ query: 'How long does a refund take?', locale: 'en' }), locale: 'en' },
  { body: JSON.stringify({ query: 'パスワードを忘れました', locale: 'ja' }), locale: 'ja' },
];

/** Runs the cluster bench over `examples/knowledge`. */
export async function measureCluster(
  repo: string,
  log: (line: string) => void,
  options: { concurrency?: number; seconds?: number } = {},
): Promise<ClusterResult> {
  const concurrency = options.concurrency ?? 50;
  const durationMs = (options.seconds ?? 8) * 1000;
  const dir = await mkdtemp(join(tmpdir(), 'kotae-bench-cluster-'));
  const pg = await startPostgres();
  const instances: ServeRun[] = [];
  try {
    await compileContent(join(repo, 'examples/knowledge'), { out: join(dir, 'kb') });
    const url = await pg.createDatabase();
    const args = [join(dir, 'kb'), '--port', '0', '--store', url, '--no-limits'];
    for (let i = 0; i < 3; i++) instances.push(await startServe(args));
    const runs: ClusterRun[] = [];
    const load = async (setup: string, base: string): Promise<void> => {
      const run = await runLoad({
        url: new URL('api/kotae/v1/answer', base).href,
        requests: QUESTIONS,
        concurrency,
        warmupMs: 1500,
        durationMs,
      });
      const result: ClusterRun = {
        setup,
        concurrency,
        answersPerSecond: Math.round((run.samples.length / run.windowMs) * 1000),
        p99TtfeMs:
          Math.round(
            percentile(
              run.samples.map((s) => s.ttfeMs),
              0.99,
            ) * 10,
          ) / 10,
        errors: run.errors,
      };
      log(
        `cluster: ${setup}: ${result.answersPerSecond} answers/s, p99 first event ${result.p99TtfeMs} ms, ${run.errors} errors${run.firstError ? ` (first: ${run.firstError.slice(0, 120)})` : ''}`,
      );
      runs.push(result);
    };
    await load('direct', instances[0]!.url);
    for (const n of [1, 2, 3]) {
      const lb = await startHaproxy(
        dir,
        instances.slice(0, n).map((s) => s.url),
      );
      try {
        await load(String(n), lb.url);
      } finally {
        await lb.stop();
      }
    }
    const kill = await killUnderLoad(dir, instances, pg.query.bind(pg), new URL(url).pathname.slice(1), concurrency, log);
    return { runs, kill };
  } finally {
    for (const s of instances) if (s.child.exitCode === null && s.child.signalCode === null) await stopServe(s.child);
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Closed-loop clients through haproxy over the three instances; instance 0 is killed after 2 s. */
async function killUnderLoad(
  dir: string,
  instances: readonly ServeRun[],
  query: <R extends object>(db: string, sql: string, values?: unknown[]) => Promise<R[]>,
  database: string,
  concurrency: number,
  log: (line: string) => void,
): Promise<ClusterKill> {
  const lb = await startHaproxy(
    dir,
    instances.map((s) => s.url),
  );
  const acknowledged: string[] = [];
  let cut = 0;
  let stop = false;
  try {
    const endpoint = new URL('api/kotae/v1/answer', lb.url);
    const clients = Array.from({ length: concurrency }, async (_, c) => {
      for (let i = c; !stop; i++) {
        try {
          const res = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: QUESTIONS[i % QUESTIONS.length]!.body,
          });
          const text = await res.text();
          const done = /event: done\ndata: (\{.*\})/.exec(text);
          if (done) acknowledged.push((JSON.parse(done[1]!) as { interactionId: string }).interactionId);
          else cut++;
        } catch {
          cut++;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2000));
    instances[0]!.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 4000));
    stop = true;
    await Promise.all(clients);
  } finally {
    await lb.stop();
  }
  const stored = await query<{ n: number }>(
    database,
    "SELECT count(*)::int AS n FROM kotae_interactions WHERE kind = 'interaction' AND interaction_id = ANY($1)",
    [acknowledged],
  );
  const result = { concurrency, acknowledged: acknowledged.length, acknowledgedLost: acknowledged.length - stored[0]!.n, cut };
  log(`cluster: kill -9 under load: ${result.acknowledged} acknowledged, ${result.acknowledgedLost} lost, ${cut} cut`);
  return result;
}

/** The markdown table of a cluster result. */
export function formatCluster(result: ClusterResult): string {
  const lines = [
    '| setup | clients | answers/s | p99 first event (ms) | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...result.runs.map(
      (r) =>
        `| ${r.setup === 'direct' ? 'one instance, no balancer' : `${r.setup} behind haproxy`} | ${r.concurrency} | ${r.answersPerSecond} | ${r.p99TtfeMs} | ${r.errors} |`,
    ),
    '',
    `kill -9 of one of three instances under load (${result.kill.concurrency} clients): ${result.kill.acknowledged} acknowledged, ${result.kill.acknowledgedLost} of them lost, ${result.kill.cut} streams cut (not acknowledged)`,
  ];
  return lines.join('\n');
}
