import {
  askCases,
  checkAnswerService,
  graderAgreement,
  scoreAnswer,
  summarizeAnswers,
  type AnswerCaseResult,
  type AnswerMetrics,
  type EvalCase,
  type GraderAgreement,
  type LoadedBundle,
  type StoredSection,
} from '@kotae/knowledge';
import { createAnswerHandler, createAnswerGrader, type AnswerGraderOptions, type OpenAIAnswerOptions } from '@kotae/server';

/** Where the answers come from: the bundle in this process, or a running answer service. */
export type AnswerTarget =
  | { readonly kind: 'in-process'; readonly openai?: OpenAIAnswerOptions | undefined; readonly minConfidence?: number | undefined }
  | { readonly kind: 'endpoint'; readonly url: string };

/** The LLM grader's settings. */
export interface GraderSettings extends AnswerGraderOptions {
  /** @default 0.6 */
  readonly minKappa?: number | undefined;
  /** @default 20 */
  readonly minLabels?: number | undefined;
}

/** One case's answer result, with the grader's verdict when graded. */
export interface GradedCaseResult extends AnswerCaseResult {
  /** The case's human label (`grade`), if any. */
  readonly humanGrade?: 'pass' | 'fail' | undefined;
  /** The LLM grader's verdict and reason, with `--grade` (answers only, not refusals or errors). */
  readonly graderGrade?: { readonly verdict: 'pass' | 'fail'; readonly reason: string } | { readonly error: string } | undefined;
}

/** What the LLM grader found, and whether to believe it. */
export interface GraderReport {
  readonly model: string;
  /** Answers graded (refusals and errors are not). */
  readonly graded: number;
  /** Share of graded answers that pass, or `null` when none was graded. */
  readonly passRate: number | null;
  /** Grading calls that failed. */
  readonly errors: number;
  /** Agreement with the cases' human `grade` labels; `trusted: false` means ignore `passRate`. */
  readonly agreement: GraderAgreement;
}

/** The answer evaluation of `kotae eval`. */
export interface AnswerEvalReport {
  /** `in-process` or the endpoint's URL. */
  readonly target: string;
  /** The service's answer mode: `extractive` or `openai` (its `GET /v1/health`). */
  readonly serviceMode: string;
  readonly metrics: AnswerMetrics;
  /** Every case, in file order. */
  readonly results: GradedCaseResult[];
  /** With `--grade`: the grader's result and its agreement with people. */
  readonly grader: GraderReport | undefined;
}

/** How the answer evaluation runs. */
export interface AnswerEvalOptions {
  readonly target: AnswerTarget;
  readonly concurrency?: number | undefined;
  readonly grader?: GraderSettings | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** The base URL the in-process handler is asked at; never resolved, the handler is called directly. */
const IN_PROCESS_URL = 'http://kotae.in-process';

/**
 * Asks every case through the answer service's HTTP API (in this process, or at an endpoint),
 * scores the answers and, with a grader, grades them and measures the grader against the human
 * labels.
 */
export async function evaluateAnswers(
  bundle: LoadedBundle,
  cases: readonly EvalCase[],
  options: AnswerEvalOptions,
): Promise<AnswerEvalReport> {
  const { target } = options;
  const endpoint = target.kind === 'endpoint' ? target.url : IN_PROCESS_URL;
  // The in-process service is the one `kotae serve` runs, without its rate limit (there is one client).
  const fetch =
    target.kind === 'in-process'
      ? createAnswerHandler({ bundle, openai: target.openai, minConfidence: target.minConfidence, rateLimit: false, limits: false })
      : undefined;
  const health = await checkAnswerService({ endpoint, fetch });
  const outcomes = await askCases(cases, { endpoint, fetch, concurrency: options.concurrency, onAnswer: options.onProgress });
  let results: GradedCaseResult[] = cases.map((c, i) => ({
    ...scoreAnswer(c, outcomes[i]!),
    ...(c.grade === undefined ? {} : { humanGrade: c.grade }),
  }));
  let grader: GraderReport | undefined;
  if (options.grader) ({ results, grader } = await grade(bundle, cases, results, options.grader, options.concurrency ?? 4));
  return {
    target: target.kind === 'endpoint' ? target.url : 'in-process',
    serviceMode: health.mode,
    metrics: summarizeAnswers(results),
    results,
    grader,
  };
}

async function grade(
  bundle: LoadedBundle,
  cases: readonly EvalCase[],
  results: GradedCaseResult[],
  settings: GraderSettings,
  concurrency: number,
): Promise<{ results: GradedCaseResult[]; grader: GraderReport }> {
  const grader = createAnswerGrader(settings);
  const model = grader.model;
  const sections = new Map<string, StoredSection>(bundle.index.sections().map((s) => [s.id, s]));
  const graded = [...results];
  const todo = results.map((r, i) => i).filter((i) => results[i]!.citationsValid !== null);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, async () => {
      while (next < todo.length) {
        const i = todo[next++]!;
        const result = results[i]!;
        const evalCase = cases[i]!;
        const sources = citedSources(result, sections);
        try {
          const output = await grader.grade({
            question: evalCase.query,
            locale: evalCase.locale ?? bundle.manifest.locales[0] ?? 'en',
            sources,
            answer: result.answer,
          });
          graded[i] = { ...result, graderGrade: { verdict: output.verdict, reason: output.reason } };
        } catch (error) {
          graded[i] = { ...result, graderGrade: { error: error instanceof Error ? error.message : String(error) } };
        }
      }
    }),
  );
  const verdicts = graded.flatMap((r) => (r.graderGrade && 'verdict' in r.graderGrade ? [r.graderGrade.verdict] : []));
  const pairs = graded.flatMap((r) =>
    r.humanGrade && r.graderGrade && 'verdict' in r.graderGrade ? [[r.humanGrade, r.graderGrade.verdict] as const] : [],
  );
  const passes = verdicts.filter((v) => v === 'pass').length;
  return {
    results: graded,
    grader: {
      model,
      graded: verdicts.length,
      passRate: verdicts.length ? Math.round((passes / verdicts.length) * 10_000) / 10_000 : null,
      errors: todo.length - verdicts.length,
      agreement: graderAgreement(pairs, { minKappa: settings.minKappa, minLabels: settings.minLabels }),
    },
  };
}

/**
 * The sections an answer cites, with their full text, numbered as its marks number them. The
 * `citations` event names each by section id; the bundle has the text.
 */
function citedSources(
  result: AnswerCaseResult,
  sections: ReadonlyMap<string, StoredSection>,
): { n: number; title: string; text: string }[] {
  return result.citations.flatMap((c) => {
    const section = sections.get(c.id);
    return section ? [{ n: c.n, title: [section.title, ...section.headings].join(' › '), text: section.plain }] : [];
  });
}
