import { readFile, writeFile } from 'node:fs/promises';
import { TopicClassifier, trainClassifier } from '@kotae/knowledge';
import { ClassifierFormatError } from '@kotae/knowledge/errors';
import { readClassifyInput, type ClassifyInput } from '@kotae/knowledge/node';
import { withReviewedLabels, type ReviewedLabel } from '@kotae/server';

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
  /**
   * Topic labels reviewers set in the console (`reviewedLabels` of a store): added to the
   * examples of `train`, and winning over an example there with the same text. Training on them
   * alone when `train` is absent.
   */
  readonly reviewedLabels?: readonly ReviewedLabel[] | undefined;
  /** Where `reviewedLabels` came from (the store, its password masked), for the report. */
  readonly reviewedFrom?: string | undefined;
}

/** Where the classifier came from. */
export interface ClassifierSource {
  /** `trained` from `train`, or `loaded` from `model`. */
  readonly from: 'trained' | 'loaded';
  /** The file. */
  readonly file: string;
  /** The labels it chooses from. */
  readonly labels: number;
  /** Training examples (`trained` only), reviewers' labels included. */
  readonly examples?: number | undefined;
  /** Reviewers' topic labels among the training examples (`trained` with `reviewedLabels`). */
  readonly reviewed?: number | undefined;
  /** Training time in milliseconds (`trained` only). */
  readonly trainMs?: number | undefined;
  /** Where the model was saved, when it was. */
  readonly savedTo?: string | undefined;
}

/**
 * The topic classifier of `kotae classify` and `kotae insights --topics`: loaded from `model`, or
 * trained on `train`, and saved to `saveModel` when given.
 *
 * @throws `ClassifierFormatError` for a model file that is missing or not a kotae classifier;
 * the input errors of `readClassifyInput` (file and line) for bad examples.
 */
export async function loadOrTrain(
  from: ClassifierFrom,
  progress: (message: string) => void,
): Promise<{ classifier: TopicClassifier; source: ClassifierSource }> {
  if (from.model !== undefined) {
    const file = from.model;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new ClassifierFormatError(file, 'model file not found');
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ClassifierFormatError(file, `not JSON: ${(e as Error).message}`);
    }
    const classifier = TopicClassifier.fromJSON(data, file);
    const saved = from.saveModel === undefined ? undefined : await save(classifier, from.saveModel);
    return { classifier, source: { from: 'loaded', file, labels: classifier.labels.length, savedTo: saved } };
  }
  const reviewed = from.reviewedLabels;
  const file = from.train ?? from.reviewedFrom ?? 'reviewed labels';
  const base = from.train === undefined ? [] : (await readClassifyInput(from.train, { labelled: true })).map(labelled);
  const examples = reviewed === undefined ? base : withReviewedLabels(base, reviewed);
  progress(
    `training on ${examples.length} examples of ${file}${reviewed === undefined ? '' : ` (${reviewed.length} labels reviewers set in ${from.reviewedFrom ?? 'the store'})`}`,
  );
  const started = performance.now();
  const classifier = trainClassifier(examples);
  const trainMs = Math.round(performance.now() - started);
  progress(`trained in ${(trainMs / 1000).toFixed(1)} s: ${classifier.labels.length} labels, ${classifier.vectorizer.size} features`);
  const saved = from.saveModel === undefined ? undefined : await save(classifier, from.saveModel);
  return {
    classifier,
    source: {
      from: 'trained',
      file,
      labels: classifier.labels.length,
      examples: examples.length,
      ...(reviewed === undefined ? {} : { reviewed: reviewed.length }),
      trainMs,
      savedTo: saved,
    },
  };
}

/** A labelled input item as a training or evaluation example. */
export function labelled(item: ClassifyInput): { text: string; label: string; locale?: string | undefined } {
  return { text: item.text, label: item.label!, locale: item.locale };
}

async function save(classifier: TopicClassifier, file: string): Promise<string> {
  await writeFile(file, `${JSON.stringify(classifier)}\n`);
  return file;
}
