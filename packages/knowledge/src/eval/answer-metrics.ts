import type { AnswerCitation } from '../answer/answer-events.js';
import type { EvalCase } from '../schema/eval-case.js';
import type { AnswerMode } from '../schema/interaction.js';
import { checkCitations } from '../answer/citations.js';
import type { CollectedAnswer } from './answer-stream.js';
import { phraseRecall } from './phrase-recall.js';

/** How one eval case was answered, and what is wrong with the answer. */
export interface AnswerCaseResult {
  readonly id: string;
  readonly query: string;
  /** The answer's mode (`done.mode`), or `error` when the service did not complete an answer. */
  readonly mode: AnswerMode | 'error';
  /** Whether the case must be refused (`refuse: true`). */
  readonly refuse: boolean;
  /**
   * For an answer (not a refusal, not an error): every `[n]` in the text names one of the
   * sources the `sources` event gave, and the `citations` event lists exactly those marks with
   * their sources' ids. `null` otherwise.
   */
  readonly citationsValid: boolean | null;
  /** The `[n]` marks of the text that name no given source. */
  readonly invalidCitations: number[];
  /** The `citations` event's citations (empty for refusals and errors). */
  readonly citations: AnswerCitation[];
  /** The articles the answer cites (through its valid marks), in order of first citation. */
  readonly citedArticles: string[];
  /**
   * For an answer to a case with `relevant` articles: whether it cites a section of one of them.
   * `null` otherwise.
   */
  readonly grounded: boolean | null;
  /** Share of the case's `answers` phrases the answer contains (0–1), or `null` when it has none. */
  readonly phraseRecall: number | null;
  /** The `answers` phrases the answer lacks. */
  readonly missingPhrases: string[];
  /** `done.fallbackReason`, when the model's answer was replaced by the extractive one. */
  readonly fallbackReason?: string | undefined;
  /** The answer text (redacted by the service). */
  readonly answer: string;
  /** What is wrong, in words; empty when nothing is. */
  readonly problems: string[];
}

/** What a set of answers scores. Rates are 0–1, rounded to 4 decimals; `null` when nothing was measured. */
export interface AnswerMetrics {
  /** Cases asked. */
  readonly cases: number;
  /** Cases by the mode they were answered in (`error`: no complete answer). */
  readonly modes: Record<AnswerMode | 'error', number>;
  /** Answers (not refusals, not errors) whose citations are all valid, as a share of answers. */
  readonly citationValidity: number | null;
  /** Answers (not refusals, not errors): the denominator of `citationValidity`. */
  readonly answered: number;
  /** Whether the service refused exactly the `refuse: true` cases (errors are left out). */
  readonly refusal: {
    /** Share of cases refused or answered as they should be. */
    readonly accuracy: number | null;
    /** Share of `refuse: true` cases refused. */
    readonly refusedRate: number | null;
    /** Share of answerable cases answered. */
    readonly answeredRate: number | null;
    /** `refuse: true` cases refused. */
    readonly correctRefusals: number;
    /** `refuse: true` cases answered. */
    readonly missedRefusals: number;
    /** Answerable cases refused. */
    readonly wrongRefusals: number;
    /** Answerable cases answered. */
    readonly correctAnswers: number;
  };
  /** Mean phrase recall over the cases with `answers` phrases (refused and failed ones count 0). */
  readonly phraseRecall: { readonly mean: number | null; readonly cases: number };
  /** Answers to cases with `relevant` articles that cite a section of one, as a share of those answers. */
  readonly grounding: { readonly rate: number | null; readonly cases: number };
}

/**
 * Scores one case's answer: refusal correctness, citation validity (checked again on the client:
 * the text's `[n]` marks against the `sources` event, and the `citations` event against the
 * marks), grounding in a `relevant` article, and phrase recall. `answer` is what the stream
 * said, or the error that kept it from completing.
 *
 * @example
 * ```ts
 * const result = scoreAnswer(evalCase, await collectAnswer(response.body!))
 * if (result.problems.length) console.log(result.id, result.problems)
 * ```
 */
export function scoreAnswer(evalCase: EvalCase, answer: CollectedAnswer | { readonly error: string }): AnswerCaseResult {
  const refuse = evalCase.refuse === true;
  const phrases = evalCase.answers ?? [];
  const base = {
    id: evalCase.id,
    query: evalCase.query,
    refuse,
    citations: [],
    invalidCitations: [],
    citedArticles: [],
    missingPhrases: [],
  };
  if (!('sources' in answer) || !answer.done) {
    const why =
      'sources' in answer
        ? answer.error
          ? `${answer.error.code}: ${answer.error.message}`
          : 'the stream ended without a done event'
        : answer.error;
    return {
      ...base,
      mode: 'error',
      citationsValid: null,
      grounded: null,
      phraseRecall: phrases.length ? 0 : null,
      missingPhrases: [...phrases],
      answer: 'sources' in answer ? answer.text : '',
      problems: [`error: ${why}`],
    };
  }
  const mode = answer.done.mode;
  const problems: string[] = [];
  if (refuse && mode !== 'refusal') problems.push('answered, but the case must be refused');
  if (!refuse && mode === 'refusal') problems.push('refused, but the case is answerable');
  if (mode === 'fallback')
    problems.push(`the model's answer was replaced by the extractive one (${answer.done.fallbackReason ?? 'no reason given'})`);

  let citationsValid: boolean | null = null;
  let invalid: number[] = [];
  const citedArticles: string[] = [];
  let grounded: boolean | null = null;
  if (mode !== 'refusal') {
    const check = checkCitations(answer.text, answer.sources.length);
    invalid = check.invalid;
    const valid = check.cited.filter((n) => !invalid.includes(n));
    for (const n of valid) {
      const article = answer.sources[n - 1]!.articleId;
      if (!citedArticles.includes(article)) citedArticles.push(article);
    }
    const expected = valid.map((n) => `${n} ${answer.sources[n - 1]!.id}`).sort();
    const got = (answer.citations ?? []).map((c) => `${c.n} ${c.id}`).sort();
    const agree = answer.citations !== undefined && expected.length === got.length && expected.every((e, i) => e === got[i]);
    citationsValid = invalid.length === 0 && agree;
    if (invalid.length > 0)
      problems.push(
        `cites [${invalid.join('], [')}], which ${invalid.length === 1 ? 'is' : 'are'} not among the ${answer.sources.length} sources`,
      );
    if (!agree)
      problems.push(
        answer.citations === undefined
          ? 'no citations event'
          : `the citations event (${got.join(', ') || 'none'}) disagrees with the marks in the text (${expected.join(', ') || 'none'})`,
      );
    if (evalCase.relevant?.length) {
      grounded = citedArticles.some((a) => evalCase.relevant!.includes(a));
      if (!grounded) problems.push(`cites no relevant article (${evalCase.relevant.join(', ')})`);
    }
  }
  const recall = phrases.length ? phraseRecall(mode === 'refusal' ? '' : answer.text, phrases) : undefined;
  if (recall && recall.missing.length) problems.push(`lacks ${recall.missing.map((p) => JSON.stringify(p)).join(', ')}`);
  return {
    ...base,
    mode,
    citationsValid,
    citations: mode === 'refusal' ? [] : (answer.citations ?? []),
    invalidCitations: invalid,
    citedArticles,
    grounded,
    phraseRecall: recall ? recall.recall : null,
    missingPhrases: recall ? recall.missing : [],
    ...(answer.done.fallbackReason === undefined ? {} : { fallbackReason: answer.done.fallbackReason }),
    answer: answer.text,
    problems,
  };
}

/**
 * Sums up {@link scoreAnswer}'s results: modes, citation validity, refusal correctness with its
 * confusion counts, mean phrase recall and grounding.
 *
 * @example
 * ```ts
 * const metrics = summarizeAnswers(results)
 * console.log(metrics.citationValidity, metrics.refusal.accuracy, metrics.phraseRecall.mean)
 * ```
 */
export function summarizeAnswers(results: readonly AnswerCaseResult[]): AnswerMetrics {
  const modes: Record<AnswerMode | 'error', number> = { openai: 0, extractive: 0, fallback: 0, refusal: 0, act: 0, error: 0 };
  for (const r of results) modes[r.mode]++;
  const answers = results.filter((r) => r.citationsValid !== null);
  const completed = results.filter((r) => r.mode !== 'error');
  const count = (f: (r: AnswerCaseResult) => boolean) => completed.filter(f).length;
  const correctRefusals = count((r) => r.refuse && r.mode === 'refusal');
  const missedRefusals = count((r) => r.refuse && r.mode !== 'refusal');
  const wrongRefusals = count((r) => !r.refuse && r.mode === 'refusal');
  const correctAnswers = count((r) => !r.refuse && r.mode !== 'refusal');
  const withPhrases = results.filter((r) => r.phraseRecall !== null);
  const groundable = results.filter((r) => r.grounded !== null);
  return {
    cases: results.length,
    modes,
    citationValidity: rate(answers.filter((r) => r.citationsValid).length, answers.length),
    answered: answers.length,
    refusal: {
      accuracy: rate(correctRefusals + correctAnswers, completed.length),
      refusedRate: rate(correctRefusals, correctRefusals + missedRefusals),
      answeredRate: rate(correctAnswers, correctAnswers + wrongRefusals),
      correctRefusals,
      missedRefusals,
      wrongRefusals,
      correctAnswers,
    },
    phraseRecall: {
      mean: rate(
        withPhrases.reduce((sum, r) => sum + r.phraseRecall!, 0),
        withPhrases.length,
      ),
      cases: withPhrases.length,
    },
    grounding: { rate: rate(groundable.filter((r) => r.grounded).length, groundable.length), cases: groundable.length },
  };
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
