import { readFile, writeFile } from 'node:fs/promises';
import { TopicClassifier, trainClassifier } from '@kotae/knowledge';
import { ClassifierFormatError } from '@kotae/knowledge/errors';
import { readClassifyInput, type ClassifyInput } from '@kotae/knowledge/node';

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
  const file = from.train!;
  const examples = (await readClassifyInput(file, { labelled: true })).map(labelled);
  progress(`training on ${examples.length} examples of ${file}`);
  const started = performance.now();
  const classifier = trainClassifier(examples);
  const trainMs = Math.round(performance.now() - started);
  progress(`trained in ${(trainMs / 1000).toFixed(1)} s: ${classifier.labels.length} labels, ${classifier.vectorizer.size} features`);
  const saved = from.saveModel === undefined ? undefined : await save(classifier, from.saveModel);
  return {
    classifier,
    source: { from: 'trained', file, labels: classifier.labels.length, examples: examples.length, trainMs, savedTo: saved },
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
