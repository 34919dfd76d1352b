/**
 * kotae's benchmarks: retrieval quality, compile time, bundle size and load time on the shared
 * data sets, build/load/search speed on scaled corpora of 10k and 50k sections (with the widget's
 * bytes on the wire for a first and further searches, in real Chromium), conversation
 * ingest (redaction throughput, peak memory and throughput compiling generated CSV exports), and
 * the answer service's time to first event and throughput over HTTP on loopback, and topic
 * classification on Banking77 (accuracy, macro-F1, training time, throughput, model size), and
 * the prompt-injection check (recall on an attack corpus, false positives on real articles).
 *
 * Run from the repository root after building `@kotae/knowledge`:
 *   node --import tsx bench/run.ts [--only quality|answers|answerability|speed|bytes|conversations|service|classify|injection|dev|cluster] [--scales 10000,50000] [--widget DIR] [--export-mb 50,200] [--data DIR] [--out FILE] [--profile] [--strict]
 * Tables go to stdout (markdown), progress to stderr, the full report to bench/results/latest.json.
 * See bench/README.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { datasetSections, findDatasets } from './lib/datasets.js';
import { codeVersion, currentLoad, machineInfo } from './lib/machine.js';
import { measureDataset, QUALITY_RUNS, type DatasetResult } from './lib/quality.js';
import { formatAnswers, measureAnswers, type AnswersResult } from './lib/answers.js';
import { formatAnswerability, measureAnswerability, type AnswerabilityResult } from './lib/answerability.js';
import { formatRedaction, measureRedaction, type RedactionResult } from './lib/redaction.js';
import { EXPORT_SIZES_MB, formatConversations, measureConversations, type ConversationsResult } from './lib/conversations.js';
import { checkTargets, formatReport, type BenchReport } from './lib/report.js';
import { formatClassifyBench, measureClassify, type ClassifyBenchResult } from './lib/classify.js';
import { formatInjection, measureInjection, type InjectionResult } from './lib/injection.js';
import { formatDev, measureDev, type DevFolderResult } from './lib/dev.js';
import { scaleCorpus, VARIATION } from './lib/scaled-corpus.js';
import { measureService, SERVICE_RUNS, type ServiceResult } from './lib/service.js';
import { formatCluster, measureCluster } from './lib/cluster.js';
import { benchQueries, measureScale, SPEED_RUNS, type ScaleResult } from './lib/speed.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE =
  'usage: node --import tsx bench/run.ts [--only quality|answers|answerability|speed|bytes|conversations|service|classify|injection|dev|cluster] [--scales 10000,50000] [--widget DIR] [--export-mb 50,200] [--data DIR] [--out FILE] [--profile] [--strict]';

function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const PARTS = [
  'all',
  'quality',
  'answers',
  'answerability',
  'speed',
  'bytes',
  'conversations',
  'service',
  'classify',
  'injection',
  'dev',
  'cluster',
] as const;

function isPart(x: string): x is (typeof PARTS)[number] {
  return (PARTS as readonly string[]).includes(x);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        widget: { type: 'string' },
        scales: { type: 'string', default: '10000,50000' },
        'export-mb': { type: 'string', default: EXPORT_SIZES_MB.join(',') },
        data: { type: 'string', default: resolve(repo, '..', 'shared', 'data') },
        out: { type: 'string', default: join(repo, 'bench', 'results', 'latest.json') },
        profile: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usageError((e as Error).message);
  }
  const only = values.only ?? 'all';
  if (!isPart(only))
    usageError(
      `--only must be "quality", "answers", "answerability", "speed", "bytes", "conversations", "service", "classify", "injection", "dev" or "cluster" (got ${JSON.stringify(values.only)})`,
    );
  const scales = values.scales
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const n = Number(s.trim().replace(/k$/i, '000'));
      if (!Number.isInteger(n) || n <= 0) usageError(`--scales takes section counts like 10000,50000 (got ${JSON.stringify(s)})`);
      return n;
    });
  const exportMb = values['export-mb']
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const n = Number(s.trim());
      if (!(n > 0)) usageError(`--export-mb takes sizes in MB like 50,200 (got ${JSON.stringify(s)})`);
      return n;
    });
  return { ...values, only, scales, exportMb };
}

const values = parseOptions();
const { only, scales } = values;

const started = performance.now();
const startLoad = currentLoad();
const code = codeVersion(repo);
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

// The cluster part runs on its own (never in `all`): three servers, PostgreSQL and haproxy.
if (only === 'cluster') {
  log(`cluster: machine load ${startLoad}`);
  process.stdout.write(`${formatCluster(await measureCluster(repo, log))}\n`);
  process.exit(0);
}

const tmp = await mkdtemp(join(tmpdir(), 'kotae-bench-'));
try {
  const { datasets, notices } = await findDatasets(repo, values.data, tmp);
  for (const notice of notices) log(`notice: ${notice}`);

  const datasetResults: DatasetResult[] = [];
  if (only === 'all' || only === 'quality') {
    for (const dataset of datasets) datasetResults.push(await measureDataset(dataset, tmp, log));
  }

  // Redaction throughput (MB/s) over the data sets' text and support chats: lib/redaction.ts.
  const redaction: RedactionResult[] = only === 'all' || only === 'quality' ? await measureRedaction(datasets, values.data, log) : [];

  // Answer metrics (extractive, in-process, as `kotae eval --answers`): lib/answers.ts.
  const answers: AnswersResult[] = [];
  if (only === 'all' || only === 'answers') {
    for (const dataset of datasets.filter((d) => d.cases.length > 0)) answers.push(await measureAnswers(dataset, log));
  }

  const scaleResults: ScaleResult[] = [];
  if ((only === 'all' || only === 'speed' || only === 'bytes') && scales.length > 0) {
    // Scale from the full data sets; without them, from whatever small sets there are.
    const full = datasets.filter((d) => d.kind === 'full');
    const baseSets = full.length > 0 ? full : datasets;
    const base = (await Promise.all(baseSets.map(datasetSections))).flat();
    const queries = benchQueries(baseSets.flatMap((d) => d.cases.map((c) => ({ ...c, locale: c.locale ?? d.defaultLocale }))));
    if (base.length === 0 || queries.length === 0) {
      log('notice: no sections or no eval queries to build a scaled corpus from; skipping the speed part');
    } else {
      log(`scaling ${base.length} sections of ${baseSets.map((d) => d.name).join(', ')}; ${queries.length} queries`);
      // The widget's bytes on the wire need its embed build (pnpm --filter @kotae/widget run build).
      const widgetDir = values.widget ?? join(repo, 'packages', 'widget', 'dist', 'cdn');
      const widgetBuilt = existsSync(join(widgetDir, 'kotae-help.js'));
      if (!widgetBuilt) log(`notice: no widget embed build in ${widgetDir}; skipping the widget's bytes on the wire`);
      for (const target of scales) {
        const widget = widgetBuilt ? { dir: join(tmp, `widget-${target}`), widgetDir } : undefined;
        scaleResults.push(await measureScale(scaleCorpus(base, target), target, queries, log, { widget, latencies: only !== 'bytes' }));
      }
    }
  }

  let conversations: ConversationsResult | undefined;
  if (only === 'all' || only === 'conversations') conversations = await measureConversations(values.data, tmp, values.exportMb, log);

  let service: ServiceResult | undefined;
  if (only === 'all' || only === 'service') {
    const profileDir = values.profile ? join(dirname(values.out), 'profiles') : undefined;
    service = await measureService(datasets, tmp, log, { profileDir });
    if (profileDir) log(`CPU profiles of the bench servers in ${profileDir}`);
  }

  // Out-of-scope detection on the dev pairings (needs the full data sets): lib/answerability.ts.
  let answerability: AnswerabilityResult[] = [];
  if (only === 'all' || only === 'answerability') {
    if (datasets.some((d) => d.kind === 'full')) answerability = await measureAnswerability(values.data, repo, log);
    else log('notice: no full data sets; skipping the answerability part');
  }

  // Prompt-injection check: recall on the attack corpus, false positives on real articles: lib/injection.ts.
  let injection: InjectionResult | undefined;
  if (only === 'all' || only === 'injection') injection = await measureInjection(repo, datasets, log);

  let classify: ClassifyBenchResult | undefined;
  if (only === 'all' || only === 'classify') classify = await measureClassify(values.data, log);

  // The preview loop (kotae dev: save → page reloaded, in Chromium): lib/dev.ts.
  let devLoop: DevFolderResult[] = [];
  if (only === 'all' || only === 'dev') devLoop = await measureDev(repo, values.data, log);

  const report: BenchReport & { redaction?: RedactionResult[]; answers?: AnswersResult[] } = {
    machine: machineInfo(startLoad),
    code,
    only,
    notices,
    settings: {
      dataDir: values.data,
      scales,
      exportMb: values.exportMb,
      qualityRuns: QUALITY_RUNS,
      speedRuns: SPEED_RUNS,
      variation: VARIATION,
      serviceRuns: SERVICE_RUNS,
    },
    datasets: datasetResults,
    scales: scaleResults,
    ...(redaction.length > 0 ? { redaction } : {}),
    ...(answers.length > 0 ? { answers } : {}),
    ...(service ? { service } : {}),
    targets: checkTargets(datasetResults, scaleResults, service),
    durationMs: Math.round(performance.now() - started),
  };
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(
    values.out,
    `${JSON.stringify(
      {
        ...report,
        conversations,
        ...(classify ? { classify } : {}),
        ...(answerability.length > 0 ? { answerability } : {}),
        ...(injection ? { injection } : {}),
        ...(devLoop.length > 0 ? { dev: devLoop } : {}),
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`${formatReport(report)}\n`);
  if (redaction.length > 0) process.stdout.write(`\n${formatRedaction(redaction)}\n`);
  if (answers.length > 0) process.stdout.write(`\n${formatAnswers(answers)}\n`);
  if (answerability.length > 0) process.stdout.write(`\n${formatAnswerability(answerability)}\n`);
  if (conversations) process.stdout.write(`\n${formatConversations(conversations)}\n`);
  if (classify) process.stdout.write(`\n${formatClassifyBench(classify)}\n`);
  if (injection) process.stdout.write(`\n${formatInjection(injection)}\n`);
  if (devLoop.length > 0) process.stdout.write(`\n${formatDev(devLoop)}\n`);
  log(`done in ${(report.durationMs / 1000).toFixed(1)} s; report in ${values.out}`);
  if (values.strict && report.targets.some((t) => t.pass === false)) process.exitCode = 1;
} finally {
  await rm(tmp, { recursive: true, force: true });
}
