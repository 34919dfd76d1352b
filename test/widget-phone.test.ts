/**
 * End to end: `<kotae-help>` on a phone. The example product page (examples/vanilla, its event log
 * and strict CSP included) served by `kotae serve` on loopback with a knowledge folder of its own
 * (a procedure, and an article of long URLs, a wide table and a code block), in real Chromium
 * driven by puppeteer-core with a phone's viewport and touch (360×640 and 390×844). In every state
 * (closed, results, nothing found, article, answer, answer error) the page does not overflow
 * sideways, the panel is the visual viewport, every control is on screen and is what a tap at its
 * centre hits, and axe finds nothing. Needs the packages built and Debian's chromium
 * (CHROME_PATH overrides /usr/bin/chromium). `KOTAE_PHONE_SHOTS=<dir>` saves a screenshot of each
 * state there.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { serve, type RunningServer } from '@kotae/cli';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--hide-scrollbars'];
const SHOTS = process.env.KOTAE_PHONE_SHOTS;
const PHONES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
] as const;

const LONG_URL = `https://example.com/${'a-very-long-path-segment-'.repeat(8)}?token=${'x'.repeat(120)}`;
const ARTICLES: Record<string, string> = {
  'refunds.md': `---
id: refunds
title: Get a refund
locale: en
tags: [refund, returns, orders]
---

# Get a refund

Refunds go back to the card you paid with within 5 business days of the return reaching us.

## Start a return

1. Open **Orders** in your account.
2. Choose the order:
   - by its number, or
   - by the date you placed it.
3. Select **Return items** and the reason.
4. Print the label and drop the parcel at any post office.
`,
  'wide.md': `---
id: wide-content
title: Download your invoices
locale: en
tags: [invoices, billing]
---

# Download your invoices

Invoices are at ${LONG_URL} once an order has shipped.

## Invoice fields

| Field | Example | Meaning | Where it comes from | Notes for accountants |
| --- | --- | --- | --- | --- |
| InvoiceNumberWithAVeryLongUnbreakableName | INV-2026-000000000000000000001 | The number | The billing system | Keep it for seven years |

## From the command line

\`\`\`
curl --header "Authorization: Bearer $TOKEN" "${LONG_URL}&format=pdf&include=lines,taxes,discounts,shipping"
\`\`\`
`,
};

/** Helpers the page runs: the deep element at a point, the panel's controls, axe. */
const IN_PAGE = `
window.__phone = {
  panel() {
    return document.querySelector('kotae-help').shadowRoot.querySelector('kotae-help-panel');
  },
  deepFromPoint(x, y) {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  },
  controls() {
    const help = document.querySelector('kotae-help');
    const root = help.shadowRoot;
    const panel = root.querySelector('kotae-help-panel');
    const all = [...root.querySelectorAll('.launcher'), ...(panel && help.open ? panel.shadowRoot.querySelectorAll('input, button, a[href], [role="option"]') : [])];
    return all.filter((el) => el.getClientRects().length > 0 && !el.closest('.sr-only'));
  },
  // Each control, brought into view in its scroller: is it inside the visual viewport, and is it
  // what a tap at its centre hits? Returns the ones that are not, described.
  unreachable() {
    const vv = visualViewport;
    const bad = [];
    for (const el of this.controls()) {
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
      if (r.left < vv.offsetLeft - 0.5 || r.right > vv.offsetLeft + vv.width + 0.5 || r.top < vv.offsetTop - 0.5 || r.bottom > vv.offsetTop + vv.height + 0.5) {
        bad.push(name + ' off-screen at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
        continue;
      }
      const hit = this.deepFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) bad.push(name + ' covered by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'));
    }
    return bad;
  },
  layout() {
    const frame = document.querySelector('kotae-help').shadowRoot.querySelector('.frame');
    const r = frame.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: innerWidth,
      visual: { x: visualViewport.offsetLeft, y: visualViewport.offsetTop, width: visualViewport.width, height: visualViewport.height },
      frame: frame.hidden ? null : { x: r.left, y: r.top, width: r.width, height: r.height },
    };
  },
  async axe() {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(' | '));
  },
};
`;

describe('<kotae-help> on a phone', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let axeSource: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-phone-'));
    await mkdir(join(dir, 'content', 'articles', 'en'), { recursive: true });
    await writeFile(join(dir, 'content', 'kotae.config.json'), JSON.stringify({ id: 'phone', defaultLocale: 'en' }));
    for (const [file, text] of Object.entries(ARTICLES)) await writeFile(join(dir, 'content', 'articles', 'en', file), text);
    await compileContent(join(dir, 'content'), { out: join(dir, 'kb') });
    server = await serve({
      bundleDir: join(dir, 'kb'),
      port: 0,
      page: fileURLToPath(new URL('../examples/vanilla/public', import.meta.url)),
    });
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A page of the example product on a phone, with the in-page helpers and axe. */
  async function phonePage(width: number, height: number): Promise<Page> {
    const page = await browser.newPage();
    await page.emulate({
      viewport: { width, height, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36',
    });
    // puppeteer's own evaluation, not a page script: the page's CSP does not apply to it.
    await page.evaluateOnNewDocument(`${axeSource}\n${IN_PAGE}`);
    await page.goto(server.url, { waitUntil: 'load' });
    return page;
  }

  const panel = 'kotae-help >>> kotae-help-panel >>> ';

  /** Asserts what every state must be at `width`: no sideways overflow, the panel on the screen, every control tappable, axe clean. */
  async function checkState(page: Page, state: string, width: number, height: number): Promise<void> {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const layout = (await page.evaluate('__phone.layout()')) as {
      scrollWidth: number;
      innerWidth: number;
      visual: { x: number; y: number; width: number; height: number };
      frame: { x: number; y: number; width: number; height: number } | null;
    };
    assert.equal(layout.innerWidth, width, `${state}: the layout viewport stays ${width} px wide`);
    assert.ok(layout.scrollWidth <= layout.innerWidth, `${state}: the page is ${layout.scrollWidth} px wide at ${width} px`);
    if (layout.frame) {
      const { visual, frame } = layout;
      assert.deepEqual(
        [frame.x, frame.y, frame.width, frame.height].map(Math.round),
        [visual.x, visual.y, visual.width, visual.height].map(Math.round),
        `${state}: the panel is the screen`,
      );
      assert.equal(layout.visual.height, height);
    }
    assert.deepEqual(await page.evaluate('__phone.unreachable()'), [], `${state}: every control is on screen and tappable`);
    assert.deepEqual(await page.evaluate('__phone.axe()'), [], `${state}: axe`);
    if (SHOTS) {
      await mkdir(SHOTS, { recursive: true });
      await page.evaluate(`__phone.panel()?.shadowRoot.querySelector('.body')?.scrollTo(0, 0)`);
      await page.screenshot({ path: join(SHOTS, `phone-${width}-${state}.png`) as `${string}.png` });
    }
  }

  /** Types into the search field as a user does, and waits until the search settled (the page logs its `kotae-search`). */
  async function type(page: Page, text: string): Promise<void> {
    await page.$eval(`${panel}input`, (input) => ((input as HTMLInputElement).value = ''));
    await page.type(`${panel}input`, text);
    const logged = `kotae-search ${JSON.stringify({ query: text.trim() }).slice(0, -1)}`;
    await page.waitForFunction((line) => document.querySelector('#events li')?.textContent?.startsWith(line), {}, logged);
  }

  for (const { width, height } of PHONES) {
    it(`works at ${width}×${height} with touch: closed, results, nothing found, article, answer, answer error`, async () => {
      const page = await phonePage(width, height);
      await checkState(page, 'closed', width, height);

      // The page behind is scrolled; opening locks it there, closing gives it back.
      await page.evaluate(() => window.scrollTo(0, 120));
      const scrolled = await page.evaluate(() => window.scrollY);
      await page.tap('kotae-help >>> .launcher');
      await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'hidden');

      await type(page, 'refund');
      await checkState(page, 'results', width, height);

      await page.$eval(`${panel}input`, (input) => ((input as HTMLInputElement).value = ''));
      await page.type(`${panel}input`, 'zqxjv');
      await page.waitForSelector(`${panel}p.empty`);
      await checkState(page, 'empty', width, height);

      await type(page, 'invoices ');
      await page.tap(`${panel}[role="group"] [role="option"]`);
      await page.waitForSelector(`${panel}.article h2`);
      await checkState(page, 'article', width, height);

      await type(page, 'how do I start a return?');
      assert.ok(await page.$(`${panel}.ask-first`), 'a question puts Ask first');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${panel}.answer .feedback`);
      await checkState(page, 'answer', width, height);
      // The procedure's sub-list is inside its step.
      assert.equal(await page.$$eval(`${panel}.answer .text ol > li > ul > li`, (items) => items.length), 2);
      // A citation is what a tap on it hits, and opens its article.
      await page.tap(`${panel}.answer .cite`);
      await page.waitForSelector(`${panel}[part="article"] h2`);
      assert.equal(await page.$eval(`${panel}[part="article"] h2`, (h) => h.textContent), 'Get a refund');

      await page.setRequestInterception(true);
      page.on('request', (request) =>
        request.url().endsWith('/v1/answer') ? void request.respond({ status: 503, body: 'down' }) : void request.continue(),
      );
      await type(page, 'where is my refund?');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${panel}.answer .note`);
      await checkState(page, 'error', width, height);

      await page.tap(`${panel}.close`);
      await page.waitForFunction(() => !document.querySelector('kotae-help')!.hasAttribute('open'));
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'visible');
      assert.equal(await page.evaluate(() => window.scrollY), scrolled);
      await checkState(page, 'closed-again', width, height);
      await page.close();
    });
  }

  it('keeps the panel on the screen when the host page is wider than the screen, and above the on-screen keyboard', async () => {
    const { width, height } = PHONES[0];
    const page = await phonePage(width, height);
    // A host page element wider than the phone grows the layout viewport past the screen.
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.textContent = 'wide';
      wide.style.width = '900px';
      document.body.prepend(wide);
    });
    await page.tap('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    const layout = (await page.evaluate('__phone.layout()')) as { innerWidth: number; frame: { x: number; width: number } };
    assert.ok(layout.innerWidth > width, 'the host page did widen the layout viewport');
    assert.deepEqual([Math.round(layout.frame.x), Math.round(layout.frame.width)], [0, width]);
    assert.deepEqual(await page.evaluate('__phone.unreachable()'), []);

    // The on-screen keyboard shrinks the viewport: the panel follows, the search field and ✕ stay on it.
    await page.setViewport({ width, height: 300, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.waitForFunction(() => visualViewport!.height === 300);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const shrunk = (await page.evaluate('__phone.layout()')) as { frame: { y: number; height: number } };
    assert.deepEqual([Math.round(shrunk.frame.y), Math.round(shrunk.frame.height)], [0, 300]);
    assert.deepEqual(await page.evaluate('__phone.unreachable()'), []);
    await page.close();
  });
});
