import type { SigningKey } from '@kotae/knowledge';
import { rollbackBundle, type RollbackResult } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, formatVersion } from '../internal/format.js';
import { SIGNING_KEY_OPTION, signingKeyFrom } from '../internal/signing.js';
import { durationOption, GRACE_OPTION } from '../internal/time-option.js';

/** Options of {@link rollback}. */
export interface RollbackCommandOptions {
  /** The publish target directory. */
  readonly to: string;
  /** The channel. @default 'production' */
  readonly channel?: string | undefined;
  /** Re-sign the restored manifest with a newer sequence (required on a signed channel; see `rollbackBundle`). */
  readonly signingKey?: SigningKey | undefined;
  /** How long the shards of the version rolled back from stay (milliseconds). @default 86400000 (a day) */
  readonly graceMs?: number | undefined;
}

/** What {@link rollback} did (see `RollbackResult` of `@kotae/knowledge/node`). */
export type RollbackCommandResult = RollbackResult;

/**
 * `kotae rollback`: puts a channel's previous version back (byte for byte, the same atomic swap
 * as a publish) with `rollbackBundle`.
 *
 * Throws a `PathError` when the target does not exist, `PublishError` when no earlier version
 * is kept, and `BundleIntegrityError` when a file of that version is missing or damaged.
 *
 * @example
 * ```ts
 * const { from, to } = await rollback({ to: 'site/kb' })
 * ```
 */
export async function rollback(options: RollbackCommandOptions): Promise<RollbackCommandResult> {
  await assertDirectory(options.to, 'publish target');
  return rollbackBundle({ to: options.to, channel: options.channel, signingKey: options.signingKey, graceMs: options.graceMs });
}

/** `kotae rollback` on the command line: options, usage and output. */
export const rollbackCommand = defineCommand({
  name: 'rollback',
  summary: `put a channel's previous published version back (atomically)`,
  positionals: [],
  options: {
    to: { type: 'string', value: '<dir>', description: 'the publish target (required)', required: true },
    channel: { type: 'string', value: '<name>', description: 'channel to roll back (default production)' },
    grace: GRACE_OPTION,
    'signing-key': {
      ...SIGNING_KEY_OPTION,
      description: 're-sign the restored manifest with a newer sequence (required on a signed channel; env KOTAE_SIGNING_KEY_FILE)',
      doc: `${SIGNING_KEY_OPTION.doc}. The restored manifest is re-signed with a \`sequence\` above the current one, since verifiers refuse an older one; required when the channel serves a signed manifest`,
    },
    json: JSON_OPTION,
  },
  exit: {
    0: 'rolled back',
    3: 'the target is missing, or the signing key is unusable or inside the target',
    4: 'no earlier version kept, a file of it missing or damaged, a signed channel without --signing-key, the target locked',
  },
  examples: [
    'kotae rollback --to site/kb',
    'kotae rollback --to site/kb --channel staging --json',
    'kotae rollback --to site/kb --signing-key ~/.config/kotae/signing.jwk',
  ],
  async run(args, io) {
    const to = args.string('to')!;
    const signingKey = await signingKeyFrom(args.string('signing-key'), io.env, [to]);
    const grace = args.string('grace');
    const graceMs = grace === undefined ? undefined : durationOption('rollback', 'grace', grace);
    const result = await rollback({ to, channel: args.string('channel'), signingKey, graceMs });
    io.out(args.flag('json') ? formatJson(result) : formatRollback(result));
    return 0;
  },
});

/** The human summary of `kotae rollback`. */
export function formatRollback(r: RollbackCommandResult): string {
  return [
    `Rolled channel ${r.channel} of ${r.dir} back from ${formatVersion(r.from)} to ${formatVersion(r.to)}`,
    `  manifest  ${r.manifest}`,
    `  shards    ${r.removed.length} removed`,
    `  history   ${r.history.join(', ')}`,
    ...(r.signed ? [`  signed    by key ${r.signed.keyIds.join(', ')}, sequence ${r.signed.sequence}`] : []),
    '',
  ].join('\n');
}
