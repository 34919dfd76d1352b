import type { ClassifyCommandResult, ClassifyEvalResult, ClassifyItemsResult, ClassifierSource } from '../commands/classify.js';
import { formatJson, plural } from './output.js';

/** How many of the worst labels the human eval report lists. */
export const WORST_LABELS_SHOWN = 10;

/** `kotae classify --json`: JSON Lines for items (item, candidate, disagreement lines, then a summary); one object otherwise. */
export function classifyJson(result: ClassifyCommandResult): string {
  if (result.kind === 'eval') {
    const { kind: _kind, ...report } = result;
    return formatJson(report);
  }
  if (result.kind === 'trained') return formatJson({ classifier: result.classifier });
  const lines: unknown[] = result.items.map((item) => ({ type: 'item', ...item }));
  result.candidates?.candidates.forEach((c, n) => lines.push({ type: 'candidate', candidate: n + 1, ...c }));
  for (const o of result.secondOpinion?.disagreements ?? []) lines.push({ type: 'disagreement', ...o });
  for (const o of result.secondOpinion?.failed ?? []) lines.push({ type: 'second-opinion-failed', ...o });
  lines.push({
    type: 'summary',
    classifier: result.classifier,
    minConfidence: result.minConfidence,
    items: result.items.length,
    lowConfidence: result.lowConfidence,
    labels: labelCounts(result),
    ...(result.candidates ? { candidates: result.candidates.candidates.length, unclustered: result.candidates.unclustered } : {}),
    ...(result.secondOpinion
      ? {
          secondOpinion: {
            model: result.secondOpinion.model,
            asked: result.secondOpinion.asked,
            agreed: result.secondOpinion.agreed,
            disagreed: result.secondOpinion.disagreements.length,
            failed: result.secondOpinion.failed.length,
          },
        }
      : {}),
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** `kotae classify` for people: a table of items (or the eval report), topic counts, candidates, disagreements. */
export function formatClassify(result: ClassifyCommandResult): string {
  if (result.kind === 'eval') return formatClassifyEval(result);
  if (result.kind === 'trained') return `${formatSource(result.classifier)}\n`;
  return formatClassifyItems(result);
}

function formatSource(s: ClassifierSource): string {
  const what =
    s.from === 'trained'
      ? `trained on ${plural(s.examples ?? 0, 'example')} of ${s.file} in ${((s.trainMs ?? 0) / 1000).toFixed(1)} s`
      : `loaded from ${s.file}`;
  return `classifier: ${plural(s.labels, 'label')}, ${what}${s.savedTo ? `; saved to ${s.savedTo}` : ''}`;
}

function formatClassifyItems(result: ClassifyItemsResult): string {
  const width = Math.min(40, Math.max(5, ...result.items.map((i) => i.label.length)));
  const out = [`${'label'.padEnd(width)}  conf  text`];
  for (const item of result.items) {
    const mark = item.lowConfidence ? '?' : ' ';
    out.push(`${item.label.padEnd(width)} ${mark}${item.confidence.toFixed(2)}  ${oneLine(item.text, 80)}`);
  }
  out.push('');
  out.push(formatSource(result.classifier));
  out.push(`${plural(result.items.length, 'item')}; ${result.lowConfidence} below confidence ${result.minConfidence} (marked ?)`);
  const counts = Object.entries(labelCounts(result));
  if (counts.length > 0) {
    out.push('', 'Topics:');
    for (const [label, n] of counts) out.push(`  ${String(n).padStart(6)}  ${label}`);
  }
  if (result.candidates) {
    const { candidates, unclustered, lowConfidence } = result.candidates;
    out.push(
      '',
      `Candidate new topics: ${candidates.length} from ${plural(lowConfidence, 'low-confidence item')} (${unclustered} in none)`,
    );
    candidates.forEach((c, n) => {
      out.push(`  ${n + 1}. ${plural(c.size, 'item')}, cohesion ${c.cohesion.toFixed(2)}: ${c.terms.join(', ')}`);
      for (const e of c.examples) out.push(`       #${e.index} ${oneLine(e.text, 90)}`);
    });
  }
  if (result.secondOpinion) {
    const s = result.secondOpinion;
    out.push(
      '',
      `Second opinion (${s.model}) on ${plural(s.asked, 'low-confidence item')}: ${s.agreed} agree, ${s.disagreements.length} disagree, ${s.failed.length} failed`,
    );
    for (const o of s.disagreements) {
      out.push(
        `  #${o.index} classifier ${o.linear.label} (${o.linear.confidence.toFixed(2)}), model ${o.model ?? 'none'}: ${oneLine(o.text, 70)}`,
      );
    }
    for (const o of s.failed) out.push(`  #${o.index} failed: ${o.error ?? ''}`);
  }
  return `${out.join('\n')}\n`;
}

function formatClassifyEval(result: ClassifyEvalResult): string {
  const out = [
    formatSource(result.classifier),
    `accuracy ${result.accuracy.toFixed(4)}  macro-F1 ${result.macroF1.toFixed(4)}  (${plural(result.examples, 'example')}, ${plural(result.perLabel.length, 'label')})`,
  ];
  const worst = result.perLabel.slice(0, WORST_LABELS_SHOWN);
  if (worst.length > 0) {
    const width = Math.max(5, ...worst.map((l) => l.label.length));
    out.push('', `Worst labels:`, `  ${'label'.padEnd(width)}  f1      prec    recall  n     confused with`);
    for (const l of worst) {
      const confused = l.confusedWith
        .slice(0, 3)
        .map((c) => `${c.label} (${c.count})`)
        .join(', ');
      out.push(
        `  ${l.label.padEnd(width)}  ${l.f1.toFixed(4)}  ${l.precision.toFixed(4)}  ${l.recall.toFixed(4)}  ${String(l.support).padEnd(4)}  ${confused}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Items per label, most first. */
function labelCounts(result: ClassifyItemsResult): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of result.items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
