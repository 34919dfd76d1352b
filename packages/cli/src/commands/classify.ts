import {
  evaluateClassifier,
  findCandidateTopics,
  type CandidateTopics,
  type Classification,
  type ClassifierReport,
} from '@kotae/knowledge';
import { readClassifyInput } from '@kotae/knowledge/node';
import { secondOpinions, type SecondOpinion } from '@kotae/server';
import { readStoreRecords } from '@kotae/server/node';
import { UsageError } from '../errors.js';
import { labelled, loadOrTrain } from '../internal/load-classifier.js';

/**
 * Where a topic classifier comes from: a model file saved before, or labelled examples (what
 * `kotae insights --topics` takes).
 */
export interface ClassifierFrom {
  /** Labelled examples to train on (`{text, label}` JSONL, conversation JSONL or CSV with `topic`). */
  readonly train?: string | undefined;
  /** A model saved by `kotae classify --save-model`; wins over `train`. */
  readonly model?: string | undefined;
  /** Save the trained (or loaded) model here, as JSON. */
  readonly saveModel?: string | undefined;
}

/** Options of {@link classify}. */
export interface ClassifyCommandOptions {
  /** Labelled examples to train on: `{text, label}` JSONL, conversation JSONL or CSV with `topic`. Either this or `model`. */
  readonly train?: string | undefined;
  /** A model saved by `saveModel` to use instead of training. */
  readonly model?: string | undefined;
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

/** Where the classifier came from. */
export interface ClassifierSource {
  /** `trained` from `train`, or `loaded` from `model`. */
  readonly from: 'trained' | 'loaded';
  /** The file. */
  readonly file: string;
  /** The labels it chooses from. */
  readonly labels: number;
  /** Training examples (`trained` only). */
  readonly examples?: number | undefined;
  /** Training time in milliseconds (`trained` only). */
  readonly trainMs?: number | undefined;
  /** Where the model was saved, when it was. */
  readonly savedTo?: string | undefined;
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
  if ((options.train === undefined) === (options.model === undefined)) {
    throw new UsageError(
      options.train === undefined ? 'give --train <labelled.jsonl> or --model <file>' : 'give --train or --model, not both',
      'classify',
    );
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
  const { classifier, source } = await loadOrTrain(options, progress);

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
