/**
 * Insights over millions of interactions in PostgreSQL: fills a PostgreSQL server (started here,
 * as the tests start one) with the generated data set of the insights test
 * (`packages/server/test/support/insights-data.ts`: every outcome, refusals, gaps, escalations,
 * reviews) in chunks of `--chunk` interactions, each spread over the same `--days`, and after
 * each scale runs the real CLI, `kotae insights <url> --json`, under `/usr/bin/time`: wall time
 * and the Node process's peak resident memory.
 *
 *   node --import tsx bench/insights-scale.ts [--scales 1000000,3000000] [--chunk 1000000] [--days 180] [--url postgres://…]
 *
 * With `--url` the database is used as it is (filled up to each scale; rows already there count).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadavg } from 'node:os';
import { PostgresInteractionStore } from '@kotae/server/postgres';
import { startPostgres } from '../packages/server/test/support/postgres-server.js';
import { insightsRecords } from '../packages/server/test/support/insights-data.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1000000,3000000' },
    chunk: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '180' },
    url: { type: 'string' },
  },
});
const scales = values.scales.split(',').map(Number);
const chunk = Number(values.chunk);
const days = Number(values.days);
const log = (m: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m} (load ${loadavg()[0]!.toFixed(1)})`);

/**
 * CPU seconds PostgreSQL has spent so far: the postmaster listening on `port` (its own time and
 * that of the backends it has reaped, `cutime`/`cstime`) and its live children. The insights
 * figure is given in CPU seconds too, because wall time on a shared machine depends on its load.
 */
async function postgresCpuSeconds(port: string): Promise<number> {
  const stats = new Map<number, { ppid: number; own: number; children: number; cmd: string }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const [stat, cmd] = await Promise.all([
      readFile(`/proc/${name}/stat`, 'utf8').catch(() => ''),
      readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => ''),
    ]);
    const close = stat.lastIndexOf(')');
    if (close < 0 || !stat.slice(0, close).includes('(postgres')) continue;
    const f = stat.slice(close + 2).split(' ');
    stats.set(Number(name), { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]), cmd });
  }
  const master = [...stats].find(([, s]) => s.cmd.split('\0').includes(port) && !stats.has(s.ppid));
  if (!master) return Number.NaN;
  let ticks = master[1].own + master[1].children;
  for (const s of stats.values()) if (s.ppid === master[0]) ticks += s.own;
  return ticks / 100;
}

const server = values.url === undefined ? await startPostgres() : undefined;
const url = values.url ?? (await server!.createDatabase('insights_bench'));
const store = await PostgresInteractionStore.open(url);
/** Runs one statement with `psql` and returns the number it printed (0 for none). */
const sql = async (text: string): Promise<number> => Number((await run('psql', ['-Atc', text, url])).stdout.trim() || 0);
const count = () => sql("SELECT count(*) AS n FROM kotae_interactions WHERE kind = 'interaction'");
let filled = values.url === undefined ? 0 : await count();
const port = new URL(url).port;
const results: {
  interactions: number;
  rows: number;
  seconds: number;
  nodeCpuSeconds: number;
  postgresCpuSeconds: number;
  maxRssMb: number;
  load: string;
}[] = [];
try {
  for (const scale of scales) {
    while (filled < scale) {
      const n = Math.min(chunk, scale - filled);
      const started = Date.now();
      let batch: Promise<void>[] = [];
      for (const record of insightsRecords({ interactions: n, days, seed: 100 + filled / chunk, prefix: `k${filled}-` })) {
        batch.push(store.append(record));
        if (batch.length >= 5000) {
          await Promise.all(batch);
          batch = [];
        }
      }
      await Promise.all(batch);
      filled += n;
      log(`filled ${filled} interactions (${n} in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await sql('VACUUM ANALYZE kotae_interactions');
    const rows = await sql('SELECT count(*) AS n FROM kotae_interactions');
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const cpuBefore = await postgresCpuSeconds(port);
    const { stderr } = await run(
      '/usr/bin/time',
      ['-f', 'TIME %e %M %U %S', process.execPath, resolve(repo, 'packages/cli/dist/bin.js'), 'insights', url, '--json'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const postgresCpu = (await postgresCpuSeconds(port)) - cpuBefore;
    const [, seconds, kb, user, system] = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr)!;
    const result = {
      interactions: await count(),
      rows,
      seconds: Number(seconds),
      nodeCpuSeconds: Number(user) + Number(system),
      postgresCpuSeconds: Math.round(postgresCpu * 10) / 10,
      maxRssMb: Math.round(Number(kb) / 1024),
      load,
    };
    results.push(result);
    log(
      `insights over ${result.interactions} interactions (${rows} rows): ${result.seconds} s (CPU: Node ${result.nodeCpuSeconds} s, PostgreSQL ${result.postgresCpuSeconds} s), peak RSS ${result.maxRssMb} MB, load ${load}`,
    );
  }
} finally {
  await store.close();
  await server?.stop();
}
console.log(JSON.stringify(results, null, 2));
