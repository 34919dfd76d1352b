/**
 * End to end: the example product page (examples/vanilla) served on loopback under the strict
 * CSP with Trusted Types required, in real Chromium driven by puppeteer-core. A user's whole flow
 * must record zero `securitypolicyviolation` events, no page errors, and no requests but the
 * page's own files, the widget's files and the bundle's. Needs the packages built and Debian's
 * chromium (CHROME_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { serve, type RunningServer } from '@kotae/cli';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

interface Recorded {
  readonly violations: string[];
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens a page that records CSP violations (in the page, before any of its scripts), errors and every request. */
async function recordedPage(browser: Browser, url: string): Promise<{ page: Page; recorded: Recorded }> {
  const recorded: Recorded = { violations: [], errors: [], requests: [] };
  const page = await browser.newPage();
  await page.exposeFunction('__recordViolation', (v: string) => recorded.violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        (window as unknown as { __recordViolation(v: string): void }).__recordViolation(
          `${e.violatedDirective} ${e.blockedURI} ${e.sample}`,
        ),
      true,
    );
  });
  page.on('pageerror', (e) => recorded.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') recorded.errors.push(m.text());
  });
  page.on('request', (r) => recorded.requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, recorded };
}

/** Text of the deep-queried elements. */
async function texts(page: Page, selector: string): Promise<string[]> {
  const handles = await page.$$(selector);
  return Promise.all(handles.map((h) => h.evaluate((el) => el.textContent?.trim() ?? '')));
}

describe('examples/vanilla under a strict CSP', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-page-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    server = await serve({ bundleDir: join(dir, 'kb'), port: 0, page: fileURLToPath(new URL('../examples/vanilla/public', import.meta.url)) });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers in English through a whole flow with zero CSP violations and only its own requests', async () => {
    const { page, recorded } = await recordedPage(browser, server.url);
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> [role="option"] .title'), [
      'Order Issue / Manage Cancel',
      'Product Defect / Refund Status',
      'Shipping Issue / Missing Item',
      'Shipping Issue / Shipping Status',
    ]);
    await page.keyboard.type('where is my refund');
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
    const groups = await page.$$eval('kotae-help >>> kotae-help-panel >>> [role="group"] > .title', (els) => els.map((e) => e.textContent));
    assert.equal(groups[0], 'Product Defect / Refund Status');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .article h2');
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> .article h2'), ['Product Defect / Refund Status']);
    await page.click('kotae-help >>> kotae-help-panel >>> .choice:last-of-type');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .contact');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('kotae-help')!.hasAttribute('open'));
    const events = await page.$$eval('#events li', (els) => els.map((e) => e.textContent!.split(' ')[0]).reverse());
    assert.deepEqual(events, ['kotae-open', 'kotae-search', 'kotae-article', 'kotae-feedback', 'kotae-close']);

    assert.deepEqual(recorded.violations, []);
    assert.deepEqual(recorded.errors, []);
    const paths = recorded.requests.map((u) => {
      const url = new URL(u);
      assert.equal(url.origin, new URL(server.url).origin, `request to another origin: ${u}`);
      return url.pathname;
    });
    const allowed =
      /^\/(|style\.css|app\.js|favicon\.svg|widget\/[\w.-]+\.js|kb\/(manifest\.json|(index|sections|html)\.\w+\.[0-9a-f]{16}\.json))$/;
    assert.deepEqual(
      paths.filter((p) => !allowed.test(p)),
      [],
    );
    assert.ok(paths.includes('/kb/manifest.json'), 'the manifest was fetched');
    assert.ok(
      paths.some((p) => p.startsWith('/kb/sections.')),
      'a sections shard was fetched',
    );
    await page.close();
  });

  it('answers in Japanese on the Japanese page', async () => {
    const { page, recorded } = await recordedPage(browser, `${server.url}ja.html`);
    assert.equal(await page.$eval('kotae-help >>> .launcher', (b) => b.textContent?.trim()), 'ヘルプ');
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('パスワードを忘れました');
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
    const groups = await page.$$eval('kotae-help >>> kotae-help-panel >>> [role="group"] > .title', (els) => els.map((e) => e.textContent));
    assert.equal(groups[0], 'パスワードの再設定');
    assert.deepEqual(recorded.violations, []);
    assert.deepEqual(recorded.errors, []);
    await page.close();
  });
});
