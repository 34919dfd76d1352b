import { EvalCaseSchema, calibrateRefusal, evaluateRetrieval, type RefusalCalibration, type RetrievalMetrics, type RetrievalMiss } from '@kotae/knowledge';
import { retrievalConfidence } from '@kotae/knowledge/server';
import { readBundleDir, readJsonlFile } from '@kotae/knowledge/node';
import { assertDirectory, assertFile } from '../internal/paths.js';

/** Options of {@link evaluate}. */
export interface EvalCommandOptions {
  /** A bundle directory written by `kotae compile`. */
  readonly bundleDir: string;
  /** A JSON Lines file of eval cases (`{id, query, locale?, context?, relevant?: [articleId…]}`). */
  readonly casesFile: string;
  /**
   * Depth of the ranking a case must hit within to not be reported as a miss. The metrics are
   * always recall@1/5/10, MRR@10 and nDCG@10. @default 10
   */
  readonly k?: number | undefined;
  /** Fail (`passed: false`) when MRR@10 is below this value, between 0 and 1. @default no threshold */
  readonly minMrr?: number | undefined;
  /** The answer service's refusal threshold to score (its `minConfidence`). @default 0.5 */
  readonly minConfidence?: number | undefined;
}

/** What {@link evaluate} measured. */
export interface EvalCommandResult {
  /** Cases evaluated (cases without `relevant`, such as refusal cases, are skipped). */
  readonly cases: number;
  /** Retrieval quality, every value between 0 and 1 (rounded to 4 decimals). */
  readonly retrieval: RetrievalMetrics;
  /** Cases none of whose relevant articles were in the top `k`, in file order. */
  readonly misses: RetrievalMiss[];
  /** The `k` used for misses. */
  readonly k: number;
  /** The threshold checked, if any. */
  readonly minMrr: number | undefined;
  /** False when `minMrr` is set and MRR@10 is below it. */
  readonly passed: boolean;
  /**
   * How the answer service's refusal threshold does on these cases: the share of answerable cases
   * it answers, the share of `refuse: true` cases it refuses, and a suggested threshold.
   */
  readonly refusal: RefusalCalibration;
}

/**
 * `kotae eval`: scores a bundle's search against eval cases. Each case's query is searched with
 * its `locale` and `context` (one result per article) and the ranked article ids are compared
 * with its `relevant` list. The answer service's refusal threshold is scored too: answerable
 * cases should be above it, `refuse: true` cases below.
 *
 * Named `evaluate` because `eval` cannot name a function in a module (strict mode). Missing
 * inputs throw a `PathError`; a malformed case line throws the library's
 * `JsonlError` naming the file and line; an unreadable bundle throws a bundle error. A score
 * below `minMrr` is a result (`passed: false`), not an error.
 *
 * @example
 * ```ts
 * const report = await evaluate({ bundleDir: 'dist/kb', casesFile: 'evals/cases.jsonl', minMrr: 0.8 })
 * if (!report.passed) process.exitCode = 1
 * ```
 */
export async function evaluate(options: EvalCommandOptions): Promise<EvalCommandResult> {
  const k = options.k ?? 10;
  await assertDirectory(options.bundleDir, 'bundle directory');
  await assertFile(options.casesFile, 'cases file');
  const cases = await readJsonlFile(options.casesFile, EvalCaseSchema);
  const { index } = await readBundleDir(options.bundleDir);
  // The metrics look at the top 10; a larger k needs a deeper ranking for its misses.
  const limit = Math.max(10, k);
  const report = await evaluateRetrieval(
    cases,
    (c) => index.search(c.query, { locale: c.locale, context: c.context, limit }).map((r) => r.articleId),
    { k },
  );
  const samples = cases
    .filter((c) => c.refuse === true || (c.relevant?.length ?? 0) > 0)
    .map((c) => {
      // The answer service's retrieval: its default 5 sources, one section per article.
      const results = index.search(c.query, { locale: c.locale, context: c.context, limit: 5 });
      return { confidence: retrievalConfidence(c.query, results, c.locale ?? results[0]?.locale ?? 'en'), answerable: c.refuse !== true };
    });
  const minMrr = options.minMrr;
  return {
    refusal: calibrateRefusal(samples, options.minConfidence ?? 0.5),
    cases: report.cases,
    retrieval: report.retrieval,
    misses: report.misses,
    k,
    minMrr,
    passed: minMrr === undefined || report.retrieval['mrr@10'] >= minMrr,
  };
}
