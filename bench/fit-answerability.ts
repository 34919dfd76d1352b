/**
 * Fits the answerability score's weights (`ANSWERABILITY_WEIGHTS`) and default references
 * (`DEFAULT_ANSWERABILITY_REFERENCES`) from the shared data, and shows what they do on the test
 * halves of the dev pairings and on the example knowledge, before they are pasted into
 * `packages/knowledge/src/answer/answerability.ts`.
 *
 * Run from the repository root after building `@kotae/knowledge`:
 *   node --import tsx bench/fit-answerability.ts [--data DIR] [--l2 0.01] [--balance latin|cjk|both|none] [--signs]
 *
 * The split (see bench/README.md, "Fitting the score"):
 * - the four dev pairings of `lib/answerability-pairings.ts`, split in halves by a hash of the
 *   question; only the **calibration halves** are fitted on, the test halves are reported;
 * - kotae's generic out-of-scope sample (`OUT_OF_SCOPE_EN`, `OUT_OF_SCOPE_JA`) searched in each
 *   pairing's knowledge, the features' mean and spread there being the reference every feature is
 *   measured from (as `kotae compile` does); the questions of the sample whose hash
 *   (`fit:<question>`) is even are also fitted on as out-of-scope, at half a class's weight, the
 *   odd half never;
 * - the example knowledge's English eval cases are fitted on by nothing: they are reported as a
 *   check on short support questions the pairings lack.
 *
 * The fit: a logistic regression per script (`latin`: English; `cjk`: Japanese) over the features
 * measured from the reference, each pairing and each class weighing alike, with an L2 penalty
 * (`--l2`, 0.01) on the weights; gradient descent from zero, 6,000 full steps, so every run gives
 * the same weights. The defaults reproduce the shipped `ANSWERABILITY_WEIGHTS` (the script prints
 * the largest difference; the default references are the mean of the pairings' references).
 *
 * Two variants, for comparison (bench/README.md has their numbers; neither is shipped):
 * `--balance latin|cjk|both` reweighs each class of a pairing to the same distribution of question
 * lengths (1 to 7+ terms): StackFAQ's answerable rephrasings are long (median 7 terms), the
 * Banking77 and ABCD messages against them short (3–4). `--signs` holds the weights to the
 * direction known before looking at any data (see `SIGNS`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  calibrateAnswerability,
  sampleRefusalTarget,
  type AnswerabilityFeatureVector,
  type AnswerabilityReference,
  type SearchIndex,
} from '@kotae/knowledge';
import { ANSWERABILITY_WEIGHTS, answerabilityReference, assessAnswerability, type AnswerabilityFeatures } from '@kotae/knowledge/answer';
import { compileContent, OUT_OF_SCOPE_EN, OUT_OF_SCOPE_JA } from '@kotae/knowledge/node';
import { buildPairings, hash } from './lib/answerability-pairings.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(repo, '..', 'shared', 'data') },
    l2: { type: 'string', default: '0.01' },
    signs: { type: 'boolean', default: false },
    balance: { type: 'string', default: 'none' },
  },
});

type Script = 'latin' | 'cjk';
type Name = keyof AnswerabilityFeatureVector;
const NAMES: readonly Name[] = ['title', 'strength', 'best', 'union', 'unknown', 'margin', 'rare', 'terms', 'cover', 'domain'];

/** With `--signs`, the sign each weight is held to (+1: ≥ 0, −1: ≤ 0, 0: free). */
const SIGNS: Readonly<Record<Name, 1 | -1 | 0>> = {
  title: 1,
  strength: 1,
  best: 1,
  union: 0,
  unknown: -1,
  margin: 1,
  rare: 0,
  terms: 0,
  cover: 1,
  domain: 1,
};

/** One question of the fit or of a check: its features, its class and its weight in the fit. */
interface Row {
  readonly features: AnswerabilityFeatures;
  readonly reference: AnswerabilityReference;
  readonly answerable: boolean;
  readonly weight: number;
}

const vector = (f: AnswerabilityFeatures): AnswerabilityFeatureVector => ({ ...pick(f), terms: Math.log1p(f.terms) });
function pick(f: AnswerabilityFeatures): AnswerabilityFeatureVector {
  const { title, strength, best, union, unknown, margin, rare, terms, cover, domain } = f;
  return { title, strength, best, union, unknown, margin, rare, terms, cover, domain };
}

const r4 = (n: number) => Math.round(n * 10_000) / 10_000;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

function featuresOf(index: SearchIndex, questions: readonly { query: string; locale: string }[]): AnswerabilityFeatures[] {
  return questions.map((q) => assessAnswerability(q.query, index.search(q.query, { locale: q.locale, limit: 5 }), index).features);
}

/** A question's features measured from the reference, in units of its spread (never below half the default's). */
function standardized(f: AnswerabilityFeatures, reference: AnswerabilityReference, floor: AnswerabilityReference): number[] {
  const x = vector(f);
  return NAMES.map((n) => (x[n] - reference.mean[n]) / Math.max(reference.spread[n], floor.spread[n] / 2));
}

type Weights = Record<Name | 'bias', number>;

/** Weighted, L2-penalised logistic regression by projected gradient descent (the sign constraints are the projection). */
function fit(rows: readonly Row[], floor: AnswerabilityReference, l2: number, signed: boolean): Weights {
  const xs = rows.map((r) => standardized(r.features, r.reference, floor));
  const total = rows.reduce((s, r) => s + r.weight, 0);
  const w = new Array<number>(NAMES.length).fill(0);
  let bias = 0;
  const rate = 0.5;
  for (let step = 0; step < 6000; step++) {
    const grad = new Array<number>(NAMES.length).fill(0);
    let gradBias = 0;
    rows.forEach((r, i) => {
      const x = xs[i]!;
      let z = bias;
      for (let k = 0; k < x.length; k++) z += w[k]! * x[k]!;
      const err = (1 / (1 + Math.exp(-z)) - (r.answerable ? 1 : 0)) * (r.weight / total);
      for (let k = 0; k < x.length; k++) grad[k]! += err * x[k]!;
      gradBias += err;
    });
    for (let k = 0; k < w.length; k++) {
      let next = w[k]! - rate * (grad[k]! + l2 * w[k]!);
      const sign = signed ? SIGNS[NAMES[k]!] : 0;
      if (sign > 0) next = Math.max(0, next);
      if (sign < 0) next = Math.min(0, next);
      w[k] = next;
    }
    bias -= rate * gradBias;
  }
  const out = { bias: r3(bias) } as Weights;
  NAMES.forEach((n, k) => (out[n] = r3(w[k]!)));
  return out;
}

function score(f: AnswerabilityFeatures, reference: AnswerabilityReference, floor: AnswerabilityReference, w: Weights): number {
  if (f.terms === 0) return 0;
  const x = standardized(f, reference, floor);
  let z = w.bias;
  NAMES.forEach((n, k) => (z += w[n] * x[k]!));
  return 1 / (1 + Math.exp(-z));
}

/** A question's length bucket for balancing: its number of terms, 1 to 7 (7 and more together). */
const lengthOf = (f: AnswerabilityFeatures) => Math.max(1, Math.min(7, f.terms));

/** The share of a class's questions in each length bucket. */
function lengthShares(questions: readonly { features: AnswerabilityFeatures }[]): Map<number, number> {
  const shares = new Map<number, number>();
  for (const q of questions) shares.set(lengthOf(q.features), (shares.get(lengthOf(q.features)) ?? 0) + 1 / questions.length);
  return shares;
}

/** Mean of the pairings' references: the default reference of a script. */
function meanReference(references: readonly AnswerabilityReference[]): AnswerabilityReference {
  const mean = {} as AnswerabilityFeatureVector;
  const spread = {} as AnswerabilityFeatureVector;
  for (const n of NAMES) {
    mean[n] = r4(references.reduce((s, r) => s + r.mean[n], 0) / references.length);
    spread[n] = r4(references.reduce((s, r) => s + r.spread[n], 0) / references.length);
  }
  return { mean, spread };
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

const log = (line: string) => process.stderr.write(`${line}\n`);

const dataDir = values.data;
const l2 = Number(values.l2);
const samples: Record<'en' | 'ja', readonly string[]> = { en: OUT_OF_SCOPE_EN, ja: OUT_OF_SCOPE_JA };
const fitHalf = (q: string) => hash(`fit:${q}`) % 2 === 0;

log('building the pairings');
const pairings = await buildPairings(dataDir, repo);
interface Prepared {
  readonly name: string;
  readonly script: Script;
  readonly language: 'en' | 'ja';
  readonly reference: AnswerabilityReference;
  readonly sample: { query: string; features: AnswerabilityFeatures }[];
  readonly calibration: { answerable: boolean; features: AnswerabilityFeatures }[];
  readonly test: { answerable: boolean; features: AnswerabilityFeatures }[];
}
const prepared: Prepared[] = [];
for (const p of pairings) {
  log(`features: ${p.name}`);
  const sampleQs = samples[p.language].map((query) => ({ query, locale: p.language }));
  const sampleFeatures = featuresOf(p.index, sampleQs);
  const reference = answerabilityReference(sampleFeatures)!;
  const calibration = featuresOf(p.index, p.calibration).map((features, i) => ({ answerable: p.calibration[i]!.answerable, features }));
  const test = featuresOf(p.index, p.test).map((features, i) => ({ answerable: p.test[i]!.answerable, features }));
  prepared.push({
    name: p.name,
    script: p.language === 'ja' ? 'cjk' : 'latin',
    language: p.language,
    reference,
    sample: sampleQs.map((q, i) => ({ query: q.query, features: sampleFeatures[i]! })),
    calibration,
    test,
  });
}

const weights = {} as Record<Script, Weights>;
const defaults = {} as Record<Script, AnswerabilityReference>;
for (const script of ['latin', 'cjk'] as const) {
  const mine = prepared.filter((p) => p.script === script);
  defaults[script] = meanReference(mine.map((p) => p.reference));
  const rows: Row[] = [];
  const balance = values.balance === 'both' || values.balance === script;
  for (const p of mine) {
    const byLength = [true, false].map((answerable) => lengthShares(p.calibration.filter((q) => q.answerable === answerable)));
    for (const answerable of [true, false]) {
      const group = p.calibration.filter((q) => q.answerable === answerable);
      const [own, other] = answerable ? byLength : [byLength[1]!, byLength[0]!];
      // Length-balanced: each class reweighted to the two classes' mean distribution of question lengths.
      const lengthWeight = (f: AnswerabilityFeatures) =>
        balance ? (own!.get(lengthOf(f))! + (other!.get(lengthOf(f)) ?? 0)) / 2 / own!.get(lengthOf(f))! : 1;
      for (const q of group)
        rows.push({ features: q.features, reference: p.reference, answerable, weight: lengthWeight(q.features) / group.length });
    }
    if (script === 'cjk') {
      const half = p.sample.filter((q) => fitHalf(q.query));
      for (const q of half) rows.push({ features: q.features, reference: p.reference, answerable: false, weight: 0.5 / half.length });
    }
  }
  weights[script] = fit(rows, defaults[script], l2, values.signs);
}

console.log(`Fitted (L2 ${l2}, length-balanced: ${values.balance}${values.signs ? ', sign constraints' : ''}):\n`);
console.log(`export const ANSWERABILITY_WEIGHTS = ${JSON.stringify(weights, null, 2)} as const;\n`);
console.log(`export const DEFAULT_ANSWERABILITY_REFERENCES = ${JSON.stringify(defaults, null, 2)};\n`);
const shipped = ANSWERABILITY_WEIGHTS as unknown as Record<Script, Weights>;
const drift = Math.max(
  ...(['latin', 'cjk'] as const).flatMap((s) => [...NAMES, 'bias' as const].map((n) => Math.abs(shipped[s][n] - weights[s][n]))),
);
console.log(`Largest difference from the shipped ANSWERABILITY_WEIGHTS: ${drift.toFixed(3)}\n`);

console.log(
  '| pairing | threshold | answered | refused | best possible min(answered, refused) | generic sample refused (the half never fitted) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const p of prepared) {
  const s = (f: AnswerabilityFeatures) => score(f, p.reference, defaults[p.script], weights[p.script]);
  const calibration = calibrateAnswerability(
    p.calibration.filter((q) => q.answerable).map((q) => s(q.features)),
    p.sample.map((q) => s(q.features)),
    { targetRefused: sampleRefusalTarget(p.language) },
  );
  const yes = p.test.filter((q) => q.answerable).map((q) => s(q.features));
  const no = p.test.filter((q) => !q.answerable).map((q) => s(q.features));
  const answeredAt = (t: number) => yes.filter((v) => v >= t).length / yes.length;
  const refusedAt = (t: number) => no.filter((v) => v < t).length / no.length;
  let oracle = 0;
  for (const t of new Set([...yes, ...no])) oracle = Math.max(oracle, Math.min(answeredAt(t), refusedAt(t)));
  const unseen = p.sample.filter((q) => !fitHalf(q.query)).map((q) => s(q.features));
  console.log(
    `| ${p.name} | ${calibration.threshold.toFixed(3)} | ${pct(answeredAt(calibration.threshold))} | ${pct(refusedAt(calibration.threshold))} | ${pct(oracle)} | ${pct(unseen.filter((v) => v < calibration.threshold).length / unseen.length)} |`,
  );
}

// The example knowledge, as `kotae compile` calibrates it and `kotae eval` scores its cases.
log('features: examples/knowledge');
const out = await mkdtemp(join(tmpdir(), 'kotae-fit-'));
try {
  const { index } = await compileContent(join(repo, 'examples', 'knowledge'), { out });
  const cases = (await readFile(join(repo, 'examples', 'knowledge', 'evals', 'cases.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { query: string; locale: string; refuse?: boolean; relevant?: string[] });
  console.log('\nThe example knowledge (its eval cases calibrate its threshold, as at compile time; in-sample):\n');
  console.log('| language | threshold | answerable answered | refuse cases refused | generic sample refused |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const language of ['en', 'ja'] as const) {
    const script: Script = language === 'ja' ? 'cjk' : 'latin';
    const sampleFeatures = featuresOf(
      index,
      samples[language].map((query) => ({ query, locale: language })),
    );
    const reference = answerabilityReference(sampleFeatures)!;
    const s = (f: AnswerabilityFeatures) => score(f, reference, defaults[script], weights[script]);
    const mine = cases.filter((c) => c.locale.startsWith(language));
    const yes = featuresOf(
      index,
      mine.filter((c) => c.refuse !== true && (c.relevant?.length ?? 0) > 0),
    ).map(s);
    const refuse = featuresOf(
      index,
      mine.filter((c) => c.refuse === true),
    ).map(s);
    const sampleScores = sampleFeatures.map(s);
    const { threshold } = calibrateAnswerability(yes, [...refuse, ...sampleScores], { targetRefused: sampleRefusalTarget(language) });
    const share = (xs: number[], f: (v: number) => boolean) => pct(xs.filter(f).length / xs.length);
    console.log(
      `| ${language} | ${threshold.toFixed(3)} | ${share(yes, (v) => v >= threshold)} of ${yes.length} | ${share(refuse, (v) => v < threshold)} of ${refuse.length} | ${share(sampleScores, (v) => v < threshold)} |`,
    );
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
