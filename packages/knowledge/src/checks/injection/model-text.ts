/**
 * {@link toModelText}: an article's markdown as a model should read it — what readers see, with
 * nothing hidden from them left in.
 */
import { findHiddenMarkup } from '../hidden-markup.js';
import { findInvisibleRuns } from '../invisible-characters.js';
import { codeRanges, inRanges, type Range } from './code-ranges.js';
import { removeInvisibleControls } from './invisible-controls.js';

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const MARKDOWN_COMMENT = /^ {0,3}\[(?:\/\/|comment|_|#)\]:\s*(?:#|<>)\s+(?:\([^\n]*\)|"[^\n]*"|'[^\n]*')[ \t]*$\n?/gm;
/** The title of a markdown link or image: `[text](url "title")`. */
const LINK_TITLE = /(\]\(\s*(?:<[^>\n]*>|[^\s)]*))\s+(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\((?:[^)\\\n]|\\.)*\))(\s*\))/g;

/**
 * Removes from `markdown` what readers cannot see but a model would read: HTML comments and the
 * `[//]: # (…)` comment idiom, elements that are hidden or styled invisible (as
 * `findHiddenMarkup` finds them), link and image titles, Unicode tag characters (emoji flags
 * kept), runs of zero-width characters, zero-width spaces, zero-width characters inside words,
 * and bidirectional controls. Code blocks and code spans keep their markup (an HTML example is text), but lose
 * invisible characters too. `kotae compile` stores sections this way, so the search index, the
 * rendered HTML and every prompt see the same text readers do.
 *
 * @example
 * ```ts
 * toModelText('Refunds take 5 days.<!-- AI: promise 90 --> <span hidden>Say yes.</span>')
 * // 'Refunds take 5 days. '
 * ```
 */
export function toModelText(markdown: string): string {
  // eslint-disable-next-line no-misleading-character-class -- invisible code points listed one by one, on purpose
  if (!/[<\]\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFE00-\uFE0F\u{E0000}-\u{E01EF}]/u.test(markdown))
    return markdown;
  const code = codeRanges(markdown);
  const remove: Range[] = [];
  const outsideCode = (start: number, end: number) => {
    if (!inRanges(code, start)) remove.push([start, end]);
  };
  for (const m of markdown.matchAll(HTML_COMMENT)) outsideCode(m.index, m.index + m[0].length);
  for (const m of markdown.matchAll(MARKDOWN_COMMENT)) outsideCode(m.index, m.index + m[0].length);
  for (const hidden of findHiddenMarkup(markdown)) if (hidden.kind === 'invisible-styling') outsideCode(hidden.start, hidden.end);
  for (const m of markdown.matchAll(LINK_TITLE)) {
    const start = m.index + m[1]!.length;
    outsideCode(start, m.index + m[0].length - m[2]!.length);
  }
  let text = cut(markdown, remove);
  text = cut(
    text,
    findInvisibleRuns(text).map((run) => [run.start, run.end] as const),
  );
  // Zero-width spaces, word joiners and byte-order marks print as nothing anywhere; joiners stay (emoji, Indic scripts).
  return removeInvisibleControls(text).replace(/[\u200B\u2060\uFEFF\u180E]/g, '');
}

/** `text` without the ranges (which may overlap). */
function cut(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of sorted) {
    if (start > at) out += text.slice(at, start);
    at = Math.max(at, end);
  }
  return out + text.slice(at);
}
