import { Lexer, type Token } from 'marked';
import { markdownToPlainText } from '../content/plain-text.js';
import { endsLikeSentence } from './sentence-split.js';

/** How one passage of an answer ends. */
export interface PassageEnding {
  /** The source number the passage cites. */
  readonly n: number;
  /** The passage's last line as a reader sees it (list marker, escapes and emphasis gone). */
  readonly text: string;
  /**
   * It ends at a sentence end (a terminal mark, not an abbreviation), or where a paragraph, list
   * item, table row or code block of the cited section ends.
   */
  readonly clean: boolean;
}

/**
 * How each passage of an answer ends: the text before each citation mark, checked against the
 * cited section's markdown. A passage cut mid-sentence (`…`, `Ask Mr.`, a line wrap) is not clean;
 * one that ends where the source's paragraph or list item ends is, with or without a period
 * (`Step 3 [Send Link] Inform the customer`).
 *
 * @param answer - the answer's markdown, with `[n]` citation marks
 * @param sectionText - the markdown of the section source `n` names, or `undefined` when unknown
 * @example
 * ```ts
 * passageEndings('Refunds take 5 days. [1]', () => 'Refunds take 5 days.')[0]?.clean // true
 * ```
 */
export function passageEndings(answer: string, sectionText: (n: number) => string | undefined): PassageEnding[] {
  const endings: PassageEnding[] = [];
  const mark = /(?<!\\)\[(\d{1,3})\]/g;
  let from = 0;
  for (const m of answer.matchAll(mark)) {
    const before = answer.slice(from, m.index).replace(/\s+$/, '');
    from = m.index + m[0].length;
    const lines = before.split('\n').filter((l) => l.trim() !== '');
    const last = lines.at(-1);
    if (last === undefined) continue;
    const text = shownText(last);
    const n = Number(m[1]);
    const section = sectionText(n);
    const clean =
      text !== '' && (endsLikeSentence(text) || (section !== undefined && blockEnds(section).some((end) => sameEnding(end, text))));
    endings.push({ n, text, clean });
  }
  return endings;
}

/** A line as a reader sees it: list marker, table pipes, emphasis, code ticks and escapes gone, spaces collapsed. */
function shownText(line: string): string {
  // A table row: its cells, as the section's plain text has them.
  if (/^\s*\|.*\|\s*$/.test(line))
    line = line
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim())
      .join(' ');
  return line
    .replace(/^\s*(?:[-+*]|\d+[.)])\s+/, '')
    .replace(/(?<!\\)[*`]+/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const cache = new Map<string, string[]>();

/** The plain text of every paragraph, list item, table row and code line of a section, whitespace collapsed. */
function blockEnds(markdown: string): string[] {
  let ends = cache.get(markdown);
  if (ends) return ends;
  ends = [];
  collect(Lexer.lex(markdown, { gfm: true }), ends);
  if (cache.size > 500) cache.clear();
  cache.set(markdown, ends);
  return ends;
}

function collect(tokens: readonly Token[], out: string[]): void {
  for (const token of tokens) {
    if (token.type === 'list') {
      for (const item of token.items as Token[]) collect((item as { tokens: Token[] }).tokens, out);
    } else if (token.type === 'blockquote') {
      collect(token.tokens ?? [], out);
    } else if (token.type === 'code') {
      for (const line of (token.text as string).split('\n')) out.push(collapse(line));
    } else if (token.type === 'table' || token.type === 'heading') {
      for (const line of markdownToPlainText(token.raw).split('\n')) out.push(collapse(line));
    } else if (token.type === 'paragraph' || token.type === 'text') {
      // A paragraph's lines are wraps: only its whole end is an end, and the pieces of a list
      // flattened into it with quote markers (`…: > one > two`).
      const whole = collapse(markdownToPlainText(token.raw).replace(/\n/g, ' '));
      out.push(whole, ...whole.split(/\s>\s/).map(collapse));
    }
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether `passage` ends where `end` ends (on the last 12 characters, ignoring spaces): short
 * enough that a passage joining two sentences of a paragraph still matches on its last one.
 */
function sameEnding(end: string, passage: string): boolean {
  const a = end.replace(/\s+/g, '');
  const b = passage.replace(/\s+/g, '');
  if (a === '' || b === '') return false;
  const k = Math.min(12, a.length, b.length);
  return a.slice(-k) === b.slice(-k);
}
