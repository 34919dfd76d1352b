import { miniMarkdown } from '../internal/mini-markdown.js';
import { sanitizeHtml, type SanitizeHtmlOptions } from './sanitize-html.js';

/**
 * Renders untrusted markdown (a model's answer, a host's own text) to a sanitized fragment: kotae's
 * small answer dialect (paragraphs, one level of `-` and `1.` lists, `` `code` ``, `**strong**`,
 * `*em*`, `[links](https://…)`, backslash escapes; raw HTML, headings, code blocks, tables and
 * images show as the text they are), then {@link sanitizeHtml}. The widget renders streamed
 * answers with it, again on the whole text after every piece. Articles do not go through here:
 * `kotae compile` renders them to HTML with marked (full GitHub-flavoured markdown) and the widget
 * only sanitizes that; for full markdown of your own, do the same (`markdownToHtml` from
 * `@kotae/knowledge`, then {@link sanitizeHtml}).
 *
 * @example
 * ```ts
 * panel.append(renderMarkdown('See [refunds](https://help.example.com/refunds).'));
 * ```
 */
export function renderMarkdown(markdown: string, options: SanitizeHtmlOptions = {}): DocumentFragment {
  return sanitizeHtml(miniMarkdown(markdown), options);
}
