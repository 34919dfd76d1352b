import { buildInsights, insightsFromAggregates, type InsightsOptions, type InsightsReport, type StoreRecord } from '@kotae/knowledge';
import type { InsightsAggregateSource } from '@kotae/knowledge';

/** A store as {@link storeInsights} reads it: its records, and where it has one, its own aggregation. */
export interface InsightsStore {
  /** Every record, oldest first. */
  records(): AsyncIterable<StoreRecord>;
  /** The store's own aggregation (`PostgresInteractionStore.insights()`), if it has one. */
  insights?(): InsightsAggregateSource;
}

/**
 * The insights report of a store, made where it is cheapest: a store that aggregates itself (a
 * PostgreSQL store) computes the counts in the database and sends only counts and the wordings
 * near-duplicate grouping needs; other stores (memory, JSONL), and every store when topics come
 * from a `classifier` (which must read each question), stream their records through
 * `buildInsights`. Both give the same report of the same records.
 *
 * @example
 * ```ts
 * const report = await storeInsights(store, { since: '2026-05-01T00:00:00Z', titles })
 * ```
 */
export function storeInsights(store: InsightsStore, options: InsightsOptions = {}): Promise<InsightsReport> {
  if (options.classifier === undefined && typeof store.insights === 'function') return insightsFromAggregates(store.insights(), options);
  return buildInsights(store.records(), options);
}
