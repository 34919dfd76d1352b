import OpenAI from 'openai';
import { z } from 'zod';
import { redact } from '@kotae/knowledge';

/**
 * The rubric the LLM grader follows, word for word what its instructions say (and what
 * `docs/answer-eval.md` documents). Four yes/no criteria; the verdict is `pass` only when all
 * four hold. Pass/fail rather than a 1–4 scale: people agree with each other (and a grader with
 * people) far more on a yes/no question than on the middle grades of a scale, a CI gate needs a
 * yes/no in the end, and Cohen's kappa on two labels needs fewer labelled cases to mean anything.
 */
export const GRADER_RUBRIC = `You grade one answer of a customer-support assistant. You get the customer's question, the language the answer should be in, the numbered sources the answer cites, and the answer. Judge only from these; do not use outside knowledge to fill gaps.

Answer four yes/no questions:
1. correct: Is everything the answer states true according to the sources? An answer that contradicts a source, or states a fact no source supports, is not correct.
2. grounded: Is each statement the answer makes supported by the source its [n] mark names (or, for a statement without a mark, by one of the cited sources)? Citing a source that does not say what the answer claims is not grounded.
3. answersQuestion: Does the answer address what the customer asked, well enough that they can act on it? An answer about a related but different problem does not.
4. language: Is the answer written in the language given (the customer's language)? Quoted product terms in another language are fine.

The verdict is "pass" only if all four are yes; otherwise "fail". Give a one-sentence reason naming the first criterion that failed (or "all criteria met"). Personal data in the texts is replaced by placeholders such as [EMAIL]; treat them as ordinary values.`;

/** The grader's structured output, as the Responses API returns it (JSON schema, strict). */
export const GraderOutputSchema = z.object({
  correct: z.boolean(),
  grounded: z.boolean(),
  answersQuestion: z.boolean(),
  language: z.boolean(),
  reason: z.string(),
});

/** The grader's four criteria and its reason, as the model returns them. */
export type GraderOutput = z.infer<typeof GraderOutputSchema>;

/** What the grader is shown of one answer. */
export interface GradeInput {
  readonly question: string;
  /** The language the answer should be in (a BCP 47 locale such as `ja`). */
  readonly locale: string;
  /** The sources the answer cites, with their full text. */
  readonly sources: readonly { readonly n: number; readonly title: string; readonly text: string }[];
  readonly answer: string;
}

/** Options of {@link createAnswerGrader}. */
export interface AnswerGraderOptions {
  /** A ready openai client (custom fetch, Azure); without it one is made from `apiKey` and `baseURL`. */
  readonly client?: OpenAI | undefined;
  /** The API key, when no `client` is given. */
  readonly apiKey?: string | undefined;
  /** Any OpenAI-compatible server. @default the OpenAI API */
  readonly baseURL?: string | undefined;
  /** The grading model. @default 'gpt-4.1-mini' */
  readonly model?: string | undefined;
  /** Retries of a failed call (429, 5xx, connection errors). @default 2 */
  readonly maxRetries?: number | undefined;
  /** Values redaction leaves alone (the company's own support number or address). */
  readonly publicValues?: readonly string[] | undefined;
}

/** One graded answer: the four criteria, the verdict they give, and the grader's reason. */
export type AnswerGrade = GraderOutput & { readonly verdict: 'pass' | 'fail' };

/** An LLM grader made by {@link createAnswerGrader}. */
export interface AnswerGrader {
  /** The grading model. */
  readonly model: string;
  /** Grades one answer. */
  grade(input: GradeInput, signal?: AbortSignal): Promise<AnswerGrade>;
}

const OUTPUT_FORMAT = {
  type: 'json_schema',
  name: 'kotae_answer_grade',
  strict: true,
  schema: {
    type: 'object',
    properties: {
      correct: { type: 'boolean' },
      grounded: { type: 'boolean' },
      answersQuestion: { type: 'boolean' },
      language: { type: 'boolean' },
      reason: { type: 'string' },
    },
    required: ['correct', 'grounded', 'answersQuestion', 'language', 'reason'],
    additionalProperties: false,
  },
} as const;

/**
 * An LLM grader of answers following {@link GRADER_RUBRIC}, through the Responses API with
 * `store: false` and a strict JSON-schema output. The question, answer and sources are redacted
 * before they are sent. The verdict is computed here from the four criteria (`pass` only when
 * all hold), so it can never disagree with them. `grade` throws what the SDK throws, or a
 * `ZodError` when the output does not match {@link GraderOutputSchema}.
 *
 * @example
 * ```ts
 * const grader = createAnswerGrader({ apiKey: process.env.OPENAI_API_KEY })
 * const grade = await grader.grade({ question: 'How do I reset my password?', locale: 'en', sources, answer: 'Use “Forgot password” [1].' })
 * grade.verdict // 'pass'
 * ```
 */
export function createAnswerGrader(options: AnswerGraderOptions): AnswerGrader {
  const client = options.client ?? new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.maxRetries ?? 2 });
  const model = options.model ?? 'gpt-4.1-mini';
  const clean = (text: string) => redact(text, { allow: options.publicValues }).text;
  return {
    model,
    async grade(input, signal) {
      const sources = input.sources.map((s) => `[${s.n}] ${clean(s.title)}\n${clean(s.text)}`).join('\n\n');
      const response = await client.responses.create(
        {
          model,
          instructions: GRADER_RUBRIC,
          input: `Language: ${input.locale}\n\nQuestion:\n${clean(input.question)}\n\nSources:\n${sources || '(none cited)'}\n\nAnswer:\n${clean(input.answer)}`,
          store: false,
          max_output_tokens: 300,
          text: { format: OUTPUT_FORMAT },
        },
        { signal },
      );
      const output = GraderOutputSchema.parse(JSON.parse(response.output_text));
      const verdict = output.correct && output.grounded && output.answersQuestion && output.language ? 'pass' : 'fail';
      return { ...output, verdict };
    },
  };
}
