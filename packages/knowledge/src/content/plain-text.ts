import { Lexer, type Token } from 'marked';

/**
 * Turns markdown into the plain text a reader sees: no syntax, link texts kept, code kept, HTML
 * tags dropped. Used for indexing and for snippets.
 *
 * @example
 * ```ts
 * markdownToPlainText('Use **[the form](https://x.test)**.') // 'Use the form.'
 * ```
 */
export function markdownToPlainText(markdown: string): string {
  const out: string[] = [];
  walk(Lexer.lex(markdown, { gfm: true }), out);
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(tokens: readonly Token[], out: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        out.push('\n');
        break;
      case 'html':
        out.push(token.block ? '\n' : '');
        break;
      case 'code':
        out.push(token.text, '\n\n');
        break;
      case 'codespan':
        out.push(unescapeEntities(token.text));
        break;
      case 'br':
        out.push('\n');
        break;
      case 'hr':
        out.push('\n');
        break;
      case 'image':
        out.push(token.text);
        break;
      case 'table':
        for (const cell of token.header) walkInline(cell.tokens, out, ' ');
        out.push('\n');
        for (const row of token.rows) {
          for (const cell of row) walkInline(cell.tokens, out, ' ');
          out.push('\n');
        }
        out.push('\n');
        break;
      case 'list':
        // A nested list follows its parent item's text with no newline of its own.
        out.push('\n');
        for (const item of token.items) {
          walk(item.tokens, out);
          out.push('\n');
        }
        out.push('\n');
        break;
      default: {
        const children = (token as { tokens?: Token[] }).tokens;
        if (children) walk(children, out);
        else if ('text' in token && typeof token.text === 'string') out.push(unescapeEntities(token.text));
        if (token.type === 'paragraph' || token.type === 'heading' || token.type === 'blockquote') out.push('\n\n');
      }
    }
  }
}

function walkInline(tokens: readonly Token[], out: string[], sep: string): void {
  walk(tokens, out);
  out.push(sep);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function unescapeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}
