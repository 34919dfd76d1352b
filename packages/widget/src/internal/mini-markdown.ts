/**
 * The markdown of answers, to HTML: a small dialect rather than a CommonMark parser, because the
 * page pays for every byte (marked alone is ~15 KB gzip, more than the Ask flow may add) and the
 * answer service only writes this much (its prompt asks for short paragraphs or a list, no
 * headings, no images; its extractive answers are sentences, or a list of them, with `[n]`). The
 * output is not safe by itself and never reaches the page unsanitized: `renderMarkdown()` passes
 * it through DOMPurify.
 *
 * Blocks (separated by blank lines): paragraphs, and `-`/`*`/`+` and `1.`/`1)` lists (one level;
 * indented lines continue an item). Inline: `` `code` ``, `**strong**`/`__strong__`, `*em*`/`_em_`
 * (not inside a word, so `snake_case` stays), `[text](url)` (one level of parentheses inside the
 * URL), and backslash escapes of ASCII punctuation (`\*`, `\[`: the extractive answers escape the
 * guidance's text this way). Raw HTML is not markdown here: it is escaped and shows as text.
 * Anything else (headings, fenced or indented code blocks, tables, images, block quotes, nested
 * lists, autolinks, entities) shows as the text it is.
 */
export function miniMarkdown(markdown: string): string {
  let html = '';
  let paragraph: string[] = [];
  /** The open list: its tag and items (each item's lines). */
  let list: { tag: string; items: string[][] } | undefined;
  const flush = (): void => {
    if (paragraph.length > 0) html += `<p>${inline(paragraph.join('\n'))}</p>`;
    if (list) html += `${list.tag}${list.items.map((item) => `<li>${inline(item.join('\n'))}</li>`).join('')}</${list.tag.slice(1, 3)}>`;
    paragraph = [];
    list = undefined;
  };
  for (const line of markdown.split(/\r\n?|\n/)) {
    const match = /^ {0,3}(?:[-*+]|(\d{1,9})[.)])[ \t]+(.*)/.exec(line);
    if (match) {
      const tag = match[1] === undefined ? '<ul>' : `<ol start="${Number(match[1])}">`;
      if (paragraph.length > 0 || (list && list.tag.slice(0, 3) !== tag.slice(0, 3))) flush();
      list ??= { tag, items: [] };
      list.items.push([match[2]!]);
    } else if (line.trim() === '') {
      // A blank line ends a paragraph; a list goes on if another item (or an indented line) follows.
      if (!list) flush();
    } else if (list && /^\s/.test(line)) {
      list.items.at(-1)!.push(line.trim());
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return html;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Puts back the characters that `inline()` hid from the markup rules (`\*` became U+E02A), escaped
 * for HTML; in code spans with their backslash, which is literal there.
 */
function restore(html: string, code?: boolean): string {
  return html.replace(/[\uE021-\uE07E]/g, (c) => escape((code ? '\\' : '') + String.fromCharCode(c.charCodeAt(0) - 0xe000)));
}

/**
 * Inline markup of one block's text: backslash escapes are hidden first (as private-use
 * characters), then code spans (nothing inside them is markup), then links and emphasis.
 */
function inline(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
    .split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/)
    .map((part, i) =>
      i % 3 === 1
        ? ''
        : i % 3 === 2
          ? `<code>${restore(escape(part), true)}</code>`
          : part
              // Not after `!`: `![alt](src)` is an image, which the dialect leaves as text.
              .split(/(?<!!)\[([^\]]+)\]\(\s*((?:[^\s()]|\([^\s()]*\))+)(?:\s+"[^"]*")?\s*\)/)
              .map((piece, j, pieces) =>
                j % 3 === 2 ? '' : j % 3 === 1 ? `<a href="${restore(escape(pieces[j + 1]!))}">${emphasis(piece)}</a>` : emphasis(piece),
              )
              .join(''),
    )
    .join('');
}

function emphasis(text: string): string {
  return restore(
    escape(text)
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>')
      .replace(/\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<![\p{L}\p{N}])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}])/gu, '<em>$1$2</em>'),
  );
}
