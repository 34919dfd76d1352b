import {
  EvalCaseSchema,
  KotaeError,
  assessAnswerability,
  calibrateRefusal,
  thresholdFor,
  type BundleAnswerability,
  evaluateRetrieval,
  type RefusalCalibration,
  type RetrievalMetrics,
  type RetrievalMiss,
} from '@kotae/knowledge';
import type { OpenAIAnswerOptions } from '@kotae/knowledge/server';
import { readBundleDir, readJsonlFile } from '@kotae/knowledge/node';
import { evaluateAnswers, type AnswerEvalReport, type AnswerTarget, type GraderSettings } from './eval-answers.js';
import { assertDirectory, assertFile } from '../internal/paths.js';

/** Options of {@link evaluate}. */
export interface EvalCommandOptions {
  /** A bundle directory written by `kotae compile`. */
  readonly bundleDir: string;
  /**
   * A JSON Lines file of eval cases (`{id, query, locale?, context?, relevant?: [articleId…],
   * answers?: [phrase…], refuse?: boolean, grade?: 'pass' | 'fail'}`).
   */
  readonly casesFile: string;
  /**
   * Depth of the ranking a case must hit within to not be reported as a miss. The metrics are
   * always recall@1/5/10, MRR@10 and nDCG@10. @default 10
   */
  readonly k?: number | undefined;
  /** Fail (`passed: false`) when MRR@10 is below this value, between 0 and 1. @default no threshold */
  readonly minMrr?: number | undefined;
  /**
   * The answer service's refusal threshold to score (its `minConfidence`, an answerability score
   * from 0 to 1); the in-process answer service of `answers: 'in-process'` uses it too.
   * @default the bundle's calibrated threshold for its default locale's language
   */
  readonly minConfidence?: number | undefined;
  /**
   * Evaluate answers too: ask every case through the answer service's HTTP API and score
   * citation validity, refusal correctness, phrase recall and grounding. `in-process` creates the
   * service from the bundle the way `kotae serve` does (extractive without `openai`); `endpoint`
   * asks a running one (such as `http://127.0.0.1:8787/api/kotae`). @default no answer evaluation
   */
  readonly answers?:
    | { readonly kind: 'in-process'; readonly openai?: OpenAIAnswerOptions | undefined }
    | { readonly kind: 'endpoint'; readonly url: string }
    | undefined;
  /** Questions asked at once. @default 4 */
  readonly concurrency?: number | undefined;
  /** Fail when the mean answer phrase recall is below this (0–1). Needs `answers`. */
  readonly minPhraseRecall?: number | undefined;
  /** Fail when the share of answers with only valid citations is below this (0–1). Needs `answers`. */
  readonly minCitationValidity?: number | undefined;
  /** Fail when the share of cases refused or answered correctly is below this (0–1). Needs `answers`. */
  readonly minRefusalAccuracy?: number | undefined;
  /**
   * Grade the answers with an LLM (`--grade`; the binary fills it from `OPENAI_API_KEY`,
   * `OPENAI_BASE_URL` and `KOTAE_GRADER_MODEL` or `KOTAE_MODEL`). Needs `answers`.
   * @default no grading
   */
  readonly grader?: GraderSettings | undefined;
  /** Told after each answer, for progress on stderr. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** One threshold checked by `kotae eval`. */
export interface EvalGate {
  /** The metric, as the report names it: `mrr@10`, `phraseRecall`, `citationValidity`, `refusalAccuracy`, `errors`. */
  readonly metric: string;
  /** The measured value (`null` when nothing could be measured, which fails the gate). */
  readonly value: number | null;
  /** The threshold: at least this (for `errors`: at most). */
  readonly threshold: number;
  readonly passed: boolean;
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
  /** False when a gate failed: see `gates`. */
  readonly passed: boolean;
  /**
   * Every threshold checked: `--min-mrr`, the answer thresholds, and (with `answers`) that no
   * case ended in an error.
   */
  readonly gates: EvalGate[];
  /** The answer evaluation, with `answers`. */
  readonly answers: AnswerEvalReport | undefined;
  /**
   * How the answer service's refusal threshold does on these cases: the share of answerable cases
   * it answers, the share of `refuse: true` cases it refuses, and a suggested threshold. Cases are
   * scored with `assessAnswerability`, as the service scores questions.
   */
  readonly refusal: RefusalCalibration;
  /**
   * The refusal thresholds `kotae compile` calibrated for the bundle, by language, with the
   * answered and refused rates on the questions they were chosen from and the trade-off curve
   * (the manifest's `answerability`); undefined for a bundle built before calibration.
   */
  readonly answerability: BundleAnswerability | undefined;
}

/**
 * `kotae eval`: scores a bundle's search against eval cases. Each case's query is searched with
 * its `locale` and `context` (one result per article) and the ranked article ids are compared
 * with its `relevant` list. The answer service's refusal threshold is scored too: answerable
 * cases should be above it, `refuse: true` cases below.
 *
 * With `answers`, every case is also asked through the answer service's HTTP API (in-process or
 * at an endpoint) and the answers are scored: citation validity, refusal correctness, phrase
 * recall and grounding, and with `grader` an LLM's grades and their Cohen's kappa with the cases'
 * `grade` labels. An unreachable endpoint throws an `AnswerServiceError` naming the URL.
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
 *
 * const answers = await evaluate({
 *   bundleDir: 'dist/kb',
 *   casesFile: 'evals/cases.jsonl',
 *   answers: { kind: 'in-process' },
 *   minCitationValidity: 1,
 * })
 * console.log(answers.answers?.metrics.phraseRecall.mean)
 * ```
 */
export async function evaluate(options: EvalCommandOptions): Promise<EvalCommandResult> {
  const k = options.k ?? 10;
  if (!options.answers) {
    const needs = (['minPhraseRecall', 'minCitationValidity', 'minRefusalAccuracy', 'grader'] as const).find(
      (o) => options[o] !== undefined,
    );
    if (needs) throw new KotaeError(`${needs} needs answers (an in-process answer service or an endpoint) to evaluate`);
  }
  await assertDirectory(options.bundleDir, 'bundle directory');
  await assertFile(options.casesFile, 'cases file');
  const cases = await readJsonlFile(options.casesFile, EvalCaseSchema);
  const bundle = await readBundleDir(options.bundleDir);
  const { index } = bundle;
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
      return { confidence: assessAnswerability(c.query, results, index).score, answerable: c.refuse !== true };
    });
  const threshold = options.minConfidence ?? thresholdFor(bundle.manifest.answerability, bundle.manifest.defaultLocale);
  const minMrr = options.minMrr;
  const gates: EvalGate[] = [];
  const gate = (metric: string, value: number | null, threshold: number | undefined) => {
    if (threshold !== undefined) gates.push({ metric, value, threshold, passed: value !== null && value >= threshold });
  };
  gate('mrr@10', report.retrieval['mrr@10'], minMrr);
  let answers: AnswerEvalReport | undefined;
  if (options.answers) {
    const target: AnswerTarget =
      options.answers.kind === 'endpoint'
        ? options.answers
        : { kind: 'in-process', openai: options.answers.openai, minConfidence: options.minConfidence };
    answers = await evaluateAnswers(bundle, cases, {
      target,
      concurrency: options.concurrency,
      grader: options.grader,
      onProgress: options.onProgress,
    });
    const m = answers.metrics;
    gate('phraseRecall', m.phraseRecall.mean, options.minPhraseRecall);
    gate('citationValidity', m.citationValidity, options.minCitationValidity);
    gate('refusalAccuracy', m.refusal.accuracy, options.minRefusalAccuracy);
    gates.push({ metric: 'errors', value: m.modes.error, threshold: 0, passed: m.modes.error === 0 });
  }
  return {
    refusal: calibrateRefusal(samples, threshold),
    answerability: bundle.manifest.answerability,
    cases: report.cases,
    retrieval: report.retrieval,
    misses: report.misses,
    k,
    minMrr,
    passed: gates.every((g) => g.passed),
    gates,
    answers,
  };
}
