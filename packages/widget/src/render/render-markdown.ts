import { Marked } from 'marked';
import { sanitizeHtml, type SanitizeHtmlOptions } from './sanitize-html.js';

const marked = new Marked({ gfm: true, async: false });

/**
 * Renders untrusted markdown (a model's answer, a host's own text) to a sanitized fragment:
 * marked (GitHub-flavoured, the same settings `kotae compile` uses for articles), then
 * {@link sanitizeHtml}. The widget itself does not load this (articles arrive as HTML rendered at
 * compile time, which saves the page a markdown parser); it is for hosts and for streamed answers.
 *
 * @example
 * ```ts
 * panel.append(renderMarkdown('See [refunds](https://help.example.com/refunds).'));
 * ```
 */
export function renderMarkdown(markdown: string, options: SanitizeHtmlOptions = {}): DocumentFragment {
  return sanitizeHtml(marked.parse(markdown) as string, options);
}
