import { cohensKappa, type KappaResult } from './kappa.js';

/** Options of {@link graderAgreement}. */
export interface GraderAgreementOptions {
  /** The kappa the grader must reach to be trusted. @default 0.6 (the usual floor of "substantial" agreement) */
  readonly minKappa?: number | undefined;
  /** The human-labelled cases needed before kappa means anything. @default 20 */
  readonly minLabels?: number | undefined;
}

/** How far an LLM grader agrees with people, and whether its grades may be trusted. */
export interface GraderAgreement extends KappaResult {
  /** The kappa required. */
  readonly minKappa: number;
  /** The labelled cases required. */
  readonly minLabels: number;
  /** True when there are at least `minLabels` labelled cases and kappa is at least `minKappa`. */
  readonly trusted: boolean;
  /** Why the grader is not trusted, in words; `undefined` when it is. */
  readonly reason: string | undefined;
  /** Counts of (human, grader) label pairs: `pass/pass`, `pass/fail`, `fail/pass`, `fail/fail`. */
  readonly table: Readonly<Record<'pass/pass' | 'pass/fail' | 'fail/pass' | 'fail/fail', number>>;
}

/**
 * Measures an LLM grader against human labels with Cohen's kappa and decides whether its grades
 * may be trusted: only with enough labelled cases and a kappa at or above the floor. Each pair is
 * one case's `[human, grader]` verdict.
 *
 * @example
 * ```ts
 * const agreement = graderAgreement([['pass', 'pass'], ['fail', 'pass']], { minLabels: 2 })
 * agreement.trusted // false (kappa 0)
 * ```
 */
export function graderAgreement(
  pairs: readonly (readonly ['pass' | 'fail', 'pass' | 'fail'])[],
  options: GraderAgreementOptions = {},
): GraderAgreement {
  const minKappa = options.minKappa ?? 0.6;
  const minLabels = options.minLabels ?? 20;
  const result = cohensKappa(pairs);
  const table = { 'pass/pass': 0, 'pass/fail': 0, 'fail/pass': 0, 'fail/fail': 0 };
  for (const [human, grader] of pairs) table[`${human}/${grader}`]++;
  let reason: string | undefined;
  if (result.n < minLabels) reason = `only ${result.n} labelled case${result.n === 1 ? '' : 's'} were graded (need ${minLabels})`;
  else if (result.kappa === null) reason = 'kappa is undefined: the people and the grader each gave one and the same verdict to every case';
  else if (result.kappa < minKappa) reason = `kappa ${result.kappa} is below ${minKappa}`;
  return { ...result, minKappa, minLabels, trusted: reason === undefined, reason, table };
}
