import { Lexer, type Token } from 'marked';
import { AnchorSet } from './slug.js';

/** A section as split from markdown, before article metadata is attached. */
export interface RawSection {
  /** Unique anchor within the article; empty for the text before the first heading. */
  readonly anchor: string;
  /** Heading path from the top of the article down to this section's own heading. */
  readonly headings: readonly string[];
  /** The section's markdown, without its own heading line. */
  readonly markdown: string;
  /** 1-based line (in the file) of the section's heading, or of its first text. */
  readonly line: number;
  /** Depth of the section's heading (0 for the lead section). */
  readonly depth: number;
}

/**
 * Splits an article body into sections at its headings (ATX and setext, never inside code
 * blocks). A leading `#` heading is the article's display heading: the text under it is the lead
 * section, with that heading in its heading path. Anchors are GitHub-style and unique.
 *
 * @param markdown - the body after the frontmatter
 * @param firstLine - the file line where the body starts, so section lines are file lines
 */
export function splitSections(markdown: string, firstLine = 1): RawSection[] {
  const tokens = Lexer.lex(markdown, { gfm: true });
  const anchors = new AnchorSet();
  const sections: RawSection[] = [];
  const path: { depth: number; text: string }[] = [];
  let current = { anchor: '', headings: [] as string[], parts: [] as string[], line: firstLine, depth: 0 };
  let line = firstLine;
  let sawContent = false;
  const flush = () => {
    sections.push({
      anchor: current.anchor,
      headings: current.headings,
      markdown: current.parts.join('').trim(),
      line: current.line,
      depth: current.depth,
    });
  };
  for (const token of tokens as Token[]) {
    if (token.type === 'heading') {
      const text = headingText(token);
      if (token.depth === 1 && !sawContent && sections.length === 0 && current.parts.join('').trim() === '' && path.length === 0) {
        // The article's display heading: it names the lead section rather than starting one.
        path.push({ depth: 1, text });
        current.headings = [text];
        current.line = line;
      } else {
        flush();
        while (path.length > 0 && path[path.length - 1]!.depth >= token.depth) path.pop();
        path.push({ depth: token.depth, text });
        current = { anchor: anchors.anchorFor(text), headings: path.map((p) => p.text), parts: [], line, depth: token.depth };
      }
    } else {
      if (token.type !== 'space') sawContent = true;
      current.parts.push(token.raw);
    }
    line += countNewlines(token.raw);
  }
  flush();
  return sections;
}

function headingText(token: Token): string {
  const text = 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
  return text
    .replace(/[*_`~]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
