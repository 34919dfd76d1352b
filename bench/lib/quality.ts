import { join } from 'node:path';
import { evaluateRetrieval, type RetrievalMetrics, type RetrievalMiss } from '@kotae/knowledge';
import { compileContent, readBundleDir } from '@kotae/knowledge/node';
import { bundleBytes, type BundleBytes } from './bytes.js';
import type { Dataset } from './datasets.js';
import { median, repeat, round3, summarize, type LatencySummary } from './stats.js';

/**
 * How many times each measurement of a data set is repeated (the median is reported). Compiles
 * stop after `compileBudgetMs` once there are at least 2 runs (a big set compiles in seconds).
 */
export const QUALITY_RUNS = { compile: 3, compileBudgetMs: 10_000, load: 5 } as const;

/** What the bench measured on one data set. */
export interface DatasetResult {
  readonly name: string;
  readonly kind: Dataset['kind'];
  readonly key: string;
  readonly source: string;
  readonly locales: string[];
  readonly articles: number;
  readonly sections: number;
  readonly warnings: number;
  /** `compileContent(dir, { out })` wall time, median and every run (ms; 2 or 3 runs). */
  readonly compileMs: { median: number; samples: number[] };
  readonly bytes: BundleBytes;
  /** `readBundleDir(out)` wall time (read, verify, restore), median and every run (ms). */
  readonly loadMs: { median: number; samples: number[] };
  /** Retrieval quality with the set's eval cases; absent when it has none. */
  readonly quality?: {
    readonly cases: number;
    readonly metrics: RetrievalMetrics;
    /** Latency of the eval searches (`search(query, { locale, limit: 10 })`), ms. */
    readonly latency: LatencySummary;
    /** The first misses (relevant article not in the top 10), for a quick look. */
    readonly misses: RetrievalMiss[];
    readonly missCount: number;
  };
}

/**
 * Compiles a data set to a bundle directory (`compileContent`), measures the bundle's bytes, the
 * time to read it back (`readBundleDir`), and retrieval quality over its eval cases: each case is
 * ranked by `search(query, { locale, limit: 10 })` on the loaded index, a hit being a result
 * whose article id is in `relevant`.
 */
export async function measureDataset(dataset: Dataset, tmp: string, log: (line: string) => void): Promise<DatasetResult> {
  const out = join(tmp, 'bundles', dataset.name.replace(/[^A-Za-z0-9-]+/g, '_'));
  log(`${dataset.name}: compile`);
  const compile = await repeat(QUALITY_RUNS.compile, () => compileContent(dataset.contentDir, { out }), {
    minRuns: 2,
    budgetMs: QUALITY_RUNS.compileBudgetMs,
  });
  const compiled = compile.last;
  const bytes = bundleBytes(compiled.bundle);
  log(`${dataset.name}: load ×${QUALITY_RUNS.load}`);
  const load = await repeat(QUALITY_RUNS.load, () => readBundleDir(out));
  const { index } = load.last;
  let quality: DatasetResult['quality'];
  if (dataset.cases.length > 0) {
    log(`${dataset.name}: ${dataset.cases.length} eval cases`);
    const latencies: number[] = [];
    const report = await evaluateRetrieval(dataset.cases, (c) => {
      const start = performance.now();
      const results = index.search(c.query, { locale: c.locale ?? dataset.defaultLocale, limit: 10 });
      latencies.push(performance.now() - start);
      return results.map((r) => r.articleId);
    });
    quality = {
      cases: report.cases,
      metrics: report.retrieval,
      latency: summarize(latencies),
      misses: report.misses.slice(0, 20),
      missCount: report.misses.length,
    };
  }
  return {
    name: dataset.name,
    kind: dataset.kind,
    key: dataset.key,
    source: dataset.source,
    locales: compiled.stats.locales,
    articles: compiled.stats.articles,
    sections: compiled.stats.sections,
    warnings: compiled.warnings.length,
    compileMs: { median: round3(median(compile.samples)), samples: compile.samples },
    bytes,
    loadMs: { median: round3(median(load.samples)), samples: load.samples },
    ...(quality ? { quality } : {}),
  };
}
