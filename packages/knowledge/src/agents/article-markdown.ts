/** What {@link articleMarkdown} needs of a section: its heading path and its markdown. */
export interface MarkdownSection {
  /** Empty for the lead section (the text before the first heading). */
  readonly anchor: string;
  /** The heading path from the article's top to the section. */
  readonly headings: readonly string[];
  /** The section's markdown, without its heading line (comments and hidden text already removed). */
  readonly text: string;
}

/**
 * An article as one markdown document, rebuilt from its sections: `# <title>`, the lead text,
 * then each section under its heading. This is what `kotae compile` writes as
 * `articles/<locale>/<id>.md` and what the MCP tool `get_article` returns, so an agent reads the
 * same text either way, and it is what a model reads in an answer: HTML comments, hidden
 * elements and invisible characters are not in a section's text.
 *
 * Heading levels follow the heading path: the title is level 1, a section one level under it is
 * 2, and so on (at most 6). A leading `#` heading in the body (the article's display heading)
 * gives way to the title.
 *
 * @example
 * ```ts
 * articleMarkdown('Reset your password', [
 *   { anchor: '', headings: [], text: 'Open Settings.' },
 *   { anchor: 'by-email', headings: ['By email'], text: 'We send a link.' },
 * ])
 * // '# Reset your password\n\nOpen Settings.\n\n## By email\n\nWe send a link.\n'
 * ```
 */
export function articleMarkdown(title: string, sections: readonly MarkdownSection[]): string {
  const offset = displayHeadingOffset(sections);
  const parts = [`# ${title.trim()}`];
  for (const section of sections) {
    const depth = section.headings.length - offset;
    if (section.anchor !== '' && depth > 0) parts.push(`${'#'.repeat(Math.min(6, depth + 1))} ${section.headings.at(-1)}`);
    if (section.text.trim()) parts.push(section.text.trim());
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * 1 when the article's sections all sit under one display heading (a leading `#` heading, first
 * in every heading path), else 0.
 */
function displayHeadingOffset(sections: readonly MarkdownSection[]): number {
  const lead = sections.find((s) => s.anchor === '');
  if (lead) return lead.headings.length > 0 ? 1 : 0;
  const first = sections[0]?.headings[0];
  return first !== undefined && sections.every((s) => s.headings.length >= 2 && s.headings[0] === first) ? 1 : 0;
}
