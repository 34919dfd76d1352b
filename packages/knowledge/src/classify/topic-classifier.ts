import { ClassifierFormatError, ClassifierInputError } from '../errors.js';
import { TOKENIZER } from '../search/tokenizer.js';
import { arrayToBase64, base64ToBytes, base64ToInt8 } from './base64.js';
import {
  CLASSIFIER_FORMAT_VERSION,
  SerializedClassifierSchema,
  type Classification,
  type LabelledExample,
  type LabelScore,
  type SerializedClassifier,
} from './classify-schema.js';
import { guessLocale, type FeatureOptions } from './features.js';
import { trainSoftmax } from './softmax-regression.js';
import { TfidfVectorizer, type SparseVector } from './vectorizer.js';

/** Options of {@link trainClassifier}. Every default reaches 0.91 accuracy on Banking77 (see bench/README.md). */
export interface TrainClassifierOptions {
  /** Seed of the training order: the same examples and seed give the same model. @default 1 */
  readonly seed?: number | undefined;
  /** Passes of stochastic gradient descent over the examples. @default 10 */
  readonly epochs?: number | undefined;
  /** L2 regularization strength: larger values give a smoother, less confident model. @default 1e-6 */
  readonly l2?: number | undefined;
  /** Initial learning rate of the gradient descent. @default 1 */
  readonly learningRate?: number | undefined;
  /** Drop features seen in fewer training texts than this. @default 2 */
  readonly minDf?: number | undefined;
  /** Use pairs of adjacent words as features besides the words. @default true */
  readonly wordBigrams?: boolean | undefined;
  /**
   * Lengths of the character n-grams used as features; `[]` for none. @default [3, 4] (adding 5
   * gained 0.001 accuracy on Banking77 for 50% more training time)
   */
  readonly charNgrams?: readonly number[] | undefined;
  /** Locale of examples without `locale`. @default guessed per text: `ja` with kana or kanji, else `en` */
  readonly locale?: string | undefined;
}

/** Options of {@link TopicClassifier.classify}. */
export interface ClassifyOptions {
  /** The text's locale (tokenizer language). @default guessed: `ja` with kana or kanji, else `en` */
  readonly locale?: string | undefined;
  /** How many next-best labels to list in `alternatives`. @default 2 */
  readonly alternatives?: number | undefined;
}

/**
 * Learns a topic classifier from labelled examples: a multinomial logistic regression over
 * TF-IDF vectors (sublinear term frequency, L2-normalized) of kotae's tokenizer terms, their
 * bigrams and character 3- and 4-grams, trained by averaged stochastic gradient descent. It needs no
 * service and runs anywhere (browser, worker, Node). Training is deterministic: the same examples
 * in the same order with the same `seed` give the same model, byte for byte.
 *
 * Throws {@link ClassifierInputError} without examples or with fewer than two distinct labels.
 *
 * @example
 * ```ts
 * const classifier = trainClassifier([
 *   { text: 'I was charged twice', label: 'billing' },
 *   { text: 'My card has not arrived', label: 'card' },
 *   // …
 * ])
 * classifier.classify('double charge on my statement') // { label: 'billing', confidence: 0.83, alternatives: […] }
 * ```
 */
export function trainClassifier(examples: readonly LabelledExample[], options: TrainClassifierOptions = {}): TopicClassifier {
  if (examples.length === 0) throw new ClassifierInputError('no labelled examples to train a topic classifier on');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) {
    throw new ClassifierInputError(
      `a topic classifier needs at least 2 distinct labels; every example is labelled ${JSON.stringify(labels[0])}`,
    );
  }
  const features: FeatureOptions = {
    wordBigrams: options.wordBigrams ?? true,
    charNgrams: [...(options.charNgrams ?? [3, 4])],
  };
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const docs = examples.map((e) => textFeaturesOf(e.text, e.locale ?? options.locale, features));
  const vectorizer = TfidfVectorizer.fit(docs, features, options.minDf ?? 2);
  const xs = docs.map((d) => vectorizer.vectorize(d));
  const ys = examples.map((e) => labelIndex.get(e.label)!);
  const model = trainSoftmax(xs, ys, vectorizer.size, labels.length, {
    epochs: options.epochs ?? 10,
    l2: options.l2 ?? 1e-6,
    learningRate: options.learningRate ?? 1,
    seed: options.seed ?? 1,
  });
  const support = labels.map(() => 0);
  for (const y of ys) support[y]!++;
  const { scales, weights } = quantizeRows(model.weights, labels.length);
  return createClassifier({ labels, support, vectorizer, scales, weights, bias: model.bias });
}

function textFeaturesOf(text: string, locale: string | undefined, features: FeatureOptions): string[] {
  return new TfidfVectorizer(features, [], new Float32Array(0)).featuresOf(text, locale ?? guessLocale(text));
}

/**
 * Int8 weights with one float scale per feature row: a quarter of the size of float32, and the
 * scores move by less than the training noise. The classifier scores with these very numbers, so
 * a saved model classifies exactly as the trained one.
 */
function quantizeRows(weights: Float32Array, classes: number): { scales: Float32Array; weights: Int8Array } {
  const rows = weights.length / classes;
  const scales = new Float32Array(rows);
  const q = new Int8Array(weights.length);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let k = 0; k < classes; k++) max = Math.max(max, Math.abs(weights[r * classes + k]!));
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    if (scale === 0) continue;
    for (let k = 0; k < classes; k++) q[r * classes + k] = Math.round(weights[r * classes + k]! / scale);
  }
  return { scales, weights: q };
}

// Set by TopicClassifier's static block: trainClassifier builds classifiers through the private constructor.
let createClassifier: (parts: ClassifierParts) => TopicClassifier;

interface ClassifierParts {
  readonly labels: readonly string[];
  readonly support: readonly number[];
  readonly vectorizer: TfidfVectorizer;
  readonly scales: Float32Array;
  readonly weights: Int8Array;
  readonly bias: Float32Array;
}

/**
 * A trained topic classifier (see {@link trainClassifier}): assigns one of its labels to any text,
 * with a confidence, and saves to JSON ({@link TopicClassifier.toJSON},
 * {@link TopicClassifier.fromJSON}).
 *
 * @example
 * ```ts
 * const { label, confidence } = classifier.classify('パスワードを忘れました')
 * if (confidence < 0.5) console.log('no topic fits well')
 * ```
 */
export class TopicClassifier {
  /** The labels it chooses from, sorted. */
  readonly labels: readonly string[];
  /** How many training examples each label had, in `labels` order. */
  readonly support: readonly number[];
  /** The TF-IDF vocabulary that turns texts into the vectors it scores. */
  readonly vectorizer: TfidfVectorizer;
  readonly #scales: Float32Array;
  readonly #weights: Int8Array;
  readonly #bias: Float32Array;

  static {
    createClassifier = (parts) => new TopicClassifier(parts);
  }

  private constructor(parts: ClassifierParts) {
    this.labels = parts.labels;
    this.support = parts.support;
    this.vectorizer = parts.vectorizer;
    this.#scales = parts.scales;
    this.#weights = parts.weights;
    this.#bias = parts.bias;
  }

  /**
   * The most likely label of a text, its probability and the next most likely labels. Never
   * throws: a text with no known feature (empty, another script) gets the label the model leans
   * to without evidence, with a low confidence.
   *
   * @example
   * ```ts
   * classifier.classify('Where is my new card?') // { label: 'card_arrival', confidence: 0.91, alternatives: [{ label: 'card_delivery_estimate', confidence: 0.05 }, …] }
   * ```
   */
  classify(text: string, options: ClassifyOptions = {}): Classification {
    const probabilities = this.probabilities(this.vectorize(text, options.locale));
    const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
    const top = order[0]!;
    const alternatives: LabelScore[] = order
      .slice(1, 1 + Math.max(0, options.alternatives ?? 2))
      .map((k) => ({ label: this.labels[k]!, confidence: probabilities[k]! }));
    return { label: this.labels[top]!, confidence: probabilities[top]!, alternatives };
  }

  /** The TF-IDF vector of a text, as the classifier sees it (what candidate topics cluster). */
  vectorize(text: string, locale?: string): SparseVector {
    return this.vectorizer.vectorize(this.vectorizer.featuresOf(text, locale ?? guessLocale(text)));
  }

  /** The probability of every label (in `labels` order) for a vector from {@link TopicClassifier.vectorize}. */
  probabilities(x: SparseVector): number[] {
    const K = this.labels.length;
    const scores = Array.from(this.#bias, Number);
    for (let j = 0; j < x.indices.length; j++) {
      const i = x.indices[j]!;
      const row = i * K;
      const f = x.values[j]! * this.#scales[i]!;
      if (f === 0) continue;
      for (let k = 0; k < K; k++) scores[k]! += this.#weights[row + k]! * f;
    }
    const max = Math.max(...scores);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += scores[k] = Math.exp(scores[k]! - max);
    return scores.map((s) => s / sum);
  }

  /**
   * The classifier as a JSON-safe object (`SerializedClassifierSchema`); `JSON.stringify`
   * it to save it. {@link TopicClassifier.fromJSON} reads it back into a classifier that classifies
   * exactly alike.
   *
   * @example
   * ```ts
   * await writeFile('topics.model.json', JSON.stringify(classifier))
   * ```
   */
  toJSON(): SerializedClassifier {
    return {
      format: 'kotae-topic-classifier',
      version: CLASSIFIER_FORMAT_VERSION,
      tokenizer: { name: TOKENIZER.name, version: TOKENIZER.version },
      labels: [...this.labels],
      features: { wordBigrams: this.vectorizer.features.wordBigrams, charNgrams: [...this.vectorizer.features.charNgrams] },
      terms: [...this.vectorizer.terms],
      idf: arrayToBase64(this.vectorizer.idf),
      scales: arrayToBase64(this.#scales),
      weights: arrayToBase64(this.#weights),
      bias: arrayToBase64(this.#bias),
      support: [...this.support],
    };
  }

  /**
   * Reads a classifier saved by {@link TopicClassifier.toJSON} (parsed JSON). Throws
   * {@link ClassifierFormatError}, naming `source` and the bad field, for anything else: another
   * format or version, another tokenizer version (its texts would be split differently), arrays
   * whose sizes do not match.
   *
   * @param data - the parsed JSON
   * @param source - where it came from (a file path), for error messages @default "classifier model"
   * @example
   * ```ts
   * const classifier = TopicClassifier.fromJSON(JSON.parse(await readFile('topics.model.json', 'utf8')), 'topics.model.json')
   * ```
   */
  static fromJSON(data: unknown, source = 'classifier model'): TopicClassifier {
    const parsed = SerializedClassifierSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.');
      throw new ClassifierFormatError(source, `not a kotae topic classifier: ${path ? `"${path}" ` : ''}${issue.message}`);
    }
    const m = parsed.data;
    if (m.version !== CLASSIFIER_FORMAT_VERSION) {
      throw new ClassifierFormatError(
        source,
        `unsupported classifier format version ${JSON.stringify(m.version)} (this release reads ${CLASSIFIER_FORMAT_VERSION})`,
      );
    }
    if (m.tokenizer.name !== TOKENIZER.name || m.tokenizer.version !== TOKENIZER.version) {
      throw new ClassifierFormatError(
        source,
        `trained with tokenizer ${m.tokenizer.name} v${m.tokenizer.version}, this release has ${TOKENIZER.name} v${TOKENIZER.version}: train it again`,
      );
    }
    const K = m.labels.length;
    const field = (name: 'idf' | 'scales' | 'bias', expected: number): Float32Array => {
      let bytes: Uint8Array;
      try {
        bytes = base64ToBytes(m[name]);
      } catch (cause) {
        throw new ClassifierFormatError(source, `"${name}" is not base64`, { cause });
      }
      if (bytes.length !== expected * 4) {
        throw new ClassifierFormatError(
          source,
          `"${name}" has ${bytes.length} bytes, expected ${expected * 4} (${expected} float32 values)`,
        );
      }
      return new Float32Array(bytes.buffer, bytes.byteOffset, expected);
    };
    const idf = field('idf', m.terms.length);
    const scales = field('scales', m.terms.length);
    const bias = field('bias', K);
    let weights: Int8Array;
    try {
      weights = base64ToInt8(m.weights);
    } catch (cause) {
      throw new ClassifierFormatError(source, '"weights" is not base64', { cause });
    }
    if (weights.length !== m.terms.length * K) {
      throw new ClassifierFormatError(source, `"weights" has ${weights.length} values, expected ${m.terms.length * K}`);
    }
    if (m.support.length !== K) throw new ClassifierFormatError(source, `"support" has ${m.support.length} values, expected ${K}`);
    const vectorizer = new TfidfVectorizer(m.features, m.terms, idf);
    return new TopicClassifier({ labels: m.labels, support: m.support, vectorizer, scales, weights, bias });
  }
}
