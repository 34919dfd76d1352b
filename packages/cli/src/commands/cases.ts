import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { casesFromInteractions, EvalCaseSchema, parseJsonl, type CaseReason, type EvalCase } from '@kotae/knowledge';
import { openStoreForReading } from '../internal/open-store.js';
import { CASE_REASONS } from '@kotae/knowledge';
import { defineCommand } from '../internal/command.js';
import { formatJson, plural } from '../internal/format.js';
import { timeRange } from '../internal/time-option.js';

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

/** `kotae cases` on the command line: options, usage and output. */
export const casesCommand = defineCommand({
  name: 'cases',
  summary: 'turn thumbs-down, escalated, unanswered and flagged interactions into eval cases to review',
  positionals: [
    { name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store); read while in use' },
  ],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: '<cases.jsonl>',
      description: 'append new cases to this file; its cases are kept (default evals/from-interactions.jsonl)',
      doc: 'the cases file to append to; created (with its directory) when missing. Default `evals/from-interactions.jsonl`',
    },
    since: {
      type: 'string',
      value: '<when>',
      description: 'only interactions since then: 30d, 12h, 2w or a date (2026-05-01)',
      doc: 'only interactions in that range, as for `kotae insights`',
    },
    until: {
      type: 'string',
      value: '<when>',
      description: 'only interactions before then (same forms as --since)',
      doc: 'only interactions in that range, as for `kotae insights`',
    },
    json: {
      type: 'boolean',
      description: 'print one JSON object on stdout instead of text',
      doc: 'print `{out, existing, added, reasons: {thumbs-down, escalated, unanswered, citation-failure, flagged}, picked, alreadyPresent, cases}` instead of text',
    },
  },
  exit: {
    0: 'cases written (also when none were new)',
    3: 'the store is missing, or the cases file has a malformed line',
    5: 'the store is damaged or unreachable',
  },
  examples: ['kotae cases .kotae/interactions', 'kotae cases /srv/kotae/interactions --since 7d --out evals/review.jsonl --json'],
  async run(args, io) {
    const result = await cases({
      store: args.positional('storeDir')!,
      out: args.string('out') ?? 'evals/from-interactions.jsonl',
      ...timeRange('cases', args.string('since'), args.string('until'), new Date()),
    });
    io.out(args.flag('json') ? formatJson(result) : formatCases(result));
    return 0;
  },
});

/** The human summary of `kotae cases`. */
export function formatCases(result: CasesCommandResult): string {
  return [
    `${plural(result.picked, 'interaction')} picked for review:`,
    ...CASE_REASONS.map((reason) => `  ${reason.padEnd(18)}${result.reasons[reason]}`),
    `${plural(result.added, 'new case')} appended to ${result.out} (${result.existing} already there; ${result.alreadyPresent} picked questions were among them)`,
    result.added > 0 ? 'Review them: add "relevant" article ids, "answers" phrases or "refuse": true to each.' : '',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}
