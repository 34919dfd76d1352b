import { InvalidOptionError } from '../errors.js';

/**
 * A count out of a total, with the rate and its 95% confidence interval.
 *
 * `low` and `high` are the Wilson score interval: unlike the textbook `rate ± 1.96·√(rate(1−rate)/n)`,
 * it stays within 0 and 1, is never zero-width at 0% or 100%, and is honest for small totals (3 out
 * of 4 is "somewhere between 30% and 95%", not "75%").
 */
export interface RateEstimate {
  /** How many interactions are in this category. */
  readonly count: number;
  /** How many interactions the rate is out of. */
  readonly total: number;
  /** `count / total`, from 0 to 1 (0 when `total` is 0). */
  readonly rate: number;
  /** Lower bound of the 95% confidence interval of the rate (0 when `total` is 0). */
  readonly low: number;
  /** Upper bound of the 95% confidence interval of the rate (1 when `total` is 0: nothing is known). */
  readonly high: number;
}

/** The standard normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion `successes / n`: the range of true rates that the
 * observed count does not contradict at the given confidence (95% by default).
 *
 * With `n = 0` nothing is known and the interval is `[0, 1]`. Bounds are clamped to `[0, 1]`
 * against floating-point error, and always contain `successes / n`.
 *
 * @param successes - the count, a whole number from 0 to `n`
 * @param n - the total, a whole number
 * @param z - the normal quantile of the confidence level. @default {@link Z_95} (95%)
 * @throws `InvalidOptionError` when the counts are not whole numbers with `0 <= successes <= n`.
 * @example
 * ```ts
 * wilsonInterval(45, 50) // { low: 0.786…, high: 0.956… }
 * wilsonInterval(0, 10)  // { low: 0, high: 0.277… }
 * ```
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): { low: number; high: number } {
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new InvalidOptionError(
      Number.isSafeInteger(n) && n >= 0 ? 'successes' : 'n',
      `wilsonInterval needs whole numbers 0 <= successes <= n (got successes ${successes}, n ${n})`,
    );
  }
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Exact at the ends (floating point would leave 1e-17 there), and never excluding p itself.
  const low = successes === 0 ? 0 : Math.min(p, Math.max(0, centre - margin));
  const high = successes === n ? 1 : Math.max(p, Math.min(1, centre + margin));
  return { low, high };
}

/**
 * `count` out of `total` as a {@link RateEstimate}: the rate and its 95% Wilson interval.
 *
 * @example
 * ```ts
 * rateEstimate(30, 120) // { count: 30, total: 120, rate: 0.25, low: 0.18…, high: 0.33… }
 * ```
 */
export function rateEstimate(count: number, total: number): RateEstimate {
  const { low, high } = wilsonInterval(count, total);
  return { count, total, rate: total === 0 ? 0 : count / total, low, high };
}
