import { CASE_REASONS, type RateEstimate } from '@kotae/knowledge';
import type { CasesCommandResult } from '../commands/cases.js';
import type { InsightsCommandResult } from '../commands/insights.js';
import { humanBytes, plural } from './output.js';

const ROWS = [
  ['confirmed', 'confirmed solved'],
  ['assumed', 'probably solved (assumed)'],
  ['escalated', 'handed to a person'],
  ['unanswered', 'unanswered ("I don\'t know")'],
  ['unresolved', 'not solved (thumbs down or asked again)'],
  ['pending', 'too recent to tell'],
] as const;

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function rateLine(name: string, r: RateEstimate): string {
  return `  ${name.padEnd(42)}${String(r.count).padStart(6)}  ${pct(r.rate).padStart(6)}  (95% CI ${pct(r.low)}–${pct(r.high)})`;
}

/** The human summary of `kotae insights`. */
export function formatInsights(result: InsightsCommandResult): string {
  const { report } = result;
  const r = report.resolution;
  if (r.overall.total === 0) {
    const written = result.out === undefined ? '' : `Report: ${result.out} (${humanBytes(result.bytes ?? 0)})\n`;
    return `No end-user questions in this range${r.agentExcluded > 0 ? ` (${plural(r.agentExcluded, 'agent-assist draft')} not counted)` : ''}.\n${written}`;
  }
  const lines = [
    `${plural(r.overall.total, 'question')} from ${r.since?.slice(0, 10) ?? '—'} to ${r.until?.slice(0, 10) ?? '—'}` +
      (r.agentExcluded > 0 ? ` (${plural(r.agentExcluded, 'agent-assist draft')} not counted)` : ''),
    ...ROWS.map(([key, name]) => rateLine(name, r.overall[key])),
    '',
  ];
  if (report.unanswered.length > 0) {
    lines.push('Top unanswered questions:');
    for (const q of report.unanswered.slice(0, 5)) lines.push(`  ${String(q.count).padStart(4)}× ${q.query}`);
    lines.push('');
  }
  if (report.contentGaps.length > 0) {
    lines.push('Content gaps (weak retrieval):');
    for (const q of report.contentGaps.slice(0, 5)) lines.push(`  ${String(q.count).padStart(4)}× ${q.query}`);
    lines.push('');
  }
  lines.push(
    result.out === undefined
      ? 'Add --out report.html for the full report, or --json for the data.'
      : `Report: ${result.out} (${humanBytes(result.bytes ?? 0)})`,
    '',
  );
  return lines.join('\n');
}

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
