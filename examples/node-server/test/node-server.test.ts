/**
 * examples/node-server end to end: the app's plain `node:http` server with kotae mounted, on a
 * free loopback port, with an OpenAI key pointed at the fake OpenAI-compatible server. Real HTTP
 * checks the app's own routes still work and the mounts are safe; real Chromium (puppeteer-core,
 * Debian's /usr/bin/chromium or CHROME_PATH) asks through the page's widget, gets the model's
 * cited answer, and no byte the browser receives carries the key.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { compileContent } from '@kotae/knowledge/node';
import { MemoryInteractionStore, webhookDestination, type Escalation } from '@kotae/server';
import { startFakeOpenAI, type FakeOpenAI } from '../../../packages/server/test/support/fake-openai.js';
import { ORDERS, startAppServer, type RunningApp } from '../server.js';
import { startSupportInbox, type SupportInbox } from '../support-inbox.js';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];
const KEY = 'sk-test-node-server-7f3a9c0e1d2b4a68';

describe('examples/node-server', () => {
  let dir: string;
  let app: RunningApp;
  let openai: FakeOpenAI;
  let browser: Browser;
  const store = new MemoryInteractionStore();
  let inbox: SupportInbox;
  const inboxed: Escalation[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-node-server-'));
    await compileContent(fileURLToPath(new URL('../../knowledge', import.meta.url)), { out: join(dir, 'kb') });
    openai = await startFakeOpenAI({
      kind: 'stream',
      chunks: ['Open **Account › Payment**', ' and choose a new default card [1].'],
    });
    inbox = await startSupportInbox('inbox-secret', (e) => inboxed.push(e));
    app = await startAppServer({
      bundleDir: join(dir, 'kb'),
      port: 0,
      store,
      openai: { apiKey: KEY, baseURL: openai.baseURL },
      escalations: { destinations: [webhookDestination({ url: inbox.url, secret: 'inbox-secret' })] },
    });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await inbox?.close();
    await openai?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records an escalation and delivers it, signed, to the support inbox', async () => {
    const response = await fetch(new URL('api/kotae/v1/escalations', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: 'my parcel is late',
        message: 'Order A-1042 has not arrived',
        contact: { email: 'mio@example.com' },
      }),
    });
    assert.equal(response.status, 202);
    const { id } = (await response.json()) as { id: string };
    for (let i = 0; i < 200 && inboxed.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(
      inboxed.map((e) => [e.id, e.question, e.message, e.contact?.email]),
      [[id, 'my parcel is late', 'Order A-1042 has not arrived', 'mio@example.com']],
    );
    // The inbox has it; the delivery record is written once its 201 reached the service.
    const escalations = async () => {
      const list = [];
      for await (const r of store.records()) if (r.kind === 'escalation') list.push(r);
      return list;
    };
    let filed = await escalations();
    for (let i = 0; i < 200 && filed.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 25));
      filed = await escalations();
    }
    assert.deepEqual(
      filed.map((r) => [r.stage, r.delivered, r.ticket]),
      [
        ['filed', false, undefined],
        ['delivery', true, 'SUP-1'],
      ],
    );
  });

  it('keeps the app’s own routes working next to the mounts', async () => {
    const orders = await fetch(new URL('api/orders', app.url));
    assert.equal(orders.status, 200);
    assert.deepEqual(await orders.json(), { orders: ORDERS });
    const page = await fetch(app.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(await page.text(), /<kotae-help src="\/kb\/manifest.json" endpoint="\/api\/kotae"/);
    assert.match(page.headers.get('content-security-policy')!, /require-trusted-types-for 'script'; trusted-types kotae lit-html$/);
    const missing = await fetch(new URL('api/nothing', app.url));
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: { code: 'not_found', message: 'no route /api/nothing' } });

    const health = await fetch(new URL('api/kotae/v1/health', app.url));
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), {
      status: 'ok',
      bundle: {
        id: 'acme-help',
        version: JSON.parse(await readFile(join(dir, 'kb/manifest.json'), 'utf8')).version,
        locales: ['en', 'ja'],
      },
      mode: 'openai',
    });
    const manifest = await fetch(new URL('kb/manifest.json', app.url));
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('cache-control'), 'no-cache');
    const { files } = (await manifest.json()) as { files: { path: string }[] };
    const shard = await fetch(new URL(`kb/${files[0]!.path}`, app.url));
    assert.equal(shard.status, 200);
    assert.equal(shard.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const widget = await fetch(new URL('widget/kotae-help.js', app.url));
    assert.equal(widget.status, 200);
    assert.match(widget.headers.get('content-type')!, /^text\/javascript/);
  });

  it('serves nothing outside its directories, however the path is written', async () => {
    for (const path of [
      '/kb/../package.json',
      '/kb/%2e%2e/package.json',
      '/widget/..%2f..%2fpackage.json',
      '/%2e%2e/server.ts',
      '/kb/%00',
    ]) {
      const response = await fetch(app.url.slice(0, -1) + path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(await response.json(), { error: { code: 'not_found', message: 'not found' } }, path);
    }
  });

  it('answers through the page’s widget with the model, and the key never reaches the browser', async () => {
    // Every byte the server writes to any connection (headers, pages, scripts, bundle, streams).
    const sent: Buffer[] = [];
    const tap = (socket: import('node:net').Socket) => {
      const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => {
        sent.push(Buffer.from(chunk as string | Uint8Array));
        return write(chunk, ...rest);
      }) as typeof socket.write;
    };
    app.server.on('connection', tap);
    const page = await browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    const bodies: Promise<{ url: string; text: string }>[] = [];
    await page.exposeFunction('__violation', (v: string) => violations.push(v));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __violation(v: string): void }).__violation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('response', (r) => {
      const headers = JSON.stringify(r.headers());
      bodies.push(
        r.text().then(
          (text) => ({ url: r.url(), text: headers + text }),
          () => ({ url: r.url(), text: headers }),
        ),
      );
    });

    await page.goto(app.url, { waitUntil: 'load' });
    await page.waitForSelector('#orders tr');
    assert.deepEqual(
      await page.$$eval('#orders tr td:first-child', (tds) => tds.map((td) => td.textContent)),
      ORDERS.map((o) => o.id),
    );
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('how do I change my payment method');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [role="option"] .ask');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    const text = await page.$eval('kotae-help >>> kotae-help-panel >>> .answer .text', (t) => t.textContent?.trim());
    assert.equal(text, 'Open Account › Payment and choose a new default card [1].');
    const cite = await page.$eval('kotae-help >>> kotae-help-panel >>> .answer .cite', (c) => c.getAttribute('aria-label'));
    assert.match(cite!, /^Source 1: /);
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-answer'));
    const answered = JSON.parse((await page.$eval('#events li', (li) => li.textContent!)).replace(/^kotae-answer /, ''));
    assert.equal(answered.mode, 'openai');
    assert.equal(answered.grounded, true);

    // The key went to the model, from the server…
    assert.equal(openai.calls.length, 1);
    assert.equal(openai.calls[0]!.headers.authorization, `Bearer ${KEY}`);
    // …and nowhere in what the browser received: pages, scripts, bundle, the answer stream.
    const received = await Promise.all(bodies);
    const paths = received.map((b) => new URL(b.url).pathname);
    for (const path of ['/', '/app.js', '/api/orders', '/widget/kotae-help.js', '/kb/manifest.json', '/api/kotae/v1/answer']) {
      assert.ok(paths.includes(path), `${path} was received: ${paths.join(' ')}`);
    }
    for (const body of received) assert.ok(!body.text.includes(KEY.slice(3)), `the key is in ${body.url}`);
    app.server.off('connection', tap);
    const wire = Buffer.concat(sent).toString('utf8');
    assert.match(wire, /^event: done$/m, 'the answer stream is among the bytes checked');
    assert.match(wire, /"mode":"openai"/);
    assert.ok(!wire.includes(KEY.slice(3)), 'the key is in a response');
    const state = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage) + document.cookie);
    assert.ok(!state.includes(KEY.slice(3)));

    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
