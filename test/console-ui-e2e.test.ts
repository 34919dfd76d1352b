/**
 * End to end: the review console (`@kotae/console`) in real Chromium against a real
 * `kotae serve --console` over a JSONL store and over a real PostgreSQL (started by the test),
 * each filled through the real answer service (questions,
 * feedback, an escalation). Every screen — sign-in, queue, conversation with its scorecard,
 * insights — is checked at desktop and phone (390 px) width, in English and Japanese: axe finds
 * nothing, the page records no CSP violation and no error, nothing scrolls sideways. With
 * `KOTAE_CONSOLE_SCREENSHOTS=<dir>` each screen (of the JSONL run) is also saved there as a PNG (docs/images).
 * Needs the packages built and Debian's chromium (CHROME_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { ConsoleSessions } from '@kotae/server';
import { serve, type RunningServer } from '@kotae/cli';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import { post } from './support/store-io.js';

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
const SHOTS = process.env.KOTAE_CONSOLE_SCREENSHOTS === undefined ? undefined : resolve(process.env.KOTAE_CONSOLE_SCREENSHOTS);
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Helpers the page runs (puppeteer's evaluation: the page's CSP does not apply to it). */
const IN_PAGE = `
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);
window.__console = {
  async axe() {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(' | '));
  },
  /** Deep text of the page (through open shadow roots). */
  text(root = document.body) {
    let out = '';
    const walk = (node) => {
      if (node.nodeType === 3) out += node.textContent;
      if (node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.childNodes) walk(child);
    };
    walk(root);
    return out.replace(/\\s+/g, ' ');
  },
  /** The element that has the focus, through shadow roots. */
  focused() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? el.tagName.toLowerCase() + ':' + (el.textContent || '').trim().slice(0, 80) : '';
  },
};
`;

/** Asks the real answer service and returns the interaction id from its `done` event. */
async function ask(server: RunningServer, query: string, conversationId?: string, locale = 'en'): Promise<string> {
  const response = await post(server.url, 'answer', { query, locale, ...(conversationId ? { conversationId } : {}) });
  const events = await response.text();
  const id = /"interactionId":"([^"]+)"/.exec(events)?.[1];
  assert.ok(id, events.slice(0, 300));
  return id;
}

for (const kind of ['jsonl', 'postgres'] as const)
  describe(`the review console in Chromium (${kind} store)`, () => {
    let dir: string;
    let postgres: PostgresServer | undefined;
    const shots = kind === 'jsonl' ? SHOTS : undefined;
    let server: RunningServer;
    let browser: Browser;
    let axeSource: string;
    const sessions = new ConsoleSessions();
    const ids: Record<string, string> = {};
    const errors: string[] = [];

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kotae-console-ui-'));
      await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
      if (kind === 'postgres') postgres = await startPostgres();
      const store = postgres ? await postgres.createDatabase() : join(dir, 'store');
      server = await serve({ bundleDir: join(dir, 'kb'), port: 0, store, console: true, consoleSessions: sessions });
      // A conversation of two questions, the second thumbed down; a resolved one; one kotae cannot
      // answer, escalated; one in Japanese. Sequential: the queue's order is the order asked.
      ids.reset = await ask(server, 'How do I reset my password?', 'conv-1');
      ids.followUp = await ask(server, 'The reset email never arrives, what now?', 'conv-1');
      assert.equal(
        (await post(server.url, 'feedback', { interactionId: ids.followUp, helpful: false, resolved: false, reason: 'still no email' }))
          .status,
        204,
      );
      ids.cancel = await ask(server, 'How do I cancel ACME Plus?', 'conv-2');
      assert.equal((await post(server.url, 'feedback', { interactionId: ids.cancel, helpful: true, resolved: true })).status, 204);
      ids.unknown = await ask(server, 'Can I pay with seashells at the lunar office?', 'conv-3');
      assert.equal(
        (await post(server.url, 'escalations', { interactionId: ids.unknown, message: 'Please call me back', reason: 'no-answer' })).status,
        202,
      );
      ids.ja = await ask(server, 'パスワードを再設定するには？', 'conv-4', 'ja');
      axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
      browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
      if (shots) await mkdir(shots, { recursive: true });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      await postgres?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    /** A page at `size`, with the helpers and axe loaded before the console's own script. */
    async function open(size: { width: number; height: number }, url: string): Promise<Page> {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ ...size, deviceScaleFactor: 1, isMobile: size.width < 500, hasTouch: size.width < 500 });
      await page.evaluateOnNewDocument(`${axeSource}\n${IN_PAGE}`);
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
      });
      await page.goto(url, { waitUntil: 'networkidle0' });
      return page;
    }

    /** Signs a new browser context in as `role` through a one-time link, landing on the console. */
    async function signedIn(role: 'viewer' | 'reviewer' | 'admin', size = DESKTOP, user = `${role}@example.com`): Promise<Page> {
      const page = await open(size, `${server.endpoint}/v1/console/sign-in?token=${sessions.link(user, role)}`);
      assert.equal(new URL(page.url()).pathname, '/api/kotae/console/');
      await settle(page);
      return page;
    }

    async function settle(page: Page): Promise<void> {
      await page.waitForNetworkIdle({ idleTime: 100 });
      // Under load the data can come after the network went idle: wait for no screen to be loading.
      await page.waitForFunction(
        () => !/Loading…|読み込み中…/.test((window as unknown as { __console: { text(): string } }).__console.text()),
      );
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }

    const textOf = (page: Page) => page.evaluate('__console.text()') as Promise<string>;

    /** What every screen must be: axe clean, no CSP violation, no sideways scroll; then its screenshot. */
    async function check(page: Page, name: string): Promise<void> {
      await settle(page);
      assert.deepEqual(await page.evaluate('__console.axe()'), [], `${name}: axe`);
      assert.deepEqual(await page.evaluate('window.__csp'), [], `${name}: CSP violations`);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
      assert.ok(scroll <= inner, `${name}: the page is ${scroll} px wide in a ${inner} px viewport`);
      if (shots) await page.screenshot({ path: join(shots, `console-${name}.png`), fullPage: true });
    }

    it('says how to sign in when there is no session, at both widths', async () => {
      for (const [size, suffix] of [
        [DESKTOP, 'desktop'],
        [PHONE, 'phone'],
      ] as const) {
        const page = await open(size, `${server.endpoint}/console/`);
        await settle(page);
        const text = await textOf(page);
        assert.match(text, /Sign in to the review console/);
        assert.match(text, /kotae serve --console/);
        assert.doesNotMatch(text, /Review queue/, 'no navigation without a session');
        await check(page, `sign-in-${suffix}`);
        await page.browserContext().close();
      }
    });

    it('lands signed in from the one-time link and lists the queue, newest first', async () => {
      const page = await signedIn('admin', DESKTOP, 'ana@example.com');
      const text = await textOf(page);
      assert.match(text, /Signed in as ana@example\.com \(admin\)/);
      const questions = await page.$$eval('kotae-console >>> kotae-console-queue >>> ol.items a.question', (links) =>
        links.map((a) => a.textContent),
      );
      // As stored: the question normalized (NFKC: the full-width ？ is ?).
      assert.deepEqual(questions, [
        'パスワードを再設定するには?',
        'Can I pay with seashells at the lunar office?',
        'How do I cancel ACME Plus?',
        'The reset email never arrives, what now?',
        'How do I reset my password?',
      ]);
      assert.match(text, /The random sample is 5% of all traffic/);
      await check(page, 'queue-desktop');
      await page.browserContext().close();
    });

    it('filters the queue by signal, sorts it and reads it a page at a time', async () => {
      const page = await signedIn('reviewer');
      const queue = 'kotae-console >>> kotae-console-queue >>> ';
      const questions = () => page.$$eval(`${queue}ol.items a.question`, (links) => links.map((a) => a.textContent));
      await page.click(`${queue}input[value="thumbs-down"]`);
      await settle(page);
      assert.deepEqual(await questions(), ['The reset email never arrives, what now?']);
      assert.match(page.url(), /#\/queue\?signals=thumbs-down$/, 'the filter is in the URL');
      await page.click(`${queue}input[value="escalated"]`);
      await settle(page);
      assert.deepEqual(await questions(), ['Can I pay with seashells at the lunar office?', 'The reset email never arrives, what now?']);
      await page.click(`${queue}input[value="thumbs-down"]`);
      await page.click(`${queue}input[value="escalated"]`);
      await page.select(`${queue}select[name="sort"]`, 'oldest');
      await settle(page);
      assert.equal((await questions())[0], 'How do I reset my password?');
      // Two at a time: "More" reads the next page by its cursor and moves the focus to it.
      await page.goto(`${server.endpoint}/console/#/queue?limit=2`, { waitUntil: 'networkidle0' });
      await settle(page);
      assert.equal((await questions()).length, 2);
      assert.match(await textOf(page), /2 interactions shown; more are available/);
      await page.click(`${queue}button.more`);
      await settle(page);
      assert.equal((await questions()).length, 4);
      assert.equal(await page.evaluate('__console.focused()'), 'a:How do I cancel ACME Plus?');
      await page.click(`${queue}button.more`);
      await settle(page);
      assert.equal((await questions()).length, 5);
      assert.equal(await page.$(`${queue}button.more`), null, 'no "More" on the last page');
      await page.browserContext().close();
    });

    it('shows a conversation as the user saw it and records a scorecard with the CSRF token', async () => {
      const page = await signedIn('reviewer', DESKTOP, 'rui@example.com');
      const view = 'kotae-console >>> kotae-console-conversation >>> ';
      // By keyboard: the question's link, Enter, and the focus is on the new screen's heading.
      await page.focus(`kotae-console >>> kotae-console-queue >>> a[href="#/interactions/${ids.followUp}"]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${view}h1`);
      await settle(page);
      assert.equal(await page.evaluate('__console.focused()'), 'h1:The reset email never arrives, what now?');
      const text = await textOf(page);
      assert.match(text, /The answer as the user saw it/);
      assert.match(text, /Not helpful did not solve the problem/);
      assert.match(text, /still no email/);
      assert.match(text, /How do I reset my password\?/, 'the conversation’s other question');
      assert.match(text, /Nobody has reviewed this interaction yet/);
      // A cited section opens in place, from the compiled articles.
      const firstSource = await page.$eval(`${view}ol.sources code`, (c) => c.textContent ?? '');
      assert.match(firstSource, /#/);
      await page.click(`${view}ol.sources button`);
      await page.waitForSelector(`${view}ol.sources blockquote`);
      assert.ok((await page.$eval(`${view}ol.sources blockquote`, (b) => b.textContent ?? '')).length > 20);
      assert.equal(await page.$eval(`${view}ol.sources button`, (b) => b.getAttribute('aria-expanded')), 'true');
      await check(page, 'conversation-desktop');

      const card = `${view}kotae-console-scorecard >>> `;
      await page.click(`${card}button[type="submit"]`);
      await settle(page);
      assert.match(await page.$eval(`${card}[role="alert"]`, (p) => p.textContent ?? ''), /Choose whether it was resolved/);
      await page.click(`${card}input[name="resolved"][value="no"]`);
      await page.click(`${card}input[name="verdict"][value="partly"]`);
      await page.click(`${card}input[name="score-accuracy"][value="3"]`);
      await page.click(`${card}input[name="score-tone"][value="5"]`);
      await page.type(`${card}#note`, 'Misses the spam folder step. Mail me at rui@example.com');
      await page.type(`${card}#correction`, 'Check your spam folder, then ask for a new link.');
      await check(page, 'scorecard-desktop');
      await page.click(`${card}button[type="submit"]`);
      await page.waitForFunction(() => (window as unknown as { __console: { text(): string } }).__console.text().includes('Review saved.'));
      await settle(page);
      const after = await textOf(page);
      assert.match(after, /Partly correct not resolved by rui@example\.com/);
      assert.match(after, /Misses the spam folder step\. Mail me at \[EMAIL\]/, 'the note is stored and shown redacted');
      assert.doesNotMatch(after, /Nobody has reviewed/);

      // Through the API, as an admin: the review is in the export, and its writing is in the audit log.
      const cookie = await adminCookie();
      assert.match(
        await (await fetch(`${server.endpoint}/v1/console/reviews.jsonl`, { headers: { cookie } })).text(),
        /"verdict":"partly"/,
      );
      const { entries } = (await (await fetch(`${server.endpoint}/v1/console/audit`, { headers: { cookie } })).json()) as {
        entries: { action: string; actor: string }[];
      };
      assert.ok(entries.some((a) => a.action === 'review.create' && a.actor === 'rui@example.com'));
      await page.browserContext().close();
    });

    /** An admin session's cookie, signed in by a one-time link without a browser. */
    async function adminCookie(): Promise<string> {
      const signIn = await fetch(`${server.endpoint}/v1/console/sign-in?token=${sessions.link('audit@example.com', 'admin')}`, {
        redirect: 'manual',
      });
      return (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    }

    it('fits a phone: the queue, a conversation and the scorecard at 390 px', async () => {
      const page = await signedIn('reviewer', PHONE);
      await check(page, 'queue-phone');
      await page.goto(`${server.endpoint}/console/#/interactions/${ids.unknown}`, { waitUntil: 'networkidle0' });
      await settle(page);
      const text = await textOf(page);
      assert.match(text, /Asked for a person no answer/);
      assert.match(text, /Please call me back/);
      await check(page, 'conversation-phone');
      await page.browserContext().close();
    });

    it('gives a viewer the insights only, with reviewed resolution apart from confirmed and assumed', async () => {
      for (const [size, suffix] of [
        [DESKTOP, 'desktop'],
        [PHONE, 'phone'],
      ] as const) {
        const page = await signedIn('viewer', size);
        const text = await textOf(page);
        assert.match(text, /Insights/);
        assert.doesNotMatch(text, /Review queue/, 'a viewer has no queue');
        assert.match(text, /Reviewed resolved/);
        assert.match(text, /Confirmed resolved/);
        assert.match(text, /Assumed resolved/);
        assert.doesNotMatch(text, /Download every review/, 'a viewer cannot export reviews');
        // A viewer asking for a conversation gets the insights, not an error.
        await page.goto(`${server.endpoint}/console/#/interactions/${ids.reset}`, { waitUntil: 'networkidle0' });
        await settle(page);
        assert.match(await textOf(page), /Insights/);
        await check(page, `insights-${suffix}`);
        await page.browserContext().close();
      }
    });

    it('speaks Japanese, remembers it, and signs out', async () => {
      const page = await signedIn('admin');
      await page.click('kotae-console >>> header button[lang="ja"]');
      await settle(page);
      let text = await textOf(page);
      assert.match(text, /レビューキュー/);
      assert.match(text, /無作為サンプルは全トラフィックの 5% です/);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
      await check(page, 'queue-ja-desktop');
      await page.goto(`${server.endpoint}/console/#/interactions/${ids.ja}`, { waitUntil: 'networkidle0' });
      await settle(page);
      text = await textOf(page);
      assert.match(text, /ユーザーが見た回答/);
      assert.match(text, /あなたのレビュー/);
      await check(page, 'conversation-ja-desktop');
      await page.goto(`${server.endpoint}/console/#/insights`, { waitUntil: 'networkidle0' });
      await settle(page);
      assert.match(await textOf(page), /解決（レビュー）/);
      assert.match(await textOf(page), /すべてのレビューをダウンロード/);
      await check(page, 'insights-ja-desktop');
      await page.click('kotae-console >>> header button:not([lang])');
      await settle(page);
      text = await textOf(page);
      assert.match(text, /サインアウトしました/);
      assert.match(text, /レビューコンソールにサインイン/);
      const session = await page.evaluate(async (url) => (await fetch(url)).status, `${server.endpoint}/v1/console/session`);
      assert.equal(session, 401, 'the session is gone');
      await page.browserContext().close();
    });

    it('serves the page under the strict CSP: the script immutable, the page revalidated', async () => {
      const page = await fetch(`${server.endpoint}/console/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'.*require-trusted-types-for 'script'/);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      assert.ok(page.headers.get('etag'));
      const html = await page.text();
      const script = /src="(kotae-console-[0-9a-f]{8,}\.js)"/.exec(html)?.[1];
      assert.ok(script, html);
      assert.doesNotMatch(html, /<style|style=|<script>/, 'nothing inline');
      const js = await fetch(`${server.endpoint}/console/${script}`);
      assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal((await fetch(`${server.endpoint}/console`, { redirect: 'manual' })).headers.get('location'), '/api/kotae/console/');
      assert.equal((await fetch(`${server.endpoint}/console/nothing.js`)).status, 404);
      const plain = await serve({ bundleDir: join(dir, 'kb'), port: 0 });
      try {
        assert.equal((await fetch(`${plain.endpoint}/console/`)).status, 404, 'no console without --console');
      } finally {
        await plain.close();
      }
    });

    it('had no page errors', () => {
      assert.deepEqual(errors, []);
    });
  });
