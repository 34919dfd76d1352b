import { expect } from '@open-wc/testing';
import { markdownToHtml } from '@kotae/knowledge';
import { renderMarkdown, sanitizeHtml } from '../dist/render.js';
import { xssCorpus } from './xss-corpus.js';

declare global {
  interface Window {
    /** Sentinel that payloads push to; must stay empty. */
    __xss: unknown[];
  }
}

const BASE_URL = 'https://help.example.test/bundle/manifest.json';
const CDN = 'https://cdn.example.test';
const IMAGE_ORIGINS = new Set([new URL(BASE_URL).origin, CDN]);
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

/** Everything about `root`'s subtree that the allow-list forbids, one line each (empty when safe). */
function violations(root: ParentNode): string[] {
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
      if (element instanceof HTMLImageElement) found.push(...imageViolations(element));
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

function imageViolations(image: HTMLImageElement): string[] {
  const src = image.getAttribute('src');
  if (src === null) return ['<img> without src'];
  const url = new URL(src);
  return url.protocol === 'https:' && IMAGE_ORIGINS.has(url.origin) && url.href === src
    ? []
    : [`<img src=${JSON.stringify(src)}> is not an absolute URL from an allowed origin`];
}

let container: HTMLElement;
const calls = () => window.__xss;

/**
 * The two ways markdown reaches a page: articles are rendered to HTML by `kotae compile`
 * (`markdownToHtml`) and sanitized in the widget; other markdown goes through `renderMarkdown`.
 */
const PATHS = {
  'compiled article (markdownToHtml → sanitizeHtml)': (markdown: string) =>
    sanitizeHtml(markdownToHtml(markdown), { baseUrl: BASE_URL, imageOrigins: [CDN] }),
  renderMarkdown: (markdown: string) => renderMarkdown(markdown, { baseUrl: BASE_URL, imageOrigins: [CDN] }),
};
let render = PATHS.renderMarkdown;

/** Renders into a container attached to the document, then gives handlers and loads time to run. */
async function renderAttached(markdown: string): Promise<{ before: string[]; after: string[] }> {
  const fragment = render(markdown);
  expect(fragment).to.be.instanceOf(DocumentFragment);
  const before = violations(fragment);
  container.append(fragment);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { before, after: violations(container) };
}

beforeEach(() => {
  window.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      window.__xss.push(`${name}(${args.join(',')})`);
    };
  }
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  container.remove();
});

describe('renderMarkdown', () => {
  it('has unique payload names and at least 100 payloads', () => {
    const names = Object.values(xssCorpus).flatMap((payloads) => payloads.map((payload) => payload.name));
    expect(new Set(names).size).to.equal(names.length);
    expect(names.length).to.be.at.least(100);
  });

  for (const [path, renderer] of Object.entries(PATHS)) {
    describe(`as a ${path}`, () => {
      before(() => (render = renderer));
      after(() => (render = PATHS.renderMarkdown));
      for (const [group, payloads] of Object.entries(xssCorpus)) {
        describe(`neutralizes ${group}`, () => {
          for (const payload of payloads) {
            it(payload.name, async () => {
              const { before, after } = await renderAttached(payload.markdown);
              expect(calls(), 'script ran').to.deep.equal([]);
              expect(before, 'in the fragment').to.deep.equal([]);
              expect(after, 'in the document').to.deep.equal([]);
            });
          }
        });
      }
    });
  }

  describe('keeps what markdown should produce', () => {
    it('renders paragraphs, emphasis and headings', async () => {
      await renderAttached('# Title\n\n## Sub\n\nOne *em* **strong** ~~gone~~.\n\nTwo.');
      expect(container.querySelector('h1')!.textContent).to.equal('Title');
      expect(container.querySelector('h2')!.textContent).to.equal('Sub');
      expect([...container.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(['One em strong gone.', 'Two.']);
      expect(container.querySelector('em')!.textContent).to.equal('em');
      expect(container.querySelector('strong')!.textContent).to.equal('strong');
      expect(container.querySelector('del')!.textContent).to.equal('gone');
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders ordered and unordered lists', async () => {
      await renderAttached('- a\n- b\n\n3. c\n4. d');
      expect([...container.querySelectorAll('ul > li')].map((li) => li.textContent)).to.deep.equal(['a', 'b']);
      expect([...container.querySelectorAll('ol > li')].map((li) => li.textContent)).to.deep.equal(['c', 'd']);
      expect(container.querySelector('ol')!.getAttribute('start')).to.equal('3');
    });

    it('renders GFM tables with alignment', async () => {
      await renderAttached('| Plan | Price |\n|:-----|------:|\n| Free | 0 |\n| Pro | 10 |');
      expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal(['Plan', 'Price']);
      expect([...container.querySelectorAll('tbody td')].map((td) => td.textContent)).to.deep.equal(['Free', '0', 'Pro', '10']);
      expect(container.querySelector('thead th:last-child')!.getAttribute('align')).to.equal('right');
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders code blocks and code spans with HTML kept as text', async () => {
      await renderAttached('Run `<script>x</script>`.\n\n```ts\nconst ok = 1 < 2 && "<b>";\n```');
      expect(container.querySelector('p code')!.textContent).to.equal('<script>x</script>');
      expect(container.querySelector('pre > code')!.textContent).to.equal('const ok = 1 < 2 && "<b>";\n');
      expect(container.querySelector('script, b')).to.equal(null);
    });

    it('keeps https, mailto, tel and relative links and opens them in a new tab without a referrer', async () => {
      await renderAttached(
        '[a](https://a.test/x?y=1#z) [m](mailto:help@example.com) [t](tel:+81-3-1234-5678) [r](../refunds#top) <https://b.test>',
      );
      const links = [...container.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://a.test/x?y=1#z',
        'mailto:help@example.com',
        'tel:+81-3-1234-5678',
        '../refunds#top',
        'https://b.test',
      ]);
      for (const a of links) {
        expect(a.getAttribute('target')).to.equal('_blank');
        expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      }
      expect(violations(container)).to.deep.equal([]);
    });

    it('keeps a link but drops its href when the protocol is not allowed', async () => {
      await renderAttached('[text stays](javascript:alert(1))');
      const a = container.querySelector('a');
      expect(a?.hasAttribute('href') ?? false).to.equal(false);
      expect(container.textContent?.trim()).to.equal('text stays');
    });

    it('keeps relative links on the page but refuses scheme-relative ones to another host', async () => {
      await renderAttached('[a](/help) [b](?q=1) [c](#top) [d](//evil.test/x) <a href="/\\evil.test/">e</a>');
      expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['/help', '?q=1', '#top', null, null]);
    });

    it('returns an empty fragment when a leading frameset leaves the HTML without a body', async () => {
      const fragment = render('<frameset><frame src="https://a.test"></frameset>');
      expect(fragment).to.be.instanceOf(DocumentFragment);
      expect(fragment.childNodes.length).to.equal(0);
    });

    it('keeps an image from the base origin with an absolute src, lazy loading and no referrer', async () => {
      await renderAttached('![Logo](images/logo.png "The logo")');
      const image = container.querySelector('img')!;
      expect(image.getAttribute('src')).to.equal('https://help.example.test/bundle/images/logo.png');
      expect(image.getAttribute('alt')).to.equal('Logo');
      expect(image.getAttribute('title')).to.equal('The logo');
      expect(image.getAttribute('loading')).to.equal('lazy');
      expect(image.getAttribute('referrerpolicy')).to.equal('no-referrer');
    });

    it('keeps an image from an imageOrigins origin', async () => {
      await renderAttached('![chart](https://cdn.example.test/img/chart.png)');
      expect(container.querySelector('img')!.getAttribute('src')).to.equal('https://cdn.example.test/img/chart.png');
    });

    it('drops an image from any other origin', async () => {
      await renderAttached('before ![x](https://evil.test/a.png) after');
      expect(container.querySelector('img')).to.equal(null);
      expect(container.textContent?.trim()).to.equal('before  after');
    });

    it('keeps Japanese text intact', async () => {
      const text = 'パスワードを忘れた場合は「設定」→「アカウント」から再設定できます。';
      await renderAttached(`# パスワードの再設定\n\n${text}\n\n- 日本語のリスト`);
      expect(container.querySelector('h1')!.textContent).to.equal('パスワードの再設定');
      expect(container.querySelector('p')!.textContent).to.equal(text);
      expect(container.querySelector('li')!.textContent).to.equal('日本語のリスト');
    });

    it('keeps details and summary', async () => {
      await renderAttached('<details><summary>More</summary>\n\nHidden *text*.\n\n</details>');
      expect(container.querySelector('details > summary')!.textContent).to.equal('More');
      expect(container.querySelector('details em')!.textContent).to.equal('text');
    });
  });
});
