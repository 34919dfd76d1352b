import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { casesFromInteractions, EvalCaseSchema, parseJsonl, type CaseReason, type EvalCase } from '@kotae/knowledge';
import { reviewedCases } from '@kotae/server';
import { openStoreForReading } from '../internal/open-store.js';
import { CASE_REASONS } from '@kotae/knowledge';
import { UsageError } from '../errors.js';
import { appendPatch, commitOnBranch, committedText, gitLocation } from '../internal/reviewable-change.js';
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
  /**
   * Write the eval cases reviewers wrote in the console (flag → test case: `annotation` records
   * of type `case`, the latest per interaction) instead of picking interactions. Their ids are
   * `review-<interaction id>`; one already in the file is left as it is.
   * @default false
   */
  readonly reviewed?: boolean | undefined;
  /**
   * Leave `out` alone and write the change as a unified diff to this file instead (apply it with
   * `git apply` at the repository root, or `patch -p1`).
   */
  readonly patch?: string | undefined;
  /**
   * Leave the working tree, the index and the current branch alone and commit the change on a
   * new branch of this name whose parent is `HEAD` (the file as `HEAD` has it, plus the new cases),
   * for the content owner to review and merge. Needs `out` inside a git repository.
   */
  readonly branch?: string | undefined;
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
  /** Reviewer-written cases in the store (with `reviewed`). */
  readonly reviewed?: number | undefined;
  /** How the change was made: appended to `out`, written as a patch, or committed on a new branch. */
  readonly change:
    | { readonly to: 'file' }
    | { readonly to: 'patch'; readonly patch: string }
    | { readonly to: 'branch'; readonly branch: string; readonly commit: string };
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
  if (options.patch !== undefined && options.branch !== undefined) throw new UsageError('give --patch or --branch, not both', 'cases');
  const repo = options.branch === undefined && options.patch === undefined ? undefined : await gitLocation(options.out);
  if (options.branch !== undefined && repo === undefined) {
    throw new UsageError(`--branch needs the cases file inside a git repository (${options.out} is not)`, 'cases');
  }
  const store = await openStoreForReading(options.store);
  let text = '';
  try {
    // A branch starts from HEAD: the file as it is committed, not as the working tree has it.
    if (options.branch !== undefined) text = await committedText(repo!.root, repo!.path);
    else text = await readFile(options.out, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const existing = parseJsonl(text, options.out, EvalCaseSchema);
  try {
    const ids = new Set(existing.map((c) => c.id));
    let picked: Omit<CasesCommandResult, 'out' | 'existing' | 'added' | 'cases' | 'change'>;
    let candidates: EvalCase[];
    if (options.reviewed) {
      const since = options.since?.getTime() ?? -Infinity;
      const until = options.until?.getTime() ?? Infinity;
      const written = (await reviewedCases(store)).filter((c) => Date.parse(c.at) >= since && Date.parse(c.at) < until);
      candidates = written.map((c) => c.case);
      const reasons = Object.fromEntries(CASE_REASONS.map((r) => [r, 0])) as Record<CaseReason, number>;
      picked = { reasons, picked: 0, alreadyPresent: candidates.filter((c) => ids.has(c.id)).length, reviewed: written.length };
    } else {
      const result = await casesFromInteractions(store.records(), { since: options.since, until: options.until, existing });
      candidates = result.cases;
      picked = { reasons: result.reasons, picked: result.picked, alreadyPresent: result.alreadyPresent };
    }
    const added = candidates.filter((c) => !ids.has(c.id));
    const lines = added.map((c) => `${JSON.stringify(c)}\n`).join('');
    const lead = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    let change: CasesCommandResult['change'] = { to: 'file' };
    if (options.patch !== undefined) {
      const path = repo?.path ?? relative(process.cwd(), options.out).split(sep).join('/');
      await writeFile(options.patch, added.length > 0 ? appendPatch(path, text, lines) : '');
      change = { to: 'patch', patch: options.patch };
    } else if (options.branch !== undefined) {
      const message = `Eval cases from kotae cases${options.reviewed ? ' --reviewed' : ''}: ${added.length} new`;
      const commit = added.length > 0 ? await commitOnBranch(repo!.root, repo!.path, text + lead + lines, options.branch, message) : '';
      change = { to: 'branch', branch: options.branch, commit };
    } else if (added.length > 0) {
      await mkdir(dirname(options.out), { recursive: true });
      await appendFile(options.out, lead + lines);
    }
    return { out: options.out, existing: existing.length, added: added.length, ...picked, cases: added, change };
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
    reviewed: {
      type: 'boolean',
      description: 'write the eval cases reviewers wrote in the console (flag → test case) instead of picking interactions',
      doc: 'write the eval cases reviewers wrote in the review console ([flag → test case](console.md#review-workflow)), the latest per interaction, instead of picking interactions; `--since`/`--until` then filter by when the case was written',
    },
    patch: {
      type: 'string',
      value: '<file.patch>',
      description: 'leave the cases file alone; write the change as a unified diff (git apply) to this file',
      doc: 'leave the cases file alone and write the change as a unified diff to this file, for `git apply` at the repository root (or `patch -p1`)',
    },
    branch: {
      type: 'string',
      value: '<name>',
      description: 'commit the change on a new git branch (parent HEAD); the working tree and current branch stay as they are',
      doc: 'when the cases file is in a git repository: commit the change on a new branch of this name, whose parent is `HEAD`, through a temporary index — the working tree, the index and the current branch are left alone, so nothing lands without the owner merging it',
    },
    json: {
      type: 'boolean',
      description: 'print one JSON object on stdout instead of text',
      doc: 'print `{out, existing, added, reasons: {thumbs-down, escalated, unanswered, citation-failure, flagged}, picked, alreadyPresent, cases, reviewed?, change: {to: file|patch|branch, patch?, branch?, commit?}}` instead of text',
    },
  },
  exit: {
    0: 'cases written (also when none were new)',
    2: '--patch with --branch; --branch outside a git repository, with a branch that exists, or a bad name',
    3: 'the store is missing, or the cases file has a malformed line',
    5: 'the store is damaged or unreachable',
  },
  examples: [
    'kotae cases .kotae/interactions',
    'kotae cases /srv/kotae/interactions --since 7d --out evals/review.jsonl --json',
    'kotae cases "$KOTAE_STORE_URL" --reviewed --out content/evals/cases.jsonl --branch kotae/reviewed-cases',
  ],
  async run(args, io) {
    const result = await cases({
      store: args.positional('storeDir')!,
      out: args.string('out') ?? 'evals/from-interactions.jsonl',
      reviewed: args.flag('reviewed'),
      patch: args.string('patch'),
      branch: args.string('branch'),
      ...timeRange('cases', args.string('since'), args.string('until'), new Date()),
    });
    io.out(args.flag('json') ? formatJson(result) : formatCases(result));
    return 0;
  },
});

/** The human summary of `kotae cases`. */
export function formatCases(result: CasesCommandResult): string {
  const where =
    result.change.to === 'patch'
      ? `written as a patch of ${result.out} to ${result.change.patch} (apply it with git apply)`
      : result.change.to === 'branch'
        ? result.added > 0
          ? `committed to ${result.out} on the new branch ${result.change.branch} (${result.change.commit.slice(0, 12)}): review and merge it`
          : `for ${result.out}: no branch made`
        : `appended to ${result.out}`;
  const head =
    result.reviewed === undefined
      ? [
          `${plural(result.picked, 'interaction')} picked for review:`,
          ...CASE_REASONS.map((reason) => `  ${reason.padEnd(18)}${result.reasons[reason]}`),
          `${plural(result.added, 'new case')} ${where} (${result.existing} already there; ${result.alreadyPresent} picked questions were among them)`,
          result.added > 0 ? 'Review them: add "relevant" article ids, "answers" phrases or "refuse": true to each.' : '',
        ]
      : [
          `${plural(result.reviewed, 'case')} written by reviewers; ${plural(result.added, 'new case')} ${where} (${result.existing} already there; ${result.alreadyPresent} of the reviewed cases were among them)`,
          result.added > 0 && result.change.to === 'file' ? 'Review the change (git diff) and commit it; then run kotae eval.' : '',
        ];
  return [...head, ''].filter((line, i, all) => line !== '' || i === all.length - 1).join('\n');
}
