/** Small statistics and timing helpers for the benchmarks. */

/** Latency summary of a series of samples, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The `p`-th percentile (0–100) of `samples`, nearest-rank method (no interpolation). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The median of `samples` (the mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** p50/p95/p99/max/mean of latency samples, rounded to microseconds. */
export function summarize(samples: readonly number[]): LatencySummary {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return {
    count: samples.length,
    mean: round3(mean),
    p50: round3(percentile(samples, 50)),
    p95: round3(percentile(samples, 95)),
    p99: round3(percentile(samples, 99)),
    max: round3(Math.max(...samples)),
  };
}

/** Runs `fn` and returns its result with its wall time in milliseconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/**
 * Runs `fn` `runs` times in a row, each after a full garbage collection, and returns every wall
 * time (ms) and the last result. With `budgetMs`, stops early (after at least `minRuns`) once the
 * runs so far took longer than that.
 */
export async function repeat<T>(
  runs: number,
  fn: () => T | Promise<T>,
  { budgetMs = Infinity, minRuns = runs }: { budgetMs?: number; minRuns?: number } = {},
): Promise<{ last: T; samples: number[] }> {
  const samples: number[] = [];
  let last: T | undefined;
  let spent = 0;
  for (let i = 0; i < runs && (i < minRuns || spent < budgetMs); i++) {
    // eslint-disable-next-line no-useless-assignment -- drops the previous result so it can be collected before the next run
    last = undefined;
    await collectGarbage();
    const { value, ms } = await timed(fn);
    spent += ms;
    samples.push(round3(ms));
    last = value;
  }
  return { last: last as T, samples };
}

/** Rounds to 3 decimals (microseconds when the unit is ms). */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash of a string, to derive per-item seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fisher–Yates shuffle of a copy of `items` with the given random source. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection, so that a timed run does not pay for the garbage of the one
 * before (a widget loads its bundle into a fresh worker heap). Node's `gc` is only exposed with
 * `--expose-gc`; the flag is set at runtime here, since `pnpm bench` runs plain `node`.
 */
export async function collectGarbage(): Promise<void> {
  if (!collect) {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
