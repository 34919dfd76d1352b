import { hashUserId } from '@kotae/knowledge';
import { eraseIds, eraseRecords, type RemovedCounts } from '@kotae/server';
import { UsageError } from '../errors.js';
import {
  filesLine,
  formatRemoved,
  formatQuarantineNote,
  maintenanceFiles,
  openMaintainedStore,
  totalRemoved,
  type MaintenanceFiles,
  type QuarantineCounts,
} from '../internal/store-maintenance.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson } from '../internal/format.js';

/** Options of {@link storeErase}: the store, and at least one of the ids to erase. */
export interface StoreEraseCommandOptions {
  /**
   * The interaction store (`kotae serve --store`): a JSONL store directory, or a `postgres://`
   * or `postgresql://` URL.
   */
  readonly storeDir: string;
  /** Erase every interaction of this conversation (or these), with their feedback and escalations. */
  readonly conversationId?: string | readonly string[] | undefined;
  /** Erase every interaction with this `userHash` (or these), with their feedback and escalations. */
  readonly userHash?: string | readonly string[] | undefined;
  /**
   * Erase every interaction of this user (or these users): each id is hashed with
   * `hashUserId(id, userHashSecret)`, as the host hashed it when recording. Needs `userHashSecret`.
   */
  readonly userId?: string | readonly string[] | undefined;
  /** The secret user ids were hashed with (see `hashUserId`); needed with `userId`. */
  readonly userHashSecret?: string | undefined;
  /** Erase this interaction (or these), with its feedback and escalations. */
  readonly interactionId?: string | readonly string[] | undefined;
  /**
   * What opening a store directory does with a damaged line that is not a torn tail (unused for PostgreSQL): `'fail'` stops with
   * `StoreCorruptionError`, `'quarantine'` moves it into `<segment>.corrupt.jsonl` (which the
   * erasure then searches too) and goes on.
   * @default 'fail'
   */
  readonly onCorrupt?: 'fail' | 'quarantine' | undefined;
}

/** What {@link storeErase} did. */
export interface StoreEraseCommandResult {
  /** The store directory as given, or the URL with its password masked. */
  readonly storeDir: string;
  /** Which store it is: `jsonl` (a directory) or `postgres`. */
  readonly store: 'jsonl' | 'postgres';
  /** What was erased: the selector as applied (user ids appear only as their hashes). */
  readonly erased: { readonly conversationId?: string[]; readonly userHash?: string[]; readonly interactionId?: string[] };
  /** Records removed, by kind. */
  readonly removed: RemovedCounts;
  /** Damaged lines removed from and left in quarantine files (`*.corrupt.jsonl`). */
  readonly quarantine: QuarantineCounts;
  /** Files rewritten and deleted, by name in the store directory. */
  readonly files: MaintenanceFiles;
}

/**
 * `kotae store erase`: erasure. Opens the store (a JSONL directory: taking its lock, so it fails
 * with `StoreLockedError` while `kotae serve` or another process has it open; a PostgreSQL URL:
 * alongside the running services), removes every interaction of the given conversations, users
 * or ids and every feedback and escalation of them, and closes it. Afterwards no byte of those
 * records is left in a directory's files (an erasure that is interrupted leaves some of them: run
 * it again); in PostgreSQL the rows are deleted in one statement and leave the table files when
 * the database vacuums them.
 *
 * Throws a `UsageError` when nothing to erase is given, or `userId` without `userHashSecret`, and
 * a `PathError` when the directory is missing or holds no store.
 *
 * @example
 * ```ts
 * const { removed } = await storeErase({ storeDir: 'var/interactions', conversationId: 'c-42' })
 * await storeErase({ storeDir: 'var/interactions', userId: 'customer-7', userHashSecret: process.env.KOTAE_USER_HASH_SECRET })
 * ```
 */
export async function storeErase(options: StoreEraseCommandOptions): Promise<StoreEraseCommandResult> {
  const list = (value: string | readonly string[] | undefined): string[] =>
    value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  const userIds = list(options.userId);
  if (userIds.length > 0 && options.userHashSecret === undefined) {
    throw new UsageError('userId needs userHashSecret: the secret the user ids were hashed with', 'store erase');
  }
  const userHashes = [...list(options.userHash)];
  for (const id of userIds) userHashes.push(await hashUserId(id, options.userHashSecret!));
  // The same erasure as the console's POST /erase: eraseIds, then eraseRecords.
  const request = { conversationId: options.conversationId, userHash: userHashes, interactionId: options.interactionId };
  if (eraseIds(request) === undefined) throw new UsageError('give --conversation, --user, --user-hash or --interaction', 'store erase');
  const { store, kind, location } = await openMaintainedStore(options.storeDir, options.onCorrupt);
  try {
    const { erased, result } = await eraseRecords(store, request);
    return {
      storeDir: location,
      store: kind,
      erased,
      removed: result.removed,
      quarantine: { removed: result.quarantineRemoved ?? 0, kept: result.quarantineKept ?? 0 },
      files: maintenanceFiles(result),
    };
  } finally {
    await store.close();
  }
}

/** `kotae store erase` on the command line: options, usage and output. */
export const storeEraseCommand = defineCommand({
  name: 'store erase',
  summary: `erase a conversation's or a user's records from an interaction store`,
  positionals: [{ name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store)' }],
  options: {
    conversation: {
      type: 'string',
      value: '<id>',
      description: 'erase every interaction of this conversation id',
      doc: 'every interaction with this `conversationId` (what the client sent with `POST /v1/answer`)',
    },
    user: {
      type: 'string',
      value: '<id>',
      description: 'erase every interaction of this user: the id is hashed with the secret in --secret-env, as the host does',
      doc: 'every interaction of this user: the id is hashed with [`hashUserId`](privacy.md#erasing-a-users-records) and the secret in `$KOTAE_USER_HASH_SECRET`, as your app hashed it',
    },
    'user-hash': {
      type: 'string',
      value: '<hash>',
      description: 'erase every interaction with this userHash (hex, as hashUserId returns it)',
      doc: 'every interaction with this `userHash` (64 hex digits)',
    },
    interaction: { type: 'string', value: '<id>', description: 'erase this interaction', doc: 'this interaction' },
    'secret-env': {
      type: 'string',
      value: '<name>',
      description: 'environment variable holding the user hash secret, for --user (default KOTAE_USER_HASH_SECRET)',
      doc: 'the environment variable holding the user hash secret (default `KOTAE_USER_HASH_SECRET`), so the secret is never on the command line',
    },
    quarantine: {
      type: 'boolean',
      description: 'move damaged lines into <segment>.corrupt.jsonl and go on, instead of stopping',
      doc: 'as for `compact`: move damaged lines aside instead of stopping; the erasure then searches them too (a damaged interaction of the conversation goes, and its feedback with it)',
    },
    json: JSON_OPTION,
  },
  exit: {
    0: 'erased (also when nothing matched)',
    3: 'the store directory is missing or holds no store',
    5: 'the store is in use (locked), damaged (see --quarantine) or unreachable',
  },
  examples: [
    'kotae store erase .kotae/interactions --conversation 5f0c2a…',
    'KOTAE_USER_HASH_SECRET=… kotae store erase /srv/kotae/interactions --user customer-1234 --json',
    'kotae store erase "$KOTAE_STORE_URL" --conversation 5f0c2a…',
  ],
  async run(args, io) {
    const user = args.string('user');
    const secretEnv = args.string('secret-env') ?? 'KOTAE_USER_HASH_SECRET';
    const secret = io.env[secretEnv] || undefined;
    if (user !== undefined && secret === undefined) {
      throw new UsageError(`--user needs the user hash secret in $${secretEnv} (the secret your app hashes user ids with)`, 'store erase');
    }
    const result = await storeErase({
      storeDir: args.positional('storeDir')!,
      conversationId: args.string('conversation'),
      userHash: args.string('user-hash'),
      userId: user,
      userHashSecret: user === undefined ? undefined : secret,
      interactionId: args.string('interaction'),
      onCorrupt: args.flag('quarantine') ? 'quarantine' : 'fail',
    });
    io.err(formatQuarantineNote(result.storeDir, result.quarantine, true));
    io.out(args.flag('json') ? formatJson(result) : formatStoreErase(result));
    return 0;
  },
});

/** The human summary of `kotae store erase`. */
export function formatStoreErase(result: StoreEraseCommandResult): string {
  const what = [
    ...(result.erased.conversationId ?? []).map((id) => `conversation ${JSON.stringify(id)}`),
    ...(result.erased.userHash ?? []).map((hash) => `user hash ${JSON.stringify(hash)}`),
    ...(result.erased.interactionId ?? []).map((id) => `interaction ${JSON.stringify(id)}`),
  ].join(', ');
  if (totalRemoved(result.removed) === 0) return `Nothing to erase: no record in ${result.storeDir} matches ${what}\n`;
  return `Erased ${formatRemoved(result.removed)} (${what}) from ${result.storeDir}\n${filesLine(result)}`;
}
