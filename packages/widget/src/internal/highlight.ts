import type { HighlightRange } from '@kotae/knowledge';

/** A run of snippet text, highlighted or not. */
export interface HighlightPart {
  readonly text: string;
  readonly mark: boolean;
}

/**
 * Cuts a snippet into plain and highlighted runs (ranges sorted, overlaps merged, out-of-range
 * parts ignored), so that templates render `<mark>` without building HTML strings.
 */
export function highlightParts(snippet: string, highlights: readonly HighlightRange[]): HighlightPart[] {
  const ranges = [...highlights]
    .map(({ start, end }) => ({ start: Math.max(0, start), end: Math.min(snippet.length, end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const parts: HighlightPart[] = [];
  let at = 0;
  for (const { start, end } of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) parts.push({ text: snippet.slice(at, from), mark: false });
    parts.push({ text: snippet.slice(from, end), mark: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), mark: false });
  return parts;
}
