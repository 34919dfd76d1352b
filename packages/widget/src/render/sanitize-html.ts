import createDOMPurify, { type Config } from 'dompurify';
import { kotaePolicy } from '../internal/trusted-types.js';

/** Options of {@link sanitizeHtml} (and `renderMarkdown`). */
export interface SanitizeHtmlOptions {
  /**
   * URL that relative image sources resolve against, normally the bundle's manifest URL. Images
   * are only kept when they come from this URL's origin or from {@link imageOrigins}.
   * @default the page's URL
   */
  readonly baseUrl?: string | undefined;
  /** More origins images may come from, e.g. `['https://cdn.example.com']`. @default [] */
  readonly imageOrigins?: readonly string[] | undefined;
}

/** The HTML that markdown may become; everything else is dropped (with its text, where DOMPurify keeps it). */
const ALLOWED_TAGS = [
  'a',
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  's',
  'b',
  'i',
  'kbd',
  'sub',
  'sup',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'img',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'span',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'align', 'start', 'colspan', 'rowspan'];
const LINK_PROTOCOLS = new Set(['https:', 'mailto:', 'tel:']);
/** Placeholder page that relative links resolve against, to tell them from absolute ones. */
const LINK_BASE = new URL('https://kotae.invalid/');

const purify = createDOMPurify(window);

/**
 * Sanitizes untrusted HTML (markdown rendered by marked, at compile time for articles or by
 * `renderMarkdown` in the page) into a fragment, with DOMPurify and kotae's allow-list. Links keep
 * only `https:`, `mailto:`, `tel:` and relative URLs on the same host, and open in a new tab
 * without a referrer; images only from the bundle's origin or `imageOrigins`; no `style`, no
 * event handlers, no SVG or MathML, no forms or frames. The result is a `DocumentFragment`, so it
 * reaches the page without an HTML string sink (Trusted Types safe). The only way kotae puts
 * HTML into a page.
 *
 * @example
 * ```ts
 * panel.append(sanitizeHtml('<p>See <a href="https://help.example.com/refunds">refunds</a>.</p>'));
 * ```
 */
export function sanitizeHtml(html: string, options: SanitizeHtmlOptions = {}): DocumentFragment {
  const imageBase = options.baseUrl ?? document.baseURI;
  const imageOrigins = new Set([new URL(imageBase).origin, ...(options.imageOrigins ?? [])]);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'href' && !allowedLink(data.attrValue)) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node instanceof HTMLImageElement) {
      const src = resolveImage(node.getAttribute('src'), imageBase, imageOrigins);
      if (src === undefined) node.remove();
      else {
        node.setAttribute('src', src);
        node.setAttribute('loading', 'lazy');
        node.setAttribute('referrerpolicy', 'no-referrer');
      }
    } else if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  try {
    const config: Config & { RETURN_DOM_FRAGMENT: true } = {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
      TRUSTED_TYPES_POLICY: kotaePolicy() as TrustedTypePolicy,
    };
    // DOMPurify returns null (despite its types) when the HTML has no <body> at all, which a
    // leading <frameset> causes; nothing of such input is worth keeping.
    return (purify.sanitize(html, config) as DocumentFragment | null) ?? document.createDocumentFragment();
  } finally {
    purify.removeAllHooks();
  }
}

function allowedLink(value: string): boolean {
  const absolute = parseUrl(value);
  if (absolute) return LINK_PROTOCOLS.has(absolute.protocol);
  // A relative link must stay on the page's host: a scheme-relative one (`//evil.test`, and the
  // parser's `/\evil.test` and `\\evil.test` spellings of it) takes the page's scheme to another
  // host, which is a plain-http link on an http page.
  return parseUrl(value, LINK_BASE)?.host === LINK_BASE.host;
}

function parseUrl(value: string, base?: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

function resolveImage(src: string | null, base: string, origins: ReadonlySet<string>): string | undefined {
  if (!src) return undefined;
  try {
    const url = new URL(src, base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return origins.has(url.origin) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
