import {
  EvalCaseSchema,
  calibrateRefusal,
  type BundleAnswerability,
  type ManifestTrust,
  evaluateRetrieval,
  type RefusalCalibration,
  type RetrievalMetrics,
  type RetrievalMiss,
} from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { assessAnswerability, referenceFor, thresholdFor } from '@kotae/knowledge/answer';
import type { OpenAIAnswerOptions } from '@kotae/server';
import { readBundleDir, readJsonlFile } from '@kotae/knowledge/node';
import { UsageError } from '../errors.js';
import { formatAnswers } from '../internal/answer-output.js';
import { fraction, positiveInteger } from '../internal/args.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { evaluateAnswers, type AnswerEvalReport, type AnswerTarget, type GraderSettings } from '../internal/eval-answers.js';
import { CHECK_FAILED } from '../internal/exit-codes.js';
import { formatJson, percent, plural, truncate } from '../internal/format.js';
import { assertDirectory, assertFile } from '../internal/paths.js';
import { MIN_SEQUENCE_OPTION, PUBLIC_KEY_OPTION, trustFrom } from '../internal/signing.js';

/** Options of {@link evaluate}. */
export interface EvalCommandOptions {
  /** A bundle directory written by `kotae compile`. */
  readonly bundleDir: string;
  /** The public keys the manifest must be signed by, and the lowest sequence accepted (see `ManifestTrust`). @default not checked */
  readonly trust?: ManifestTrust | undefined;
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
   * @default each case at the bundle's calibrated threshold for the language it is answered in
   * (its best result's), as the service does
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
   * scored with `assessAnswerability`, as the service scores questions, each at `minConfidence`
   * or else its language's calibrated threshold (`threshold` here is the default locale's).
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
    if (needs) throw new InvalidOptionError(needs, `${needs} needs answers (an in-process answer service or an endpoint) to evaluate`);
  }
  await assertDirectory(options.bundleDir, 'bundle directory');
  await assertFile(options.casesFile, 'cases file');
  const cases = await readJsonlFile(options.casesFile, EvalCaseSchema);
  const bundle = await readBundleDir(options.bundleDir, options.trust);
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
      // Scored at the threshold the service uses for it: the one calibrated for the language it
      // is answered in (its best source's, else the case's), unless `minConfidence` sets one.
      const language = results[0]?.locale ?? c.locale ?? bundle.manifest.defaultLocale;
      const reference = referenceFor(bundle.manifest.answerability, language);
      return {
        confidence: assessAnswerability(c.query, results, index, undefined, [], reference).score,
        answerable: c.refuse !== true,
        threshold: options.minConfidence ?? thresholdFor(bundle.manifest.answerability, language),
      };
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

/** `kotae eval` on the command line: options, usage and output. */
export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'measure retrieval (recall, MRR, nDCG) and, with --answers or --endpoint, answers (citations, refusals, phrases)',
  positionals: [{ name: 'bundleDir', description: 'directory written by kotae compile' }],
  options: {
    cases: {
      type: 'string',
      value: '<cases.jsonl>',
      description: 'eval cases, one JSON object per line (required)',
      doc: 'the eval cases (required)',
      required: true,
    },
    k: {
      type: 'string',
      value: '<n>',
      description: 'a case misses when no relevant article is in the top n (default: 10)',
      doc: 'a case is reported as a miss when none of its relevant articles is in the top `n` (default: 10); the metrics themselves are always at 1, 5 and 10',
    },
    'min-mrr': {
      type: 'string',
      value: '<x>',
      description: 'exit 1 when mrr@10 is below x (0 to 1)',
      doc: 'a number from 0 to 1: exit 1 when `mrr@10` is below it (a CI gate)',
    },
    'min-confidence': {
      type: 'string',
      value: '<x>',
      description: `the answer service's refusal threshold (an answerability score) to score, and the in-process service's (0 to 1, default: the bundle's calibrated one)`,
      doc: "the refusal threshold to score, 0 to 1 (default 0.5); with `--answers`, the in-process service's threshold too",
    },
    answers: {
      type: 'boolean',
      description:
        'also evaluate answers, from an answer service made in this process as kotae serve makes it (extractive without OPENAI_API_KEY)',
      doc: 'also evaluate answers, from an answer service made in this process from the bundle as `kotae serve` makes it: extractive without `OPENAI_API_KEY`, the model with it (`OPENAI_BASE_URL`, `KOTAE_MODEL` as for `serve`); no network without a key',
    },
    endpoint: {
      type: 'string',
      value: '<url>',
      description: 'also evaluate answers, asking the answer service at this URL (such as http://127.0.0.1:8787/api/kotae)',
      doc: "also evaluate answers, asking the running answer service at `url` (its base, such as `kotae serve`'s `http://127.0.0.1:8787/api/kotae`); excludes `--answers`",
    },
    concurrency: {
      type: 'string',
      value: '<n>',
      description: 'questions asked at once (default: 4)',
      doc: 'questions asked at once (default 4)',
    },
    'min-phrase-recall': {
      type: 'string',
      value: '<x>',
      description: 'exit 1 when the mean answer phrase recall is below x (0 to 1)',
      doc: 'exit 1 when the mean answer phrase recall is below `x`',
    },
    'min-citation-validity': {
      type: 'string',
      value: '<x>',
      description: 'exit 1 when the share of answers with only valid citations is below x (0 to 1)',
      doc: 'exit 1 when the share of answers whose citations are all valid is below `x`',
    },
    'min-refusal-accuracy': {
      type: 'string',
      value: '<x>',
      description: 'exit 1 when the share of cases refused or answered as they should be is below x (0 to 1)',
      doc: 'exit 1 when the share of cases refused or answered as they should be is below `x`',
    },
    grade: {
      type: 'boolean',
      description: 'grade answers with an LLM (needs OPENAI_API_KEY; model from KOTAE_GRADER_MODEL or KOTAE_MODEL)',
      doc: "grade each answer with an LLM (needs `OPENAI_API_KEY`; model from `KOTAE_GRADER_MODEL`, else `KOTAE_MODEL`, else `gpt-4.1-mini`), and measure the grader against the cases' `grade` labels",
    },
    'min-kappa': {
      type: 'string',
      value: '<x>',
      description: `trust the grader only at this Cohen's kappa with the grade labels (default: 0.6)`,
      doc: "trust the grader only when its Cohen's kappa with the labels is at least `x` (default 0.6)",
    },
    'min-labels': {
      type: 'string',
      value: '<n>',
      description: 'trust the grader only with this many labelled cases graded (default: 20)',
      doc: 'trust the grader only when at least `n` labelled cases were graded (default 20)',
    },
    'public-key': PUBLIC_KEY_OPTION,
    'min-sequence': MIN_SEQUENCE_OPTION,
    json: JSON_OPTION,
  },
  exit: {
    0: 'evaluated, and every threshold given is met (with answers: every case got a complete answer)',
    1: 'a threshold not met, or an answer that failed',
    3: 'a malformed case line, or a missing input',
    4: 'the bundle is invalid or damaged',
    6: 'the --endpoint cannot be reached, or the grader model failed or refused the key',
  },
  examples: [
    'kotae eval dist/kb --cases evals/cases.jsonl',
    'kotae eval dist/kb --cases evals/cases.jsonl --min-mrr 0.8 --json',
    'kotae eval dist/kb --cases evals/cases.jsonl --answers --min-citation-validity 1 --min-refusal-accuracy 0.9 --min-phrase-recall 0.7',
    'kotae eval dist/kb --cases evals/cases.jsonl --endpoint http://127.0.0.1:8787/api/kotae',
  ],
  async run(args, io) {
    const endpoint = args.string('endpoint');
    const inProcess = args.flag('answers');
    if (inProcess && endpoint !== undefined) throw new UsageError('--answers and --endpoint exclude each other', 'eval');
    const answerOption = (['min-phrase-recall', 'min-citation-validity', 'min-refusal-accuracy', 'grade', 'concurrency'] as const).find(
      (o) => (o === 'grade' ? args.flag(o) : args.string(o) !== undefined),
    );
    if (!inProcess && endpoint === undefined && answerOption !== undefined)
      throw new UsageError(`--${answerOption} needs --answers or --endpoint <url>`, 'eval');
    // URL.canParse, not URL.parse: the binary supports Node 20 before 20.18.
    if (endpoint !== undefined && !(URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol)))
      throw new UsageError(
        `invalid --endpoint ${JSON.stringify(endpoint)} (expected an http or https URL, such as http://127.0.0.1:8787/api/kotae)`,
        'eval',
      );
    const graderOption = (['min-kappa', 'min-labels'] as const).find((o) => args.string(o) !== undefined);
    if (graderOption !== undefined && !args.flag('grade')) throw new UsageError(`--${graderOption} needs --grade`, 'eval');
    const apiKey = io.env.OPENAI_API_KEY || undefined;
    const model = { apiKey, baseURL: io.env.OPENAI_BASE_URL || undefined };
    if (args.flag('grade') && !apiKey) throw new UsageError('--grade needs an OpenAI key in $OPENAI_API_KEY', 'eval');
    const optional = <T>(name: Parameters<typeof args.string>[0], parse: (command: string, option: string, value: string) => T) => {
      const value = args.string(name);
      return value === undefined ? undefined : parse('eval', name, value);
    };
    // Answers take seconds each with a model: a status line on a TTY, nothing in CI logs.
    const result = await evaluate({
      bundleDir: args.positional('bundleDir')!,
      trust: await trustFrom('eval', args.string('public-key'), args.string('min-sequence'), io.env),
      casesFile: args.string('cases')!,
      k: optional('k', positiveInteger),
      minMrr: optional('min-mrr', fraction),
      minConfidence: optional('min-confidence', fraction),
      answers: inProcess
        ? { kind: 'in-process', openai: apiKey ? { ...model, model: io.env.KOTAE_MODEL || undefined } : undefined }
        : endpoint === undefined
          ? undefined
          : { kind: 'endpoint', url: endpoint },
      concurrency: optional('concurrency', positiveInteger),
      minPhraseRecall: optional('min-phrase-recall', fraction),
      minCitationValidity: optional('min-citation-validity', fraction),
      minRefusalAccuracy: optional('min-refusal-accuracy', fraction),
      grader: args.flag('grade')
        ? {
            ...model,
            model: io.env.KOTAE_GRADER_MODEL || io.env.KOTAE_MODEL || undefined,
            minKappa: optional('min-kappa', fraction),
            minLabels: optional('min-labels', positiveInteger),
          }
        : undefined,
      onProgress: io.tty ? (done, total) => io.err(`\r\x1b[Kkotae: answered ${done}/${total}`) : undefined,
    }).finally(() => io.tty && io.err('\r\x1b[K'));
    io.out(args.flag('json') ? formatJson(evalJson(result)) : formatEval(result));
    if (result.passed) return 0;
    io.err(formatFailedGates(result.gates));
    return CHECK_FAILED;
  },
});

/** How many misses the human eval report lists. */
export const MAX_MISSES_SHOWN = 20;

/** The `--json` object of `kotae eval`. */
export function evalJson(result: EvalCommandResult) {
  const base = {
    cases: result.cases,
    retrieval: result.retrieval,
    refusal: result.refusal,
    answerability: result.answerability ?? null,
    misses: result.misses,
  };
  return result.answers ? { ...base, answers: answersJson(result) } : base;
}

/** The bundle's calibrated refusal thresholds and their trade-off curves, for `kotae eval`. */
function formatAnswerability(answerability: EvalCommandResult['answerability']): string[] {
  if (!answerability) return ['bundle calibration: none (built before calibration; the service uses the default threshold). Recompile it.'];
  const rate = (n: number | null) => (n === null ? '–' : percent(n));
  const lines: string[] = [];
  for (const [language, c] of Object.entries(answerability.languages)) {
    lines.push(
      `bundle calibration (${language}, ${c.source}): threshold ${c.threshold}; answers ${rate(c.answered)} of ${c.answerable} answerable, refuses ${rate(c.refused)} of ${c.outOfScope} out-of-scope questions`,
    );
    lines.push(`  threshold  ${c.curve.map((p) => p.threshold.toFixed(2).padStart(6)).join(' ')}`);
    lines.push(`  answered   ${c.curve.map((p) => rate(p.answered).padStart(6)).join(' ')}`);
    lines.push(`  refused    ${c.curve.map((p) => rate(p.refused).padStart(6)).join(' ')}`);
  }
  return lines;
}

/** The human report of `kotae eval`: a metrics table, then up to {@link MAX_MISSES_SHOWN} misses. */
export function formatEval(result: EvalCommandResult): string {
  const lines = [`${plural(result.cases, 'case')} evaluated`, '', 'metric     value'];
  for (const [name, value] of Object.entries(result.retrieval)) lines.push(`${name.padEnd(10)} ${value.toFixed(4)}`);
  const r = result.refusal;
  lines.push('', `refusal threshold ${r.threshold}: answers ${percent(r.answeredRate)} of ${r.answerable} answerable cases`);
  lines.push(
    r.refusedRate === null
      ? `  no refuse: true cases; add some (questions the guidance does not answer) to calibrate. Suggested: ${r.suggested} (answers 95%)`
      : `  refuses ${percent(r.refusedRate)} of ${r.refuse} refuse: true cases. Suggested: ${r.suggested}`,
  );
  lines.push('', ...formatAnswerability(result.answerability), '');
  if (result.misses.length === 0) {
    lines.push(`No misses: every case found a relevant article in the top ${result.k}.`);
  } else {
    const shown = result.misses.slice(0, MAX_MISSES_SHOWN);
    const more = result.misses.length > shown.length ? `, showing the first ${shown.length}` : '';
    const count = result.misses.length === 1 ? '1 miss' : `${result.misses.length} misses`;
    lines.push(`${count} (no relevant article in the top ${result.k}${more}):`);
    for (const miss of shown) {
      lines.push(`  ${miss.id}: ${JSON.stringify(truncate(miss.query, 70))}`);
      lines.push(`    relevant ${miss.relevant.join(', ')}; got ${miss.got.join(', ') || '(nothing)'}`);
    }
  }
  return `${lines.join('\n')}\n${result.answers ? `\n${formatAnswers(result.answers)}` : ''}`;
}

/** The stderr line explaining a failed `--min-mrr` gate. */
export function formatMrrBelow(result: EvalCommandResult): string {
  return `mrr@10 ${result.retrieval['mrr@10']} is below --min-mrr ${result.minMrr}\n`;
}

/** The option each gate's threshold comes from, for messages. */
const GATE_OPTIONS: Readonly<Record<string, string>> = {
  'mrr@10': '--min-mrr',
  phraseRecall: '--min-phrase-recall',
  citationValidity: '--min-citation-validity',
  refusalAccuracy: '--min-refusal-accuracy',
};

/** The `answers` object of `kotae eval --json`. */
function answersJson(result: EvalCommandResult) {
  const a = result.answers!;
  return {
    target: a.target,
    serviceMode: a.serviceMode,
    ...a.metrics,
    grader: a.grader,
    gates: result.gates,
    passed: result.passed,
    failures: a.results.filter((r) => r.problems.length > 0).map((r) => ({ id: r.id, query: r.query, mode: r.mode, problems: r.problems })),
    results: a.results,
  };
}

/** The stderr lines explaining each failed gate of `kotae eval`. */
export function formatFailedGates(gates: readonly EvalGate[]): string {
  return gates
    .filter((g) => !g.passed)
    .map((g) =>
      g.metric === 'errors'
        ? `${g.value} case${g.value === 1 ? '' : 's'} got no complete answer (see the failures)\n`
        : g.value === null
          ? `${g.metric} could not be measured (no cases for it), so ${GATE_OPTIONS[g.metric]} ${g.threshold} fails\n`
          : `${g.metric} ${g.value} is below ${GATE_OPTIONS[g.metric]} ${g.threshold}\n`,
    )
    .join('');
}
