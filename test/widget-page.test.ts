/**
 * End to end: the example product page (examples/vanilla) served on loopback under the strict
 * CSP with Trusted Types required, in real Chromium driven by puppeteer-core. A user's whole flow
 * must record zero `securitypolicyviolation` events, no page errors, and no requests but the
 * page's own files, the widget's files and the bundle's (and the answer service's, when the user
 * asks). Needs the packages built and Debian's
 * chromium (CHROME_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { MemoryInteractionStore } from '@kotae/server';
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
  const store = new MemoryInteractionStore();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-page-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    server = await serve({
      bundleDir: join(dir, 'kb'),
      port: 0,
      page: fileURLToPath(new URL('../examples/vanilla/public', import.meta.url)),
      store,
    });
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
      'Charged twice for one order',
      'Get a receipt or invoice',
      "When you'll get your refund",
      'Cancel an order',
      'Change an order you already placed',
    ]);
    await page.keyboard.type('where is my refund');
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
    const groups = await page.$$eval('kotae-help >>> kotae-help-panel >>> [role="group"] > .title', (els) => els.map((e) => e.textContent));
    assert.equal(groups[0], "When you'll get your refund");
    // The query reads as a question: Ask leads, the first result is the second row.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [part="article"] h2');
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> .article h2'), ["When you'll get your refund"]);
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

  it('asks the answer service: a streamed, cited answer, its article and feedback, with zero CSP violations and only its own requests', async () => {
    const { page, recorded } = await recordedPage(browser, server.url);
    const statuses: string[] = [];
    page.on('response', (r) => statuses.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`));
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('where is my refund');
    const ask = await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [role="option"] .ask');
    assert.equal(await ask!.evaluate((e) => e.textContent), 'Ask “where is my refund”');
    // Enter with no row chosen asks.
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> .answer h2'), ['where is my refund']);
    // The page's context (/orders/42) ranks the order and refund guidance first; the answer ends
    // with the mark of its source and cites at most two sources.
    const [answer] = await texts(page, 'kotae-help >>> kotae-help-panel >>> .answer .text');
    assert.match(answer!, /\S ?\[\d\]$/);
    const cites = await page.$$('kotae-help >>> kotae-help-panel >>> .answer .cite');
    assert.ok(cites.length >= 1 && cites.length <= 2, `${cites.length} citations`);
    const label = await cites[0]!.evaluate((c) => c.getAttribute('aria-label'));
    assert.match(label!, /^Source 1: /);

    await cites[0]!.click();
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .article:not(.answer) h2');
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> .article h2'), [label!.replace(/^Source 1: /, '')]);
    await page.click('kotae-help >>> kotae-help-panel >>> .article .back');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    await page.click('kotae-help >>> kotae-help-panel >>> .answer .choice');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback [role="status"]');
    // The page's own log shows the Ask events with their data.
    const logged = (await texts(page, '#events li')).reverse().map((line) => {
      const [name, ...json] = line.split(' ');
      return { name, detail: JSON.parse(json.join(' ')) as Record<string, unknown> };
    });
    const asked = logged.filter((e) => e.name === 'kotae-ask' || e.name === 'kotae-answer');
    assert.deepEqual(asked[0], { name: 'kotae-ask', detail: { query: 'where is my refund', locale: 'en' } });
    assert.equal(asked[1]?.name, 'kotae-answer');
    assert.equal(asked[1]?.detail.mode, 'extractive');
    assert.equal(asked[1]?.detail.grounded, true);

    // The service recorded the interaction and, from the widget's POST, its feedback.
    const records = [];
    for await (const record of store.records()) records.push(record);
    const interaction = records.find((r) => r.kind === 'interaction' && r.query === 'where is my refund');
    assert.ok(interaction && interaction.kind === 'interaction');
    assert.equal(interaction.mode, 'extractive');
    const feedback = records.find((r) => r.kind === 'feedback' && r.interactionId === interaction.id);
    assert.ok(feedback && feedback.kind === 'feedback');
    assert.deepEqual([feedback.helpful, feedback.resolved], [true, true]);
    assert.ok(statuses.includes('POST /api/kotae/v1/answer 200'), statuses.join('\n'));
    assert.ok(statuses.includes('POST /api/kotae/v1/feedback 204'), statuses.join('\n'));

    assert.deepEqual(recorded.violations, []);
    assert.deepEqual(recorded.errors, []);
    const paths = recorded.requests.map((u) => {
      const url = new URL(u);
      assert.equal(url.origin, new URL(server.url).origin, `request to another origin: ${u}`);
      return url.pathname;
    });
    const allowed =
      /^\/(|style\.css|app\.js|favicon\.svg|widget\/[\w.-]+\.js|kb\/(manifest\.json|(index|sections|html)\.\w+\.[0-9a-f]{16}\.json)|api\/kotae\/v1\/(answer|feedback))$/;
    assert.deepEqual(
      paths.filter((p) => !allowed.test(p)),
      [],
    );
    assert.ok(
      paths.some((p) => /^\/widget\/answer-view-[\w-]+\.js$/.test(p)),
      'the Ask code was loaded from its own chunk',
    );
    await page.close();
  });
});
