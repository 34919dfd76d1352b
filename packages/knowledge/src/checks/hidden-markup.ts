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
/**
 * An opening or closing HTML tag with its attributes. Quoted values stop at a line break or `<`,
 * so an unclosed quote costs a scan to the next tag, not to the end of the text.
 */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<\n]*"|'[^'<\n]*'|[^\s"'<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"<\n]*)"|'([^'<\n]*)'|([^\s"'<>`]+)))?/g;
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
  [
    /(?:^|;)font-size:(?:[0-3](?:\.\d+)?px|[0-2](?:\.\d+)?pt|0?\.[0-2]\d*(?:em|rem)|(?:[0-9]|[12][0-9])(?:\.\d+)?%)(?:;|$|!)/,
    'a tiny font',
  ],
  [/(?:^|;)(?:line-height|max-height|max-width):0*\.?0*(?:px|em|rem|%)?(?:;|$|!)[\s\S]*overflow:hidden/, 'size 0, overflow: hidden'],
  [
    /(?:^|;)(?:width|height):[01]px;[\s\S]*(?:width|height):[01]px[\s\S]*overflow:hidden|(?:^|;)overflow:hidden[\s\S]*(?:width|height):[01]px;?[\s\S]*(?:width|height):[01]px/,
    'a 1-pixel box',
  ],
  [/(?:^|;)(?:right|bottom|margin-top|top|left|text-indent|margin-left):-?\d{4,}(?:px|em|rem)/, 'moved off-screen'],
];

/** Colours a reader cannot tell from a white page: white and near-white. */
const WHITE =
  /^(?:white|#f{3}|#f{6}|#fef?e?f?e?f?e?|#fefefe|#fdfdfd|rgba?\(25[0-5],25[0-5],25[0-5](?:,[\d.]+)?\)|hsla?\(\d+,\d+%,(?:9[89]|100)%(?:,[\d.]+)?\))$/;

/** Why text in these colours is invisible (white on white, or the same colour as its background), or undefined. */
function colourInvisibility(css: string): string | undefined {
  const declared = (name: string) => new RegExp(`(?:^|;)${name}:([^;!]+)`).exec(css)?.[1];
  const colour = declared('color');
  if (colour === undefined) return undefined;
  const background = declared('background-color') ?? declared('background');
  if (background !== undefined && background === colour) return 'text the colour of its background';
  if (WHITE.test(colour) && (background === undefined || WHITE.test(background))) return 'white text on a white page';
  return undefined;
}

/** Class names that CSS frameworks hide (Bootstrap, Tailwind, WordPress, GOV.UK). */
const HIDING_CLASSES =
  /(?:^|\s)(?:hidden|d-none|invisible|sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader-only|offscreen|hide|is-hidden|u-hidden|govuk-visually-hidden)(?:\s|$)/;

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
  found.push(...findInvisibleElements(text, comments));
  return found.sort((a, b) => a.start - b.start);
}

/** Why an element with these attributes is invisible, or undefined when it is not. */
function invisibility(attributes: string): string | undefined {
  for (const a of attributes.matchAll(ATTRIBUTE)) {
    const name = a[1]!.toLowerCase();
    const value = (a[2] ?? a[3] ?? a[4] ?? '').toLowerCase();
    if (name === 'hidden') return 'the hidden attribute';
    if (name === 'aria-hidden' && value.trim() === 'true') return 'aria-hidden';
    if (name === 'color' && WHITE.test(value.replace(/\s+/g, ''))) return 'white text on a white page';
    if (name === 'class' && HIDING_CLASSES.test(value)) return `the class "${HIDING_CLASSES.exec(value)![0].trim()}"`;
    if (name !== 'style') continue;
    const css = value.replace(/\s+/g, '');
    for (const [pattern, why] of INVISIBLE_STYLES) if (pattern.test(css)) return why;
    const colour = colourInvisibility(css);
    if (colour !== undefined) return colour;
  }
  return undefined;
}

/**
 * Elements with text that are hidden or styled invisible, outside comments. One pass over the
 * tags pairs each opening tag with its closing tag (a stack per tag name), so nesting and
 * unclosed tags cost no rescans; an element inside a reported one is part of its text.
 */
function findInvisibleElements(text: string, comments: ReadonlyArray<readonly [number, number]>): HiddenMarkup[] {
  const tags: Array<{ start: number; end: number; name: string; closing: boolean; why: string | undefined }> = [];
  let comment = 0;
  for (const m of text.matchAll(TAG)) {
    while (comment < comments.length && comments[comment]![1] <= m.index) comment++;
    if (comment < comments.length && comments[comment]![0] <= m.index) continue;
    const name = m[2]!.toLowerCase();
    const closing = m[1] === '/';
    if (!closing && (m[4] === '/' || VOID_ELEMENTS.has(name))) continue;
    tags.push({ start: m.index, end: m.index + m[0].length, name, closing, why: closing ? undefined : invisibility(m[3] ?? '') });
  }
  const closeOf = new Map<number, number>();
  const open = new Map<string, number[]>();
  tags.forEach((tag, i) => {
    const stack = open.get(tag.name) ?? [];
    if (!tag.closing) {
      stack.push(i);
      open.set(tag.name, stack);
    } else if (stack.length > 0) {
      closeOf.set(stack.pop()!, i);
    }
  });
  const runs = textRuns(text);
  const found: HiddenMarkup[] = [];
  let reportedUntil = -1;
  tags.forEach((tag, i) => {
    if (tag.why === undefined || tag.start < reportedUntil) return;
    const close = closeOf.has(i) ? tags[closeOf.get(i)!]! : undefined;
    const contentEnd = close?.start ?? lineEnd(text, tag.end);
    const first = firstRunIn(text, runs, tag.end, contentEnd);
    if (first === undefined) return;
    const inner = text
      .slice(first, Math.min(contentEnd, first + PREVIEW_SCAN))
      .replace(MARKUP, ' ')
      .trim();
    // An icon or arrow kept from screen readers is not text anyone could read instructions in.
    if (tag.why === 'aria-hidden' && !/\p{L}{3}/u.test(inner)) return;
    const end = close?.end ?? contentEnd;
    found.push({ kind: 'invisible-styling', start: tag.start, end, text: inner, how: `<${tag.name}> hidden by ${tag.why}` });
    reportedUntil = end;
  });
  return found;
}

/** How much of a hidden element's content is read for its quote (messages quote 60 characters). */
const PREVIEW_SCAN = 1000;
/** Markup, for telling text from tags: up to the next `>`, never past another `<`. */
const MARKUP = /<[^<>]*>/g;

/** Where the text between tags is (runs with something other than whitespace), in order. */
function textRuns(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  const gap = (end: number) => {
    const run = text.slice(at, end);
    const lead = run.search(/\S/);
    if (lead >= 0) {
      starts.push(at + lead);
      ends.push(end);
    }
  };
  for (const m of text.matchAll(MARKUP)) {
    gap(m.index);
    at = m.index + m[0].length;
  }
  gap(text.length);
  return { starts, ends };
}

/** Start of the first text in [from, to), found by binary search, or undefined when there is none. */
function firstRunIn(text: string, runs: { starts: number[]; ends: number[] }, from: number, to: number): number | undefined {
  let lo = 0;
  let hi = runs.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs.ends[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < runs.starts.length && runs.starts[i]! < to; i++) {
    if (runs.starts[i]! >= from) return runs.starts[i];
    // A run that began before `from` (inside a tag with a quoted `>`): only its part in range counts.
    const lead = text.slice(from, Math.min(to, runs.ends[i]!)).search(/\S/);
    if (lead >= 0) return from + lead;
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}
