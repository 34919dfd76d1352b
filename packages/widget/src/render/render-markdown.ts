import { miniMarkdown } from '../internal/mini-markdown.js';
import { sanitizeHtml, type SanitizeHtmlOptions } from './sanitize-html.js';

/**
 * Renders untrusted markdown (a model's answer, a host's own text) to a sanitized fragment: kotae's
 * small answer dialect (paragraphs, `#` headings, one level of `-` and `1.` lists, fenced code,
 * `` `code` ``, `**strong**`, `*em*`, `~~del~~`, `[links](https://…)`; raw HTML is escaped and
 * shows as text), then {@link sanitizeHtml}. The widget renders streamed answers with it, again
 * on the whole text after every piece. Articles do not go through here: `kotae compile` renders
 * them to HTML with marked (full GitHub-flavoured markdown) and the widget only sanitizes that.
 *
 * @example
 * ```ts
 * panel.append(renderMarkdown('See [refunds](https://help.example.com/refunds).'));
 * ```
 */
export function renderMarkdown(markdown: string, options: SanitizeHtmlOptions = {}): DocumentFragment {
  return sanitizeHtml(miniMarkdown(markdown), options);
}
