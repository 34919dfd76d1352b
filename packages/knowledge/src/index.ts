/**
 * `@kotae/knowledge`: kotae's knowledge core, browser-safe (no `node:*` imports).
 *
 * Content model (zod schemas and the types inferred from them), markdown articles split into
 * sections, the multilingual tokenizer, the search index, the bundle format and retrieval
 * evaluation, precedents, PII redaction, insights, topic classification and answer composition.
 * Node-only parts (reading content directories, compiling, writing bundles to disk) are in
 * `@kotae/knowledge/node`; the answer service and the interaction stores are `@kotae/server`.
 *
 * @packageDocumentation
 */

// Errors: the root and the family bases (catch a group); every error class, by name, is in
// `@kotae/knowledge/errors`
export {
  KotaeError,
  KotaeContentError,
  KotaeConfigError,
  KotaeBundleError,
  KotaeStoreError,
  KotaeServiceError,
  KotaeModelError,
  KotaeUsageError,
  KotaeInternalError,
  type ErrorFamily,
} from './errors.js';

// Content model
export type { Article, ArticleFrontmatter } from './schema/article.js';
export type { Section } from './schema/section.js';
export { ConversationSchema, type Conversation, type ConversationMessage } from './schema/conversation.js';
export { EvalCaseSchema, type EvalCase } from './schema/eval-case.js';
export {
  StoreRecordSchema,
  ESCALATION_REASONS,
  REVIEW_VERDICTS,
  ANNOTATION_TYPES,
  type AnnotationRecord,
  type AnnotationType,
  type EscalationReason,
  type ReviewVerdict,
  type ReviewRecord,
  type AnswerMode,
  type ConversationAct,
  type InteractionRecord,
  type FeedbackRecord,
  type EscalationRecord,
  type StoreRecord,
} from './schema/interaction.js';
export type { KotaeConfig } from './schema/config.js';
export type { PrivacyConfig, PiiGateMode } from './schema/privacy-config.js';
export type { ChecksConfig, CheckSeverity } from './schema/checks-config.js';
export type { GuidanceConfig } from './schema/guidance-config.js';
export type { LlmsConfig } from './schema/llms-config.js';
export type { AnswerabilityConfig } from './schema/answerability-config.js';
export type { ContextList, ContextEntry } from './schema/context-list.js';
export type { ConversationsConfig, CsvConversationsConfig } from './schema/conversations-config.js';
export type { Manifest, BundleFile, ManifestSignature } from './schema/manifest.js';

// Markdown content
export { parseArticle, type ParsedArticle, type ParseArticleOptions, type ArticleLocation } from './content/article.js';
export { markdownToHtml } from './content/markdown-html.js';
export { parseJsonl } from './content/jsonl.js';

// Knowledge for AI agents: llms.txt, llms-full.txt, one markdown file per public article
export { articleMarkdown, type MarkdownSection } from './agents/article-markdown.js';
export {
  agentFiles,
  articlePath,
  LLMS_TXT,
  LLMS_FULL_TXT,
  ARTICLES_DIR,
  type AgentArticle,
  type AgentSection,
  type AgentFilesOptions,
} from './agents/llms-txt.js';

// Search
export { tokenize, languageOf, type TokenSpan } from './search/tokenizer.js';
export { SearchIndex, type SerializedLocaleIndex, type IndexStatistics } from './search/search-index.js';
export { buildSearchIndex } from './search/build-index.js';
export { IncrementalIndex, type IncrementalUpdate } from './search/incremental-index.js';
export type { SerializedPostings } from './search/postings.js';
export type { StoredSection, SerializedSection, SearchOptions, SearchResult, HighlightRange } from './search/search-types.js';
export type { Snippet } from './search/snippet.js';
export { contextMatches } from './search/context-match.js';

// Bundle
export { encodeBundle, type EncodedBundle, type EncodeBundleOptions } from './bundle/bundle-writer.js';
export { diffBundles, type BundleDiff, type ChangedArticle, type DiffArticle, type DiffSections } from './bundle/bundle-diff.js';
export {
  readBundle,
  readBundleFile,
  parseManifest,
  verifyManifest,
  type BundleFileLoader,
  type LoadedBundle,
  type ReadBundleOptions,
  type ManifestTrust,
  type VerifiedManifest,
} from './bundle/bundle-reader.js';
export { canonicalJson } from './bundle/canonical-json.js';
export { signManifest, verifyManifestSignature, type SignManifestOptions } from './bundle/manifest-signature.js';
export {
  generateSigningKey,
  importSigningKey,
  publicKeyId,
  SIGNATURE_ALGORITHM,
  type SigningKey,
  type SigningKeyJwk,
  type GeneratedSigningKey,
} from './bundle/signing-key.js';

// Precedents (past conversations as internal guidance)
export {
  makePrecedent,
  type MakePrecedentOptions,
  type PrecedentResult,
  type PrecedentParts,
  type SkipReason,
  type IncludedOutcome,
} from './conversations/precedent.js';
export {
  PrecedentIndex,
  PRECEDENT_WEIGHT,
  mergeWithPrecedents,
  type PrecedentHit,
  type PrecedentSearchOptions,
  type MergeOptions,
} from './conversations/precedent-index.js';

// Answers: the answer service's events as a client reads them; composing answers (questions,
// answerability, extractive answers, prompts, citations, refusals, requests) is
// `@kotae/knowledge/answer` and the service itself is `@kotae/server`.
export type { AnswerEventMap, AnswerEventName, AnswerSource, AnswerCitation, AnswerDone } from './answer/answer-events.js';
export { sseParser, type SseEvent } from './answer/sse-parser.js';

// Privacy
export { redact, countByType, type RedactOptions, type Redaction, type RedactedSpan } from './privacy/redact.js';
export { placeholder, PLACEHOLDER_PATTERN, type PiiType } from './privacy/pii-types.js';
export { findGatedPii, type GatedPiiType, type PiiGateFinding, type PiiGateOptions } from './privacy/pii-gate.js';
export { hashUserId } from './privacy/user-hash.js';

// Content checks
// (the living-guidance checks run in `validateContent`, `@kotae/knowledge/node`)
export { findHiddenInstructions, type HiddenInstruction, type HiddenInstructionKind } from './checks/hidden-instructions.js';
export { findInjections, INJECTION_KINDS, type Injection, type InjectionKind } from './checks/injection/find-injections.js';
export {
  scoreInstruction,
  INSTRUCTION_FEATURES,
  type InstructionScore,
  type InstructionFeature,
} from './checks/injection/instruction-score.js';
export { toModelText } from './checks/injection/model-text.js';
export type { GuidanceCode } from './checks/guidance-codes.js';
export type { OwnersAndReviewsOptions } from './checks/owners-and-reviews.js';
export type { ArticleLink } from './checks/article-links.js';
export type { NearDuplicatePair, NearDuplicateOptions } from './checks/near-duplicates.js';
export type { ListedContext, ContextCoverage, ContextCoverageResult } from './checks/context-coverage.js';

// Evaluation
export {
  evaluateRetrieval,
  type RetrievalMetrics,
  type RetrievalMiss,
  type RetrievalReport,
  type EvaluateRetrievalOptions,
} from './eval/retrieval-metrics.js';
export { calibrateRefusal, type ConfidenceSample, type RefusalCalibration } from './eval/refusal-calibration.js';
export { collectAnswer, type CollectedAnswer } from './eval/answer-stream.js';

// Answerability calibration (assessing a question is `@kotae/knowledge/answer`), answer evaluation
export { calibrateAnswerability, sampleRefusalTarget, type CalibrateAnswerabilityOptions } from './answer/answerability-calibration.js';
export type {
  AnswerabilityCalibration,
  AnswerabilityFeatureVector,
  AnswerabilityPoint,
  AnswerabilityReference,
  BundleAnswerability,
} from './schema/answerability.js';
export { askCases, checkAnswerService, type AskCasesOptions, type AskOutcome } from './eval/ask-cases.js';
export { scoreAnswer, summarizeAnswers, type AnswerCaseResult, type AnswerMetrics } from './eval/answer-metrics.js';
export { phraseRecall } from './eval/phrase-recall.js';
export type { KappaResult } from './eval/kappa.js';
export { findAnswerArtefacts, type AnswerArtefact, type AnswerArtefactKind } from './answer/answer-artefacts.js';
export { passageEndings, type PassageEnding } from './answer/answer-endings.js';
export { graderAgreement, type GraderAgreement, type GraderAgreementOptions } from './eval/grader-agreement.js';

// Insights (the learning loop)
export type { RateEstimate } from './insights/wilson.js';
export type {
  ResolutionOutcome,
  ResolutionCounts,
  PeriodCounts,
  PeriodUnit,
  ResolutionOptions,
  ResolutionReport,
  ReviewedResolution,
} from './insights/resolution.js';
export {
  buildInsights,
  type InsightsOptions,
  type InsightsReport,
  type TopicLabeler,
  type TopicInsight,
  type QuestionInsight,
  type ArticleEscalation,
  type EscalationInsights,
  type TopicTrend,
} from './insights/insights-report.js';
export {
  insightsFromAggregates,
  type InsightsAggregates,
  type InsightsAggregateQuery,
  type InsightsAggregateSource,
  type OutcomeCounts,
  type WordingCount,
  type QuestionWording,
} from './insights/insights-aggregates.js';
export { renderInsightsHtml } from './insights/insights-html.js';
export type { QueryGroup, GroupOptions } from './insights/query-groups.js';
export {
  casesFromInteractions,
  CASE_REASONS,
  type CaseReason,
  type InteractionCasesOptions,
  type InteractionCases,
} from './insights/interaction-cases.js';

// Topic classification
export {
  LabelledExampleSchema,
  type LabelledExample,
  type LabelScore,
  type Classification,
  type SerializedClassifier,
} from './classify/classify-schema.js';
export { trainClassifier, TopicClassifier, type TrainClassifierOptions, type ClassifyOptions } from './classify/topic-classifier.js';
export type { SparseVector } from './classify/vectorizer.js';
export { textFeatures, type FeatureOptions } from './classify/features.js';
export { evaluateClassifier, type ClassifierReport, type LabelReport } from './classify/evaluate-classifier.js';
export { splitHoldout, type HoldoutSplit } from './classify/split-holdout.js';
export {
  findCandidateTopics,
  type CandidateItem,
  type CandidateTopic,
  type CandidateTopics,
  type CandidateTopicOptions,
} from './classify/candidate-topics.js';
export { conversationExample } from './classify/conversation-example.js';
