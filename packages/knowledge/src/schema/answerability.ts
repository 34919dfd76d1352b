import { z } from 'zod';

/** One point of an answerability trade-off curve (see {@link AnswerabilityCalibrationSchema}). */
export const AnswerabilityPointSchema = z.object({
  threshold: z.number().min(0).max(1),
  /** Share of answerable questions scored at or above the threshold (`null` without any). */
  answered: z.number().min(0).max(1).nullable(),
  /** Share of out-of-scope questions scored below it (`null` without any). */
  refused: z.number().min(0).max(1).nullable(),
});

/** One number per answerability feature (`terms` as `ln(1 + terms)`). */
export const AnswerabilityFeatureVectorSchema = z.object({
  title: z.number(),
  strength: z.number(),
  best: z.number(),
  union: z.number(),
  unknown: z.number(),
  margin: z.number(),
  rare: z.number(),
  terms: z.number(),
  cover: z.number(),
  domain: z.number(),
});

/**
 * How kotae's generic out-of-scope sample looks to one language of a bundle: the mean and the
 * standard deviation of each answerability feature over the sample's questions searched in the
 * bundle. The score measures a question's features from this origin in these units, so that it
 * says "how far above off-topic questions, on this knowledge" whatever the knowledge's size,
 * style and vocabulary.
 */
export const AnswerabilityReferenceSchema = z.object({
  mean: AnswerabilityFeatureVectorSchema,
  spread: AnswerabilityFeatureVectorSchema,
});

/**
 * How a refusal threshold was chosen for one language of a bundle, and how it does on the
 * questions it was chosen from: what the manifest stores and `kotae eval` shows.
 */
export const AnswerabilityCalibrationSchema = z.object({
  /** Below this answerability score the answer service says "I don't know". */
  threshold: z.number().min(0).max(1),
  /**
   * Where the threshold comes from: `eval-cases` (the bundle's answerable eval cases against the
   * out-of-scope sample), `sample` (no eval cases: the out-of-scope sample alone), `default` (no
   * questions at all) or `config` (`answerability.threshold` in `kotae.config.json`).
   */
  source: z.enum(['eval-cases', 'sample', 'default', 'config']),
  /** Answerable questions scored (the bundle's eval cases with `relevant` articles). */
  answerable: z.number().int().nonnegative(),
  /** Out-of-scope questions scored (kotae's generic sample, plus the bundle's `refuse: true` cases). */
  outOfScope: z.number().int().nonnegative(),
  /** Share of the answerable questions the threshold answers, `null` without any. */
  answered: z.number().min(0).max(1).nullable(),
  /** Share of the out-of-scope questions it refuses, `null` without any. */
  refused: z.number().min(0).max(1).nullable(),
  /** The trade-off at thresholds 0.1, 0.2, … 0.9 (and the chosen one), lowest first. */
  curve: z.array(AnswerabilityPointSchema),
  /**
   * The features of the out-of-scope sample on this bundle, which scores are measured from (absent
   * in bundles compiled before it existed, and for languages kotae has no sample for: the
   * default reference then applies).
   */
  reference: AnswerabilityReferenceSchema.optional(),
});

/** One point of an answerability trade-off curve. */
export type AnswerabilityPoint = z.infer<typeof AnswerabilityPointSchema>;
/** One number per answerability feature. */
export type AnswerabilityFeatureVector = z.infer<typeof AnswerabilityFeatureVectorSchema>;
/** The out-of-scope sample's features on one language of a bundle: what scores are measured from. */
export type AnswerabilityReference = z.infer<typeof AnswerabilityReferenceSchema>;
/** One language's answerability calibration. */
export type AnswerabilityCalibration = z.infer<typeof AnswerabilityCalibrationSchema>;

/**
 * The manifest's `answerability`: which score the bundle was calibrated for and each language's
 * threshold. A bundle without it (built before calibration existed) uses the default threshold.
 */
export const BundleAnswerabilitySchema = z.object({
  /** The answerability score the thresholds are for (`lexical-3`): a new score needs a recompile. */
  score: z.string().min(1),
  /** Calibration by language (`en`, `ja`: the language part of the bundle's locales). */
  languages: z.record(z.string(), AnswerabilityCalibrationSchema),
});

/** A manifest's `answerability`. */
export type BundleAnswerability = z.infer<typeof BundleAnswerabilitySchema>;
