import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildInsights, renderInsightsHtml, type InsightsReport, type TopicLabeler } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { loadOrTrain } from '../internal/load-classifier.js';
import type { ClassifierFrom } from './classify.js';
import { openStoreForReading } from '../internal/open-store.js';
import { assertDirectory } from '../internal/paths.js';

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
    const report = await buildInsights(store.records(), {
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
