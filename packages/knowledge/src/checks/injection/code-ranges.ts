/**
 * Where the code is in a markdown text (fenced and indented blocks, code spans), found with the
 * markdown lexer kotae uses, so checks can tell an HTML example from markup.
 */
import { Lexer, type Token } from 'marked';

/** A half-open range of offsets, `[start, end)`. */
export type Range = readonly [start: number, end: number];

/**
 * The ranges of code blocks and code spans in `markdown`, in order. Each token's raw text is
 * found in the source from where the previous one ended, so offsets are the source's.
 *
 * @example
 * ```ts
 * codeRanges('Use `<b hidden>`.') // [[4, 15]]
 * ```
 */
export function codeRanges(markdown: string): Range[] {
  const ranges: Array<[number, number]> = [];
  if (!/`|~~~|\n {4}|\n\t/.test(markdown)) return ranges;
  let tokens: Token[];
  try {
    tokens = Lexer.lex(markdown, { gfm: true });
  } catch {
    return ranges;
  }
  const walk = (list: readonly Token[], from: number): void => {
    let at = from;
    for (const token of list) {
      const start = markdown.indexOf(token.raw, at);
      if (start < 0) continue;
      const end = start + token.raw.length;
      if (token.type === 'code' || token.type === 'codespan') ranges.push([start, end]);
      else {
        const children = childTokens(token);
        if (children.length > 0) walk(children, start);
      }
      at = end;
    }
  };
  walk(tokens, 0);
  return ranges;
}

function childTokens(token: Token): Token[] {
  const t = token as {
    tokens?: Token[];
    items?: Array<{ tokens?: Token[] }>;
    header?: Array<{ tokens: Token[] }>;
    rows?: Array<Array<{ tokens: Token[] }>>;
  };
  const out: Token[] = [...(t.tokens ?? [])];
  for (const item of t.items ?? []) out.push(...(item.tokens ?? []));
  for (const cell of t.header ?? []) out.push(...cell.tokens);
  for (const row of t.rows ?? []) for (const cell of row) out.push(...cell.tokens);
  return out;
}

/** Whether `offset` is inside one of `ranges` (in any order). */
export function inRanges(ranges: readonly Range[], offset: number): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}
