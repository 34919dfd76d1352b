/**
 * `@kotae/server/postgres`: the PostgreSQL interaction store, for several answer-service
 * instances sharing one store. A subpath of its own so that only code that uses PostgreSQL loads
 * the `pg` driver; `openInteractionStore` (`@kotae/server/node`) imports it only for a
 * `postgres://` or `postgresql://` URL.
 *
 * @packageDocumentation
 */

export {
  PostgresInteractionStore,
  type PostgresStoreOptions,
  type PostgresMaintenanceResult,
  type PostgresRecordsQuery,
} from './store/postgres/postgres-store.js';
export { PostgresLimitStore } from './store/postgres/postgres-limit-store.js';
export { PostgresAnswerEvents } from './store/postgres/postgres-answer-events.js';
export { PostgresConsoleSessionStore } from './store/postgres/postgres-console-sessions.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './store/postgres/migrations.js';
