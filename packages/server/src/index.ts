/**
 * `@kotae/server`: the answer service — a web-standard `(Request) => Promise<Response>` handler
 * (Hono inside) that answers questions from a bundle, extractively or through the OpenAI
 * Responses API, and records every interaction — with the interaction store interface, the
 * in-memory store, the MCP endpoint (`search`, `get_article`, `answer`), rate limiting, escalations (recorded, then forwarded to a signed webhook) and the model-calling helpers (answer
 * grader, second opinions). It imports no `node:*` module, so it runs on Node, Bun, Deno and
 * workers alike; the file-based store and `openInteractionStore` are in `@kotae/server/node`, the
 * PostgreSQL store in `@kotae/server/postgres`.
 *
 * @packageDocumentation
 */

// The answer service
export { createAnswerHandler, type AnswerHandler, type AnswerServiceOptions, type OpenAIAnswerOptions } from './service/answer-service.js';
export type { McpOptions } from './service/mcp-endpoint.js';
export { latinLanguageDetector } from './service/latin-language.js';
export { RateLimiter, type RateLimitOptions } from './service/rate-limiter.js';
export { MemoryLimitStore, type LimitStore, type LimitRule, type MemoryLimitStoreOptions } from './service/limit-store.js';
export type { AnswerEventStore, StoredAnswerEvents } from './service/shared-answers.js';
export { clientIdentity, normalizeAddress, type ClientIdentity, type ClientIdentityOptions } from './service/client-identity.js';
export type { WriteLimitOptions, DailyQuotaOptions, LimitName, LimitedBody } from './service/write-limits.js';
export { maskSecrets, maskSecretsDeep, MASK } from './service/mask-secrets.js';

// Who may ask for agent assist, and who a user is: static tokens (compared in constant time) or JWTs checked against a JWKS
export { bearerToken } from './auth/bearer-token.js';
export { jwtAuth, type JwtAuth, type JwtAuthOptions } from './auth/jwt-auth.js';

// Observing the service: events for metrics, logs and your own pipeline (Prometheus and pino in `@kotae/server/node`)
export {
  combineListeners,
  SERVICE_ROUTES,
  type ServiceEvent,
  type ServiceEventListener,
  type ServiceRoute,
  type RequestEvent,
  type ModelErrorEvent,
  type StoreWriteEvent,
  type BreakerEvent,
} from './observe/service-events.js';
export { REQUEST_ID_HEADER } from './observe/request-observer.js';

// Escalations: recorded, then forwarded (webhook here; email over SMTP in `@kotae/server/node`)
export { EscalationDesk, type EscalationOptions, type EscalationRetryOptions } from './escalation/escalation-desk.js';
export type { Escalation, EscalationDestination, DeliveryReceipt } from './escalation/escalation-destination.js';
export {
  webhookDestination,
  signEscalation,
  verifyEscalationSignature,
  SIGNATURE_HEADER,
  type EscalationWebhook,
} from './escalation/webhook-destination.js';

// Interaction stores
export type {
  InteractionStore,
  RecordsQuery,
  CompactOptions,
  EraseSelector,
  MaintenanceResult,
  RemovedCounts,
} from './store/interaction-store.js';
export { MemoryInteractionStore } from './store/memory-store.js';
export {
  REVIEW_SIGNALS,
  REVIEW_SORTS,
  DEFAULT_SAMPLE_SHARE,
  type ReviewSignal,
  type ReviewSort,
  type ReviewQueueQuery,
  type ReviewQueueItem,
  type ReviewQueuePage,
  type ThreadSelector,
} from './store/review-queue.js';
export {
  CaseExpectationSchema,
  evalCaseOf,
  reviewCaseId,
  reviewedCases,
  reviewedLabels,
  withReviewedLabels,
  type CaseExpectation,
  type ReviewedCase,
  type ReviewedLabel,
} from './store/annotations.js';
export { eraseRecords, eraseIds, type EraseRequest, type ErasedIds } from './store/erase-records.js';
export { AuditEntrySchema, type AuditEntry, type AuditLogQuery } from './store/audit-log.js';
export { maskLocation } from './store/mask-location.js';
export { storeInsights, type InsightsStore } from './store/store-insights.js';

// The review console's API
export {
  createConsoleApi,
  DEFAULT_CRITERIA,
  CONSOLE_COOKIE,
  CSRF_HEADER,
  type ConsoleApi,
  type ConsoleApiOptions,
} from './console/console-api.js';
export { type ConsoleTopicsOptions } from './console/review-workflow.js';
export {
  ConsoleSessions,
  MemoryConsoleSessionStore,
  CONSOLE_ROLES,
  type ConsoleRole,
  type ConsoleSession,
  type ConsoleSessionOptions,
  type ConsoleSessionStore,
  type ConsoleStoredValue,
} from './console/console-sessions.js';
export { CONSOLE_ACCESS, consoleAllows, type ConsoleRoute } from './console/console-access.js';
export { discoverOidc, type OidcSignIn, type OidcSignInOptions, type OidcChecks, type OidcIdentity } from './console/console-oidc.js';

// Model calls (OpenAI Responses API or any compatible endpoint)
export { streamModelAnswer, type ModelAnswerOptions } from './model/model-answer.js';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './model/circuit-breaker.js';
export {
  createAnswerGrader,
  GRADER_RUBRIC,
  GraderOutputSchema,
  type AnswerGrader,
  type AnswerGrade,
  type AnswerGraderOptions,
  type GraderOutput,
  type GradeInput,
} from './model/answer-grader.js';
export { secondOpinions, type SecondOpinion, type SecondOpinionItem, type SecondOpinionOptions } from './model/second-opinion.js';

// Errors (the store, service and model errors are defined in `@kotae/knowledge`)
export { MissingPeerDependencyError, EscalationDeliveryError, ReadinessTimeoutError, OidcConfigError, OidcSignInError } from './errors.js';
export {
  AnswerServiceError,
  ModelError,
  StoreRecordError,
  StoreCorruptionError,
  StoreLockedError,
  StoreClosedError,
  StoreWriteError,
  StoreChangedError,
  StoreSchemaVersionError,
  StoreConnectionError,
  StoreReadOnlyError,
  type ModelFailure,
} from '@kotae/knowledge/errors';
