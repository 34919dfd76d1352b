/**
 * `@kotae/widget/render`: the widget's HTML sanitizer and markdown renderer, for hosts that show
 * kotae content (or model answers) outside `<kotae-help>`. Separate from the main entry so that
 * the element does not pull in the sanitizer (DOMPurify) or the answer dialect's renderer.
 *
 * @packageDocumentation
 */

export { sanitizeHtml, type SanitizeHtmlOptions } from './render/sanitize-html.js';
export { renderMarkdown } from './render/render-markdown.js';
