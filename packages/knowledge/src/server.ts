/**
 * `@kotae/knowledge/server`: the answer service — a web-standard `(Request) => Promise<Response>`
 * handler (Hono inside) that answers questions from a bundle, extractively or through the OpenAI
 * Responses API, and records every interaction. It imports no `node:*` module, so it runs on
 * Node, Bun, Deno and workers alike; the file-based interaction store is in `@kotae/knowledge/node`.
 *
 * @packageDocumentation
 */

export { createAnswerHandler, type AnswerHandler, type AnswerServiceOptions, type OpenAIAnswerOptions } from './service/answer-service.js';
export {
  AnswerRequestSchema,
  FeedbackRequestSchema,
  EscalationRequestSchema,
  HistoryTurnSchema,
  REQUEST_LIMITS,
  type AnswerRequest,
  type FeedbackRequest,
  type EscalationRequest,
  type HistoryTurn,
} from './service/answer-request.js';
export { checkCitations, normalizeCitationMarks, type CitationCheck } from './service/citations.js';
export { retrievalConfidence } from './service/confidence.js';
export { extractiveAnswer, splitSentences, type ExtractiveOptions, type ExtractiveSource } from './service/extractive-answer.js';
export type { WeightedTerm } from './answer/query-terms.js';
export { answerPrompt, type AnswerPrompt, type PromptOptions } from './service/prompt.js';
export { streamModelAnswer, type ModelAnswerOptions } from './service/model-answer.js';
export { refusalText } from './service/refusal.js';
export { RateLimiter, type RateLimitOptions } from './service/rate-limiter.js';
export { forwardEscalation, type EscalationWebhook, type EscalationOutcome } from './service/escalation-webhook.js';
export { MemoryInteractionStore } from './store/memory-store.js';
export { ModelError, type ModelFailure } from './errors.js';
export {
  createAnswerGrader,
  GRADER_RUBRIC,
  GraderOutputSchema,
  type AnswerGrader,
  type AnswerGrade,
  type AnswerGraderOptions,
  type GraderOutput,
  type GradeInput,
} from './eval/answer-grader.js';
export { secondOpinions, type SecondOpinion, type SecondOpinionItem, type SecondOpinionOptions } from './classify/second-opinion.js';
