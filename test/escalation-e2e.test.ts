/**
 * End to end: a user files an escalation from the widget on `kotae serve`'s default page, in real
 * Chromium (puppeteer-core), and it is stored (JSONL store), emailed to a real SMTP server on
 * loopback, posted to a webhook on loopback with a valid HMAC signature, and counted by
 * `kotae insights` and `kotae cases`. Needs the packages built and Debian's chromium
 * (CHROME_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { verifyEscalationSignature } from '@kotae/server';
import { readStoreRecords } from '@kotae/server/node';
import { cases, insights, serve, type RunningServer } from '@kotae/cli';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startSmtpSink } from '../packages/server/test/support/smtp-sink.js';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];
const SECRET = 'e2e-webhook-secret';

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), what);
};

describe('an escalation from the widget reaches a person', () => {
  let dir: string;
  let server: RunningServer | undefined;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
  const webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ticket":"T-1"}');
    });
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-escalation-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    smtp = await startSmtpSink();
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    server = await serve({
      bundleDir: join(dir, 'kb'),
      port: 0,
      store: join(dir, 'interactions'),
      escalations: {
        webhook: { url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/tickets`, secret: SECRET },
        email: { to: 'support@example.com', smtpUrl: smtp.url, from: 'help@example.com' },
      },
    });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    webhook.close();
    await smtp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, emails, posts (signed) and counts the escalation the user sent with the form', async () => {
    assert.match(
      server!.escalations,
      /^recorded in .*interactions; forwarded to webhook http:\/\/127\.0\.0\.1:\d+\/tickets \(HMAC-SHA256 signed\) and email to support@example\.com through smtp:\/\/127\.0\.0\.1:\d+$/,
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server!.url, { waitUntil: 'load' });
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.click('kotae-help >>> kotae-help-panel >>> input');
    await page.keyboard.type('What is the capital of France?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .contact');
    await page.click('kotae-help >>> kotae-help-panel >>> .answer .contact');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> textarea');
    const form = 'kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> ';
    assert.equal(await page.$eval(`${form}textarea`, (t) => (t as HTMLTextAreaElement).value), 'What is the capital of France?');
    await page.click(`${form}textarea`);
    await page.keyboard.type(' My phone is 090-1234-5678.');
    await page.click(`${form}#email`);
    await page.keyboard.type('hanako@example.com');
    await page.click(`${form}input[type="checkbox"]`);
    await page.click(`${form}button[type="submit"]`);
    await page.waitForSelector(`${form}p[role="status"][tabindex]`);
    assert.equal(
      await page.$eval(`${form}p[role="status"]`, (p) => p.textContent?.trim()),
      'Sent. Support will reply to hanako@example.com.',
    );
    assert.deepEqual(errors, []);

    // Emailed and posted in the background, after the 202.
    await until(() => smtp.mails.length === 1 && hooks.length === 1, 'the escalation was not emailed and posted');
    const hook = hooks[0]!;
    assert.equal(await verifyEscalationSignature(SECRET, hook.body, String(hook.headers['kotae-signature'])), true);
    const sent = JSON.parse(hook.body) as {
      id: string;
      reason: string;
      message: string;
      contact: unknown;
      conversation?: { mode: string };
    };
    assert.deepEqual(
      { reason: sent.reason, message: sent.message, contact: sent.contact, mode: sent.conversation?.mode },
      {
        reason: 'no-answer',
        message: 'What is the capital of France? My phone is [PHONE].',
        contact: { email: 'hanako@example.com' },
        mode: 'refusal',
      },
    );
    assert.match(smtp.mails[0]!.raw, /^Reply-To: hanako@example\.com/m);
    assert.match(smtp.mails[0]!.raw, /My phone is \[PHONE\]\./);
    assert.deepEqual(smtp.mails[0]!.to, ['support@example.com']);

    await server!.close();
    server = undefined;
    // Stored: the filed record and one delivery per destination, redacted.
    const stored: Record<string, unknown>[] = [];
    for await (const r of readStoreRecords(join(dir, 'interactions'))) if (r.kind === 'escalation') stored.push(r);
    assert.deepEqual(
      stored.map((r) => [r['stage'], r['destination'], r['delivered']]),
      [['filed', undefined, false], ...stored.slice(1).map((r) => ['delivery', r['destination'], true])],
    );
    assert.deepEqual(
      stored
        .slice(1)
        .map((r) => r['destination'])
        .sort(),
      ['email', 'webhook'],
    );
    assert.doesNotMatch(JSON.stringify(stored), /090-1234-5678/);

    const { report } = await insights({ store: join(dir, 'interactions') });
    assert.equal(report.resolution.overall.escalated.count, 1);
    assert.equal(report.escalations.total, 1);
    assert.equal(report.escalations.reasons['no-answer'], 1);
    assert.deepEqual(report.escalations.delivery, { delivered: 1, pending: 0, deadLettered: 0, recorded: 0 });
    assert.deepEqual(
      report.escalations.questions.map((q) => [q.query, q.count]),
      [['What is the capital of France?', 1]],
    );
    const picked = await cases({ store: join(dir, 'interactions'), out: join(dir, 'cases.jsonl') });
    assert.equal(picked.reasons.escalated, 1);
  });
});
