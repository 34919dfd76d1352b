import type { EvalCase } from '../schema/eval-case.js';

/** Retrieval quality over a set of cases; every value is between 0 and 1. */
export interface RetrievalMetrics {
  readonly 'recall@1': number;
  readonly 'recall@5': number;
  readonly 'recall@10': number;
  readonly 'mrr@10': number;
  readonly 'ndcg@10': number;
}

/** A case whose relevant articles were not in the top k. */
export interface RetrievalMiss {
  readonly id: string;
  readonly query: string;
  readonly relevant: readonly string[];
  /** The article ids that were returned instead, best first (at most 3). */
  readonly got: readonly string[];
}

/** The result of {@link evaluateRetrieval}. */
export interface RetrievalReport {
  /** Number of cases evaluated (cases without `relevant` are skipped). */
  readonly cases: number;
  readonly retrieval: RetrievalMetrics;
  readonly misses: RetrievalMiss[];
}

/** Options of {@link evaluateRetrieval}. */
export interface EvaluateRetrievalOptions {
  /** Depth of the ranking considered for misses. @default 10 */
  readonly k?: number;
}

/**
 * Scores a ranking function against eval cases: recall@1/5/10, MRR@10 and nDCG@10, where a hit is
 * a result whose article id is in the case's `relevant` list. Each relevant article counts once
 * (the first time it appears) for nDCG.
 *
 * @param cases - eval cases; those without `relevant` (refusal cases) are skipped
 * @param rank - returns the article ids of the results for a case, best first
 * @example
 * ```ts
 * const report = await evaluateRetrieval(cases, (c) => index.search(c.query, { locale: c.locale }).map((r) => r.articleId))
 * ```
 */
export async function evaluateRetrieval(
  cases: readonly EvalCase[],
  rank: (c: EvalCase) => readonly string[] | Promise<readonly string[]>,
  options: EvaluateRetrievalOptions = {},
): Promise<RetrievalReport> {
  const k = options.k ?? 10;
  let n = 0;
  let r1 = 0;
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  let ndcg = 0;
  const misses: RetrievalMiss[] = [];
  for (const c of cases) {
    if (!c.relevant || c.relevant.length === 0) continue;
    n++;
    const relevant = new Set(c.relevant);
    const ranked = await rank(c);
    const firstHit = ranked.findIndex((id, i) => i < 10 && relevant.has(id));
    if (firstHit === 0) r1++;
    if (firstHit >= 0 && firstHit < 5) r5++;
    if (firstHit >= 0 && firstHit < 10) {
      r10++;
      mrr += 1 / (firstHit + 1);
    }
    ndcg += ndcgAt10(ranked, relevant);
    const hitWithinK = ranked.slice(0, k).some((id) => relevant.has(id));
    if (!hitWithinK) misses.push({ id: c.id, query: c.query, relevant: c.relevant, got: [...new Set(ranked)].slice(0, 3) });
  }
  const div = (x: number) => (n === 0 ? 0 : round(x / n));
  return {
    cases: n,
    retrieval: { 'recall@1': div(r1), 'recall@5': div(r5), 'recall@10': div(r10), 'mrr@10': div(mrr), 'ndcg@10': div(ndcg) },
    misses,
  };
}

function ndcgAt10(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const seen = new Set<string>();
  let dcg = 0;
  for (let i = 0; i < Math.min(10, ranked.length); i++) {
    const id = ranked[i]!;
    if (relevant.has(id) && !seen.has(id)) {
      seen.add(id);
      dcg += 1 / Math.log2(i + 2);
    }
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
