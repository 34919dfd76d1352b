/**
 * End to end: the page `kotae serve` shows at `/` without `--page` — the preview of the bundle
 * (the widget, the article list linking to the widget's article view, the refusal thresholds) in
 * real Chromium (puppeteer-core; CHROME_PATH overrides /usr/bin/chromium) under the strict CSP,
 * in English and in Japanese, with a favicon (no 404). Needs the packages built.
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
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];

interface Recorded {
  readonly violations: string[];
  readonly errors: string[];
  readonly failed: string[];
  readonly requests: string[];
}

async function open(browser: Browser, url: string): Promise<{ page: Page; recorded: Recorded }> {
  const recorded: Recorded = { violations: [], errors: [], failed: [], requests: [] };
  const page = await browser.newPage();
  await page.exposeFunction('__violation', (v: string) => recorded.violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => (window as unknown as { __violation(v: string): void }).__violation(`${e.violatedDirective} ${e.blockedURI}`),
      true,
    );
  });
  page.on('pageerror', (e) => recorded.errors.push(String(e)));
  page.on('request', (r) => recorded.requests.push(new URL(r.url()).pathname));
  page.on('response', (r) => {
    if (r.status() >= 400) recorded.failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'networkidle0' });
  return { page, recorded };
}

describe('kotae serve preview page', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let articles: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-preview-'));
    const compiled = await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    articles = compiled.stats.articles;
    server = await serve({ bundleDir: join(dir, 'kb'), port: 0 });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every article, opens one in the widget from its link, and has a favicon', async () => {
    const { page, recorded } = await open(browser, server.url);
    assert.equal(await page.$eval('html', (h) => h.lang), 'en');
    assert.equal(await page.$eval('html', (h) => h.hasAttribute('data-live')), false, 'no live reload on kotae serve');
    const rows = await page.$$eval('.articles tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.equal(rows.length, articles);
    assert.deepEqual(await page.$$eval('.articles thead th', (ths) => ths.map((th) => th.textContent)), ['Title', 'Locale', 'Audience']);
    assert.match(await page.$eval('.problems', (e) => e.textContent ?? ''), /run kotae validate/);
    assert.match(await page.$eval('.eval', (e) => e.textContent ?? ''), /Refusal threshold/);

    // An article link opens the widget's article view, and the address keeps it.
    const link = await page.$('.articles tbody tr:last-child a');
    const title = await link!.evaluate((a) => a.textContent!);
    await link!.click();
    await page.waitForFunction(
      (t: string) =>
        document.querySelector('kotae-help')?.shadowRoot?.querySelector('kotae-help-panel')?.shadowRoot?.querySelector('.article h2')
          ?.textContent === t,
      { timeout: 60_000 },
      title,
    );
    assert.match(await page.evaluate(() => location.hash), /^#article=/);

    const favicon = await fetch(new URL('favicon.ico', server.url));
    assert.equal(favicon.status, 200);
    assert.equal(favicon.headers.get('content-type'), 'image/svg+xml');
    assert.ok(recorded.requests.includes('/_kotae/favicon.svg'), 'the page names its favicon');
    assert.deepEqual(recorded.failed, []);
    assert.deepEqual(recorded.violations, []);
    assert.deepEqual(recorded.errors, []);
    await page.close();
  });

  it('speaks Japanese with ?lang=ja', async () => {
    const { page, recorded } = await open(browser, `${server.url}?lang=ja`);
    assert.equal(await page.$eval('html', (h) => h.lang), 'ja');
    assert.deepEqual(await page.$$eval('main h2', (hs) => hs.map((h) => h.id)), [
      'widget-heading',
      'problems-heading',
      'eval-heading',
      'articles-heading',
    ]);
    assert.match(await page.$eval('#articles-heading', (h) => h.textContent ?? ''), /^記事 \d+ 件$/);
    assert.equal(await page.$eval('#widget-heading', (h) => h.textContent), 'ヘルプウィジェット');
    assert.deepEqual(recorded.failed, []);
    assert.deepEqual(recorded.violations, []);
    await page.close();
  });
});
