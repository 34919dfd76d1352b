import { z } from 'zod';

/**
 * One labelled example to learn topics from: a text and its topic label (`{text, label}`, one
 * per line of a labelled JSONL file). `locale` picks the tokenizer's language; without it, text
 * with kana or kanji is read as Japanese and anything else as English.
 *
 * @example
 * ```json
 * {"text": "I was charged twice for my order", "label": "billing/refund"}
 * ```
 */
export const LabelledExampleSchema = z.object({
  text: z.string(),
  label: z.string().min(1),
  locale: z.string().min(2).optional(),
});

/** One labelled example; see {@link LabelledExampleSchema}. */
export type LabelledExample = z.infer<typeof LabelledExampleSchema>;

/** A label and how likely the classifier thinks it is (a softmax probability, 0 to 1). */
export const LabelScoreSchema = z.object({
  label: z.string(),
  confidence: z.number().min(0).max(1),
});

/** A label and its probability; see `LabelScoreSchema`. */
export type LabelScore = z.infer<typeof LabelScoreSchema>;

/**
 * What {@link TopicClassifier.classify} says about a text: the most likely label, its probability,
 * and the next most likely labels (best first). The confidences of the label and its alternatives
 * add up to at most 1.
 */
export const ClassificationSchema = z.object({
  label: z.string(),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(LabelScoreSchema),
});

/** A text's classification; see `ClassificationSchema`. */
export type Classification = z.infer<typeof ClassificationSchema>;

/** The version of the saved classifier format this release writes and reads. */
export const CLASSIFIER_FORMAT_VERSION = 1;

/**
 * A trained topic classifier as {@link TopicClassifier.toJSON} writes it (and
 * {@link TopicClassifier.fromJSON} checks it): the labels, the feature settings, the vocabulary
 * with its IDF, and the weights. Numbers are kept as base64 of their bytes (little-endian), so a
 * saved model classifies exactly as the one that was trained: `idf`, `bias` and `scales` are
 * float32, `weights` int8 (one row of `labels.length` weights per term, times that row's scale).
 */
export const SerializedClassifierSchema = z.object({
  format: z.literal('kotae-topic-classifier'),
  version: z.number().int(),
  tokenizer: z.object({ name: z.string(), version: z.number().int() }),
  labels: z.array(z.string().min(1)).min(2),
  features: z.object({
    wordBigrams: z.boolean(),
    charNgrams: z.array(z.number().int().min(1).max(10)),
  }),
  terms: z.array(z.string()),
  idf: z.string(),
  scales: z.string(),
  weights: z.string(),
  bias: z.string(),
  /** How many examples of each label the model was trained on, in `labels` order. */
  support: z.array(z.number().int().min(0)),
});

/** A saved topic classifier; see `SerializedClassifierSchema`. */
export type SerializedClassifier = z.infer<typeof SerializedClassifierSchema>;
