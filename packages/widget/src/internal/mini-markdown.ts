/**
 * The markdown of answers, to HTML: a small dialect rather than a CommonMark parser, because the
 * page pays for every byte (marked alone is ~15 KB gzip, more than the Ask flow may add) and the
 * answer service only writes this much (its prompt asks for short paragraphs or a list, no
 * headings, no images; its extractive answers are sentences, or a list of them, with `[n]`, and a
 * procedure's steps with their sub-steps nested as the article has them). The output is not safe
 * by itself and never reaches the page unsanitized: `renderMarkdown()` passes it through DOMPurify.
 *
 * Blocks (separated by blank lines): paragraphs, and `-`/`*`/`+` and `1.`/`1)` lists. A line
 * indented to an item's text (past its marker) belongs to that item: a list there nests in it
 * (any depth, ordered in unordered and the other way round; a sub-list indented less than that but
 * more than its parent's marker nests too), a paragraph after a blank line is the item's next
 * paragraph; other indented lines continue the item's text. Inline: `` `code` ``,
 * `**strong**`/`__strong__`, `*em*`/`_em_` (not inside a word, so `snake_case` stays),
 * `[text](url)` (one level of parentheses inside the URL), and backslash escapes of ASCII
 * punctuation (`\*`, `\[`: the extractive answers escape the guidance's text this way). Raw HTML is
 * not markdown here: it is escaped and shows as text. Anything else (headings, fenced or indented
 * code blocks, tables, images, block quotes, autolinks, entities) shows as the text it is.
 */
export function miniMarkdown(markdown: string): string {
  return blocks(markdown.split(/\r\n?|\n/));
}

/** A list item's marker: its indent, the marker, the spaces after it, and the text. */
const ITEM = /^( *)(?:[-*+]|(\d{1,9})[.)])( +|\t|$)(.*)/;

/** The blocks of `lines` (already stripped of the indent of the item they are in), as HTML. */
function blocks(lines: readonly string[]): string {
  let html = '';
  let paragraph: string[] = [];
  const endParagraph = (): void => {
    if (paragraph.length > 0) html += `<p>${inline(paragraph.join('\n'))}</p>`;
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const first = ITEM.exec(line);
    if (first && first[1]!.length <= 3) {
      endParagraph();
      // One list: items of the same kind, each with the lines indented under it.
      const ordered = first[2] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const match = ITEM.exec(lines[i]!);
        if (!match || match[1]!.length > 3 || (match[2] !== undefined) !== ordered) break;
        const column = match[0].length - match[4]!.length;
        const item = [match[4]!];
        i++;
        for (; i < lines.length; i++) {
          const next = lines[i]!;
          const indent = /^ */.exec(next)![0].length;
          if (next.trim() === '') {
            // A blank line stays in the item only if the item goes on after it.
            const after = lines.slice(i + 1).find((l) => l.trim() !== '');
            if (after === undefined || /^ */.exec(after)![0].length < column) break;
            item.push('');
          } else if (indent >= column) item.push(next.slice(column));
          // Less indented, but more than the marker: a sub-list written with fewer spaces (as models
          // often do), or the item's text going on.
          else if (indent > match[1]!.length) item.push(next.slice(indent));
          else break;
        }
        items.push(listItem(item));
        // Blank lines between two items of the list.
        while (i < lines.length && lines[i]!.trim() === '' && ITEM.test(lines.slice(i).find((l) => l.trim() !== '') ?? '')) i++;
      }
      html += ordered ? `<ol start="${Number(first[2])}">${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`;
    } else if (line.trim() === '') {
      endParagraph();
      i++;
    } else {
      paragraph.push(line);
      i++;
    }
  }
  endParagraph();
  return html;
}

/** One list item: its first lines as text (no paragraph of their own), then its other blocks. */
function listItem(lines: readonly string[]): string {
  const end = lines.findIndex((line) => line.trim() === '' || ITEM.test(line));
  const text = end < 0 ? lines : lines.slice(0, end);
  return `<li>${inline(text.join('\n'))}${end < 0 ? '' : blocks(lines.slice(end))}</li>`;
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
