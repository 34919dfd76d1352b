import { expect } from '@open-wc/testing';
import { markdownToHtml } from '@kotae/knowledge';
import { renderMarkdown, sanitizeHtml } from '../dist/render.js';
import { xssCorpus } from './xss-corpus.js';
import { recordScripts, violations as violationsIn } from './xss-checks.js';

const BASE_URL = 'https://help.example.test/bundle/manifest.json';
const CDN = 'https://cdn.example.test';
const IMAGE_ORIGINS = new Set([new URL(BASE_URL).origin, CDN]);
const violations = (root: ParentNode) => violationsIn(root, IMAGE_ORIGINS);

let container: HTMLElement;
const calls = () => window.__xss;

/**
 * The two ways markdown reaches a page: articles are rendered to HTML by `kotae compile`
 * (`markdownToHtml`, marked) and sanitized in the widget; answers (and a host's own markdown) go
 * through `renderMarkdown`, kotae's answer dialect, then the same sanitizer.
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
  recordScripts();
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

  // renderMarkdown() is kotae's answer dialect (internal/mini-markdown.ts): paragraphs, nested
  // lists, code spans, strong/em, links, backslash escapes. Everything else is text.
  describe('keeps what the answer dialect should produce', () => {
    it('renders paragraphs and emphasis; headings and strikethrough are not in the dialect and stay text', async () => {
      await renderAttached('# Title\n\n## Sub\n\nOne *em* **strong** ~~kept~~.\n\nTwo.');
      expect([...container.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal([
        '# Title',
        '## Sub',
        'One em strong ~~kept~~.',
        'Two.',
      ]);
      expect(container.querySelector('h1, h2, del')).to.equal(null);
      expect(container.querySelector('em')!.textContent).to.equal('em');
      expect(container.querySelector('strong')!.textContent).to.equal('strong');
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders ordered and unordered lists', async () => {
      await renderAttached('- a\n- b\n\n3. c\n4. d');
      expect([...container.querySelectorAll('ul > li')].map((li) => li.textContent)).to.deep.equal(['a', 'b']);
      expect([...container.querySelectorAll('ol > li')].map((li) => li.textContent)).to.deep.equal(['c', 'd']);
      expect(container.querySelector('ol')!.getAttribute('start')).to.equal('3');
    });

    it('nests a sub-list in its step, as the answer service writes a procedure', async () => {
      // renderList() in @kotae/knowledge/answer: sub-items indented to the step's text.
      await renderAttached(
        'Do this:\n\n1. Open **Orders**.\n2. Choose the order:\n   - by number, or\n   - by date.\n3. Select Return.\n4. Print the label [1].',
      );
      const steps = [...container.querySelectorAll(':scope > ol > li')];
      expect(steps.map((li) => li.firstChild!.textContent)).to.deep.equal([
        'Open ',
        'Choose the order:',
        'Select Return.',
        'Print the label [1].',
      ]);
      expect(container.querySelectorAll(':scope > ol, :scope > ul').length, 'one list at the top').to.equal(1);
      expect([...steps[1]!.querySelectorAll(':scope > ul > li')].map((li) => li.textContent)).to.deep.equal(['by number, or', 'by date.']);
      expect(violations(container)).to.deep.equal([]);
    });

    it('nests two levels, ordered in unordered and the other way round, with a sub-list indented less than the text', async () => {
      await renderAttached(
        '- Sign in:\n  1. Open the app.\n  2. Tap **Sign in**:\n     - with email, or\n     - with a passkey.\n- Then pay.\n\n10. Ten\n  - short indent\n11. Eleven',
      );
      const [ul, ol] = [...container.querySelectorAll(':scope > ul, :scope > ol')];
      expect(container.querySelectorAll(':scope > ul, :scope > ol').length).to.equal(2);
      expect([...ul!.querySelectorAll(':scope > li > ol > li')].map((li) => li.firstChild!.textContent)).to.deep.equal([
        'Open the app.',
        'Tap ',
      ]);
      expect([...ul!.querySelectorAll(':scope > li > ol > li > ul > li')].map((li) => li.textContent)).to.deep.equal([
        'with email, or',
        'with a passkey.',
      ]);
      expect(ol!.getAttribute('start')).to.equal('10');
      expect([...ol!.querySelectorAll(':scope > li > ul > li')].map((li) => li.textContent)).to.deep.equal(['short indent']);
      expect(ol!.querySelectorAll(':scope > li').length).to.equal(2);
    });

    it('shows a GFM table as the text it is', async () => {
      const table = '| Plan | Price |\n|:-----|------:|\n| Free | 0 |';
      await renderAttached(table);
      expect(container.querySelector('table, th, td')).to.equal(null);
      expect(container.querySelector('p')!.textContent).to.equal(table);
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders code spans with HTML kept as text; a fence is a code span, not a block', async () => {
      await renderAttached('Run `<script>x</script>`.\n\n```ts\nconst ok = 1 < 2 && "<b>";\n```');
      const [span, fence] = [...container.querySelectorAll('p > code')];
      expect(span!.textContent).to.equal('<script>x</script>');
      expect(fence!.textContent).to.equal('ts\nconst ok = 1 < 2 && "<b>";\n');
      expect(container.querySelector('pre, script, b')).to.equal(null);
    });

    it('keeps https, mailto, tel and relative links and opens them in a new tab without a referrer; an autolink stays text', async () => {
      await renderAttached(
        '[a](https://a.test/x?y=1#z) [m](mailto:help@example.com) [t](tel:+81-3-1234-5678) [r](../refunds#top) <https://b.test>',
      );
      const links = [...container.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://a.test/x?y=1#z',
        'mailto:help@example.com',
        'tel:+81-3-1234-5678',
        '../refunds#top',
      ]);
      for (const a of links) {
        expect(a.getAttribute('target')).to.equal('_blank');
        expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      }
      expect(container.textContent).to.match(/ <https:\/\/b\.test>$/);
      expect(violations(container)).to.deep.equal([]);
    });

    it('keeps parentheses inside a link URL', async () => {
      await renderAttached('[w](https://en.wikipedia.org/wiki/Tokyo_(disambiguation)) and (aside)');
      expect(container.querySelector('a')!.getAttribute('href')).to.equal('https://en.wikipedia.org/wiki/Tokyo_(disambiguation)');
      expect(container.textContent).to.equal('w and (aside)');
    });

    it('keeps a link but drops its href when the protocol is not allowed', async () => {
      await renderAttached('[text stays](javascript:alert(1)) [data](data:text/html,hi) [vb](vbscript:msgbox(1))');
      const links = [...container.querySelectorAll('a')];
      expect(links.map((a) => a.hasAttribute('href'))).to.deep.equal([false, false, false]);
      expect(container.textContent?.trim()).to.equal('text stays data vb');
    });

    it('keeps relative links on the page but refuses scheme-relative ones to another host', async () => {
      // `\\` is an escaped backslash in markdown: [f]'s URL is `\\evil.test/`.
      await renderAttached('[a](/help) [b](?q=1) [c](#top) [d](//evil.test/x) [e](/\\evil.test/) [f](\\\\\\\\evil.test/)');
      expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
        '/help',
        '?q=1',
        '#top',
        null,
        null,
        null,
      ]);
    });

    it('shows raw HTML as text, even a leading frameset', async () => {
      await renderAttached('<frameset><frame src="https://a.test"></frameset>');
      expect(container.querySelector('frameset, frame')).to.equal(null);
      expect(container.textContent).to.equal('<frameset><frame src="https://a.test"></frameset>');
    });

    it('loads no image: ![alt](src) stays text, whatever its origin', async () => {
      const markdown = '![Logo](images/logo.png "The logo") ![x](https://evil.test/a.png) ![c](https://cdn.example.test/c.png)';
      await renderAttached(markdown);
      expect(container.querySelector('img, a')).to.equal(null);
      expect(container.textContent).to.equal(markdown);
      expect(performance.getEntriesByType('resource').filter((r) => /evil\.test|example\.test/.test(r.name))).to.deep.equal([]);
    });

    it('keeps Japanese text intact, with emphasis next to kana and no emphasis inside words', async () => {
      const text = 'パスワードを忘れた場合は「設定」→「アカウント」から再設定できます。';
      await renderAttached(`${text}\n\n- 日本語のリスト\n- **必ず**8文字以上、file_name_です`);
      expect(container.querySelector('p')!.textContent).to.equal(text);
      expect([...container.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal([
        '日本語のリスト',
        '必ず8文字以上、file_name_です',
      ]);
      expect(container.querySelector('strong')!.textContent).to.equal('必ず');
      expect(container.querySelector('em')).to.equal(null);
    });

    it('shows details and summary as text', async () => {
      await renderAttached('<details><summary>More</summary>\n\nHidden *text*.\n\n</details>');
      expect(container.querySelector('details, summary')).to.equal(null);
      expect([...container.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal([
        '<details><summary>More</summary>',
        'Hidden text.',
        '</details>',
      ]);
    });

    it('reads backslash escapes, which the extractive answers use for the guidance’s own punctuation', async () => {
      await renderAttached('\\*not em\\* \\[Verify Identity\\] a\\_b \\<b\\> `a\\*b`');
      expect(container.querySelector('em, b')).to.equal(null);
      expect(container.querySelector('p')!.textContent).to.equal('*not em* [Verify Identity] a_b <b> a\\*b');
      expect(container.querySelector('code')!.textContent).to.equal('a\\*b');
    });
  });

  // Articles keep the full markdown of marked (at compile time), so the sanitizer must keep what
  // that produces: the same checks through the article path.
  describe('keeps what a compiled article should show', () => {
    before(() => (render = PATHS['compiled article (markdownToHtml → sanitizeHtml)']));
    after(() => (render = PATHS.renderMarkdown));

    it('renders paragraphs, emphasis and headings', async () => {
      await renderAttached('# Title\n\n## Sub\n\nOne *em* **strong** ~~gone~~.\n\nTwo.');
      expect(container.querySelector('h1')!.textContent).to.equal('Title');
      expect(container.querySelector('h2')!.textContent).to.equal('Sub');
      expect([...container.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(['One em strong gone.', 'Two.']);
      expect(container.querySelector('del')!.textContent).to.equal('gone');
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders GFM tables with alignment', async () => {
      await renderAttached('| Plan | Price |\n|:-----|------:|\n| Free | 0 |\n| Pro | 10 |');
      expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal(['Plan', 'Price']);
      expect([...container.querySelectorAll('tbody td')].map((td) => td.textContent)).to.deep.equal(['Free', '0', 'Pro', '10']);
      expect(container.querySelector('thead th:last-child')!.getAttribute('align')).to.equal('right');
      expect(violations(container)).to.deep.equal([]);
    });

    it('renders code blocks with HTML kept as text', async () => {
      await renderAttached('```ts\nconst ok = 1 < 2 && "<b>";\n```');
      expect(container.querySelector('pre > code')!.textContent).to.equal('const ok = 1 < 2 && "<b>";\n');
      expect(container.querySelector('script, b')).to.equal(null);
    });

    it('keeps autolinks, and drops the href of a javascript: link', async () => {
      await renderAttached('<https://b.test> [text stays](javascript:alert(1))');
      const [auto, js] = [...container.querySelectorAll('a')];
      expect(auto!.getAttribute('href')).to.equal('https://b.test');
      expect(auto!.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(js!.hasAttribute('href')).to.equal(false);
      expect(js!.textContent).to.equal('text stays');
    });

    it('refuses a raw link that the URL parser reads as scheme-relative', async () => {
      await renderAttached('[d](//evil.test/x) <a href="/\\evil.test/">e</a>');
      expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([null, null]);
    });

    it('returns an empty fragment when a leading frameset leaves the HTML without a body', async () => {
      const fragment = render('<frameset><frame src="https://a.test"></frameset>');
      expect(fragment).to.be.instanceOf(DocumentFragment);
      expect(fragment.childNodes.length).to.equal(0);
      expect(sanitizeHtml('<frameset><frame src="https://a.test"></frameset>').childNodes.length).to.equal(0);
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

    it('keeps Japanese headings and text intact', async () => {
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
