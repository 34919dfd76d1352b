/**
 * End to end: `kotae dev` as a writer runs it — the built binary watching a content folder, real
 * HTTP on loopback, the preview page in real Chromium (puppeteer-core; CHROME_PATH overrides
 * /usr/bin/chromium) under the strict CSP. Saving an article reloads the page with the new text;
 * a broken article shows its problem in the page and in the terminal while the last good version
 * keeps serving. Needs the packages built.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BIN } from './support/kotae-bin.js';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];
/** Generous: a loaded CI machine is slow, and no test here asserts a time. */
const WAIT = { timeout: 90_000, polling: 100 };

const article = (id: string, title: string, body: string, extra = '') =>
  `---\nid: ${id}\ntitle: ${title}\nlocale: en\nowner: docs-team\n${extra}---\n\n# ${title}\n\n${body}\n`;

const REFUND = (text: string) =>
  article(
    'refund-timing',
    'When refunds arrive',
    `## Card refunds\n\n${text}\n\n## Store credit\n\nStore credit appears in your account at once.`,
  );

/**
 * Every text of the page, shadow roots included (the widget renders in its own). A string, not a
 * function: tsx would wrap a named inner function in a helper the page does not have.
 */
const DEEP_TEXT = `(() => {
  let text = '';
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) text += node.data;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(document.body);
  return text;
})()`;

function deepText(page: Page): Promise<string> {
  return page.evaluate(DEEP_TEXT) as Promise<string>;
}

async function waitForText(page: Page, needle: string): Promise<void> {
  await page.waitForFunction(`${DEEP_TEXT}.includes(${JSON.stringify(needle)})`, WAIT);
}

interface DevRun {
  readonly child: ChildProcess;
  readonly url: string;
  err(): string;
}

function startDev(contentDir: string): Promise<DevRun> {
  const { OPENAI_API_KEY: _k, OPENAI_BASE_URL: _b, KOTAE_MODEL: _m, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, 'dev', contentDir, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const url = /^kotae dev: (http:\S+)$/m.exec(stdout)?.[1];
      if (url && stdout.includes('watching:')) resolve({ child, url, err: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`kotae dev exited ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('close');
    child.on('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('kotae dev', () => {
  let dir: string;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-dev-'));
    await mkdir(join(dir, 'articles'), { recursive: true });
    await mkdir(join(dir, 'evals'), { recursive: true });
    await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'dev-test', defaultLocale: 'en' }));
    await writeFile(join(dir, 'articles', 'refund-timing.md'), REFUND('Card refunds reach your bank in 5 to 10 business days.'));
    await writeFile(
      join(dir, 'articles', 'reset-password.md'),
      article('reset-password', 'Reset your password', 'Open **Settings**, choose *Security* and then *Reset password*.'),
    );
    await writeFile(
      join(dir, 'evals', 'cases.jsonl'),
      `${JSON.stringify({ id: 'refund', query: 'when does my refund arrive', locale: 'en', relevant: ['refund-timing'] })}\n${JSON.stringify(
        {
          id: 'password',
          query: 'I forgot my password',
          locale: 'en',
          relevant: ['reset-password'],
        },
      )}\n`,
    );
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reloads the page with an edited article; a broken one shows its problem while the last good version keeps serving', async () => {
    const run = await startDev(dir);
    const page = await browser.newPage();
    const violations: string[] = [];
    const failed: string[] = [];
    await page.exposeFunction('__violation', (v: string) => violations.push(v));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => (window as unknown as { __violation(v: string): void }).__violation(`${e.violatedDirective} ${e.blockedURI}`),
        true,
      );
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    try {
      await page.goto(`${run.url}#article=refund-timing`, { waitUntil: 'load' });
      // The article list, the eval summary and the widget's article view.
      assert.deepEqual(
        await page.$$eval('.articles tbody tr', (rows) =>
          rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())),
        ),
        [
          ['When refunds arrivearticles/refund-timing.md', 'en', 'public', 'docs-team', 'ok'],
          ['Reset your passwordarticles/reset-password.md', 'en', 'public', 'docs-team', 'ok'],
        ],
      );
      assert.match(await page.$eval('.eval', (e) => e.textContent ?? ''), /2 cases scored \(evals\/cases\.jsonl\)/);
      await waitForText(page, 'Card refunds reach your bank in 5 to 10 business days.');

      await writeFile(join(dir, 'articles', 'refund-timing.md'), REFUND('Card refunds now reach your bank within 3 business days.'));
      await waitForText(page, 'Card refunds now reach your bank within 3 business days.');
      assert.doesNotMatch(await deepText(page), /5 to 10 business days/);
      const good = (await (await fetch(new URL('kb/manifest.json', run.url))).json()) as { version: string };

      // A broken frontmatter: the problem in the page and the terminal, the last good text served.
      await writeFile(
        join(dir, 'articles', 'refund-timing.md'),
        REFUND('This text must never be served.').replace('title: When', 'title: [When'),
      );
      await page.waitForSelector('.stale', WAIT);
      const problems = await page.$eval('.problems', (e) => e.textContent ?? '');
      assert.match(problems, /articles\/refund-timing\.md:\d+ invalid YAML frontmatter/);
      await waitForText(page, 'Card refunds now reach your bank within 3 business days.');
      assert.doesNotMatch(await deepText(page), /must never be served/);
      const kept = (await (await fetch(new URL('kb/manifest.json', run.url))).json()) as { version: string };
      assert.equal(kept.version, good.version);
      assert.match(run.err(), /articles\/refund-timing\.md:\d+: invalid YAML frontmatter/);
      assert.match(run.err(), /kept [0-9a-f]{12} \(the content has errors\); 1 error/);

      // Fixed again: served, and the problem is gone.
      await writeFile(join(dir, 'articles', 'refund-timing.md'), REFUND('Card refunds arrive in 2 business days.'));
      await waitForText(page, 'Card refunds arrive in 2 business days.');
      assert.equal(await page.$('.stale'), null);
      assert.match(await page.$eval('.problems', (e) => e.textContent ?? ''), /No problems\./);

      assert.deepEqual(violations, []);
      assert.deepEqual(failed, []);
    } catch (error) {
      throw new Error(`${String(error)}\n--- kotae dev stderr ---\n${run.err()}`, { cause: error });
    } finally {
      await page.close();
      const code = await stop(run.child);
      if (code !== 0) process.stderr.write(`kotae dev exited ${code}:\n${run.err()}\n`);
    }
  });
});
