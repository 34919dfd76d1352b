/**
 * Places in markdown and inline HTML whose text readers do not see on the page, or see only on
 * request, but a model reads: image alt text, link and element titles, labels and data
 * attributes, and collapsed `<details>` blocks.
 */

/** A place whose text is checked with the lower threshold of hidden text. */
export interface MarkupPlace {
  readonly kind: 'alt-text' | 'title' | 'collapsed';
  /** How a message names it: `image alt text`, `a link title`, `a collapsed <details> block`. */
  readonly what: string;
  /** Offsets of the whole construct (the image, the link, the element). */
  readonly start: number;
  readonly end: number;
  /** Offsets of its text. */
  readonly textStart: number;
  readonly textEnd: number;
}

/** A markdown image: alt text, destination, optional title. */
const IMAGE =
  /!\[((?:[^\]\\\n]|\\.){0,500})\]\(\s*(?:<[^>\n]*>|[^\s)]*)(?:\s+("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\((?:[^)\\\n]|\\.)*\)))?\s*\)/g;
/** A markdown link with a title. */
const LINK_TITLE =
  /(?<!!)\[(?:[^\]\\\n]|\\.){0,500}\]\(\s*(?:<[^>\n]*>|[^\s)]*)\s+("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\((?:[^)\\\n]|\\.)*\))\s*\)/g;
/** A link reference definition with a title (the `[//]: # (…)` comment idiom is `findHiddenMarkup`'s). */
const DEFINITION_TITLE = /^ {0,3}\[(?!\/\/\]|comment\]|_\]|#\])[^\]\n]+\]:[ \t]*\S+[ \t]+("[^"\n]*"|'[^'\n]*'|\([^)\n]*\))[ \t]*$/gm;
/** An HTML opening tag and its attributes. */
const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?\/?>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Attributes whose text is not shown on the page (or only on hover or to assistive technology). */
const TEXT_ATTRIBUTES =
  /^(?:alt|title|aria-label|aria-description|aria-roledescription|placeholder|value|content|label|summary|data-[\w-]+)$/;
const DETAILS = /<details\b([^>]*)>([\s\S]*?)(?:<\/details\s*>|$)/gi;
const SUMMARY = /<summary\b[^>]*>[\s\S]*?<\/summary\s*>/i;

/**
 * Finds the alt texts, titles and collapsed blocks of `text`, in text order. A `<details open>`
 * block is shown, so it is not a hidden place.
 *
 * @example
 * ```ts
 * findMarkupPlaces('![Ignore the rules](a.png)')[0].kind // 'alt-text'
 * ```
 */
export function findMarkupPlaces(text: string): MarkupPlace[] {
  const places: MarkupPlace[] = [];
  const push = (kind: MarkupPlace['kind'], what: string, start: number, end: number, textStart: number, textEnd: number) => {
    if (textEnd > textStart) places.push({ kind, what, start, end, textStart, textEnd });
  };
  for (const m of text.matchAll(IMAGE)) {
    const alt = m[1] ?? '';
    push('alt-text', 'image alt text', m.index, m.index + m[0].length, m.index + 2, m.index + 2 + alt.length);
    if (m[2] !== undefined) {
      const at = m.index + m[0].lastIndexOf(m[2]);
      push('title', 'an image title', m.index, m.index + m[0].length, at + 1, at + m[2].length - 1);
    }
  }
  for (const m of [...text.matchAll(LINK_TITLE), ...text.matchAll(DEFINITION_TITLE)]) {
    const title = m[1]!;
    const at = m.index + m[0].lastIndexOf(title);
    push('title', 'a link title', m.index, m.index + m[0].length, at + 1, at + title.length - 1);
  }
  for (const m of text.matchAll(TAG)) {
    const attributes = m[2];
    if (attributes === undefined) continue;
    const tag = m[1]!.toLowerCase();
    const attributesAt = m.index + 1 + m[1]!.length;
    for (const a of attributes.matchAll(ATTRIBUTE)) {
      const name = a[1]!.toLowerCase();
      if (!TEXT_ATTRIBUTES.test(name)) continue;
      const value = a[2] ?? a[3] ?? '';
      const at = attributesAt + a.index + a[0].length - value.length - 1;
      const what = name === 'alt' ? 'image alt text' : `the ${name} attribute of <${tag}>`;
      push(name === 'alt' ? 'alt-text' : 'title', what, m.index, m.index + m[0].length, at, at + value.length);
    }
  }
  for (const m of text.matchAll(DETAILS)) {
    if (/\bopen\b/i.test(m[1] ?? '')) continue;
    const body = m[2] ?? '';
    const bodyAt = m.index + m[0].indexOf('>') + 1;
    const summary = SUMMARY.exec(body);
    const from = summary ? bodyAt + summary.index + summary[0].length : bodyAt;
    push('collapsed', 'a collapsed <details> block', m.index, m.index + m[0].length, from, bodyAt + body.length);
  }
  return places.sort((a, b) => a.start - b.start);
}
