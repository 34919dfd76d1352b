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
  ClassifierInputError,
  ClassifierFormatError,
  formatIssue,
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
export { parseArticle, type ParsedArticle, type ParseArticleOptions } from './content/article.js';
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
export { hashUserId, MIN_USER_HASH_SECRET_BYTES } from './privacy/user-hash.js';
export type { AnswerEventMap, AnswerEventName, AnswerSource, AnswerCitation, AnswerDone } from './service/answer-events.js';

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

// Evaluation
export {
  evaluateRetrieval,
  type RetrievalMetrics,
  type RetrievalMiss,
  type RetrievalReport,
  type EvaluateRetrievalOptions,
} from './eval/retrieval-metrics.js';
export { calibrateRefusal, type ConfidenceSample, type RefusalCalibration } from './eval/refusal-calibration.js';

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
