import type { AnswerabilityCalibration } from '../schema/answerability.js';
import { DEFAULT_ANSWERABILITY_THRESHOLD } from './answerability.js';

/** Options of {@link calibrateAnswerability}. */
export interface CalibrateAnswerabilityOptions {
  /**
   * Share of the answerable eval cases the threshold must still answer. Eval cases are written
   * by the people who wrote the articles, in their words; real askers' words match less well, so
   * the default leaves room. @default 0.92
   */
  readonly targetAnswered?: number | undefined;
  /**
   * Share of the out-of-scope sample a threshold chosen without eval cases refuses. @default 0.9
   */
  readonly targetRefused?: number | undefined;
  /** A threshold to use instead of choosing one (the content owner's operating point). */
  readonly threshold?: number | undefined;
}

/**
 * Weight, in questions, of {@link DEFAULT_ANSWERABILITY_THRESHOLD} when eval cases are few: with
 * `n` cases the threshold is `(n · chosen + PRIOR · default) / (n + PRIOR)`, so that five cases
 * cannot move it far.
 */
const PRIOR = 10;

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Chooses the refusal threshold of one language of a bundle from answerability scores (see
 * `assessAnswerability`): those of its answerable eval cases and those of out-of-scope questions
 * (kotae's generic sample, and the bundle's own `refuse: true` cases).
 *
 * With eval cases, the threshold is the highest that still answers `targetAnswered` of them,
 * pulled towards the default when they are few; when that answers more of the out-of-scope sample
 * than the threshold the sample alone would choose, the midpoint of the two (a help center's
 * real questions are harder to tell from off-topic ones than its eval cases). Without eval cases
 * it is the one that refuses `targetRefused` of the sample, and never below the default. With no
 * questions at all, the default. A `threshold` option is used as given, and scored the same way.
 *
 * @example
 * ```ts
 * calibrateAnswerability([0.9, 0.8, 0.95], [0.1, 0.3, 0.05]).threshold // 0.6…
 * ```
 */
export function calibrateAnswerability(
  answerable: readonly number[],
  outOfScope: readonly number[],
  options: CalibrateAnswerabilityOptions = {},
): AnswerabilityCalibration {
  const targetAnswered = options.targetAnswered ?? 0.92;
  const targetRefused = options.targetRefused ?? 0.9;
  const answeredAt = (t: number) => (answerable.length ? answerable.filter((s) => s >= t).length / answerable.length : null);
  const refusedAt = (t: number) => (outOfScope.length ? outOfScope.filter((s) => s < t).length / outOfScope.length : null);
  let threshold: number;
  let source: AnswerabilityCalibration['source'];
  // The threshold the sample alone would choose: the lowest that refuses `targetRefused` of it.
  const sorted = [...outOfScope].sort((a, b) => a - b);
  const fromSample = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(targetRefused * sorted.length) - 1)]! + 1e-6 : undefined;
  if (options.threshold !== undefined) {
    threshold = options.threshold;
    source = 'config';
  } else if (answerable.length > 0) {
    const desc = [...answerable].sort((a, b) => b - a);
    const fromCases = desc[Math.min(desc.length - 1, Math.ceil(targetAnswered * desc.length) - 1)]!;
    const n = answerable.length;
    const shrunk = (n * fromCases + PRIOR * DEFAULT_ANSWERABILITY_THRESHOLD) / (n + PRIOR);
    threshold = fromSample !== undefined && fromSample > shrunk ? (shrunk + fromSample) / 2 : shrunk;
    source = 'eval-cases';
  } else if (fromSample !== undefined) {
    threshold = Math.max(DEFAULT_ANSWERABILITY_THRESHOLD, fromSample);
    source = 'sample';
  } else {
    threshold = DEFAULT_ANSWERABILITY_THRESHOLD;
    source = 'default';
  }
  threshold = round(Math.min(1, Math.max(0, threshold)));
  const steps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const curve = [...new Set([...steps, threshold])]
    .sort((a, b) => a - b)
    .map((t) => ({ threshold: t, answered: rounded(answeredAt(t)), refused: rounded(refusedAt(t)) }));
  return {
    threshold,
    source,
    answerable: answerable.length,
    outOfScope: outOfScope.length,
    answered: rounded(answeredAt(threshold)),
    refused: rounded(refusedAt(threshold)),
    curve,
  };
}

function rounded(n: number | null): number | null {
  return n === null ? null : round(n);
}
