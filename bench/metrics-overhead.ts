/**
 * The cost of the Prometheus metrics: the answer service (extractive, examples/knowledge, the
 * same question mix as the service part of `pnpm bench`) with and without `createServiceMetrics`
 * as its `onEvent`, flat out (throughput) and at 300 requests/s offered (time to first event),
 * the pairs interleaved `--rounds` times so a busy machine weighs on both alike.
 *
 * Run from the repository root after `pnpm run build`:
 *   node --import tsx bench/metrics-overhead.ts [--rounds 2]
 * A markdown table goes to stdout, progress to stderr. See bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileContent } from '@kotae/knowledge/node';
import { findDatasets } from './lib/datasets.js';
import { currentLoad, machineInfo, machineLine } from './lib/machine.js';
import { measureRun, PII_QUERIES, REFUSAL_QUERIES, SERVICE_RUNS, type ServiceRunResult } from './lib/service.js';
import { hash32, rng, round3, shuffled } from './lib/stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const rounds = Number(values.rounds);
const startLoad = currentLoad();
const log = (text: string) => process.stderr.write(`${text}\n`);

const tmp = await mkdtemp(join(tmpdir(), 'kotae-metrics-bench-'));
try {
  const { datasets } = await findDatasets(repo, join(repo, 'no-shared-data'), tmp);
  const example = datasets.find((d) => d.kind === 'example')!;
  const dir = join(tmp, 'kb');
  await compileContent(example.contentDir, { out: dir });
  const queries = shuffled(
    [...example.cases.map((c) => ({ query: c.query, locale: c.locale ?? example.defaultLocale })), ...REFUSAL_QUERIES, ...PII_QUERIES],
    rng(hash32('service-queries')),
  );
  const results: { metrics: boolean; run: ServiceRunResult }[] = [];
  for (let round = 0; round < rounds; round++)
    for (const load of ['closed', 'open'] as const)
      for (const metrics of round % 2 === 0 ? [false, true] : [true, false]) {
        const spec = {
          server: 'service',
          load,
          corpus: example.name,
          sections: null,
          args: [metrics ? 'service-metrics' : 'service', dir],
          queries,
        } as const;
        log(`metrics ${metrics ? 'on' : 'off'}:`);
        results.push({ metrics, run: await measureRun(spec, undefined, log) });
      }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const of = (metrics: boolean, load: 'open' | 'closed') =>
    results.filter((r) => r.metrics === metrics && r.run.load === load).map((r) => r.run);
  const row = (metrics: boolean) => {
    const closed = of(metrics, 'closed');
    const open = of(metrics, 'open');
    return {
      answersPerSecond: mean(closed.map((r) => r.answersPerSecond)),
      cpuMsPerAnswer: mean(closed.map((r) => r.serverCpuMsPerAnswer)),
      openAnswersPerSecond: mean(open.map((r) => r.answersPerSecond)),
      p50: mean(open.map((r) => r.ttfe.p50)),
      p99: mean(open.map((r) => r.ttfe.p99)),
    };
  };
  const [off, on] = [row(false), row(true)];
  process.stdout.write(
    [
      `Metrics overhead (${rounds} interleaved rounds; flat out with ${SERVICE_RUNS.concurrency} clients, and ${SERVICE_RUNS.rate} requests/s offered)`,
      '',
      '| metrics | answers/s flat out | server CPU ms/answer | answers/s at 300 offered | first event p50 (ms) | p99 (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...[
        ['off', off],
        ['on', on],
      ].map(([name, r]) => {
        const v = r as typeof off;
        return `| ${String(name)} | ${Math.round(v.answersPerSecond)} | ${round3(v.cpuMsPerAnswer)} | ${Math.round(v.openAnswersPerSecond)} | ${round3(v.p50)} | ${round3(v.p99)} |`;
      }),
      '',
      `Throughput ${round3((on.answersPerSecond / off.answersPerSecond - 1) * 100)}%, CPU per answer ${round3((on.cpuMsPerAnswer / off.cpuMsPerAnswer - 1) * 100)}%, first event p99 ${round3(on.p99 - off.p99)} ms at ${SERVICE_RUNS.rate}/s.`,
      '',
      machineLine(machineInfo(startLoad)),
      '',
    ].join('\n'),
  );
} finally {
  await rm(tmp, { recursive: true, force: true });
}
