import {
  encodeBundle,
  readBundle,
  buildSearchIndex,
  SearchIndex,
  type EncodedBundle,
  type EvalCase,
  type SerializedLocaleIndex,
} from '@kotae/knowledge';
import { bundleBytes, type BundleBytes } from './bytes.js';
import type { ScaledCorpus } from './scaled-corpus.js';
import { measureWidgetBytes, type WidgetBytesResult } from './widget-bytes.js';
import { collectGarbage, hash32, median, repeat, rng, round3, shuffled, summarize, timed, type LatencySummary } from './stats.js';

/** Repetitions of the speed measurements. */
export const SPEED_RUNS = {
  /** `readBundle` runs; the median is reported. */
  load: 5,
  /** Untimed searches before each latency series. */
  warmup: 150,
  /** Timed exact (full query) searches. */
  exact: 1000,
  /** About this many timed keystrokes of search-as-you-type. */
  keystrokes: 2000,
  /** Queries longer than this (code points) are not typed out (a widget user types short queries). */
  maxTypedLength: 60,
  /**
   * A latency series stops early (after at least `minSearches`) once its searches took
   * `exactBudgetMs` / `typingBudgetMs`, a warm-up after `warmupBudgetMs`, and a load series after
   * `loadBudgetMs` once it has 3 runs, so the whole bench stays within about 6 minutes on a 2-core
   * machine even when search is slow; the report gives the actual counts.
   */
  exactBudgetMs: 20_000,
  /** The as-you-type series gets more time: its p99 is a target. */
  typingBudgetMs: 30_000,
  /** A load series stops after this long (ms) once it has 3 runs. */
  loadBudgetMs: 15_000,
  warmupBudgetMs: 3_000,
  minSearches: 200,
  /** The load breakdown (one extra load) is measured only up to this many sections. */
  breakdownUpTo: 10_000,
} as const;

/** A query of the latency series, with its locale. */
export interface BenchQuery {
  readonly query: string;
  readonly locale: string;
}

/** What the bench measured on one scaled corpus. */
export interface ScaleResult {
  readonly target: number;
  readonly sections: number;
  readonly articles: number;
  readonly copies: number;
  /** Distinct index terms per locale (from the index shards). */
  readonly terms: Record<string, number>;
  /** `buildSearchIndex(sections)` wall time (ms, one run). */
  readonly buildMs: number;
  /** `encodeBundle(index)` wall time (ms, one run). */
  readonly encodeMs: number;
  readonly bytes: BundleBytes;
  /** `readBundle` from bytes in memory (no file I/O), median and every run (ms). */
  readonly loadMs: { median: number; samples: number[] };
  /**
   * Where a load's time goes (one run each): `JSON.parse` of every shard, and (up to
   * {@link SPEED_RUNS.breakdownUpTo} sections) `SearchIndex.fromSerialized` of the parsed shards;
   * the rest of `readBundle` is hashing and validating the sections.
   */
  readonly loadBreakdownMs: { parse: number; fromSerialized?: number };
  /** Full queries: `search(query, { locale, limit: 10 })`. */
  readonly exact: LatencySummary & { byLocale: Record<string, LatencySummary> };
  /**
   * Every prefix of a query as typed: `search(prefix, { locale, limit: 10, prefix: true })`;
   * `queries` is how many queries were typed (the last one possibly cut by the time budget).
   */
  readonly typing: LatencySummary & { queries: number; byLocale: Record<string, LatencySummary> };
  /** Bytes on the wire of an inline widget over this bundle in real Chromium, per page locale (see lib/widget-bytes.ts). */
  readonly widget?: WidgetBytesResult | undefined;
}

/** What {@link measureScale} measures besides build, encode, bytes and load. */
export interface MeasureScaleOptions {
  /** Measure the widget's bytes on the wire: the bundle is written under `dir`, the widget's embed build read from `widgetDir`. */
  readonly widget?: { readonly dir: string; readonly widgetDir: string } | undefined;
  /** Measure the exact and as-you-type latency series. @default true */
  readonly latencies?: boolean | undefined;
}

const decoder = new TextDecoder();

/** Mixes the eval cases' queries (all locales) in a fixed random order. */
export function benchQueries(cases: readonly (EvalCase & { locale: string })[]): BenchQuery[] {
  const seen = new Set<string>();
  const queries: BenchQuery[] = [];
  for (const c of cases) {
    const key = `${c.locale}\u0000${c.query}`;
    if (seen.has(key)) continue;
    seen.add(key);
    queries.push({ query: c.query, locale: c.locale });
  }
  return shuffled(queries, rng(hash32('bench-queries')));
}

/** Every prefix of `query` by code point, as typed one keystroke at a time. */
export function keystrokes(query: string): string[] {
  const chars = Array.from(query);
  return chars.map((_, i) => chars.slice(0, i + 1).join('')).filter((p) => p.trim() !== '');
}

async function latencies(
  index: SearchIndex,
  searches: readonly BenchQuery[],
  prefix: boolean,
  budgetMs: number,
): Promise<LatencySummary & { byLocale: Record<string, LatencySummary> }> {
  await collectGarbage();
  const all: number[] = [];
  const byLocale = new Map<string, number[]>();
  let spent = 0;
  for (const { query, locale } of searches) {
    if (all.length >= SPEED_RUNS.minSearches && spent > budgetMs) break;
    const start = performance.now();
    index.search(query, { locale, limit: 10, prefix });
    const ms = performance.now() - start;
    spent += ms;
    all.push(ms);
    let list = byLocale.get(locale);
    if (!list) byLocale.set(locale, (list = []));
    list.push(ms);
  }
  return { ...summarize(all), byLocale: Object.fromEntries([...byLocale].map(([l, s]) => [l, summarize(s)])) };
}

function warm(index: SearchIndex, searches: readonly BenchQuery[], prefix: boolean): void {
  const start = performance.now();
  for (const { query, locale } of searches) {
    if (performance.now() - start > SPEED_RUNS.warmupBudgetMs) break;
    index.search(query, { locale, limit: 10, prefix });
  }
}

async function loadBreakdown(
  bundle: EncodedBundle,
  restore: boolean,
): Promise<{ parse: number; fromSerialized?: number; terms: Record<string, number> }> {
  await collectGarbage();
  const parsed = await timed(() =>
    // What readBundle parses: the index and sections shards (html shards are read per article).
    bundle.manifest.files
      .filter((f) => f.role !== 'html')
      .map((f) => ({ file: f, value: JSON.parse(decoder.decode(bundle.files.get(f.path)!)) as unknown })),
  );
  const shards = new Map<string, Partial<SerializedLocaleIndex>>();
  for (const { file, value } of parsed.value) {
    const shard = shards.get(file.locale) ?? { locale: file.locale };
    if (file.role === 'index') Object.assign(shard, { index: value });
    else Object.assign(shard, { sections: value });
    shards.set(file.locale, shard);
  }
  const terms: Record<string, number> = {};
  for (const [locale, shard] of shards) {
    const list = (shard.index as { terms?: unknown } | undefined)?.terms;
    terms[locale] = Array.isArray(list) ? list.length : Number.NaN;
  }
  if (!restore) return { parse: round3(parsed.ms), terms };
  await collectGarbage();
  const restored = await timed(() => SearchIndex.fromSerialized([...shards.values()] as SerializedLocaleIndex[]));
  return { parse: round3(parsed.ms), fromSerialized: round3(restored.ms), terms };
}

/** Builds and encodes the index; the built index is garbage when this returns (only the bytes are kept). */
async function buildBundle(
  corpus: ScaledCorpus,
  label: string,
  log: (line: string) => void,
): Promise<{ bundle: EncodedBundle; buildMs: number; encodeMs: number }> {
  log(`${label}: build index over ${corpus.sections.length} sections`);
  const built = await timed(() => buildSearchIndex(corpus.sections));
  log(`${label}: encode bundle`);
  const encoded = await timed(() => encodeBundle(built.value, { id: `scaled-${label}`, defaultLocale: 'en', articles: corpus.articles }));
  return { bundle: encoded.value, buildMs: built.ms, encodeMs: encoded.ms };
}

/**
 * Measures a scaled corpus: index build and encode time, bundle bytes, load time from bytes
 * (median of {@link SPEED_RUNS.load}), and search latency for exact queries and for every
 * keystroke of typed queries, each after a warm-up.
 */
export async function measureScale(
  corpus: ScaledCorpus,
  target: number,
  queries: readonly BenchQuery[],
  log: (line: string) => void,
  options: MeasureScaleOptions = {},
): Promise<ScaleResult> {
  const label = `${target / 1000}k`;
  const { bundle, buildMs, encodeMs } = await buildBundle(corpus, label, log);
  const bytes = bundleBytes(bundle);
  const widget = options.widget
    ? await measureWidgetBytes(bundle, options.widget.dir, options.widget.widgetDir, bundle.manifest.locales, queries, label, log)
    : undefined;
  log(`${label}: load`);
  const breakdown = await loadBreakdown(bundle, target <= SPEED_RUNS.breakdownUpTo);
  const manifest = JSON.stringify(bundle.manifest);
  // With `--only bytes` one load is enough: its median is not what that part is about.
  const load = await repeat(
    options.latencies === false ? 1 : SPEED_RUNS.load,
    () => readBundle(manifest, async (path) => bundle.files.get(path)!),
    {
      minRuns: options.latencies === false ? 1 : 3,
      budgetMs: SPEED_RUNS.loadBudgetMs,
    },
  );
  const { index } = load.last;
  log(`${label}: ${load.samples.length} loads, median ${median(load.samples).toFixed(0)} ms; searching`);

  const base = {
    target,
    sections: corpus.sections.length,
    articles: corpus.articles,
    copies: corpus.copies,
    terms: breakdown.terms,
    buildMs: round3(buildMs),
    encodeMs: round3(encodeMs),
    bytes,
    loadMs: { median: round3(median(load.samples)), samples: load.samples },
    loadBreakdownMs: {
      parse: breakdown.parse,
      ...(breakdown.fromSerialized === undefined ? {} : { fromSerialized: breakdown.fromSerialized }),
    },
    ...(widget ? { widget } : {}),
  };
  if (options.latencies === false) {
    const none = { ...summarize([]), byLocale: {} };
    return { ...base, exact: none, typing: { ...none, queries: 0 } };
  }

  const exact = Array.from({ length: SPEED_RUNS.exact }, (_, i) => queries[i % queries.length]!);
  const warmup = queries.slice(-SPEED_RUNS.warmup);
  warm(index, warmup, false);
  const exactLatency = await latencies(index, exact, false, SPEED_RUNS.exactBudgetMs);
  log(`${label}: ${exactLatency.count} exact searches, p99 ${exactLatency.p99} ms`);

  const typed: (BenchQuery & { n: number })[] = [];
  for (const q of queries) {
    if (typed.length >= SPEED_RUNS.keystrokes) break;
    if (Array.from(q.query).length > SPEED_RUNS.maxTypedLength) continue;
    const n = (typed.at(-1)?.n ?? 0) + 1;
    for (const prefix of keystrokes(q.query)) typed.push({ query: prefix, locale: q.locale, n });
  }
  warm(index, warmup.flatMap((q) => keystrokes(q.query).map((p) => ({ query: p, locale: q.locale }))).slice(0, SPEED_RUNS.warmup), true);
  const typingLatency = await latencies(index, typed, true, SPEED_RUNS.typingBudgetMs);
  const typedQueries = typed[typingLatency.count - 1]?.n ?? 0;
  log(`${label}: ${typingLatency.count} keystrokes of ${typedQueries} typed queries, p99 ${typingLatency.p99} ms`);

  return {
    ...base,
    exact: exactLatency,
    typing: { ...typingLatency, queries: typedQueries },
  };
}
