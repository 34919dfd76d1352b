/**
 * Topic classification: `trainClassifier` on Banking77 (10,003 real online-banking messages, 77
 * intents) over seeded stratified 80/20 splits, against a plain multinomial naive Bayes over word
 * unigrams + bigrams as the reference; accuracy, macro-F1, training time (wall and CPU), classify
 * throughput and model size. On the ABCD chats (50 conversations) the top-level topic (the flow,
 * `product_defect` of `product_defect/return_size`) by leave-one-out, when the data is there.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ConversationSchema,
  LabelledExampleSchema,
  conversationExample,
  evaluateClassifier,
  parseJsonl,
  splitHoldout,
  textFeatures,
  trainClassifier,
  type LabelledExample,
} from '@kotae/knowledge';
import { collectGarbage, median, round3 } from './stats.js';

/** The split seeds: the first is the reported split, all three show the spread. */
export const CLASSIFY_SEEDS = [1, 2, 3] as const;
/** The held-out share. */
export const HOLDOUT = 0.2;
/** Timed classify passes over the held-out texts (the median is reported). */
export const CLASSIFY_PASSES = 3;

/** One split of one data set. */
export interface ClassifySplitResult {
  readonly seed: number;
  readonly train: number;
  readonly test: number;
  readonly accuracy: number;
  readonly macroF1: number;
  /** Wall time of `trainClassifier`, ms. */
  readonly trainMs: number;
  /** CPU time of this process during `trainClassifier`, ms (less sensitive to other load than wall time). */
  readonly trainCpuMs: number;
  /** Naive Bayes reference on the same split. */
  readonly naiveBayes: { readonly accuracy: number; readonly macroF1: number; readonly trainMs: number };
}

/** The classify part of the bench. */
export interface ClassifyBenchResult {
  readonly dataset: string;
  readonly examples: number;
  readonly labels: number;
  readonly splits: ClassifySplitResult[];
  /** On the first split: classify calls per second of wall time (median of passes over the held-out texts). */
  readonly classifyPerSecond: number;
  /** The same per second of this process's CPU time (less sensitive to other load). */
  readonly classifyPerCpuSecond: number;
  /** On the first split: `JSON.stringify(classifier)` bytes, and gzipped. */
  readonly modelBytes: number;
  readonly modelGzipBytes: number;
  readonly features: number;
  /** On the first split: at `minConfidence` 0.5, the share of held-out texts at or above it and their accuracy. */
  readonly atConfidence05: { readonly coverage: number; readonly accuracy: number };
  /** ABCD chats, top-level topic, leave-one-out (absent without the data). */
  readonly abcd?:
    { readonly conversations: number; readonly labels: number; readonly accuracy: number; readonly naiveBayesAccuracy: number } | undefined;
}

/** Runs the classify part when `<dataDir>/banking77/train.jsonl` exists; undefined (with a notice) otherwise. */
export async function measureClassify(dataDir: string, log: (line: string) => void): Promise<ClassifyBenchResult | undefined> {
  const file = join(dataDir, 'banking77', 'train.jsonl');
  if (!(await stat(file).catch(() => undefined))) {
    log(`notice: ${file} not found; skipping the classify part`);
    return undefined;
  }
  const examples = parseJsonl(await readFile(file, 'utf8'), file, LabelledExampleSchema);
  const labels = new Set(examples.map((e) => e.label)).size;
  log(`classify: Banking77, ${examples.length} examples, ${labels} labels`);
  const splits: ClassifySplitResult[] = [];
  let first: { classifier: ReturnType<typeof trainClassifier>; test: LabelledExample[] } | undefined;
  for (const seed of CLASSIFY_SEEDS) {
    const { train, test } = splitHoldout(examples, HOLDOUT, seed);
    await collectGarbage();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const classifier = trainClassifier(train);
    const trainMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const report = evaluateClassifier(classifier, test);
    const nb = naiveBayesRun(train, test);
    splits.push({
      seed,
      train: train.length,
      test: test.length,
      accuracy: report.accuracy,
      macroF1: report.macroF1,
      trainMs: Math.round(trainMs),
      trainCpuMs: Math.round((used.user + used.system) / 1000),
      naiveBayes: nb,
    });
    log(
      `classify: seed ${seed}: accuracy ${report.accuracy}, macro-F1 ${report.macroF1}, trained in ${(trainMs / 1000).toFixed(1)} s; naive Bayes ${nb.accuracy}`,
    );
    first ??= { classifier, test };
  }
  const { classifier, test } = first!;
  const passes: number[] = [];
  const cpuPasses: number[] = [];
  for (let p = 0; p < CLASSIFY_PASSES; p++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const e of test) classifier.classify(e.text);
    passes.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuPasses.push((used.user + used.system) / 1000);
  }
  const json = JSON.stringify(classifier);
  let sure = 0;
  let sureRight = 0;
  for (const e of test) {
    const r = classifier.classify(e.text);
    if (r.confidence >= 0.5) {
      sure++;
      if (r.label === e.label) sureRight++;
    }
  }
  return {
    dataset: 'banking77',
    examples: examples.length,
    labels,
    splits,
    classifyPerSecond: Math.round(test.length / (median(passes) / 1000)),
    classifyPerCpuSecond: Math.round(test.length / (median(cpuPasses) / 1000)),
    modelBytes: Buffer.byteLength(json),
    modelGzipBytes: gzipSync(json).length,
    features: classifier.vectorizer.size,
    atConfidence05: { coverage: round3(sure / test.length), accuracy: round3(sureRight / sure) },
    abcd: await measureAbcd(dataDir, log),
  };
}

/** Leave-one-out on the ABCD chats' top-level topics. */
async function measureAbcd(dataDir: string, log: (line: string) => void): Promise<ClassifyBenchResult['abcd']> {
  const dir = join(dataDir, 'abcd', 'conversations');
  const files = await readdir(dir).catch(() => [] as string[]);
  const examples: LabelledExample[] = [];
  for (const f of files.filter((name) => name.endsWith('.jsonl')).sort()) {
    const path = join(dir, f);
    const conversations = parseJsonl(await readFile(path, 'utf8'), path, ConversationSchema);
    for (const c of conversations) {
      const e = conversationExample(c);
      if (e) examples.push({ ...e, label: e.label.split('/')[0]! });
    }
  }
  if (examples.length < 10) return undefined;
  let right = 0;
  let nbRight = 0;
  for (let i = 0; i < examples.length; i++) {
    const train = examples.filter((_, j) => j !== i);
    const held = examples[i]!;
    if (trainClassifier(train).classify(held.text).label === held.label) right++;
    if (naiveBayes(train)(held.text) === held.label) nbRight++;
  }
  const result = {
    conversations: examples.length,
    labels: new Set(examples.map((e) => e.label)).size,
    accuracy: round3(right / examples.length),
    naiveBayesAccuracy: round3(nbRight / examples.length),
  };
  log(`classify: ABCD top-level topics, leave-one-out: accuracy ${result.accuracy}; naive Bayes ${result.naiveBayesAccuracy}`);
  return result;
}

function naiveBayesRun(train: readonly LabelledExample[], test: readonly LabelledExample[]): ClassifySplitResult['naiveBayes'] {
  const started = performance.now();
  const predict = naiveBayes(train);
  const trainMs = Math.round(performance.now() - started);
  // Scored by the same evaluation as the classifier.
  const report = evaluateClassifier({ classify: (text: string) => ({ label: predict(text), confidence: 1, alternatives: [] }) }, test);
  return { accuracy: report.accuracy, macroF1: report.macroF1, trainMs };
}

const WORDS = { wordBigrams: true, charNgrams: [] } as const;

/**
 * Additive smoothing of the naive Bayes reference: the best of 1, 0.3 and 0.1 on these splits
 * (accuracy 0.81–0.84 at 1, 0.83–0.86 at 0.3, 0.84–0.87 at 0.1), so the reference is tuned in its
 * favour, not ours. With plain regex words instead of kotae's tokenizer it does 0.01–0.02 worse.
 */
export const NAIVE_BAYES_ALPHA = 0.1;

/**
 * Multinomial naive Bayes over kotae's tokenizer terms and their bigrams, additive smoothing
 * ({@link NAIVE_BAYES_ALPHA}), empirical class priors: the plain reference the issue quotes (0.86).
 */
function naiveBayes(train: readonly LabelledExample[]): (text: string) => string {
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const docs = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const e of train) {
    const c = counts.get(e.label) ?? new Map<string, number>();
    for (const f of textFeatures(e.text, 'en', WORDS)) {
      c.set(f, (c.get(f) ?? 0) + 1);
      vocabulary.add(f);
      totals.set(e.label, (totals.get(e.label) ?? 0) + 1);
    }
    counts.set(e.label, c);
    docs.set(e.label, (docs.get(e.label) ?? 0) + 1);
  }
  const v = vocabulary.size;
  return (text) => {
    const features = textFeatures(text, 'en', WORDS).filter((f) => vocabulary.has(f));
    let best = labels[0]!;
    let bestScore = -Infinity;
    for (const label of labels) {
      const c = counts.get(label)!;
      const denominator = Math.log((totals.get(label) ?? 0) + NAIVE_BAYES_ALPHA * v);
      let score = Math.log(docs.get(label)! / train.length);
      for (const f of features) score += Math.log((c.get(f) ?? 0) + NAIVE_BAYES_ALPHA) - denominator;
      if (score > bestScore) {
        bestScore = score;
        best = label;
      }
    }
    return best;
  };
}

/** The classify part as markdown. */
export function formatClassifyBench(r: ClassifyBenchResult): string {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const lines = [
    `## Topic classification (Banking77: ${r.examples.toLocaleString('en-US')} messages, ${r.labels} intents, stratified ${100 - HOLDOUT * 100}/${HOLDOUT * 100} splits)`,
    '',
    `| split seed | train / test | accuracy | macro-F1 | training (wall / CPU) | naive Bayes (α = ${NAIVE_BAYES_ALPHA}) accuracy | naive Bayes macro-F1 |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.splits.map(
      (s) =>
        `| ${s.seed} | ${s.train} / ${s.test} | ${s.accuracy.toFixed(4)} | ${s.macroF1.toFixed(4)} | ${(s.trainMs / 1000).toFixed(1)} s / ${(s.trainCpuMs / 1000).toFixed(1)} s | ${s.naiveBayes.accuracy.toFixed(4)} | ${s.naiveBayes.macroF1.toFixed(4)} |`,
    ),
    `| mean | | ${mean(r.splits.map((s) => s.accuracy)).toFixed(4)} | ${mean(r.splits.map((s) => s.macroF1)).toFixed(4)} | ${(mean(r.splits.map((s) => s.trainMs)) / 1000).toFixed(1)} s | ${mean(r.splits.map((s) => s.naiveBayes.accuracy)).toFixed(4)} | ${mean(r.splits.map((s) => s.naiveBayes.macroF1)).toFixed(4)} |`,
    '',
    `Split seed ${r.splits[0]!.seed}: ${r.classifyPerSecond.toLocaleString('en-US')} classify calls/s (${r.classifyPerCpuSecond.toLocaleString('en-US')} per CPU second); model ${(r.modelBytes / 1e6).toFixed(2)} MB as JSON (${(r.modelGzipBytes / 1e6).toFixed(2)} MB gzipped), ${r.features.toLocaleString('en-US')} features; at confidence ≥ 0.5: ${(r.atConfidence05.coverage * 100).toFixed(1)}% of held-out messages, ${(r.atConfidence05.accuracy * 100).toFixed(1)}% of them right.`,
  ];
  const worstAccuracy = Math.min(...r.splits.map((s) => s.accuracy));
  const slowest = Math.max(...r.splits.map((s) => s.trainMs));
  lines.push(
    '',
    `Targets: accuracy ≥ 0.89 on the held-out split: ${worstAccuracy >= 0.89 ? 'PASS' : 'FAIL'} (worst split ${worstAccuracy.toFixed(4)}); training under a minute: ${slowest < 60_000 ? 'PASS' : 'FAIL'} (slowest ${(slowest / 1000).toFixed(1)} s wall).`,
  );
  if (r.abcd) {
    lines.push(
      '',
      `ABCD chats (${r.abcd.conversations} conversations, ${r.abcd.labels} top-level topics), leave-one-out: accuracy ${r.abcd.accuracy.toFixed(3)}; naive Bayes ${r.abcd.naiveBayesAccuracy.toFixed(3)}.`,
    );
  }
  return lines.join('\n');
}
