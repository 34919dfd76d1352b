import type { AnswerabilityCalibration } from '../schema/answerability.js';
import { DEFAULT_ANSWERABILITY_THRESHOLD } from './answerability.js';

/** Options of {@link calibrateAnswerability}. */
export interface CalibrateAnswerabilityOptions {
  /**
   * Share of the answerable eval cases the threshold aims to answer. Eval cases are written by
   * the people who wrote the articles, in their words; real askers' words match less well, so
   * the default leaves room. @default 0.92
   */
  readonly targetAnswered?: number | undefined;
  /**
   * Share of the out-of-scope questions (kotae's generic sample and the bundle's `refuse: true`
   * cases) the threshold aims to refuse. @default the language's, see {@link sampleRefusalTarget}
   */
  readonly targetRefused?: number | undefined;
  /** A threshold to use instead of choosing one (the content owner's operating point). */
  readonly threshold?: number | undefined;
}

/**
 * The share of kotae's generic out-of-scope sample a calibrated threshold aims to refuse, by
 * language. The sample is a stand-in for the off-topic questions a help center really gets, and
 * how good a stand-in differs by language, as the bench's dev pairings measure it: in English,
 * other help centers' real questions (Banking77 messages, StackFAQ rephrasings, ABCD customers)
 * are harder to refuse than the sample (86–95% refused where the sample is 95–99%), so English
 * aims higher on the sample; in Japanese, the sample's short assistant requests are the harder
 * set, and 92% of it is the aim.
 *
 * @example
 * ```ts
 * sampleRefusalTarget('en') // 0.96
 * ```
 */
export function sampleRefusalTarget(language: string): number {
  return language === 'ja' || language === 'zh' ? 0.92 : 0.96;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

const logit = (p: number) => Math.log(Math.max(p, 1e-4) / Math.max(1 - p, 1e-4));

/**
 * Chooses the refusal threshold of one language of a bundle from answerability scores (see
 * `assessAnswerability`): those of its answerable eval cases and those of out-of-scope questions
 * (kotae's generic sample, and the bundle's own `refuse: true` cases).
 *
 * With both, the threshold is the one whose worse side is best: it maximises the smaller of
 * (answered − `targetAnswered`) and (refused − `targetRefused`), and among thresholds that do
 * equally well (a gap between the two kinds of questions) it takes the middle of the gap, in
 * log-odds. Taking the highest threshold that still answers the target share (the earlier rule)
 * put it at the edge of the answerable scores, where a small set of eval cases says least: a
 * bundle with 27 cases lost answerable questions it had never seen while refusing nothing more.
 * Without eval cases it is the one that refuses `targetRefused` of the sample, never below the
 * default; with no questions at all, the default. A `threshold` option is used as given, and
 * scored the same way.
 *
 * @example
 * ```ts
 * calibrateAnswerability([0.9, 0.8, 0.95], [0.1, 0.3, 0.05]).threshold // 0.55 (the middle of the gap)
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
  if (options.threshold !== undefined) {
    threshold = options.threshold;
    source = 'config';
  } else if (answerable.length > 0 && outOfScope.length > 0) {
    threshold = balancedThreshold(answerable, outOfScope, targetAnswered, targetRefused);
    source = 'eval-cases';
  } else if (answerable.length > 0) {
    // No out-of-scope questions (a language kotae has no sample for, and no refuse cases): the
    // highest threshold that still answers the target share, never above the default.
    const desc = [...answerable].sort((a, b) => b - a);
    threshold = Math.min(DEFAULT_ANSWERABILITY_THRESHOLD, desc[Math.min(desc.length - 1, Math.ceil(targetAnswered * desc.length) - 1)]!);
    source = 'eval-cases';
  } else if (outOfScope.length > 0) {
    const sorted = [...outOfScope].sort((a, b) => a - b);
    const fromSample = sorted[Math.min(sorted.length - 1, Math.ceil(targetRefused * sorted.length) - 1)]! + 1e-6;
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

/**
 * The threshold maximising min(answered − targetAnswered, refused − targetRefused) over the
 * scores, the middle (in log-odds) of the range of thresholds that reach that best value.
 */
function balancedThreshold(
  answerable: readonly number[],
  outOfScope: readonly number[],
  targetAnswered: number,
  targetRefused: number,
): number {
  const yes = [...answerable].sort((a, b) => a - b);
  const no = [...outOfScope].sort((a, b) => a - b);
  // Candidate thresholds: each answerable score (answered at it) and just above each out-of-scope one (refused at it).
  const candidates = [...new Set([...yes, ...no.map((s) => s + 1e-6)])].sort((a, b) => a - b);
  let best = -Infinity;
  let low = DEFAULT_ANSWERABILITY_THRESHOLD;
  let high = DEFAULT_ANSWERABILITY_THRESHOLD;
  let i = 0;
  let j = 0;
  for (const t of candidates) {
    while (i < yes.length && yes[i]! < t) i++;
    while (j < no.length && no[j]! < t) j++;
    const value = Math.min((yes.length - i) / yes.length - targetAnswered, j / no.length - targetRefused);
    if (value > best + 1e-12) [best, low, high] = [value, t, t];
    else if (value >= best - 1e-12) high = t;
  }
  const middle = (logit(low) + logit(high)) / 2;
  return 1 / (1 + Math.exp(-middle));
}

function rounded(n: number | null): number | null {
  return n === null ? null : round(n);
}
