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

const server = values.url === undefined ? await startPostgres() : undefined;
const url = values.url ?? (await server!.createDatabase('insights_bench'));
const store = await PostgresInteractionStore.open(url);
/** Runs one statement with `psql` and returns the number it printed (0 for none). */
const sql = async (text: string): Promise<number> => Number((await run('psql', ['-Atc', text, url])).stdout.trim() || 0);
const count = () => sql("SELECT count(*) AS n FROM kotae_interactions WHERE kind = 'interaction'");
let filled = values.url === undefined ? 0 : await count();
const results: { interactions: number; rows: number; seconds: number; maxRssMb: number; load: string }[] = [];
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
    const { stderr } = await run(
      '/usr/bin/time',
      ['-f', 'TIME %e %M', process.execPath, resolve(repo, 'packages/cli/dist/bin.js'), 'insights', url, '--json'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const [, seconds, kb] = /TIME ([\d.]+) (\d+)/.exec(stderr)!;
    const result = { interactions: scale, rows, seconds: Number(seconds), maxRssMb: Math.round(Number(kb) / 1024), load };
    results.push(result);
    log(`insights over ${scale} interactions (${rows} rows): ${result.seconds} s, peak RSS ${result.maxRssMb} MB, load ${load}`);
  }
} finally {
  await store.close();
  await server?.stop();
}
console.log(JSON.stringify(results, null, 2));
