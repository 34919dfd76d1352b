import type { Block, BlockSentence, ListBlock, ListItem } from './section-blocks.js';

const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」『』（）！？：]/u;

/** Sentences as one line: Japanese (and Chinese) sentences run on without a space, others with one. */
export function joinSentences(sentences: readonly BlockSentence[]): string {
  let out = '';
  for (const { markdown } of sentences) {
    if (out && !UNSPACED_CHAR.test(out.slice(-1)) && !UNSPACED_CHAR.test(markdown.slice(0, 1))) out += ' ';
    out += markdown;
  }
  return escapeLineStart(out);
}

/**
 * Text that starts a line as text, never as markup: `1.` or `1)` would start a numbered list, `-`
 * or `+` a bulleted one, a line of `=` or `-` a heading. (`#`, `>` and `*` are escaped anywhere.)
 */
export function escapeLineStart(line: string): string {
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2').replace(/^([-+=])(?=\s|$|[-=]*\s*$)/, '\\$1');
}

/**
 * A block as markdown lines, indented by `indent`: a list whole with its nesting (numbers kept), a
 * table or code block as it is, a paragraph as one line of its sentences.
 */
export function renderBlock(block: Block, indent = ''): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [indent + joinSentences(block.sentences.filter((s) => !s.question))];
    case 'list':
      return renderList(block, indent);
    case 'table':
    case 'code':
      return block.markdown.split('\n').map((line) => indent + line);
  }
}

/** A list, or only some of its items (by index; numbers stay those of the source). */
export function renderList(list: ListBlock, indent = '', only?: readonly number[]): string[] {
  const lines: string[] = [];
  list.items.forEach((item, i) => {
    if (only && !only.includes(i)) return;
    lines.push(...renderItem(item, list.ordered ? `${list.start + i}.` : '-', indent));
  });
  return lines;
}

function renderItem(item: ListItem, marker: string, indent: string): string[] {
  const pad = indent + ' '.repeat(marker.length + 1);
  const text = joinSentences(item.sentences.filter((s) => !s.question));
  const lines = [`${indent}${marker}${text ? ` ${text}` : ''}`];
  for (const block of item.blocks) {
    // A paragraph or code block after the item's text needs a blank line, or it would run on.
    if (block.kind !== 'list') lines.push('');
    lines.push(...renderBlock(block, pad));
  }
  return lines;
}

/** The text of a rendered block's lines, for measuring its length. */
export function blockLength(block: Block): number {
  return renderBlock(block).join('\n').length;
}
