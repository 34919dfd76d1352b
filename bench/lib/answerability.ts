import {
  calibrateAnswerability,
  sampleRefusalTarget,
  type AnswerabilityCalibration,
  type AnswerabilityReference,
  type SearchIndex,
} from '@kotae/knowledge';
import { answerabilityReference, assessAnswerability } from '@kotae/knowledge/answer';
import { OUT_OF_SCOPE_EN, OUT_OF_SCOPE_JA } from '@kotae/knowledge/node';
import { buildPairings, type PairingQuestion } from './answerability-pairings.js';

/** A point of a pairing's trade-off curve on its test half. */
export interface AnswerabilityCurvePoint {
  readonly threshold: number;
  readonly answered: number;
  readonly refused: number;
}

/** Out-of-scope detection on one dev pairing. */
export interface AnswerabilityResult {
  readonly pairing: string;
  readonly language: 'en' | 'ja';
  readonly notes: string;
  /** The calibration the bundle would get at compile time: its eval cases (the calibration half's answerable questions) against kotae's generic sample. */
  readonly calibration: AnswerabilityCalibration;
  /** Test half: how many answerable and out-of-scope questions. */
  readonly testAnswerable: number;
  readonly testOutOfScope: number;
  /** Share of the test half's answerable questions answered at the operating point. */
  readonly answered: number;
  /** Share of the test half's out-of-scope questions refused at the operating point. */
  readonly refused: number;
  /** The best the score could do on the test half with a threshold chosen knowing it: max over thresholds of min(answered, refused). */
  readonly oracle: { readonly threshold: number; readonly answered: number; readonly refused: number };
  /** The trade-off on the test half at thresholds 0.1 … 0.9. */
  readonly curve: AnswerabilityCurvePoint[];
  /** Mean time to search and score one test question, in milliseconds. */
  readonly scoresMs: number;
}

const r4 = (n: number) => Math.round(n * 10_000) / 10_000;

function scores(
  index: SearchIndex,
  questions: readonly { query: string; locale: string }[],
  reference: AnswerabilityReference | undefined,
): number[] {
  return questions.map(
    (q) => assessAnswerability(q.query, index.search(q.query, { locale: q.locale, limit: 5 }), index, undefined, [], reference).score,
  );
}

/** The reference `kotae compile` stores for a pairing's knowledge: kotae's generic sample's features on it. */
function referenceOf(index: SearchIndex, sample: readonly { query: string; locale: string }[]): AnswerabilityReference | undefined {
  return answerabilityReference(
    sample.map((q) => assessAnswerability(q.query, index.search(q.query, { locale: q.locale, limit: 5 }), index).features),
  );
}

/**
 * Measures out-of-scope detection on the dev pairings (see `buildPairings`): each pairing's
 * threshold is calibrated as `kotae compile` would (the calibration half's answerable questions
 * as the bundle's eval cases, kotae's generic out-of-scope sample in the pairing's language), and
 * the refusal and answer rates are reported on the test half, with the trade-off curve.
 */
export async function measureAnswerability(dataDir: string, repo: string, log: (line: string) => void): Promise<AnswerabilityResult[]> {
  const out: AnswerabilityResult[] = [];
  for (const p of await buildPairings(dataDir, repo)) {
    log(`answerability: ${p.name}`);
    const sample = (p.language === 'ja' ? OUT_OF_SCOPE_JA : OUT_OF_SCOPE_EN).map((query) => ({ query, locale: p.language }));
    const own = p.calibration.filter((q) => q.answerable);
    const reference = referenceOf(p.index, sample);
    const calibration = calibrateAnswerability(scores(p.index, own, reference), scores(p.index, sample, reference), {
      targetRefused: sampleRefusalTarget(p.language),
    });
    const started = performance.now();
    const test = (answerable: boolean): PairingQuestion[] => p.test.filter((q) => q.answerable === answerable);
    const yes = scores(p.index, test(true), reference);
    const no = scores(p.index, test(false), reference);
    const scoresMs = (performance.now() - started) / Math.max(1, yes.length + no.length);
    const answeredAt = (t: number) => yes.filter((s) => s >= t).length / Math.max(1, yes.length);
    const refusedAt = (t: number) => no.filter((s) => s < t).length / Math.max(1, no.length);
    let oracle = { threshold: 0, answered: 1, refused: 0 };
    for (const t of [...new Set([...yes, ...no])]) {
      if (Math.min(answeredAt(t), refusedAt(t)) > Math.min(oracle.answered, oracle.refused))
        oracle = { threshold: r4(t), answered: r4(answeredAt(t)), refused: r4(refusedAt(t)) };
    }
    out.push({
      pairing: p.name,
      language: p.language,
      notes: p.notes,
      calibration,
      testAnswerable: yes.length,
      testOutOfScope: no.length,
      answered: r4(answeredAt(calibration.threshold)),
      refused: r4(refusedAt(calibration.threshold)),
      oracle,
      curve: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((t) => ({
        threshold: t,
        answered: r4(answeredAt(t)),
        refused: r4(refusedAt(t)),
      })),
      scoresMs: r4(scoresMs),
    });
  }
  return out;
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

/** The answerability results as text tables: the operating point per pairing, then the curves. */
export function formatAnswerability(results: readonly AnswerabilityResult[]): string {
  const lines = [
    'Out-of-scope detection (test halves; threshold calibrated as `kotae compile` does, on the other half and kotae’s generic sample)',
    '',
    '| pairing | threshold | answered | refused | test answerable / out of scope | best possible min(answered, refused) | calibration: eval cases answered / generic sample refused |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.pairing} | ${r.calibration.threshold.toFixed(3)} | ${pct(r.answered)} | ${pct(r.refused)} | ${r.testAnswerable} / ${r.testOutOfScope} | ${pct(Math.min(r.oracle.answered, r.oracle.refused))} at ${r.oracle.threshold.toFixed(3)} | ${pct(r.calibration.answered)} / ${pct(r.calibration.refused)} |`,
    );
  }
  lines.push('', 'Trade-off curves (test halves): answered / refused at each threshold', '');
  lines.push(`| pairing | ${[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].join(' | ')} |`, `| --- |${' ---: |'.repeat(9)}`);
  for (const r of results) lines.push(`| ${r.pairing} | ${r.curve.map((c) => `${pct(c.answered)} / ${pct(c.refused)}`).join(' | ')} |`);
  return lines.join('\n');
}
