/**
 * `@kotae/knowledge/answer`: composing answers, browser-safe — analysing a question (language,
 * conversational act, weighted terms), assessing whether the knowledge answers it, extractive
 * answers, model prompts, citation checks, refusals and the answer service's request schemas.
 * These are the building blocks of `@kotae/server`'s answer service, for callers who compose
 * answers themselves; a client that only asks questions needs `@kotae/knowledge` (the events and
 * `sseParser`).
 *
 * @packageDocumentation
 */

// Requests: the answer service's request bodies
export {
  AnswerRequestSchema,
  FeedbackRequestSchema,
  EscalationRequestSchema,
  REQUEST_LIMITS,
  type AnswerRequest,
  type FeedbackRequest,
  type EscalationRequest,
  type HistoryTurn,
} from './answer/answer-request.js';

// Questions: language, conversational act, terms (analysed once per question)
export {
  analyzeQuestion,
  detectLanguage,
  latinLanguagesOf,
  weightedTerms,
  CONTEXT_WEIGHT,
  type QuestionAnalysis,
  type AnalyzeOptions,
  type QuestionScript,
  type QuestionTurn,
  type LatinLanguageDetector,
  type WeightedTerm,
} from './answer/question.js';
export { recognizeAct } from './answer/conversation-acts.js';
export { actText, type ActMessages, type ActTexts } from './answer/act-replies.js';

// Answerability: whether the knowledge answers a question, and the threshold that refuses the rest
export {
  ANSWERABILITY_WEIGHTS,
  answerabilityReference,
  assessAnswerability,
  DEFAULT_ANSWERABILITY_REFERENCES,
  DEFAULT_ANSWERABILITY_THRESHOLD,
  referenceFor,
  thresholdFor,
  type Answerability,
} from './answer/answerability.js';
export type { AnswerabilityFeatures, QueryTerm } from './answer/answerability-features.js';

// Composition: confidence, extractive answers, prompts, citations, refusals
export { retrievalConfidence } from './answer/confidence.js';
export { extractiveAnswer, passageScore, type ExtractiveOptions, type ExtractiveSource } from './answer/extractive-answer.js';
export { answeringSections, type AnsweringSectionsOptions } from './answer/answer-sections.js';
export { questionIntent, holdsIntent, type QuestionIntent } from './answer/question-intent.js';
export { answerPrompt, DECLINE_MARK, type AnswerPrompt, type PromptOptions } from './answer/prompt.js';
export { checkCitations, normalizeCitationMarks, pendingMarkStart, type CitationCheck } from './answer/citations.js';
export { refusalText } from './answer/refusal.js';
