import { redact } from '../privacy/redact.js';
import type { EvalCase } from '../schema/eval-case.js';
import type { StoreRecord } from '../schema/interaction.js';
import { instant, isEndUser, readLedger, type InteractionEntry } from './ledger.js';
import { groupNearDuplicates, jaccard, queryTerms } from './query-groups.js';

/**
 * Why an interaction was picked for review:
 *
 * - `thumbs-down`: the user said the answer did not help (`helpful: false`) or did not solve it
 *   (`resolved: false`), in their latest feedback.
 * - `escalated`: the user asked for a person.
 * - `unanswered`: kotae said "I don't know" (mode `refusal`).
 * - `citation-failure`: the model cited a source it was not given, so the answer fell back to
 *   extractive (mode `fallback`, `fallbackReason: 'invalid-citation'`).
 * - `flagged`: the service flagged the answer (the interaction's `flags`).
 */
export const CASE_REASONS = ['thumbs-down', 'escalated', 'unanswered', 'citation-failure', 'flagged'] as const;

/** One of {@link CASE_REASONS}. */
export type CaseReason = (typeof CASE_REASONS)[number];

/** Options of {@link casesFromInteractions}. */
export interface InteractionCasesOptions {
  /** Only interactions at or after this time (a `Date` or ISO 8601). */
  readonly since?: Date | string | undefined;
  /** Only interactions before this time. */
  readonly until?: Date | string | undefined;
  /**
   * Cases already written (a file a person has been reviewing): a picked question already there
   * (the same interaction, or a near-identical query in the same locale) makes no new case.
   */
  readonly existing?: readonly EvalCase[] | undefined;
  /** How alike two queries must be to be one case (Jaccard similarity of their terms). @default 0.6 */
  readonly similarity?: number | undefined;
}

/** What {@link casesFromInteractions} made. */
export interface InteractionCases {
  /** New cases, most frequent question first: `query` (redacted), `locale`, `context`, `source`. */
  readonly cases: EvalCase[];
  /** Interactions picked, by reason (one interaction can have several reasons). */
  readonly reasons: Record<CaseReason, number>;
  /** Interactions picked in all. */
  readonly picked: number;
  /** Picked questions already among the `existing` cases (no new case made for them). */
  readonly alreadyPresent: number;
}

/** The reasons to review an interaction, or none. */
export function caseReasons(entry: InteractionEntry): CaseReason[] {
  const { interaction, feedback, escalations } = entry;
  const reasons: CaseReason[] = [];
  if (feedback && (feedback.helpful === false || feedback.resolved === false)) reasons.push('thumbs-down');
  if (escalations.length > 0) reasons.push('escalated');
  if (interaction.mode === 'refusal') reasons.push('unanswered');
  if (interaction.mode === 'fallback' && interaction.fallbackReason === 'invalid-citation') reasons.push('citation-failure');
  if ((interaction.flags?.length ?? 0) > 0) reasons.push('flagged');
  return reasons;
}

/**
 * Turns the interactions worth a person's review — thumbs-down, escalated, unanswered, failed
 * citation checks and flagged ones — into eval cases (the `EvalCaseSchema` shape) for a person to
 * complete with `relevant`, `answers` or `refuse: true`. Near-identical queries become one case
 * carrying all their interaction ids and reasons; questions already among `existing` cases are
 * skipped. Queries are redacted again. Agent-assist drafts are left out.
 *
 * A new case has an id `int-<first interaction id>` and no expectations yet, so `kotae eval`
 * skips it until a reviewer fills one in.
 *
 * @example
 * ```ts
 * const { cases, reasons } = await casesFromInteractions(store.records(), { existing })
 * console.log(reasons) // { 'thumbs-down': 12, escalated: 4, unanswered: 31, 'citation-failure': 0, flagged: 0 }
 * ```
 */
export async function casesFromInteractions(
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
  options: InteractionCasesOptions = {},
): Promise<InteractionCases> {
  const since = instant(options.since, 'since');
  const until = instant(options.until, 'until');
  const { inRange } = await readLedger(records, { since, until });
  const reasons: Record<CaseReason, number> = { 'thumbs-down': 0, escalated: 0, unanswered: 0, 'citation-failure': 0, flagged: 0 };
  const picked: { entry: InteractionEntry; reasons: CaseReason[] }[] = [];
  for (const entry of inRange) {
    if (!isEndUser(entry)) continue;
    const why = caseReasons(entry);
    if (why.length === 0) continue;
    for (const reason of why) reasons[reason]++;
    picked.push({ entry, reasons: why });
  }
  const similarity = options.similarity ?? 0.6;
  const existing = options.existing ?? [];
  const knownIds = new Set(existing.flatMap((c) => c.source?.interactionIds ?? []));
  const knownTerms = existing.map((c) => ({ locale: c.locale ?? '', terms: queryTerms(c.query, c.locale ?? 'en') }));
  const groups = groupNearDuplicates(picked, (p) => p.entry.interaction, { similarity });
  const cases: EvalCase[] = [];
  let alreadyPresent = 0;
  for (const group of groups) {
    const first = group.items[0]!.entry.interaction;
    const ids = group.items.map((p) => p.entry.interaction.id);
    const terms = queryTerms(group.query, first.locale);
    const known =
      ids.some((id) => knownIds.has(id)) ||
      knownTerms.some((k) => (k.locale === '' || k.locale === first.locale) && jaccard(k.terms, terms) >= similarity);
    if (known) {
      alreadyPresent += group.count;
      continue;
    }
    const why = CASE_REASONS.filter((reason) => group.items.some((p) => p.reasons.includes(reason)));
    cases.push({
      id: `int-${first.id}`,
      query: redact(group.query).text,
      locale: first.locale,
      ...(first.context === undefined ? {} : { context: first.context }),
      source: { interactionIds: ids, reasons: why },
    });
  }
  return { cases, reasons, picked: picked.length, alreadyPresent };
}
