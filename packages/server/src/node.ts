/**
 * `@kotae/server/node`: the Node-only parts of the server — the embedded (JSONL file) interaction
 * store, its lock-free reader, `smtpDestination` (escalations emailed to a support inbox),
 * `openInteractionStore` (a directory or a PostgreSQL URL; the PostgreSQL store loads only for a
 * URL, and needs the optional peer dependency `pg`) and the connection limits (timeouts, a
 * connection cap) for a `node:http` server that runs the handler.
 *
 * @packageDocumentation
 */

export {
  JsonlInteractionStore,
  type JsonlStoreOptions,
  type JsonlRecordsQuery,
  type JsonlMaintenanceResult,
  type StoreRecovery,
  type TruncatedTail,
  type QuarantinedLine,
} from './store/jsonl/jsonl-store.js';
export { JsonlStoreReader } from './store/jsonl/jsonl-reader.js';
export { readStoreRecords } from './store/jsonl/read-store-records.js';
export { openInteractionStore, isPostgresUrl, type OpenInteractionStoreOptions, type PostgresModule } from './store/open-store.js';
export {
  applyConnectionLimits,
  connectionServerOptions,
  DEFAULT_CONNECTION_LIMITS,
  type ConnectionLimitOptions,
} from './service/connection-limits.js';
export { smtpDestination, type SmtpDestinationOptions } from './escalation/smtp-destination.js';
export { createServiceMetrics, type ServiceMetrics, type ServiceMetricsOptions } from './observe/service-metrics.js';
export { createRequestLog, type RequestLog, type RequestLogOptions } from './observe/request-log.js';
