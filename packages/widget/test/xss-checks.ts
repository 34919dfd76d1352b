/**
 * What the XSS tests assert of rendered content (the corpus through `renderMarkdown()` and
 * compiled articles, and streamed answers in the widget): no forbidden element, attribute or URL.
 * Whether a script ran is the other half: payloads push to `window.__xss` or call `alert` and
 * friends, which {@link recordScripts} replaces with recorders.
 */

declare global {
  interface Window {
    /** Sentinel that payloads push to; must stay empty. */
    __xss: unknown[];
  }
}

/** Empties `window.__xss` and makes `alert`, `confirm`, `prompt` and `print` record into it. */
export function recordScripts(): void {
  window.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      window.__xss.push(`${name}(${args.join(',')})`);
    };
  }
}

const LINK_PROTOCOLS = new Set(['https:', 'mailto:', 'tel:']);

const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
  'base',
  'meta',
  'link',
  'template',
  'noscript',
  'frame',
  'frameset',
  'applet',
  'audio',
  'video',
  'source',
  'track',
]);
const FORBIDDEN_ATTRS = new Set(['style', 'srcdoc', 'formaction', 'xlink:href', 'srcset', 'id', 'name', 'class']);
/** Every attribute the renderer may emit: the allow-list plus what its hooks add. */
const KNOWN_ATTRS = new Set([
  'href',
  'src',
  'alt',
  'title',
  'align',
  'start',
  'colspan',
  'rowspan',
  'target',
  'rel',
  'loading',
  'referrerpolicy',
]);

/**
 * Everything about `root`'s subtree that the allow-list forbids, one line each (empty when safe).
 * Images must be absolute `https:` URLs from `imageOrigins`.
 */
export function violations(root: ParentNode, imageOrigins: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (parent: ParentNode): void => {
    for (const element of parent.querySelectorAll('*')) {
      const tag = element.localName;
      if (FORBIDDEN_TAGS.has(tag)) found.push(`<${tag}> element`);
      if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`<${tag}> in ${element.namespaceURI}`);
      for (const { name, value } of element.attributes) {
        if (name.startsWith('on')) found.push(`<${tag} ${name}>`);
        if (FORBIDDEN_ATTRS.has(name)) found.push(`<${tag} ${name}>`);
        if (!KNOWN_ATTRS.has(name)) found.push(`<${tag} ${name}> not in the allow-list`);
        if (name === 'href') found.push(...linkViolations(element, value));
      }
      if (element instanceof HTMLImageElement) found.push(...imageViolations(element, imageOrigins));
      if (element.shadowRoot) {
        found.push(`<${tag}> has a shadow root`);
        walk(element.shadowRoot);
      }
      if (element instanceof HTMLTemplateElement) walk(element.content);
    }
  };
  walk(root);
  return found;
}

function linkViolations(element: Element, href: string): string[] {
  const found: string[] = [];
  const url = new URL(href, location.href);
  // A relative link (no scheme of its own) resolves against the page it's on, and this test page
  // is served over http from localhost: a relative link must stay on that origin.
  const relativeOnPage = !URL.canParse(href) && url.origin === location.origin;
  if (!LINK_PROTOCOLS.has(url.protocol) && !relativeOnPage) found.push(`href ${JSON.stringify(href)} resolves to ${url.protocol}`);
  if (element.getAttribute('target') !== '_blank') found.push(`href without target=_blank: ${element.outerHTML}`);
  if (element.getAttribute('rel') !== 'noopener noreferrer') found.push(`href without rel=noopener noreferrer: ${element.outerHTML}`);
  return found;
}

function imageViolations(image: HTMLImageElement, imageOrigins: ReadonlySet<string>): string[] {
  const src = image.getAttribute('src');
  if (src === null) return ['<img> without src'];
  if (!URL.canParse(src)) return [`<img src=${JSON.stringify(src)}> is not an absolute URL`];
  const url = new URL(src);
  return url.protocol === 'https:' && imageOrigins.has(url.origin) && url.href === src
    ? []
    : [`<img src=${JSON.stringify(src)}> is not an absolute URL from an allowed origin`];
}
