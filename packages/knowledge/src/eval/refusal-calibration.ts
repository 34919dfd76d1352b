/** One eval case's retrieval confidence, and whether it should be answered. */
export interface ConfidenceSample {
  /** The retrieval confidence of the case's query (see `retrievalConfidence`), 0–1. */
  readonly confidence: number;
  /** True for a case the guidance answers (it lists `relevant` articles); false for `refuse: true`. */
  readonly answerable: boolean;
  /**
   * The threshold this case is answered at, when it differs by case (the answer service's
   * threshold for the language of the case's answer). @default the `threshold` given to {@link calibrateRefusal}
   */
  readonly threshold?: number | undefined;
}

/** How a refusal threshold does on a set of cases. */
export interface RefusalCalibration {
  /** The threshold evaluated (samples with their own `threshold` are scored at theirs). */
  readonly threshold: number;
  /** Answerable cases. */
  readonly answerable: number;
  /** Cases that must be refused (`refuse: true`). */
  readonly refuse: number;
  /** Share of answerable cases at or above the threshold, or their own (answered, not refused). */
  readonly answeredRate: number;
  /** Share of `refuse` cases below the threshold, or their own (refused), or `null` without such cases. */
  readonly refusedRate: number | null;
  /**
   * A threshold to consider: with `refuse` cases, the one with the best balanced accuracy (mean of
   * the two rates above; the highest such threshold on ties); without them, the highest that
   * still answers 95% of the answerable cases.
   */
  readonly suggested: number;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Scores a refusal threshold against eval cases and suggests one: the answer service answers
 * "I don't know" when a question's retrieval confidence is below its threshold. The rates are at
 * `threshold`, or at a sample's own `threshold` when it has one (the per-language thresholds a
 * bundle's manifest stores); `suggested` is one threshold for every sample.
 *
 * @example
 * ```ts
 * calibrateRefusal([{ confidence: 1, answerable: true }, { confidence: 0.2, answerable: false }], 0.5)
 * // { threshold: 0.5, answerable: 1, refuse: 1, answeredRate: 1, refusedRate: 1, suggested: 1 }
 * ```
 */
export function calibrateRefusal(samples: readonly ConfidenceSample[], threshold: number): RefusalCalibration {
  const answerable = samples.filter((s) => s.answerable).map((s) => s.confidence);
  const refuse = samples.filter((s) => !s.answerable).map((s) => s.confidence);
  const answered = (t: number) => (answerable.length ? answerable.filter((c) => c >= t).length / answerable.length : 1);
  const refused = (t: number) => (refuse.length ? refuse.filter((c) => c < t).length / refuse.length : 0);
  // At each sample's own threshold, when it has one.
  const own = (s: ConfidenceSample) => s.threshold ?? threshold;
  const answeredOwn = answerable.length ? samples.filter((s) => s.answerable && s.confidence >= own(s)).length / answerable.length : 1;
  const refusedOwn = refuse.length ? samples.filter((s) => !s.answerable && s.confidence < own(s)).length / refuse.length : 0;
  const candidates = [...new Set([0, ...samples.map((s) => s.confidence)])].sort((a, b) => a - b);
  let suggested = 0;
  if (refuse.length) {
    let best = -1;
    for (const t of candidates) {
      const score = (answered(t) + refused(t)) / 2;
      if (score >= best) [best, suggested] = [score, t];
    }
  } else {
    for (const t of candidates) if (answered(t) >= 0.95) suggested = t;
  }
  return {
    threshold,
    answerable: answerable.length,
    refuse: refuse.length,
    answeredRate: round(answeredOwn),
    refusedRate: refuse.length ? round(refusedOwn) : null,
    suggested: round(suggested),
  };
}
