/** Formatting shared by the commands' human output: JSON, plurals, sizes, highlights. */

import type { HighlightRange } from '@kotae/knowledge';
import type { PublishedVersion } from '@kotae/knowledge/errors';

/** How human output is rendered. */
export interface OutputStyle {
  /** Use ANSI bold for search highlights (stdout is a TTY and `NO_COLOR` is unset). */
  readonly color: boolean;
}

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

/** `s` cut to `max` characters (code points), with an ellipsis when it was longer. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** A rate as a percentage with one decimal: `0.953` → `95.3%`. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** A published bundle version as `8e1976ce0aec (built 2026-11-24T13:51:38.608Z)`, or `(nothing)`. */
export function formatVersion(v: PublishedVersion | null): string {
  return v === null ? '(nothing)' : `${v.version} (built ${v.builtAt})`;
}
