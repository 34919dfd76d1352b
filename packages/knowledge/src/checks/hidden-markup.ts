/**
 * Text that markdown and HTML hide from readers: comments (`<!-- … -->` and the markdown idiom
 * `[//]: # (…)`) and elements styled or marked to be invisible (`display: none`, `hidden`, …).
 */
import { looksLikeInstruction } from './instruction-like.js';

/** Hidden text found in markup. */
export interface HiddenMarkup {
  readonly kind: 'comment' | 'invisible-styling';
  /** Offset of the comment or the element's opening tag. */
  readonly start: number;
  /** Offset after the comment or the element's closing tag. */
  readonly end: number;
  /** The hidden text (the comment's, or the element's without its tags). */
  readonly text: string;
  /** For a comment, which form: `HTML` or `markdown`; for an element, the tag and why it is invisible (`<span> hidden by display: none`). */
  readonly how: string;
}

/** An HTML comment; an unclosed one hides everything after it. */
const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;
/** The markdown comment idiom: a link reference definition nothing links to, `[//]: # (text)`. */
const MARKDOWN_COMMENT = /^ {0,3}\[(?:\/\/|comment|_|#)\]:\s*(?:#|<>)\s+(?:\(([^\n]*)\)|"([^\n]*)"|'([^\n]*)')[ \t]*$/gm;
/** An opening HTML tag and its attributes. */
const OPEN_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g;
/** Elements that have no content (and `<template>`'s content is never rendered, but is read). */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Declarations that make an element's text invisible, each with how it is reported. */
const INVISIBLE_STYLES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?:^|;)display:none\b/, 'display: none'],
  [/(?:^|;)visibility:(?:hidden|collapse)\b/, 'visibility: hidden'],
  [/(?:^|;)font-size:0*\.?0*(?:px|pt|em|rem|%)?(?:;|$|!)/, 'font-size: 0'],
  [/(?:^|;)opacity:0*(?:\.0\d*)?(?:;|$|!)/, 'opacity: 0'],
  [/(?:^|;)color:transparent\b/, 'color: transparent'],
  [
    /(?:^|;)(?:max-)?(?:height|width):0*\.?0*(?:px|em|rem|%)?(?:;|$|!)[\s\S]*overflow:hidden|(?:^|;)overflow:hidden[\s\S]*(?:^|;)(?:max-)?(?:height|width):0/,
    'size 0, overflow: hidden',
  ],
  [/(?:^|;)clip(?:-path)?:(?:rect\(0|inset\(50%|circle\(0)/, 'clipped away'],
  [/(?:^|;)(?:text-indent|left|top|margin-left):-\d{3,}/, 'moved off-screen'],
  [/(?:^|;)transform:scale\(0\)/, 'transform: scale(0)'],
];

/**
 * Finds comments that read like instructions to an AI (see `looksLikeInstruction`), and every
 * element with text that is styled or marked to be invisible, in `text`. Plain editorial comments
 * (`<!-- TODO -->`, review notes, linter switches) are not reported: they are what comments are
 * for. Hidden elements are reported whatever their text says: guidance has no reason to publish
 * text its readers cannot see.
 */
export function findHiddenMarkup(text: string): HiddenMarkup[] {
  const found: HiddenMarkup[] = [];
  const comments: Array<[number, number]> = [];
  for (const m of text.matchAll(HTML_COMMENT)) {
    comments.push([m.index, m.index + m[0].length]);
    const body = m[1] ?? '';
    if (looksLikeInstruction(body))
      found.push({ kind: 'comment', start: m.index, end: m.index + m[0].length, text: body.trim(), how: 'HTML' });
  }
  for (const m of text.matchAll(MARKDOWN_COMMENT)) {
    const body = m[1] ?? m[2] ?? m[3] ?? '';
    if (looksLikeInstruction(body))
      found.push({ kind: 'comment', start: m.index, end: m.index + m[0].length, text: body.trim(), how: 'markdown' });
  }
  const inComment = (offset: number) => comments.some(([s, e]) => offset >= s && offset < e);
  for (const m of text.matchAll(OPEN_TAG)) {
    const tag = m[1]!.toLowerCase();
    if (m[3] === '/' || VOID_ELEMENTS.has(tag) || inComment(m.index)) continue;
    const why = invisibility(m[2] ?? '');
    if (why === undefined) continue;
    const contentStart = m.index + m[0].length;
    const contentEnd = closingTag(text, tag, contentStart);
    const inner = text
      .slice(contentStart, contentEnd?.start ?? lineEnd(text, contentStart))
      .replace(/<[^>]*>/g, ' ')
      .trim();
    if (inner === '') continue;
    found.push({
      kind: 'invisible-styling',
      start: m.index,
      end: contentEnd?.end ?? contentStart,
      text: inner,
      how: `<${tag}> hidden by ${why}`,
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Why an element with these attributes is invisible, or undefined when it is not. */
function invisibility(attributes: string): string | undefined {
  for (const a of attributes.matchAll(ATTRIBUTE)) {
    const name = a[1]!.toLowerCase();
    if (name === 'hidden') return 'the hidden attribute';
    if (name !== 'style') continue;
    const css = (a[2] ?? a[3] ?? a[4] ?? '').toLowerCase().replace(/\s+/g, '');
    for (const [pattern, why] of INVISIBLE_STYLES) if (pattern.test(css)) return why;
  }
  return undefined;
}

/** The matching closing tag of an element whose content starts at `from`, counting nested ones. */
function closingTag(text: string, tag: string, from: number): { start: number; end: number } | undefined {
  const pattern = new RegExp(`<(/?)${tag}(?=[\\s/>])[^>]*>`, 'gi');
  pattern.lastIndex = from;
  let depth = 1;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    depth += m[1] === '/' ? -1 : m[0].endsWith('/>') ? 0 : 1;
    if (depth === 0) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}
