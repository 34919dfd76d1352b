import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderInsightsHtml, type InsightsReport, type TopicLabeler } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { storeInsights } from '@kotae/server';
import { loadOrTrain, type ClassifierFrom } from '../internal/load-classifier.js';
import { openStoreForReading } from '../internal/open-store.js';
import { assertDirectory } from '../internal/paths.js';
import type { RateEstimate } from '@kotae/knowledge';
import { positiveInteger } from '../internal/args.js';
import { defineCommand } from '../internal/command.js';
import { formatJson, humanBytes, plural } from '../internal/format.js';
import { timeRange } from '../internal/time-option.js';

/** Options of {@link insights}. */
export interface InsightsCommandOptions {
  /** An interaction store directory (`kotae serve --store`); read without taking its lock. */
  readonly store: string;
  /** Only questions asked at or after this time. @default every question */
  readonly since?: Date | undefined;
  /** Only questions asked before this time. @default no end */
  readonly until?: Date | undefined;
  /** A bundle directory (`kotae compile --out`): article titles for topics and articles. */
  readonly bundleDir?: string | undefined;
  /** Write the HTML report here. @default no file */
  readonly out?: string | undefined;
  /** Labels questions with topics. @default the article each answer relied on */
  readonly classifier?: TopicLabeler | undefined;
  /**
   * A topic classifier to train (`train`: labelled examples) or load (`model`: saved by `kotae
   * classify --save-model`) when `classifier` is not given (`kotae insights --topics`).
   */
  readonly topics?: ClassifierFrom | undefined;
  /** Progress messages (training the topic classifier). */
  readonly onProgress?: ((message: string) => void) | undefined;
  /** How long after a question a repeat on the same topic makes it "not solved", in hours. @default 24 */
  readonly repeatWindowHours?: number | undefined;
  /** The current time (for spans and for "too recent to tell"). @default now */
  readonly now?: Date | undefined;
}

/** What {@link insights} made. */
export interface InsightsCommandResult {
  /** The report, as data (what `--json` prints). */
  readonly report: InsightsReport;
  /** The HTML file written, if one was. */
  readonly out: string | undefined;
  /** Its size in bytes. */
  readonly bytes: number | undefined;
}

/**
 * `kotae insights`: the insights report of an interaction store — volume and resolution rates
 * (confirmed, assumed, escalated, unanswered… each with its 95% interval) over time and by
 * topic, top unanswered questions, content gaps, the articles most often followed by an
 * escalation, trending topics and redacted quotes — as data, and as one self-contained HTML file
 * when `out` is given. The store is read without its lock, so it may be in use by `kotae serve`.
 * A PostgreSQL store computes the counts in the database (`storeInsights`); with `topics` (a
 * classifier, which labels each question) every record is streamed instead.
 *
 * Throws a `PathError` when the store or bundle directory is missing.
 *
 * @example
 * ```ts
 * const { report } = await insights({ store: '.kotae/interactions', bundleDir: 'dist/kb', out: 'insights.html' })
 * console.log(report.resolution.overall.confirmed.rate)
 * ```
 */
export async function insights(options: InsightsCommandOptions): Promise<InsightsCommandResult> {
  const topics = options.topics?.train ?? options.topics?.model;
  const classifier =
    options.classifier ??
    (topics === undefined ? undefined : (await loadOrTrain(options.topics!, options.onProgress ?? (() => {}))).classifier);
  const store = await openStoreForReading(options.store);
  let titles: Map<string, string> | undefined;
  if (options.bundleDir !== undefined) {
    await assertDirectory(options.bundleDir, 'bundle directory');
    const bundle = await readBundleDir(options.bundleDir);
    titles = new Map(bundle.index.sections().map((s) => [s.articleId, s.title]));
  }
  try {
    const report = await storeInsights(store, {
      since: options.since,
      until: options.until,
      titles,
      classifier,
      repeatWindowMs: options.repeatWindowHours === undefined ? undefined : options.repeatWindowHours * 3_600_000,
      now: options.now,
    });
    if (options.out === undefined) return { report, out: undefined, bytes: undefined };
    const html = renderInsightsHtml(report);
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, html);
    return { report, out: options.out, bytes: Buffer.byteLength(html) };
  } finally {
    await store.close();
  }
}

/** `kotae insights` on the command line: options, usage and output. */
export const insightsCommand = defineCommand({
  name: 'insights',
  summary: 'report what people asked and what came of it: resolution rates, unanswered questions, content gaps, topics (HTML + JSON)',
  positionals: [
    { name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store); read while in use' },
  ],
  options: {
    since: {
      type: 'string',
      value: '<when>',
      description: 'only questions since then: a span back from now (30d, 12h, 2w) or a date (2026-05-01)',
      doc: 'only questions asked since then: a span back from now (`30d`, `12h`, `2w`) or a date (`2026-05-01`, `2026-05-01T09:00:00Z`). Default: all',
    },
    until: {
      type: 'string',
      value: '<when>',
      description: 'only questions before then (same forms as --since)',
      doc: 'only questions asked before then (same forms). Default: no end',
    },
    out: {
      type: 'string',
      short: 'o',
      value: '<report.html>',
      description: 'write the report as one self-contained HTML file',
      doc: 'write the report as one self-contained HTML file (inline CSS and SVG, no script, no external request); directories are created',
    },
    bundle: {
      type: 'string',
      value: '<bundleDir>',
      description: 'a compiled bundle: article titles instead of ids',
      doc: 'a bundle written by `kotae compile`: articles are shown by title instead of id',
    },
    topics: {
      type: 'string',
      value: '<file>',
      description:
        'topics from a classifier: labelled examples to train on ({text, label} JSONL, conversations with topic), or a *.model.json saved by kotae classify --save-model (default: the article each answer cited)',
      doc: 'group questions by topic labels: labelled examples to train a classifier on (`{text, label}` JSONL, conversations JSONL/CSV with `topic`), or a `*.model.json` saved by [`kotae classify --save-model`](#kotae-classify). Default: the article each answer cited',
    },
    'repeat-window': {
      type: 'string',
      value: '<hours>',
      description: 'a repeat question on the same topic within this many hours means "not solved" (default 24)',
      doc: 'a question asked again on the same topic in the same conversation within this many hours counts as not solved (default 24)',
    },
    json: {
      type: 'boolean',
      description: 'print the report as one JSON object on stdout instead of a summary',
      doc: 'print the report as one JSON object (`InsightsReport`) instead of the summary; with `--out` the HTML is written too',
    },
  },
  exit: {
    0: 'report made',
    1: 'the report cannot be written',
    3: 'the store or bundle directory is missing, or a bad --topics file',
    4: 'the bundle is damaged',
    5: 'the store is damaged or unreachable',
  },
  examples: [
    'kotae insights .kotae/interactions --out insights.html --bundle dist/kb',
    'kotae insights /srv/kotae/interactions --since 30d --json > insights.json',
  ],
  async run(args, io) {
    const now = new Date();
    const window = args.string('repeat-window');
    const result = await insights({
      store: args.positional('storeDir')!,
      ...timeRange('insights', args.string('since'), args.string('until'), now),
      bundleDir: args.string('bundle'),
      out: args.string('out'),
      repeatWindowHours: window === undefined ? undefined : positiveInteger('insights', 'repeat-window', window),
      topics: topicsFrom(args.string('topics')),
      onProgress: (message) => io.err(`kotae insights: ${message}\n`),
      now,
    });
    if (args.flag('json')) {
      io.out(formatJson(result.report));
      if (result.out !== undefined) io.err(`kotae insights: wrote ${result.out}\n`);
    } else {
      io.out(formatInsights(result));
    }
    return 0;
  },
});

/** `--topics <file>`: a saved model (`*.model.json`, from `kotae classify --save-model`) or labelled examples to train on. */
function topicsFrom(file: string | undefined): { train?: string; model?: string } | undefined {
  if (file === undefined) return undefined;
  return /\.model\.json$/i.test(file) ? { model: file } : { train: file };
}

const ROWS = [
  ['confirmed', 'confirmed solved'],
  ['assumed', 'probably solved (assumed)'],
  ['escalated', 'handed to a person'],
  ['unanswered', 'unanswered ("I don\'t know")'],
  ['unresolved', 'not solved (thumbs down or asked again)'],
  ['pending', 'too recent to tell'],
] as const;

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function rateLine(name: string, r: RateEstimate): string {
  return `  ${name.padEnd(42)}${String(r.count).padStart(6)}  ${pct(r.rate).padStart(6)}  (95% CI ${pct(r.low)}–${pct(r.high)})`;
}

/** What the figures leave out: ` (74 agent-assist drafts, 12 greetings, thanks and goodbyes not counted)`, or nothing. */
function notCounted(r: { readonly agentExcluded: number; readonly smallTalkExcluded: number }): string {
  const parts = [
    ...(r.agentExcluded > 0 ? [plural(r.agentExcluded, 'agent-assist draft')] : []),
    ...(r.smallTalkExcluded > 0 ? [`${r.smallTalkExcluded} greetings, thanks and goodbyes`] : []),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(', ')} not counted)`;
}

/** The human summary of `kotae insights`. */
export function formatInsights(result: InsightsCommandResult): string {
  const { report } = result;
  const r = report.resolution;
  if (r.overall.total === 0) {
    const written = result.out === undefined ? '' : `Report: ${result.out} (${humanBytes(result.bytes ?? 0)})\n`;
    return `No end-user questions in this range${notCounted(r)}.\n${written}`;
  }
  const lines = [
    `${plural(r.overall.total, 'question')} from ${r.since?.slice(0, 10) ?? '—'} to ${r.until?.slice(0, 10) ?? '—'}` + notCounted(r),
    ...ROWS.map(([key, name]) => rateLine(name, r.overall[key])),
    // Reviewers' judgement, apart from what users said (shown only once someone has reviewed).
    ...(r.reviewed.total > 0
      ? [
          `Reviewed in the console: ${r.reviewed.total} of ${r.overall.total} questions`,
          rateLine('solved, as reviewers judged', r.reviewed.resolved),
        ]
      : []),
    '',
  ];
  if (report.unanswered.length > 0) {
    lines.push('Top unanswered questions:');
    for (const q of report.unanswered.slice(0, 5)) lines.push(`  ${String(q.count).padStart(4)}× ${q.query}`);
    lines.push('');
  }
  const e = report.escalations;
  if (e.total > 0) {
    const why = Object.entries(e.reasons)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    lines.push(
      `Requests for a person: ${e.total} (${why}); delivered ${e.delivery.delivered}, retrying ${e.delivery.pending}, dead-lettered ${e.delivery.deadLettered}, recorded only ${e.delivery.recorded}`,
    );
    for (const q of e.questions.slice(0, 5)) lines.push(`  ${String(q.count).padStart(4)}× ${q.query}`);
    lines.push('');
  }
  if (report.contentGaps.length > 0) {
    lines.push('Content gaps (weak retrieval):');
    for (const q of report.contentGaps.slice(0, 5)) lines.push(`  ${String(q.count).padStart(4)}× ${q.query}`);
    lines.push('');
  }
  lines.push(
    result.out === undefined
      ? 'Add --out report.html for the full report, or --json for the data.'
      : `Report: ${result.out} (${humanBytes(result.bytes ?? 0)})`,
    '',
  );
  return lines.join('\n');
}
