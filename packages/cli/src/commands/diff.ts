import { diffBundles, type BundleDiff, type ManifestTrust } from '@kotae/knowledge';
import { readBundleDir } from '@kotae/knowledge/node';
import { assertDirectory } from '../internal/paths.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson, plural } from '../internal/format.js';
import { MIN_SEQUENCE_OPTION, PUBLIC_KEY_OPTION, trustFrom } from '../internal/signing.js';

/** Options of {@link diff}. */
export interface DiffCommandOptions {
  /** The bundle before (a bundle directory, or a publish target: its production channel). */
  readonly before: string;
  /** The bundle after. */
  readonly after: string;
  /** The public keys both manifests must be signed by, and the lowest sequence accepted (see `ManifestTrust`). @default not checked */
  readonly trust?: ManifestTrust | undefined;
}

/** What {@link diff} found (see `BundleDiff` of `@kotae/knowledge`). */
export type DiffCommandResult = BundleDiff;

/**
 * `kotae diff`: reads two bundles (verifying every file) and lists the articles added, removed
 * and changed between them, with the sections that changed, via `diffBundles`.
 *
 * Throws a `PathError` when a directory is missing and the bundle errors when one is unreadable.
 *
 * @example
 * ```ts
 * const d = await diff({ before: 'site/kb', after: 'dist/kb' })
 * console.log(d.added.length, d.removed.length, d.changed.length)
 * ```
 */
export async function diff(options: DiffCommandOptions): Promise<DiffCommandResult> {
  await assertDirectory(options.before, 'bundle directory');
  await assertDirectory(options.after, 'bundle directory');
  return diffBundles(await readBundleDir(options.before, options.trust), await readBundleDir(options.after, options.trust));
}

/** `kotae diff` on the command line: options, usage and output. */
export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'list the articles added, removed and changed between two bundles',
  positionals: [
    { name: 'bundleA', description: 'the bundle before (a bundle directory, or a publish target: its production channel)' },
    { name: 'bundleB', description: 'the bundle after' },
  ],
  options: {
    'public-key': PUBLIC_KEY_OPTION,
    'min-sequence': MIN_SEQUENCE_OPTION,
    json: JSON_OPTION,
  },
  exit: { 0: 'compared (also when they differ)', 3: 'a bundle directory is missing', 4: 'a bundle is unreadable or does not verify' },
  examples: ['kotae diff site/kb dist/kb', 'kotae diff site/kb dist/kb --json'],
  async run(args, io) {
    const result = await diff({
      before: args.positional('bundleA')!,
      after: args.positional('bundleB')!,
      trust: await trustFrom('diff', args.string('public-key'), args.string('min-sequence'), io.env),
    });
    io.out(args.flag('json') ? formatJson(result) : formatDiff(result));
    return 0;
  },
});

/** The human report of `kotae diff`: `+` added, `-` removed, `~` changed articles, with section anchors. */
export function formatDiff(d: BundleDiff): string {
  const lines = [`${d.from.id} ${d.from.version} → ${d.to.id} ${d.to.version}`];
  const name = (a: { id: string; locale: string; title: string }) => `${a.id} [${a.locale}] ${JSON.stringify(a.title)}`;
  for (const a of d.added) lines.push(`+ ${name(a)}`);
  for (const a of d.removed) lines.push(`- ${name(a)}`);
  for (const a of d.changed) {
    lines.push(`~ ${name(a)}${a.previousTitle === undefined ? '' : ` (was ${JSON.stringify(a.previousTitle)})`}`);
    const anchor = (s: string) => (s === '' ? '(lead)' : `#${s}`);
    if (a.sections.added.length > 0) lines.push(`    sections added    ${a.sections.added.map(anchor).join(', ')}`);
    if (a.sections.removed.length > 0) lines.push(`    sections removed  ${a.sections.removed.map(anchor).join(', ')}`);
    if (a.sections.changed.length > 0) lines.push(`    sections changed  ${a.sections.changed.map(anchor).join(', ')}`);
    if (a.fields.length > 0) lines.push(`    fields changed    ${a.fields.join(', ')}`);
  }
  lines.push(
    `${plural(d.added.length, 'article')} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`,
  );
  return `${lines.join('\n')}\n`;
}
