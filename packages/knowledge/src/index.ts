/**
 * `@kotae/knowledge`: kotae's knowledge core, browser-safe (no `node:*` imports).
 *
 * Content model (zod schemas and the types inferred from them), markdown articles split into
 * sections, the multilingual tokenizer, the search index, the bundle format and retrieval
 * evaluation. Node-only parts (reading content directories, compiling, writing bundles to disk)
 * are in `@kotae/knowledge/node`.
 *
 * @packageDocumentation
 */

// Errors
export {
  KotaeError,
  ContentError,
  BundleVersionError,
  BundleIntegrityError,
  BundleFormatError,
  JsonlError,
  StoreRecordError,
  StoreCorruptionError,
  StoreLockedError,
  StoreClosedError,
  StoreWriteError,
  StoreChangedError,
  AnswerServiceError,
  StoreSchemaVersionError,
  StoreConnectionError,
  StoreReadOnlyError,
  PublishDowngradeError,
  PublishLockedError,
  PublishError,
  ClassifierInputError,
  ClassifierFormatError,
  formatIssue,
  type PublishedVersion,
  type ContentIssue,
} from './errors.js';

// Content model
export {
  ArticleFrontmatterSchema,
  ArticleSchema,
  KNOWN_FRONTMATTER_KEYS,
  type Article,
  type ArticleFrontmatter,
} from './schema/article.js';
export { SectionSchema, type Section } from './schema/section.js';
export { ConversationSchema, ConversationMessageSchema, type Conversation, type ConversationMessage } from './schema/conversation.js';
export { EvalCaseSchema, type EvalCase } from './schema/eval-case.js';
export {
  AnswerModeSchema,
  InteractionRecordSchema,
  FeedbackRecordSchema,
  EscalationRecordSchema,
  StoreRecordSchema,
  type AnswerMode,
  type InteractionRecord,
  type FeedbackRecord,
  type EscalationRecord,
  type StoreRecord,
} from './schema/interaction.js';
export { KotaeConfigSchema, type KotaeConfig } from './schema/config.js';
export { PrivacyConfigSchema, PiiGateModeSchema, type PrivacyConfig, type PiiGateMode } from './schema/privacy-config.js';
export { GuidanceConfigSchema, type GuidanceConfig } from './schema/guidance-config.js';
export { ContextListSchema, ContextEntrySchema, type ContextList, type ContextEntry } from './schema/context-list.js';
export {
  ConversationsConfigSchema,
  CsvConversationsSchema,
  CsvColumnsSchema,
  type ConversationsConfig,
  type CsvConversationsConfig,
} from './schema/conversations-config.js';
export {
  ManifestSchema,
  BundleFileSchema,
  BundleFileRole,
  BUNDLE_FORMAT_VERSION,
  type Manifest,
  type BundleFile,
} from './schema/manifest.js';

// Markdown content
export { parseArticle, type ParsedArticle, type ParseArticleOptions, type ArticleLocation } from './content/article.js';
export { splitFrontmatter, type SplitFrontmatter } from './content/frontmatter.js';
export { splitSections, type RawSection } from './content/sections.js';
export { slugify, AnchorSet } from './content/slug.js';
export { markdownToPlainText } from './content/plain-text.js';
export { markdownToHtml } from './content/markdown-html.js';
export { parseJsonl, parseJsonlLine } from './content/jsonl.js';

// Search
export { tokenize, tokenSpans, normalizeText, languageOf, TOKENIZER, type TokenSpan } from './search/tokenizer.js';
export { SearchIndex, FIELD_BOOSTS, type SerializedLocaleIndex } from './search/search-index.js';
export { buildSearchIndex } from './search/build-index.js';
export type { SerializedPostings } from './search/postings.js';
export {
  StoredSectionSchema,
  SerializedSectionSchema,
  type StoredSection,
  type SerializedSection,
  type SearchOptions,
  type SearchResult,
  type HighlightRange,
} from './search/search-types.js';
export { makeSnippet, type Snippet } from './search/snippet.js';
export { contextMatches } from './search/context-match.js';

// Bundle
export { encodeBundle, type EncodedBundle, type EncodeBundleOptions } from './bundle/bundle-writer.js';
export { diffBundles, type BundleDiff, type ChangedArticle, type DiffArticle, type DiffSections } from './bundle/bundle-diff.js';
export {
  readBundle,
  readBundleFile,
  parseManifest,
  type BundleFileLoader,
  type LoadedBundle,
  type ReadBundleOptions,
} from './bundle/bundle-reader.js';

export { manifestProblem, isManifest } from './bundle/check-manifest.js';
export { sectionProblem } from './bundle/check-section.js';

// Precedents (past conversations as internal guidance)
export {
  makePrecedent,
  precedentId,
  precedentParts,
  isPrecedent,
  PRECEDENT_TAG,
  PRECEDENT_ID_PREFIX,
  SKIP_REASONS,
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

// Interactions and the answer service's wire format
export type { InteractionStore, RecordsQuery } from './store/interaction-store.js';
export type { CompactOptions, EraseSelector, MaintenanceResult, RemovedCounts } from './store/interaction-store.js';
export { maskLocation } from './store/mask-location.js';
export { hashUserId, MIN_USER_HASH_SECRET_BYTES } from './privacy/user-hash.js';
export type { AnswerEventMap, AnswerEventName, AnswerSource, AnswerCitation, AnswerDone } from './service/answer-events.js';
export { sseParser, type SseEvent } from './service/sse-parser.js';

// Privacy
export { redact, countByType, type RedactOptions, type Redaction, type RedactedSpan } from './privacy/redact.js';
export { PII_TYPES, placeholder, type PiiType } from './privacy/pii-types.js';
export { luhnValid, isCardNumber } from './privacy/card.js';
export { isMyNumber, myNumberCheckDigit } from './privacy/my-number.js';
export { isPhoneNumber } from './privacy/phone.js';
export { findGatedPii, GATED_PII_TYPES, type GatedPiiType, type PiiGateFinding, type PiiGateOptions } from './privacy/pii-gate.js';
export { maskPii } from './privacy/mask.js';
export { isDocumentationEmail } from './privacy/reserved-domains.js';

// Content checks
export {
  findHiddenInstructions,
  HIDDEN_INSTRUCTION_KINDS,
  type HiddenInstruction,
  type HiddenInstructionKind,
} from './checks/hidden-instructions.js';
export { looksLikeInstruction } from './checks/instruction-like.js';
export { checkArticleText } from './checks/article-checks.js';

// Living-guidance checks (kotae validate)
export { GUIDANCE_CODES, type GuidanceCode } from './checks/guidance-codes.js';
export { checkOwnersAndReviews, type OwnersAndReviewsOptions } from './checks/owners-and-reviews.js';
export { findArticleLinks, checkArticleLinks, type ArticleLink } from './checks/article-links.js';
export {
  findNearDuplicates,
  checkNearDuplicates,
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  type NearDuplicatePair,
  type NearDuplicateOptions,
} from './checks/near-duplicates.js';
export { checkContextCoverage, type ListedContext, type ContextCoverage, type ContextCoverageResult } from './checks/context-coverage.js';

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
export { askCases, checkAnswerService, type AskCasesOptions, type AskOutcome } from './eval/ask-cases.js';
export { scoreAnswer, summarizeAnswers, type AnswerCaseResult, type AnswerMetrics } from './eval/answer-metrics.js';
export { phraseRecall, phraseText } from './eval/phrase-recall.js';
export { findAnswerArtefacts, type AnswerArtefact, type AnswerArtefactKind } from './answer/answer-artefacts.js';
export { passageEndings, type PassageEnding } from './answer/answer-endings.js';
export { cohensKappa, type KappaResult } from './eval/kappa.js';
export { graderAgreement, type GraderAgreement, type GraderAgreementOptions } from './eval/grader-agreement.js';

// Insights (the learning loop)
export { wilsonInterval, rateEstimate, Z_95, type RateEstimate } from './insights/wilson.js';
export {
  resolutionMetrics,
  RESOLUTION_OUTCOMES,
  type ResolutionOutcome,
  type ResolutionCounts,
  type PeriodCounts,
  type PeriodUnit,
  type ResolutionOptions,
  type ResolutionReport,
} from './insights/resolution.js';
export {
  buildInsights,
  type InsightsOptions,
  type InsightsReport,
  type TopicLabeler,
  type TopicInsight,
  type QuestionInsight,
  type ArticleEscalation,
  type TopicTrend,
} from './insights/insights-report.js';
export { renderInsightsHtml } from './insights/insights-html.js';
export { groupNearDuplicates, type QueryGroup, type GroupOptions } from './insights/query-groups.js';
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
  LabelScoreSchema,
  ClassificationSchema,
  SerializedClassifierSchema,
  CLASSIFIER_FORMAT_VERSION,
  type LabelledExample,
  type LabelScore,
  type Classification,
  type SerializedClassifier,
} from './classify/classify-schema.js';
export { trainClassifier, TopicClassifier, type TrainClassifierOptions, type ClassifyOptions } from './classify/topic-classifier.js';
export { TfidfVectorizer, type SparseVector } from './classify/vectorizer.js';
export { textFeatures, guessLocale, type FeatureOptions } from './classify/features.js';
export { evaluateClassifier, type ClassifierReport, type LabelReport } from './classify/evaluate-classifier.js';
export { splitHoldout, type HoldoutSplit } from './classify/split-holdout.js';
export {
  findCandidateTopics,
  type CandidateItem,
  type CandidateTopic,
  type CandidateTopics,
  type CandidateTopicOptions,
} from './classify/candidate-topics.js';
export { conversationExample, conversationText } from './classify/conversation-example.js';
