import { Marked } from 'marked';

const marked = new Marked({ gfm: true, async: false });

/**
 * Renders markdown to HTML with marked (GitHub-flavoured), at compile time, so that browsers
 * showing an article need no markdown parser. The HTML is NOT sanitized: whoever puts it into a
 * page must sanitize it first (the widget's `sanitizeHtml()` does, with DOMPurify and kotae's
 * allow-list).
 *
 * @example
 * ```ts
 * markdownToHtml('Use **the form**.') // '<p>Use <strong>the form</strong>.</p>\n'
 * ```
 */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string;
}
