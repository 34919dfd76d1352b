/** Cohen's kappa of two raters, with the counts it comes from. */
export interface KappaResult {
  /** Items both raters labelled. */
  readonly n: number;
  /** Observed agreement: the share of items with the same label, 0–1. */
  readonly observed: number;
  /** Agreement expected by chance from each rater's label frequencies, 0–1. */
  readonly expected: number;
  /**
   * (observed − expected) / (1 − expected), rounded to 4 decimals: 1 is perfect agreement, 0 is
   * what chance gives, below 0 is worse than chance. `null` when it is undefined: no items, or
   * both raters used one and the same label for everything (expected agreement 1).
   */
  readonly kappa: number | null;
}

/**
 * Cohen's kappa: how much two raters agree beyond chance, for categorical labels. Each pair is
 * one item's label from rater A and from rater B. Written here (a dozen lines) rather than taken
 * from a statistics package that would bring far more than it.
 *
 * @example
 * ```ts
 * // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 (Wikipedia's example)
 * cohensKappa([...Array(20).fill(['y', 'y']), ...Array(5).fill(['y', 'n']), ...Array(10).fill(['n', 'y']), ...Array(15).fill(['n', 'n'])])
 * // { n: 50, observed: 0.7, expected: 0.5, kappa: 0.4 }
 * ```
 */
export function cohensKappa<L extends string>(pairs: readonly (readonly [L, L])[]): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null };
  const a = new Map<L, number>();
  const b = new Map<L, number>();
  let same = 0;
  for (const [x, y] of pairs) {
    if (x === y) same++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const observed = same / n;
  let expected = 0;
  for (const [label, count] of a) expected += (count / n) * ((b.get(label) ?? 0) / n);
  const kappa = expected === 1 ? null : Math.round(((observed - expected) / (1 - expected)) * 10_000) / 10_000;
  return { n, observed: round(observed), expected: round(expected), kappa };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
