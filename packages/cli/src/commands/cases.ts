import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { casesFromInteractions, EvalCaseSchema, parseJsonl, type CaseReason, type EvalCase } from '@kotae/knowledge';
import { openStoreForReading } from '../internal/open-store.js';

/** Options of {@link cases}. */
export interface CasesCommandOptions {
  /** An interaction store directory (`kotae serve --store`); read without taking its lock. */
  readonly store: string;
  /**
   * The eval cases file to add to (JSON Lines). Cases already in it are never changed: new ones
   * are appended, and questions already there are skipped.
   */
  readonly out: string;
  /** Only interactions at or after this time. @default every interaction */
  readonly since?: Date | undefined;
  /** Only interactions before this time. @default no end */
  readonly until?: Date | undefined;
}

/** What {@link cases} did. */
export interface CasesCommandResult {
  /** The cases file. */
  readonly out: string;
  /** Cases the file held before. */
  readonly existing: number;
  /** Cases appended. */
  readonly added: number;
  /** Interactions picked for review, by reason (one can have several). */
  readonly reasons: Record<CaseReason, number>;
  /** Interactions picked in all. */
  readonly picked: number;
  /** Picked interactions whose question the file already had. */
  readonly alreadyPresent: number;
  /** The cases appended. */
  readonly cases: EvalCase[];
}

/**
 * `kotae cases`: turns the interactions worth a review — thumbs-down, escalated, unanswered,
 * failed citation checks, flagged — into eval cases (redacted, near-identical questions merged,
 * each carrying its interaction ids and reasons in `source`) appended to a JSON Lines file, for a
 * person to complete with `relevant`, `answers` or `refuse: true`. The file's existing (reviewed)
 * cases are never rewritten; questions already there are skipped. A malformed line in the file
 * stops the command before anything is written.
 *
 * @example
 * ```ts
 * const { added, reasons } = await cases({ store: '.kotae/interactions', out: 'evals/from-interactions.jsonl' })
 * ```
 */
export async function cases(options: CasesCommandOptions): Promise<CasesCommandResult> {
  const store = await openStoreForReading(options.store);
  let text = '';
  try {
    text = await readFile(options.out, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const existing = parseJsonl(text, options.out, EvalCaseSchema);
  try {
    const result = await casesFromInteractions(store.records(), { since: options.since, until: options.until, existing });
    const ids = new Set(existing.map((c) => c.id));
    const added = result.cases.filter((c) => !ids.has(c.id));
    if (added.length > 0) {
      await mkdir(dirname(options.out), { recursive: true });
      const lead = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
      await appendFile(options.out, lead + added.map((c) => `${JSON.stringify(c)}\n`).join(''));
    }
    return {
      out: options.out,
      existing: existing.length,
      added: added.length,
      reasons: result.reasons,
      picked: result.picked,
      alreadyPresent: result.alreadyPresent,
      cases: added,
    };
  } finally {
    await store.close();
  }
}
