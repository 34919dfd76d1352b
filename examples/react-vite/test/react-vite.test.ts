/**
 * examples/react-vite end to end: `vite build` the app, compile examples/knowledge, start the
 * app's server on a free loopback port and drive the page in real Chromium (Debian's
 * /usr/bin/chromium; CHROME_PATH overrides it) through puppeteer-core. The React component must
 * receive the widget's typed events, pass the route as the widget's context, and handle
 * "Contact support" itself; the page runs under the strict CSP with zero violations.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { compileContent } from '@kotae/knowledge/node';
import { MemoryInteractionStore } from '@kotae/server';
import { startAppServer, type RunningApp } from '../app-server.js';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];
const root = fileURLToPath(new URL('..', import.meta.url));

/** Text of the deep-queried elements. */
async function texts(page: Page, selector: string): Promise<string[]> {
  const handles = await page.$$(selector);
  return Promise.all(handles.map((h) => h.evaluate((el) => el.textContent?.trim() ?? '')));
}

describe('examples/react-vite', () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;
  const store = new MemoryInteractionStore();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-react-vite-'));
    await build({ root, logLevel: 'error', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
    await compileContent(fileURLToPath(new URL('../../knowledge', import.meta.url)), { out: join(dir, 'kb') });
    app = await startAppServer({ bundleDir: join(dir, 'kb'), appDir: join(dir, 'dist'), port: 0, store });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks from a React page: a cited answer, the typed events in the component, the route as context, its own contact flow', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    await page.exposeFunction('__violation', (v: string) => violations.push(v));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __violation(v: string): void }).__violation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    const opened: string[] = [];
    browser.on('targetcreated', (t) => void (t.type() === 'page' && opened.push(t.url())));

    await page.goto(new URL('account/security', app.url).href, { waitUntil: 'load' });
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Security');
    assert.equal(await page.$eval('kotae-help', (h) => h.context), '/account/security');

    // The route is the context: the security page suggests the two-step verification guidance.
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    const security = await texts(page, 'kotae-help >>> kotae-help-panel >>> [role="option"] .title');
    assert.deepEqual(security, ["Can't get your verification code", 'Turn on two-step verification']);
    await page.keyboard.press('Escape');

    // A client-side navigation changes the context, and the suggestions with it.
    await page.click('nav a[href="/account/payment"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Payment methods');
    assert.equal(await page.$eval('kotae-help', (h) => h.context), '/account/payment');
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.waitForFunction(() => {
      const panel = document.querySelector('kotae-help')?.shadowRoot?.querySelector('kotae-help-panel');
      return panel?.shadowRoot?.querySelector('[role="option"] .title')?.textContent === 'Charged twice for one order';
    });
    assert.deepEqual(await texts(page, 'kotae-help >>> kotae-help-panel >>> [role="option"] .title'), [
      'Charged twice for one order',
      'Add, change or remove a payment method',
      "A charge you don't recognize",
    ]);

    // Ask: a streamed answer whose every passage cites a source.
    await page.keyboard.type('how do I change my payment method');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [role="option"] .ask');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    // The answer ends with the mark of the source it came from, and cites at most two sources.
    const [answer] = await texts(page, 'kotae-help >>> kotae-help-panel >>> .answer .text');
    assert.match(answer!, /\S ?\[\d\]$/);
    const cites = await page.$$('kotae-help >>> kotae-help-panel >>> .answer .cite');
    assert.ok(cites.length >= 1 && cites.length <= 2, `${cites.length} citations`);

    // The React component got kotae-ask and kotae-answer with their typed properties.
    const records = [];
    for await (const record of store.records()) records.push(record);
    const interaction = records.find((r) => r.kind === 'interaction');
    assert.ok(interaction && interaction.kind === 'interaction');
    assert.equal(interaction.query, 'how do I change my payment method');
    assert.equal(interaction.context, '/account/payment');
    await page.waitForFunction(() => document.querySelectorAll('#activity li').length >= 2);
    assert.deepEqual((await texts(page, '#activity li')).reverse(), [
      'ask en how do I change my payment method',
      `answer extractive grounded=true ${interaction.id}`,
    ]);

    // "No" → Contact support: the component cancels kotae-request-escalate, closes the panel and
    // opens its own form, which says sent only once the answer service acknowledged it.
    await page.click('kotae-help >>> kotae-help-panel >>> .answer .choice:last-of-type');
    await page.click('kotae-help >>> kotae-help-panel >>> .contact');
    await page.waitForSelector('.support form');
    await page.waitForFunction(() => !document.querySelector('kotae-help')!.hasAttribute('open'));
    assert.equal(await page.$eval('.support textarea', (t) => (t as HTMLTextAreaElement).value), 'how do I change my payment method');
    assert.equal((await texts(page, '#activity li'))[0], 'escalate how do I change my payment method');
    assert.deepEqual(opened, [], 'the escalate-url (/support) was not opened');
    await page.click('.support button[type="submit"]');
    await page.waitForSelector('.support > p[role="status"]');
    assert.equal(await page.$eval('.support > p[role="status"]', (p) => p.textContent), 'Sent. We will reply to mio.tanaka@example.com.');
    const filed = [];
    for await (const r of store.records()) if (r.kind === 'escalation') filed.push(r);
    assert.deepEqual(
      filed.map((r) => [r.interactionId, r.reason, r.attachConversation, r.contact?.email]),
      [[interaction.id, 'other', true, 'mio.tanaka@example.com']],
    );

    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
