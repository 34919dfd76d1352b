/** The human report of `kotae eval`'s answer evaluation. */

import type { AnswerEvalReport } from './eval-answers.js';
import { truncate } from './format.js';

/** How many answer failures the human eval report lists. */
export const MAX_ANSWER_FAILURES_SHOWN = 20;

/** The human report of the answer evaluation: metrics, the grader, then up to 20 failures. */
export function formatAnswers(a: AnswerEvalReport): string {
  const m = a.metrics;
  const modes = Object.entries(m.modes)
    .filter(([, n]) => n > 0)
    .map(([mode, n]) => `${mode} ${n}`)
    .join(', ');
  const r = m.refusal;
  const lines = [
    `answers (${a.target}, ${a.serviceMode}): ${m.cases} cases; ${modes}`,
    `  citation validity  ${value(m.citationValidity)}  (answers whose [n] marks and citations event are all valid, of ${m.answered})`,
    `  refusal accuracy   ${value(r.accuracy)}  (refused ${r.correctRefusals} of ${r.correctRefusals + r.missedRefusals} refuse cases; answered ${r.correctAnswers} of ${r.correctAnswers + r.wrongRefusals} answerable; missed refusals ${r.missedRefusals}, wrong refusals ${r.wrongRefusals})`,
    `  phrase recall      ${value(m.phraseRecall.mean)}  (mean over ${m.phraseRecall.cases} cases with answers phrases)`,
    `  grounding          ${value(m.grounding.rate)}  (answers citing a relevant article, of ${m.grounding.cases})`,
  ];
  const g = a.grader;
  if (g) {
    const ag = g.agreement;
    lines.push(
      `  grader ${g.model}: ${g.graded} answers graded, pass rate ${g.passRate === null ? 'n/a' : g.passRate.toFixed(4)}${g.errors ? `, ${g.errors} grading errors` : ''}`,
      `    agreement with people: kappa ${ag.kappa ?? 'undefined'} over ${ag.n} labelled cases (human/grader: ${Object.entries(ag.table)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
      ag.trusted ? `    grader trusted (kappa >= ${ag.minKappa}, >= ${ag.minLabels} labels)` : `    grader not trusted: ${ag.reason}`,
    );
  }
  lines.push('');
  const failures = a.results.filter((x) => x.problems.length > 0);
  if (failures.length === 0) lines.push('No answer failures.');
  else {
    const shown = failures.slice(0, MAX_ANSWER_FAILURES_SHOWN);
    const more = failures.length > shown.length ? `, showing the first ${shown.length}` : '';
    lines.push(`${failures.length} answer failure${failures.length === 1 ? '' : 's'}${more}:`);
    for (const f of shown) {
      lines.push(`  ${f.id} (${f.mode}): ${JSON.stringify(truncate(f.query, 70))}`);
      for (const problem of f.problems) lines.push(`    - ${problem}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function value(x: number | null): string {
  return x === null ? '  n/a ' : x.toFixed(4);
}
