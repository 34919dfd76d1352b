// Screenshots of the `kotae dev` preview page for docs/: desktop and a 390 px phone, on a copy of
// examples/knowledge where one article's review date has passed (so the problems list shows
// one), with an article open in the widget. Run from the repository root after building:
//   node --import tsx examples/vanilla/preview-screenshots.ts
// Needs Debian's chromium (CHROME_PATH overrides) and fonts-noto-cjk.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { dev } from '@kotae/cli';

const out = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'kotae-preview-shots-'));
await cp(fileURLToPath(new URL('../knowledge', import.meta.url)), dir, { recursive: true });
// One stale article, so that the problems list has something to show.
const en = join(dir, 'articles', 'en');
// The English articles sit in one folder per topic.
const files = (await readdir(en, { recursive: true })).filter((n) => n.endsWith('.md')).sort();
const stale = join(en, files[1]!);
await writeFile(stale, (await readFile(stale, 'utf8')).replace(/^---\n/, '---\nreviewBy: 2026-06-30\n'));
const first = files[0]!;
const open = /^id: *(.*)$/m.exec(await readFile(join(en, first), 'utf8'))?.[1] ?? first.slice(0, -3);

const server = await dev({ contentDir: dir, port: 0, now: () => new Date('2026-12-07T09:00:00Z') });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--hide-scrollbars', '--font-render-hinting=none'],
});
try {
  const shots = [
    { name: 'dev-preview-desktop.png', width: 1280, height: 900, mobile: false },
    { name: 'dev-preview-phone.png', width: 390, height: 844, mobile: true },
  ];
  for (const shot of shots) {
    const page = await browser.newPage();
    await page.setViewport({
      width: shot.width,
      height: shot.height,
      deviceScaleFactor: shot.mobile ? 2 : 1,
      isMobile: shot.mobile,
      hasTouch: shot.mobile,
    });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(`${server.url}#article=${encodeURIComponent(open)}`, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(
      () => document.querySelector('kotae-help')?.shadowRoot?.querySelector('kotae-help-panel')?.shadowRoot?.querySelector('.article h2'),
      { timeout: 60_000 },
    );
    // The heading takes focus when the article opens; the screenshot shows the page at rest.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: join(out, shot.name) });
    await page.close();
    process.stderr.write(`wrote docs/images/${shot.name}\n`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
