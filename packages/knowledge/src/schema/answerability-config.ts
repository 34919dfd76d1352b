import { z } from 'zod';

/**
 * `answerability` in `kotae.config.json`: how `kotae compile` chooses the answer service's
 * refusal threshold (see `calibrateAnswerability`), or the operating point you choose yourself.
 *
 * @example
 * ```json
 * { "answerability": { "threshold": { "ja": 0.4 }, "targetAnswered": 0.95 } }
 * ```
 */
export const AnswerabilityConfigSchema = z
  .object({
    /**
     * The operating point, used instead of the calibrated one: a threshold (0–1) for every
     * language, or one per language (`{ "en": 0.5, "ja": 0.4 }`; the others stay calibrated).
     * Questions scoring below it are refused. Raise it to refuse more off-topic questions, lower
     * it to answer more; `kotae eval` shows the trade-off curve. @default calibrated
     */
    threshold: z.union([z.number().min(0).max(1), z.record(z.string().min(2), z.number().min(0).max(1))]).optional(),
    /**
     * Share of the bundle's answerable eval cases (`evals/*.jsonl`) the calibrated threshold must
     * still answer, between 0.5 and 1. @default 0.92
     */
    targetAnswered: z.number().min(0.5).max(1).optional(),
  })
  .strict();

/** The `answerability` options of `kotae.config.json`. */
export type AnswerabilityConfig = z.infer<typeof AnswerabilityConfigSchema>;
