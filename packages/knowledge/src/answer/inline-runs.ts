import type { Token } from 'marked';

/** How a run of inline text is shown. */
export type RunStyle = 'text' | 'strong' | 'em' | 'code';

/** A piece of inline text with one style. */
export interface Run {
  readonly text: string;
  readonly style: RunStyle;
}

/** A line break in the source: `soft` (a wrap in the markdown) or `hard` (two spaces, a backslash, `<br>`). */
export const SOFT_BREAK = '\n';
/** Stands for a hard line break inside run text until lines are split (a character markdown text never holds). */
export const HARD_BREAK = '\u2028';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** Turns the HTML entities marked leaves in text back into characters. */
export function unescapeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m);
}

/**
 * The runs of inline markdown tokens: link text kept without its target, images and HTML tags
 * dropped (`<br>` becomes a hard break), emphasis and code spans kept as styles. Soft breaks stay
 * as {@link SOFT_BREAK}, hard breaks become {@link HARD_BREAK}, for the caller to split lines at.
 */
export function inlineRuns(tokens: readonly Token[], style: RunStyle = 'text', out: Run[] = []): Run[] {
  for (const token of tokens) {
    switch (token.type) {
      case 'strong':
      case 'em':
        inlineRuns(token.tokens ?? [], style === 'text' ? token.type : style, out);
        break;
      case 'codespan':
        out.push({ text: unescapeEntities(token.text), style: 'code' });
        break;
      case 'br':
        out.push({ text: HARD_BREAK, style: 'text' });
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(token.text.trim())) out.push({ text: HARD_BREAK, style: 'text' });
        break;
      case 'image':
      case 'checkbox':
        break;
      case 'escape':
        out.push({ text: unescapeEntities(token.text), style });
        break;
      default: {
        const children = (token as { tokens?: Token[] }).tokens;
        if (children && children.length > 0) inlineRuns(children, style, out);
        else if ('text' in token && typeof token.text === 'string') out.push({ text: unescapeEntities(token.text), style });
      }
    }
  }
  return out;
}

/** The plain text of runs. */
export function runsText(runs: readonly Run[]): string {
  let text = '';
  for (const run of runs) text += run.text;
  return text;
}

/** The runs covering `[start, end)` of their text, cut at the edges. */
export function sliceRuns(runs: readonly Run[], start: number, end: number): Run[] {
  const out: Run[] = [];
  let at = 0;
  for (const run of runs) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + run.text.length);
    if (to > from) out.push({ text: run.text.slice(from - at, to - at), style: run.style });
    at += run.text.length;
    if (at >= end) break;
  }
  return out;
}

/** The runs without the text in `ranges` (sorted, not overlapping). */
export function cutRuns(runs: readonly Run[], ranges: readonly (readonly [number, number])[]): Run[] {
  if (ranges.length === 0) return [...runs];
  const out: Run[] = [];
  let at = 0;
  const total = runsText(runs).length;
  for (const [start, end] of [...ranges, [total, total] as const]) {
    if (start > at) out.push(...sliceRuns(runs, at, start));
    at = Math.max(at, end);
  }
  return out;
}

/**
 * Characters escaped in text put into an answer: whatever could open markup (emphasis, code, a
 * link or a fake citation mark `[3]`, HTML, a heading, a table cell, a strike-through).
 */
const SPECIAL = /[\\`*_[\]<>#|~]/g;

/** Escapes text so that markdown shows it as it is. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

const WORDY_EDGES = /^[\p{L}\p{N}](?:.*[\p{L}\p{N}])?$/su;

/**
 * Runs as markdown: text escaped, code spans in backticks, bold and italic kept where they are
 * certain to render (the emphasised text starts and ends with a letter or digit, so the markers
 * open and close whatever surrounds them; `**「設定」**を` would otherwise show its asterisks).
 */
export function renderRuns(runs: readonly Run[]): string {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last.style === run.style) merged[merged.length - 1] = { text: last.text + run.text, style: run.style };
    else merged.push(run);
  }
  let out = '';
  for (const { text, style } of merged) {
    if (style === 'code') {
      const inner = text.replace(/\s+/g, ' ');
      if (inner.trim() === '') {
        out += inner;
        continue;
      }
      const longest = Math.max(0, ...[...inner.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      const pad = inner.startsWith('`') || inner.endsWith('`') ? ' ' : '';
      out += `${fence}${pad}${inner}${pad}${fence}`;
      continue;
    }
    if (style === 'text') {
      out += escapeMarkdown(text);
      continue;
    }
    const lead = text.length - text.trimStart().length;
    const core = text.trim();
    const tail = text.length - lead - core.length;
    const marker = style === 'strong' ? '**' : '*';
    out += text.slice(0, lead);
    out += WORDY_EDGES.test(core) ? `${marker}${escapeMarkdown(core)}${marker}` : escapeMarkdown(core);
    out += text.slice(text.length - tail);
  }
  return out;
}
