import {
  evaluateClassifier,
  findCandidateTopics,
  type CandidateTopics,
  type Classification,
  type ClassifierReport,
} from '@kotae/knowledge';
import { readClassifyInput } from '@kotae/knowledge/node';
import { reviewedLabels, secondOpinions, type ReviewedLabel, type SecondOpinion } from '@kotae/server';
import { openStoreForReading } from '../internal/open-store.js';
import { readStoreRecords } from '@kotae/server/node';
import { UsageError } from '../errors.js';
import { labelled, loadOrTrain } from '../internal/load-classifier.js';
import type { ClassifierFrom, ClassifierSource } from '../internal/load-classifier.js';
import { fraction } from '../internal/args.js';
import { defineCommand } from '../internal/command.js';
import { formatJson, plural } from '../internal/format.js';

export type { ClassifierFrom, ClassifierSource };

/** Options of {@link classify}. */
export interface ClassifyCommandOptions {
  /** Labelled examples to train on: `{text, label}` JSONL, conversation JSONL or CSV with `topic`. Either this or `model`. */
  readonly train?: string | undefined;
  /** A model saved by `saveModel` to use instead of training. */
  readonly model?: string | undefined;
  /**
   * An interaction store (a directory or a `postgres://` URL) whose topic labels reviewers set in
   * the console are training data too: added to `train` (a label wins over an example with the same
   * text), or trained on alone without `train`.
   */
  readonly reviewed?: string | undefined;
  /** Save the trained model (JSON) here. */
  readonly saveModel?: string | undefined;
  /** Texts to classify: JSONL (`{text}`, conversations, interaction records), conversation CSV, or an interaction store directory. */
  readonly input?: string | undefined;
  /** Labelled examples to evaluate on (same formats as `train`). */
  readonly eval?: string | undefined;
  /** Items below this confidence are low-confidence: clustered into candidates, sent for a second opinion. @default 0.5 */
  readonly minConfidence?: number | undefined;
  /** Cluster the low-confidence items of `input` into candidate new topics. @default false */
  readonly candidates?: boolean | undefined;
  /**
   * Ask an OpenAI model for a second opinion on the low-confidence items of `input` (redacted
   * first). `model` defaults to `gpt-4.1-mini`; `baseURL` to the OpenAI API.
   */
  readonly secondOpinion?:
    { readonly apiKey: string; readonly baseURL?: string | undefined; readonly model?: string | undefined } | undefined;
  /** Progress messages (training, classifying), for stderr. */
  readonly onProgress?: ((message: string) => void) | undefined;
}

/** One classified item of `input`. */
export interface ClassifiedItem extends Classification {
  /** Position in the input (0-based, blank lines not counted). */
  readonly index: number;
  /** The line's id (conversation or interaction id), when it has one. */
  readonly id?: string | undefined;
  readonly text: string;
  /** True when `confidence` is below `minConfidence`: no topic fits it well. */
  readonly lowConfidence: boolean;
}

/** What `kotae classify --input` found. */
export interface ClassifyItemsResult {
  readonly kind: 'items';
  readonly classifier: ClassifierSource;
  readonly minConfidence: number;
  readonly items: ClassifiedItem[];
  /** How many items are below `minConfidence`. */
  readonly lowConfidence: number;
  /** Candidate new topics (with `candidates`); `index` and `members` are positions in `items`. */
  readonly candidates?: CandidateTopics | undefined;
  /** The model's second opinion on the low-confidence items (with `secondOpinion`). */
  readonly secondOpinion?:
    | {
        readonly model: string;
        readonly asked: number;
        readonly agreed: number;
        /** Items where the model chose another label, or none. */
        readonly disagreements: SecondOpinion[];
        /** Items the model gave no usable answer for. */
        readonly failed: SecondOpinion[];
      }
    | undefined;
}

/** What `kotae classify --eval` measured. */
export interface ClassifyEvalResult extends ClassifierReport {
  readonly kind: 'eval';
  readonly classifier: ClassifierSource;
}

/** What `kotae classify --train … --save-model` alone did. */
export interface ClassifyTrainResult {
  readonly kind: 'trained';
  readonly classifier: ClassifierSource;
}

/** What {@link classify} returns, by what it was asked to do. */
export type ClassifyCommandResult = ClassifyItemsResult | ClassifyEvalResult | ClassifyTrainResult;

/**
 * `kotae classify`: trains a topic classifier on labelled examples (or loads a saved one) and
 * classifies texts (`input`), or evaluates it on labelled examples (`eval`). With `candidates`, the
 * low-confidence items are clustered into candidate new topics for a person to name; with
 * `secondOpinion`, an OpenAI model labels them too (redacted, `store: false`) and the
 * disagreements are listed.
 *
 * Throws a `UsageError` for contradictory options, the library's `JsonlError` or `ContentError`
 * (file and line) for bad input lines, `ClassifierFormatError` for a model file it cannot read.
 *
 * @example
 * ```ts
 * const result = await classify({ train: 'labelled.jsonl', input: 'tickets.jsonl', candidates: true })
 * if (result.kind === 'items') for (const item of result.items) console.log(item.label, item.confidence)
 * ```
 */
export async function classify(options: ClassifyCommandOptions): Promise<ClassifyCommandResult> {
  const progress = options.onProgress ?? (() => {});
  if (options.model !== undefined && (options.train !== undefined || options.reviewed !== undefined)) {
    throw new UsageError(`give --${options.train !== undefined ? 'train' : 'reviewed'} or --model, not both`, 'classify');
  }
  if (options.model === undefined && options.train === undefined && options.reviewed === undefined) {
    throw new UsageError('give --train <labelled.jsonl>, --reviewed <store> or --model <file>', 'classify');
  }
  if (options.input !== undefined && options.eval !== undefined) throw new UsageError('give --input or --eval, not both', 'classify');
  if (options.input === undefined && (options.candidates || options.secondOpinion)) {
    throw new UsageError(`--${options.candidates ? 'candidates' : 'second-opinion'} needs --input`, 'classify');
  }
  if (options.input === undefined && options.eval === undefined && options.saveModel === undefined) {
    throw new UsageError('nothing to do: give --input, --eval or --save-model', 'classify');
  }
  const minConfidence = options.minConfidence ?? 0.5;
  // Read the inputs before training, so a bad line fails fast.
  const input = options.input === undefined ? undefined : await readClassifyInput(options.input, { readStore: readStoreRecords });
  const evalSet = options.eval === undefined ? undefined : await readClassifyInput(options.eval, { labelled: true });
  let reviewed: { reviewedLabels: ReviewedLabel[]; reviewedFrom: string } | undefined;
  if (options.reviewed !== undefined) {
    const store = await openStoreForReading(options.reviewed);
    try {
      reviewed = { reviewedLabels: await reviewedLabels(store), reviewedFrom: store.location };
    } finally {
      await store.close();
    }
  }
  const { classifier, source } = await loadOrTrain({ ...options, ...reviewed }, progress);

  if (evalSet) {
    progress(`evaluating on ${evalSet.length} examples of ${options.eval}`);
    const report = evaluateClassifier(classifier, evalSet.map(labelled));
    return { kind: 'eval', classifier: source, ...report };
  }
  if (!input) return { kind: 'trained', classifier: source };

  progress(`classifying ${input.length} items of ${options.input}`);
  const items: ClassifiedItem[] = input.map((item, index) => {
    const { label, confidence, alternatives } = classifier.classify(item.text, { locale: item.locale });
    return {
      index,
      ...(item.id === undefined ? {} : { id: item.id }),
      text: item.text,
      label,
      confidence: round4(confidence),
      alternatives: alternatives.map((a) => ({ label: a.label, confidence: round4(a.confidence) })),
      lowConfidence: confidence < minConfidence,
    };
  });
  const low = items.filter((i) => i.lowConfidence);
  let candidates: CandidateTopics | undefined;
  if (options.candidates) {
    progress(`clustering ${low.length} low-confidence items`);
    candidates = findCandidateTopics(classifier, input, { minConfidence });
  }
  let secondOpinion: ClassifyItemsResult['secondOpinion'];
  if (options.secondOpinion) {
    const model = options.secondOpinion.model ?? 'gpt-4.1-mini';
    progress(`asking ${model} about ${low.length} low-confidence items`);
    const opinions = await secondOpinions(
      low.map((i) => ({ text: i.text, classification: i })),
      { ...options.secondOpinion, model, labels: classifier.labels },
    );
    // Positions in the input, not in the list of low-confidence items.
    const mapped = opinions.map((o) => ({ ...o, index: low[o.index]!.index }));
    secondOpinion = {
      model,
      asked: mapped.length,
      agreed: mapped.filter((o) => o.agrees).length,
      disagreements: mapped.filter((o) => !o.agrees && o.error === undefined),
      failed: mapped.filter((o) => o.error !== undefined),
    };
  }
  return {
    kind: 'items',
    classifier: source,
    minConfidence,
    items,
    lowConfidence: low.length,
    ...(candidates ? { candidates } : {}),
    ...(secondOpinion ? { secondOpinion } : {}),
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** `kotae classify` on the command line: options, usage and output. */
export const classifyCommand = defineCommand({
  name: 'classify',
  summary: 'classify texts into topics learned from labelled examples; evaluate; find candidate new topics',
  positionals: [],
  options: {
    train: {
      type: 'string',
      value: '<file>',
      description: 'labelled examples to train on: {text, label} JSONL, or conversations (JSONL or CSV) with a topic',
      doc: 'labelled examples to train on: `{text, label}` JSONL, conversations (JSONL, or `.csv` exports) with a `topic`',
    },
    reviewed: {
      type: 'string',
      value: '<store>',
      description: 'also train on the topic labels reviewers set in the console, from this store (a directory or postgres:// URL)',
      doc: 'also train on the topic labels reviewers set in the [review console](console.md#review-workflow), read from this interaction store (a directory or `postgres://` URL; read while in use): a label wins over a `--train` example with the same text; without `--train`, the labels alone',
    },
    model: {
      type: 'string',
      value: '<file>',
      description: 'use a model saved with --save-model instead of training',
      doc: 'use a model saved with `--save-model` instead of training (one of `--train`, `--reviewed` and `--model` is required)',
    },
    'save-model': {
      type: 'string',
      value: '<file>',
      description: 'save the trained model (JSON) here',
      doc: 'save the trained (or loaded) model here, as JSON',
    },
    input: {
      type: 'string',
      value: '<file>',
      description: 'texts to classify: {text} JSONL, conversations (JSONL or CSV), interaction records ({query}) or a store directory',
      doc: 'texts to classify: `{text}` JSONL, conversations (JSONL or CSV), interaction records (`{query}`), or an interaction store directory',
    },
    eval: {
      type: 'string',
      value: '<file>',
      description: 'labelled examples to measure accuracy and macro-F1 on (same formats as --train)',
      doc: 'labelled examples to measure the classifier on (same formats as `--train`)',
    },
    'min-confidence': {
      type: 'string',
      value: '<x>',
      description: 'items below this confidence fit no topic well (0 to 1, default 0.5)',
      doc: 'items below this confidence (0 to 1, default 0.5) are low-confidence: marked `?`, clustered by `--candidates`, sent by `--second-opinion`',
    },
    candidates: {
      type: 'boolean',
      description: 'cluster the low-confidence items into candidate new topics (with --input)',
      doc: 'cluster the low-confidence items of `--input` into candidate new topics (size, typical examples, distinguishing terms)',
    },
    'second-opinion': {
      type: 'boolean',
      description:
        'ask an OpenAI model to label the low-confidence items too, redacted (needs OPENAI_API_KEY; KOTAE_MODEL, OPENAI_BASE_URL)',
      doc: 'ask an OpenAI model to label the low-confidence items too (redacted, `store: false`) and list where it disagrees; needs `OPENAI_API_KEY`; `KOTAE_MODEL` (default `gpt-4.1-mini`), `OPENAI_BASE_URL`',
    },
    json: {
      type: 'boolean',
      description: 'with --input, JSON Lines (an object per item, candidate and disagreement, then a summary); else one JSON object',
      doc: 'with `--input`: JSON Lines (below); otherwise one JSON object',
    },
  },
  exit: {
    0: 'classified, evaluated or saved',
    3: 'a malformed input line (file:line), a missing file, an unreadable model',
    6: 'the model API failed or refused the key',
  },
  examples: [
    'kotae classify --train labelled.jsonl --eval held-out.jsonl',
    'kotae classify --train labelled.jsonl --save-model topics.model.json',
    'kotae classify --train labelled.jsonl --reviewed .kotae/interactions --save-model topics.model.json',
    'kotae classify --model topics.model.json --input tickets.jsonl --candidates --json > topics.jsonl',
    'OPENAI_API_KEY=sk-… kotae classify --model topics.model.json --input .kotae/interactions --second-opinion',
  ],
  async run(args, io) {
    const minConfidence = args.string('min-confidence');
    let secondOpinion: ClassifyCommandOptions['secondOpinion'];
    if (args.flag('second-opinion')) {
      const apiKey = io.env.OPENAI_API_KEY || undefined;
      if (apiKey === undefined) throw new UsageError('--second-opinion needs an API key in $OPENAI_API_KEY', 'classify');
      secondOpinion = { apiKey, baseURL: io.env.OPENAI_BASE_URL || undefined, model: io.env.KOTAE_MODEL || undefined };
    }
    const result = await classify({
      train: args.string('train'),
      reviewed: args.string('reviewed'),
      model: args.string('model'),
      saveModel: args.string('save-model'),
      input: args.string('input'),
      eval: args.string('eval'),
      minConfidence: minConfidence === undefined ? undefined : fraction('classify', 'min-confidence', minConfidence),
      candidates: args.flag('candidates'),
      secondOpinion,
      onProgress: (message) => io.err(`kotae classify: ${message}\n`),
    });
    io.out(args.flag('json') ? classifyJson(result) : formatClassify(result));
    return 0;
  },
});

/** How many of the worst labels the human eval report lists. */
export const WORST_LABELS_SHOWN = 10;

/** `kotae classify --json`: JSON Lines for items (item, candidate, disagreement lines, then a summary); one object otherwise. */
export function classifyJson(result: ClassifyCommandResult): string {
  if (result.kind === 'eval') {
    const { kind: _kind, ...report } = result;
    return formatJson(report);
  }
  if (result.kind === 'trained') return formatJson({ classifier: result.classifier });
  const lines: unknown[] = result.items.map((item) => ({ type: 'item', ...item }));
  result.candidates?.candidates.forEach((c, n) => lines.push({ type: 'candidate', candidate: n + 1, ...c }));
  for (const o of result.secondOpinion?.disagreements ?? []) lines.push({ type: 'disagreement', ...o });
  for (const o of result.secondOpinion?.failed ?? []) lines.push({ type: 'second-opinion-failed', ...o });
  lines.push({
    type: 'summary',
    classifier: result.classifier,
    minConfidence: result.minConfidence,
    items: result.items.length,
    lowConfidence: result.lowConfidence,
    labels: labelCounts(result),
    ...(result.candidates ? { candidates: result.candidates.candidates.length, unclustered: result.candidates.unclustered } : {}),
    ...(result.secondOpinion
      ? {
          secondOpinion: {
            model: result.secondOpinion.model,
            asked: result.secondOpinion.asked,
            agreed: result.secondOpinion.agreed,
            disagreed: result.secondOpinion.disagreements.length,
            failed: result.secondOpinion.failed.length,
          },
        }
      : {}),
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** `kotae classify` for people: a table of items (or the eval report), topic counts, candidates, disagreements. */
export function formatClassify(result: ClassifyCommandResult): string {
  if (result.kind === 'eval') return formatClassifyEval(result);
  if (result.kind === 'trained') return `${formatSource(result.classifier)}\n`;
  return formatClassifyItems(result);
}

function formatSource(s: ClassifierSource): string {
  const what =
    s.from === 'trained'
      ? `trained on ${plural(s.examples ?? 0, 'example')} of ${s.file}${s.reviewed === undefined ? '' : ` (${plural(s.reviewed, 'reviewed label')})`} in ${((s.trainMs ?? 0) / 1000).toFixed(1)} s`
      : `loaded from ${s.file}`;
  return `classifier: ${plural(s.labels, 'label')}, ${what}${s.savedTo ? `; saved to ${s.savedTo}` : ''}`;
}

function formatClassifyItems(result: ClassifyItemsResult): string {
  const width = Math.min(40, Math.max(5, ...result.items.map((i) => i.label.length)));
  const out = [`${'label'.padEnd(width)}  conf  text`];
  for (const item of result.items) {
    const mark = item.lowConfidence ? '?' : ' ';
    out.push(`${item.label.padEnd(width)} ${mark}${item.confidence.toFixed(2)}  ${oneLine(item.text, 80)}`);
  }
  out.push('');
  out.push(formatSource(result.classifier));
  out.push(`${plural(result.items.length, 'item')}; ${result.lowConfidence} below confidence ${result.minConfidence} (marked ?)`);
  const counts = Object.entries(labelCounts(result));
  if (counts.length > 0) {
    out.push('', 'Topics:');
    for (const [label, n] of counts) out.push(`  ${String(n).padStart(6)}  ${label}`);
  }
  if (result.candidates) {
    const { candidates, unclustered, lowConfidence } = result.candidates;
    out.push(
      '',
      `Candidate new topics: ${candidates.length} from ${plural(lowConfidence, 'low-confidence item')} (${unclustered} in none)`,
    );
    candidates.forEach((c, n) => {
      out.push(`  ${n + 1}. ${plural(c.size, 'item')}, cohesion ${c.cohesion.toFixed(2)}: ${c.terms.join(', ')}`);
      for (const e of c.examples) out.push(`       #${e.index} ${oneLine(e.text, 90)}`);
    });
  }
  if (result.secondOpinion) {
    const s = result.secondOpinion;
    out.push(
      '',
      `Second opinion (${s.model}) on ${plural(s.asked, 'low-confidence item')}: ${s.agreed} agree, ${s.disagreements.length} disagree, ${s.failed.length} failed`,
    );
    for (const o of s.disagreements) {
      out.push(
        `  #${o.index} classifier ${o.linear.label} (${o.linear.confidence.toFixed(2)}), model ${o.model ?? 'none'}: ${oneLine(o.text, 70)}`,
      );
    }
    for (const o of s.failed) out.push(`  #${o.index} failed: ${o.error ?? ''}`);
  }
  return `${out.join('\n')}\n`;
}

function formatClassifyEval(result: ClassifyEvalResult): string {
  const out = [
    formatSource(result.classifier),
    `accuracy ${result.accuracy.toFixed(4)}  macro-F1 ${result.macroF1.toFixed(4)}  (${plural(result.examples, 'example')}, ${plural(result.perLabel.length, 'label')})`,
  ];
  const worst = result.perLabel.slice(0, WORST_LABELS_SHOWN);
  if (worst.length > 0) {
    const width = Math.max(5, ...worst.map((l) => l.label.length));
    out.push('', `Worst labels:`, `  ${'label'.padEnd(width)}  f1      prec    recall  n     confused with`);
    for (const l of worst) {
      const confused = l.confusedWith
        .slice(0, 3)
        .map((c) => `${c.label} (${c.count})`)
        .join(', ');
      out.push(
        `  ${l.label.padEnd(width)}  ${l.f1.toFixed(4)}  ${l.precision.toFixed(4)}  ${l.recall.toFixed(4)}  ${String(l.support).padEnd(4)}  ${confused}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Items per label, most first. */
function labelCounts(result: ClassifyItemsResult): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of result.items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
