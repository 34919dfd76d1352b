import type { SigningKey } from '@kotae/knowledge';
import { publishBundle, type PublishResult, type PublishStep } from '@kotae/knowledge/node';
import { assertDirectory, assertDirectoryOrAbsent } from '../internal/paths.js';
import { positiveInteger } from '../internal/args.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, formatVersion, humanBytes } from '../internal/format.js';
import { SIGNING_KEY_OPTION, signingKeyFrom } from '../internal/signing.js';
import { durationOption, GRACE_OPTION } from '../internal/time-option.js';

/** Options of {@link publish}. */
export interface PublishCommandOptions {
  /** A bundle directory written by `kotae compile`. */
  readonly bundleDir: string;
  /** The publish target directory (created when missing); serve it as `/kb/`. */
  readonly to: string;
  /** The channel. @default 'production' (its manifest is `<to>/manifest.json`) */
  readonly channel?: string | undefined;
  /** Versions each channel's history keeps, the current one included. @default 5 */
  readonly keep?: number | undefined;
  /** Publish a bundle older (by `builtAt`) than the channel's. @default false */
  readonly allowDowngrade?: boolean | undefined;
  /** Called after each step (the binary prints them on stderr). */
  readonly onStep?: ((step: PublishStep) => void) | undefined;
  /** Sign the published manifest with this key, with a sequence above the channel's (see `publishBundle`). @default as compiled */
  readonly signingKey?: SigningKey | undefined;
  /** How long the shards of a version that leaves the history stay (milliseconds). @default 86400000 (a day) */
  readonly graceMs?: number | undefined;
}

/** What {@link publish} did (see `PublishResult` of `@kotae/knowledge/node`). */
export type PublishCommandResult = PublishResult;

/**
 * `kotae publish`: publishes a compiled bundle to a channel of a publish target with
 * `publishBundle` — shards first, the channel's manifest swapped atomically last, old versions
 * kept for `kotae rollback`.
 *
 * Throws a `PathError` when the bundle directory is missing or the target is a file,
 * `PublishDowngradeError` for an older bundle, `PublishLockedError` while another publish runs,
 * and the bundle errors when the bundle does not verify.
 *
 * @example
 * ```ts
 * const result = await publish({ bundleDir: 'dist/kb', to: 'site/kb' })
 * console.log(result.status, result.current.version)
 * ```
 */
export async function publish(options: PublishCommandOptions): Promise<PublishCommandResult> {
  await assertDirectory(options.bundleDir, 'bundle directory');
  await assertDirectoryOrAbsent(options.to);
  return publishBundle(options.bundleDir, {
    to: options.to,
    channel: options.channel,
    keep: options.keep,
    allowDowngrade: options.allowDowngrade,
    onStep: options.onStep,
    signingKey: options.signingKey,
    graceMs: options.graceMs,
  });
}

/** `kotae publish` on the command line: options, usage and output. */
export const publishCommand = defineCommand({
  name: 'publish',
  summary: 'publish a compiled bundle to a channel of a directory: shards first, the manifest swapped atomically',
  positionals: [{ name: 'bundleDir', description: 'a bundle directory written by kotae compile' }],
  options: {
    to: {
      type: 'string',
      value: '<dir>',
      description: 'the publish target (created when missing), served as /kb/ (required)',
      doc: 'the publish target (created when missing); required',
      required: true,
    },
    channel: {
      type: 'string',
      value: '<name>',
      description: 'channel to publish to (default production: <dir>/manifest.json; others: <dir>/manifest.<name>.json)',
      doc: 'the channel: `production` (default; its manifest is `<dir>/manifest.json`) or any other name of lowercase letters, digits and dashes (`staging`: `<dir>/manifest.staging.json`)',
    },
    keep: {
      type: 'string',
      value: '<n>',
      description: 'versions kept per channel for rollback, the current one included (default 5)',
      doc: 'how many versions each channel keeps for [`kotae rollback`](#kotae-rollback), the current one included (default 5)',
    },
    grace: GRACE_OPTION,
    'allow-downgrade': {
      type: 'boolean',
      description: 'publish a bundle built before the one the channel serves',
      doc: 'publish a bundle built before (by `builtAt`) the one the channel serves (or, on a signed channel, an unsigned one or one with an older `sequence`)',
    },
    'signing-key': {
      ...SIGNING_KEY_OPTION,
      doc: `${SIGNING_KEY_OPTION.doc}. The manifest is signed as it is published, with a \`sequence\` above the channel's; a channel serving a signed manifest refuses an unsigned one`,
    },
    json: JSON_OPTION,
  },
  exit: {
    0: 'published (or the channel already served this version)',
    3: 'the bundle directory is missing, or the signing key is unusable or inside the bundle or target',
    4: 'the bundle does not verify, an older version (see --allow-downgrade), an unsigned one on a signed channel, the target is locked',
  },
  examples: [
    'kotae publish dist/kb --to site/kb',
    'kotae publish dist/kb --to site/kb --channel staging --json',
    'kotae publish old/kb --to site/kb --allow-downgrade',
    'kotae publish dist/kb --to site/kb --keep 2 --grace 1h',
    'kotae publish dist/kb --to site/kb --signing-key ~/.config/kotae/signing.jwk',
  ],
  async run(args, io) {
    const keep = args.string('keep');
    const grace = args.string('grace');
    const bundleDir = args.positional('bundleDir')!;
    const to = args.string('to')!;
    const result = await publish({
      bundleDir,
      to,
      signingKey: await signingKeyFrom(args.string('signing-key'), io.env, [bundleDir, to]),
      channel: args.string('channel'),
      keep: keep === undefined ? undefined : positiveInteger('publish', 'keep', keep),
      allowDowngrade: args.flag('allow-downgrade'),
      graceMs: grace === undefined ? undefined : durationOption('publish', 'grace', grace),
      onStep: (step) => io.err(formatPublishStep(step)),
    });
    io.out(args.flag('json') ? formatJson(result) : formatPublish(result));
    return 0;
  },
});

const STEPS: Readonly<Record<PublishStep, string>> = {
  locked: 'locked the target',
  checked: 'verified the bundle',
  shards: 'copied the shards',
  history: 'kept the manifest in the history',
  swapped: 'swapped the manifest',
  collected: 'removed unreferenced shards',
};

/** The stderr progress line of a publish step. */
export function formatPublishStep(step: PublishStep): string {
  return `kotae publish: ${STEPS[step]}\n`;
}

/** The human summary of `kotae publish`. */
export function formatPublish(r: PublishCommandResult): string {
  if (r.status === 'unchanged') {
    return `Channel ${r.channel} of ${r.dir} already serves ${formatVersion(r.current)}: nothing to do\n`;
  }
  return [
    `Published ${formatVersion(r.current)} to channel ${r.channel} of ${r.dir}${r.downgrade ? ' (a downgrade)' : ''}`,
    `  manifest  ${r.manifest}`,
    `  previous  ${formatVersion(r.previous)}`,
    `  shards    ${r.copied} copied (${humanBytes(r.bytesCopied)}), ${r.skipped} already there, ${r.removed.length} removed`,
    ...(r.compressedCopied > 0 ? [`  .br/.gz   ${r.compressedCopied} precompressed copies copied beside their shards`] : []),
    `  history   ${r.history.join(', ')}`,
    ...(r.signed ? [`  signed    by key ${r.signed.keyIds.join(', ')}, sequence ${r.signed.sequence}`] : []),
    '',
  ].join('\n');
}
