import type { BundleDiff, PublishedVersion } from '@kotae/knowledge';
import type { PublishStep } from '@kotae/knowledge/node';
import type { PublishCommandResult } from '../commands/publish.js';
import type { RollbackCommandResult } from '../commands/rollback.js';
import { humanBytes, plural } from './output.js';

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

function version(v: PublishedVersion | null): string {
  return v === null ? '(nothing)' : `${v.version} (built ${v.builtAt})`;
}

/** The human summary of `kotae publish`. */
export function formatPublish(r: PublishCommandResult): string {
  if (r.status === 'unchanged') {
    return `Channel ${r.channel} of ${r.dir} already serves ${version(r.current)}: nothing to do\n`;
  }
  return [
    `Published ${version(r.current)} to channel ${r.channel} of ${r.dir}${r.downgrade ? ' (a downgrade)' : ''}`,
    `  manifest  ${r.manifest}`,
    `  previous  ${version(r.previous)}`,
    `  shards    ${r.copied} copied (${humanBytes(r.bytesCopied)}), ${r.skipped} already there, ${r.removed.length} removed`,
    `  history   ${r.history.join(', ')}`,
    '',
  ].join('\n');
}

/** The human summary of `kotae rollback`. */
export function formatRollback(r: RollbackCommandResult): string {
  return [
    `Rolled channel ${r.channel} of ${r.dir} back from ${version(r.from)} to ${version(r.to)}`,
    `  manifest  ${r.manifest}`,
    `  shards    ${r.removed.length} removed`,
    `  history   ${r.history.join(', ')}`,
    '',
  ].join('\n');
}

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
