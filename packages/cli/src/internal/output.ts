import { formatIssue, type HighlightRange, type SearchResult } from '@kotae/knowledge';
import type { CompileCommandResult } from '../commands/compile.js';
import type { EvalCommandResult } from '../commands/eval.js';
import type { InitCommandResult } from '../commands/init.js';
import type { RedactCommandResult } from '../commands/redact.js';
import type { SearchCommandResult } from '../commands/search.js';
import type { ValidateCommandResult } from '../commands/validate.js';
import { answersJson, formatAnswers } from './answer-output.js';

/** How human output is rendered. */
export interface OutputStyle {
  /** Use ANSI bold for search highlights (stdout is a TTY and `NO_COLOR` is unset). */
  readonly color: boolean;
}

/** How many misses the human eval report lists. */
export const MAX_MISSES_SHOWN = 20;

const BOLD = '\x1b[1m';
const NOT_BOLD = '\x1b[22m';

/** Pretty-printed JSON with a trailing newline: one object, easy to read and to parse. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `1` → `1 error`, `2` → `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Bytes in decimal units, as file managers show them: `812 B`, `87.3 kB`, `4.2 MB`. */
export function humanBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Marks the highlighted ranges of a snippet: ANSI bold when `color`, otherwise `[[…]]` (so the
 * marks survive pipes, files and CI logs).
 */
export function highlight(text: string, ranges: readonly HighlightRange[], color: boolean): string {
  const [open, close] = color ? [BOLD, NOT_BOLD] : ['[[', ']]'];
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const { start, end } of sorted) {
    const from = Math.max(start, at);
    if (end <= from) continue;
    out += text.slice(at, from) + open + text.slice(from, end) + close;
    at = end;
  }
  return out + text.slice(at);
}

/** The human summary of `kotae compile` (warnings go to stderr separately). */
export function formatCompile(result: CompileCommandResult): string {
  const locales = `${result.locales.length === 1 ? 'locale' : 'locales'} ${result.locales.join(', ') || '(none)'}`;
  return [
    `Compiled ${plural(result.articles, 'article')} (${plural(result.sections, 'section')}, ${locales}) into ${result.out}`,
    `  bundle    ${result.id} ${result.version}`,
    `  size      ${humanBytes(result.bytes)} (${result.bytes.toLocaleString('en-US')} bytes)`,
    `  time      ${result.ms} ms`,
    `  warnings  ${result.warnings.length}`,
    ...formatConversations(result.conversations),
    '',
  ].join('\n');
}

/** The conversation lines of the compile summary: none when there were no conversation files. */
function formatConversations(c: CompileCommandResult['conversations']): string[] {
  if (c.files === 0) return [];
  const read = `Read ${plural(c.read, 'conversation')} (${plural(c.files, 'file')}, ${humanBytes(c.inputBytes)})`;
  const made = plural(c.precedents, 'precedent');
  const lines = [
    c.internalOut === undefined
      ? `${read}: ${made}, not written (pass --internal-out <dir> to write them)`
      : `${read}: ${made} into ${c.internalOut} (${humanBytes(c.bytes)})`,
  ];
  const reasons = Object.entries(c.skipped).filter(([, n]) => n > 0);
  const skipped = reasons.reduce((sum, [, n]) => sum + n, 0);
  lines.push(`  skipped   ${skipped}${reasons.length > 0 ? ` (${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')})` : ''}`);
  if (c.dropped > 0) lines.push(`  dropped   ${c.dropped} older precedents (over conversations.maxPrecedents)`);
  lines.push(`  bad lines ${c.badLines}${c.badLines > 0 ? ' (listed on stderr)' : ''}`);
  return lines;
}

/** The `--json` object of `kotae compile`. */
export function compileJson(result: CompileCommandResult) {
  const c = result.conversations;
  return {
    articles: result.articles,
    sections: result.sections,
    locales: result.locales,
    bytes: result.bytes,
    ms: result.ms,
    warnings: result.warnings.length,
    out: result.out,
    version: result.version,
    id: result.id,
    conversations: {
      files: c.files,
      inputBytes: c.inputBytes,
      read: c.read,
      precedents: c.precedents,
      dropped: c.dropped,
      skipped: c.skipped,
      badLines: c.badLines,
      internalOut: c.internalOut ?? null,
      bytes: c.bytes,
    },
  };
}

/** The human report of `kotae validate`: one `path:line: message` per issue, then a summary line. */
export function formatValidate(result: ValidateCommandResult): string {
  const lines = result.issues.map(formatIssue);
  const coverage = result.coverage;
  if (coverage) lines.push(`contexts: ${coverage.covered} of ${coverage.total} have guidance (${coverage.file})`);
  lines.push(`${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${plural(result.articles, 'article')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What `kotae init` prints: the files written, the commands to run next, and what the CI
 * workflow does. Kept stable: the getting-started guide shows it.
 */
export function formatInit(result: InitCommandResult): string {
  const where = result.dir === '.' ? 'this directory' : `${result.dir.replace(/\/+$/, '')}/`;
  const workflow = result.files.find((f) => f.startsWith('.github/')) ?? '.github/workflows/kotae.yml';
  const lines = [`Created a kotae content repository in ${where} (${result.files.length} files):`];
  for (const file of result.files) lines.push(`  ${file}`);
  lines.push('', 'Next, check it, build it and try it:');
  for (const command of result.next) lines.push(`  ${command}`);
  lines.push('', `${workflow} runs the first three (npx @kotae/cli@${result.version}) on every push and pull request.`);
  if (result.workflowRoot !== undefined) {
    lines.push(
      `GitHub only reads workflows at the repository root: move ${result.dir === '.' ? '' : `${result.dir.replace(/\/+$/, '')}/`}${workflow} to ${result.workflowRoot}/.github/workflows/.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The human list of `kotae search` results. */
export function formatSearch(result: SearchCommandResult, style: OutputStyle): string {
  if (result.results.length === 0) return `No results for ${JSON.stringify(result.query)}.\n`;
  return `${result.results.map((r, i) => formatResult(r, i + 1, style)).join('\n\n')}\n`;
}

function formatResult(r: SearchResult, n: number, style: OutputStyle): string {
  const heading = r.headings.at(-1);
  const title = heading && heading !== r.title ? `${r.title} › ${heading}` : r.title;
  const indent = ' '.repeat(String(n).length + 2);
  // The lead section (text before the first subheading) has an empty anchor: show the bare article id.
  const ref = r.anchor ? `${r.articleId}#${r.anchor}` : r.articleId;
  const lines = [`${n}. ${title}`, `${indent}${ref}  score ${r.score.toFixed(2)}`];
  if (r.snippet) lines.push(`${indent}${highlight(r.snippet, r.highlights, style.color).replace(/\s*\n\s*/g, ' ')}`);
  return lines.join('\n');
}

/** The `--json` object of `kotae eval`. */
export function evalJson(result: EvalCommandResult) {
  const base = {
    cases: result.cases,
    retrieval: result.retrieval,
    refusal: result.refusal,
    answerability: result.answerability ?? null,
    misses: result.misses,
  };
  return result.answers ? { ...base, answers: answersJson(result) } : base;
}

/** The bundle's calibrated refusal thresholds and their trade-off curves, for `kotae eval`. */
function formatAnswerability(answerability: EvalCommandResult['answerability']): string[] {
  if (!answerability) return ['bundle calibration: none (built before calibration; the service uses the default threshold). Recompile it.'];
  const rate = (n: number | null) => (n === null ? '–' : percent(n));
  const lines: string[] = [];
  for (const [language, c] of Object.entries(answerability.languages)) {
    lines.push(
      `bundle calibration (${language}, ${c.source}): threshold ${c.threshold}; answers ${rate(c.answered)} of ${c.answerable} answerable, refuses ${rate(c.refused)} of ${c.outOfScope} out-of-scope questions`,
    );
    lines.push(`  threshold  ${c.curve.map((p) => p.threshold.toFixed(2).padStart(6)).join(' ')}`);
    lines.push(`  answered   ${c.curve.map((p) => rate(p.answered).padStart(6)).join(' ')}`);
    lines.push(`  refused    ${c.curve.map((p) => rate(p.refused).padStart(6)).join(' ')}`);
  }
  return lines;
}

/** The human report of `kotae eval`: a metrics table, then up to {@link MAX_MISSES_SHOWN} misses. */
export function formatEval(result: EvalCommandResult): string {
  const lines = [`${plural(result.cases, 'case')} evaluated`, '', 'metric     value'];
  for (const [name, value] of Object.entries(result.retrieval)) lines.push(`${name.padEnd(10)} ${value.toFixed(4)}`);
  const r = result.refusal;
  lines.push('', `refusal threshold ${r.threshold}: answers ${percent(r.answeredRate)} of ${r.answerable} answerable cases`);
  lines.push(
    r.refusedRate === null
      ? `  no refuse: true cases; add some (questions the guidance does not answer) to calibrate. Suggested: ${r.suggested} (answers 95%)`
      : `  refuses ${percent(r.refusedRate)} of ${r.refuse} refuse: true cases. Suggested: ${r.suggested}`,
  );
  lines.push('', ...formatAnswerability(result.answerability), '');
  if (result.misses.length === 0) {
    lines.push(`No misses: every case found a relevant article in the top ${result.k}.`);
  } else {
    const shown = result.misses.slice(0, MAX_MISSES_SHOWN);
    const more = result.misses.length > shown.length ? `, showing the first ${shown.length}` : '';
    const count = result.misses.length === 1 ? '1 miss' : `${result.misses.length} misses`;
    lines.push(`${count} (no relevant article in the top ${result.k}${more}):`);
    for (const miss of shown) {
      lines.push(`  ${miss.id}: ${JSON.stringify(truncate(miss.query, 70))}`);
      lines.push(`    relevant ${miss.relevant.join(', ')}; got ${miss.got.join(', ') || '(nothing)'}`);
    }
  }
  return `${lines.join('\n')}\n${result.answers ? `\n${formatAnswers(result.answers)}` : ''}`;
}

/** The stderr line explaining a failed `--min-mrr` gate. */
export function formatMrrBelow(result: EvalCommandResult): string {
  return `mrr@10 ${result.retrieval['mrr@10']} is below --min-mrr ${result.minMrr}\n`;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** The stderr summary of `kotae redact`: `redacted 5 values in 120 lines: EMAIL 3, PHONE 2`. */
export function formatRedact(result: RedactCommandResult): string {
  const counts = Object.entries(result.counts).map(([type, n]) => `${type} ${n}`);
  const where = `${plural(result.lines, 'line')} of ${result.file}${result.out === undefined ? '' : ` into ${result.out}`}`;
  return `redacted ${plural(result.redacted, 'value')} in ${where}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}\n`;
}

/** The `--json` object of `kotae redact`. */
export function redactJson(result: RedactCommandResult) {
  return { file: result.file, out: result.out, lines: result.lines, redacted: result.redacted, counts: result.counts };
}
