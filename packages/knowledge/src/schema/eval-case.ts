import { z } from 'zod';

/**
 * An evaluation case (one JSON object per line): a question and what a good answer to it needs.
 * The same shape the learning loop writes from real interactions.
 *
 * @example
 * ```json
 * {"id": "pw-1", "query": "I forgot my password", "locale": "en", "relevant": ["reset-password"], "answers": ["reset link"], "grade": "pass"}
 * ```
 */
export const EvalCaseSchema = z.object({
  id: z.union([z.string(), z.number()]).transform((v) => String(v)),
  query: z.string().min(1),
  locale: z.string().min(2).optional(),
  context: z.string().optional(),
  /** Article ids any of which answers the query. */
  relevant: z.array(z.string()).optional(),
  /** Phrases a correct answer contains. */
  answers: z.array(z.string()).optional(),
  /** True when no guidance answers the query and the right answer is "I don't know". */
  refuse: z.boolean().optional(),
  /**
   * A person's verdict on the answer the service gives this case (`pass`: correct, grounded in
   * its citations, answers the question, in the asker's language; else `fail`). `kotae eval
   * --grade` measures the LLM grader's agreement with these labels (Cohen's kappa) before its
   * grades are trusted.
   */
  grade: z.enum(['pass', 'fail']).optional(),
  /**
   * Where a case written by `kotae cases` came from: the interactions it was made from and why
   * they were picked (`thumbs-down`, `escalated`, `unanswered`, `citation-failure`, `flagged`).
   * Kept for the reviewer; evaluation ignores it.
   */
  source: z
    .object({
      interactionIds: z.array(z.string()),
      reasons: z.array(z.string()),
    })
    .optional(),
});

/** An evaluation case. */
export type EvalCase = z.infer<typeof EvalCaseSchema>;
