/**
 * End to end: `<kotae-help>` in real Chromium (puppeteer-core) against a real `kotae serve` of a
 * publish target. The user opens the panel and searches; a new version is published with the
 * `kotae` binary; the user closes and reopens the panel and the search finds the new content —
 * no page reload, no server restart. A reopen without a publish reloads nothing but the
 * manifest's revalidation, and a published version whose shard was tampered with is refused (the
 * old one stays in use; a fresh page shows the error state). Needs the packages built and
 * Debian's chromium (CHROME_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileContent, publishBundle } from '@kotae/knowledge/node';
import { serve, type RunningServer } from '@kotae/cli';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { kotae } from './support/kotae-bin.js';

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

const ARTICLES: Record<string, string> = {
  'refunds.md': '---\nid: refunds\ntitle: Refunds\n---\nRefunds reach your card within five business days.\n',
  'shipping.md': '---\nid: shipping\ntitle: Shipping times\n---\nOrders ship within two days.\n',
};
const V2 = { ...ARTICLES, 'flamingo.md': '---\nid: flamingo\ntitle: Feeding the flamingo\n---\nFeed the flamingo shrimp pellets.\n' };
const V3 = { ...V2, 'pelican.md': '---\nid: pelican\ntitle: Feeding the pelican\n---\nFeed the pelican and the flamingo fish.\n' };

const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Publish test</title><script type="module" src="/widget/kotae-help.js"></script></head>
  <body><kotae-help src="/kb/manifest.json"></kotae-help></body>
</html>
`;

async function compiled(root: string, name: string, files: Record<string, string>, at: string): Promise<string> {
  const content = join(root, `${name}-content`);
  await mkdir(content, { recursive: true });
  for (const [path, text] of Object.entries(files)) await writeFile(join(content, path), text);
  await compileContent(content, { out: join(root, name), now: () => new Date(at) });
  return join(root, name);
}

const GROUPS = 'kotae-help >>> kotae-help-panel >>> [role="group"] > .title';
const groupTitles = (page: Page) => page.$$eval(GROUPS, (els) => els.map((e) => e.textContent ?? ''));

/** Waits until the panel's result groups are exactly `titles` (the search reran after a refresh). */
async function waitForTitles(page: Page, titles: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (want: string) => {
      const panel = document.querySelector('kotae-help')?.shadowRoot?.querySelector('kotae-help-panel');
      const got = [...(panel?.shadowRoot?.querySelectorAll('[role="group"] > .title') ?? [])].map((e) => e.textContent ?? '');
      return JSON.stringify(got) === want;
    },
    { timeout: 20_000 },
    JSON.stringify(titles),
  );
}

async function reopen(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('kotae-help')!.hasAttribute('open'));
  await page.click('kotae-help >>> .launcher');
  await page.waitForFunction(() => document.querySelector('kotae-help')!.hasAttribute('open'));
}

describe('<kotae-help> and kotae publish', () => {
  let root: string;
  let target: string;
  let server: RunningServer;
  let browser: Browser;
  let v2: string;
  let v3: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kotae-widget-publish-'));
    const v1 = await compiled(root, 'v1', ARTICLES, '2026-01-01T00:00:00Z');
    v2 = await compiled(root, 'v2', V2, '2026-02-01T00:00:00Z');
    v3 = await compiled(root, 'v3', V3, '2026-03-01T00:00:00Z');
    target = join(root, 'site-kb');
    await publishBundle(v1, { to: target });
    await mkdir(join(root, 'page'));
    await writeFile(join(root, 'page', 'index.html'), PAGE);
    server = await serve({ bundleDir: target, port: 0, page: join(root, 'page') });
    browser = await puppeteer.launch({ executablePath: CHROME, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('finds newly published content when the panel is reopened, and refuses a tampered version', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(server.url, { waitUntil: 'load' });
    await page.evaluate(() => {
      const w = window as unknown as { kotaeErrors: string[] };
      w.kotaeErrors = [];
      document.querySelector('kotae-help')!.addEventListener('kotae-error', (e) => {
        const event = e as Event & { phase: string; error: Error };
        w.kotaeErrors.push(`${event.phase}: ${event.error.message}`);
      });
    });

    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('feeding');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .empty');
    assert.deepEqual(await groupTitles(page), [], 'version 1 has nothing about feeding');

    // A reopen with nothing new published revalidates the manifest and loads no shard.
    const before = requests.length;
    const revalidated = page.waitForResponse((r) => new URL(r.url()).pathname === '/kb/manifest.json');
    await reopen(page);
    await revalidated;
    const published = await kotae(['publish', v2, '--to', target]);
    assert.equal(published.code, 0, published.stderr);
    await reopen(page);
    await waitForTitles(page, ['Feeding the flamingo']);
    const manifests = requests.filter((p) => p === '/kb/manifest.json').length;
    assert.equal(manifests, 3, `the manifest was fetched on the first open and on each reopen: ${requests.join(' ')}`);
    const v2Shards = (JSON.parse(await readFile(join(v2, 'manifest.json'), 'utf8')) as { files: { path: string; role: string }[] }).files;
    const between = requests.slice(before);
    const firstReopen = between.slice(0, between.indexOf('/kb/manifest.json', between.indexOf('/kb/manifest.json') + 1));
    assert.deepEqual(
      firstReopen.filter((p) => p.startsWith('/kb/')),
      ['/kb/manifest.json'],
      'nothing but the manifest when the version did not change',
    );
    assert.ok(
      v2Shards.filter((f) => f.role !== 'html').every((f) => requests.includes(`/kb/${f.path}`)),
      'the new index and sections shards were fetched',
    );

    // Version 3 is published, then one of its new shards is damaged on the server.
    const v3Manifest = JSON.parse(await readFile(join(v3, 'manifest.json'), 'utf8')) as { files: { path: string; role: string }[] };
    const shard = v3Manifest.files.find((f) => f.role === 'sections')!.path;
    assert.ok(!v2Shards.some((f) => f.path === shard), 'the sections shard is new in version 3');
    assert.equal((await kotae(['publish', v3, '--to', target])).code, 0);
    await writeFile(join(target, shard), (await readFile(join(target, shard), 'utf8')).replace('pelican', 'pelicam'));
    await reopen(page);
    await page.waitForFunction(() => (window as unknown as { kotaeErrors: string[] }).kotaeErrors.length > 0, { timeout: 20_000 });
    const reported = await page.evaluate(() => (window as unknown as { kotaeErrors: string[] }).kotaeErrors);
    assert.match(
      reported[0]!,
      new RegExp(`^load: bundle file "${shard.replace(/\./g, '\\.')}" has sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$`),
    );
    assert.deepEqual(await groupTitles(page), ['Feeding the flamingo'], 'version 2 stays in use');
    assert.equal(await page.$eval('kotae-help >>> kotae-help-panel', (p) => p.getAttribute('status')), 'ready');
    assert.deepEqual(errors, []);
    await page.close();

    // A page loaded now gets the tampered version and refuses it.
    const fresh = await browser.newPage();
    await fresh.goto(server.url, { waitUntil: 'load' });
    await fresh.click('kotae-help >>> .launcher');
    await fresh.waitForSelector('kotae-help >>> kotae-help-panel[status="error"]', { timeout: 20_000 });
    // Once the shard is repaired, reopening the panel loads the bundle again.
    await writeFile(join(target, shard), await readFile(join(v3, shard)));
    await reopen(fresh);
    await fresh.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]', { timeout: 20_000 });
    await fresh.keyboard.type('pelican');
    await waitForTitles(fresh, ['Feeding the pelican']);
    await fresh.close();
  });
});
