// Screenshots of the widget open on this page for docs/: search results in English and Japanese,
// light and dark; an article; an answer from the answer service with its citations (en, ja); and
// on phones (360×640, 390×844, touch): results, an answer, an article; the contact form (en
// desktop, ja 360 px).
// Run with `pnpm run screenshots` (builds first); needs Debian's chromium (CHROME_PATH overrides).
// KOTAE_SHOTS_OUT=<dir>/ writes them there instead of docs/images/ (to look before replacing).
import { compileContent } from '@kotae/knowledge/node';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve } from '@kotae/cli';

const out = process.env.KOTAE_SHOTS_OUT ?? fileURLToPath(new URL('../../docs/images/', import.meta.url));
const bundle = fileURLToPath(new URL('../../.tmp/demo-bundle', import.meta.url));
await compileContent(fileURLToPath(new URL('../knowledge', import.meta.url)), { out: bundle });
await mkdir(out, { recursive: true });
const server = await serve({ bundleDir: bundle, port: 0, page: fileURLToPath(new URL('./public', import.meta.url)) });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--hide-scrollbars', '--font-render-hinting=none'],
});
try {
  const shots = [
    { lang: 'en', path: '', query: 'where is my refund' },
    { lang: 'ja', path: 'ja.html', query: 'パスワードを忘れました' },
  ] as const;
  for (const { lang, path, query } of shots) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 720, deviceScaleFactor: 1 });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
      await page.click('kotae-help >>> .launcher');
      await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
      await page.keyboard.type(query);
      await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
      await page.keyboard.press('ArrowDown');
      const file = `${out}widget-${lang}-${scheme}.png`;
      await page.screenshot({ path: file as `${string}.png` });
      console.log(file);
      await page.close();
    }
  }
  // An article, opened from the results.
  {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 720, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('where is my refund');
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
    // Ask leads (the query reads as a question): the first result is the second row.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [part="article"] h2');
    const file = `${out}widget-en-article.png`;
    await page.screenshot({ path: file as `${string}.png` });
    console.log(file);
    await page.close();
  }
  // Ask: the streamed answer, complete, with its citations and sources (extractive: no key needed).
  for (const { lang, path, query } of [
    { lang: 'en', path: '', query: 'where is my refund' },
    { lang: 'ja', path: 'ja.html', query: 'パスワードを忘れました' },
  ] as const) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 720, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type(query);
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [role="option"] .ask');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    const file = `${out}widget-${lang}-answer.png`;
    await page.screenshot({ path: file as `${string}.png` });
    console.log(file);
    await page.close();
  }
  // On a phone: the panel is the screen. Results (Ask first: the query reads as a question), the
  // answer, and the article its first citation opens.
  for (const { width, height } of [
    { width: 360, height: 640 },
    { width: 390, height: 844 },
  ]) {
    const page = await browser.newPage();
    await page.emulate({
      viewport: { width, height, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36',
    });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.tap('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type('where is my refund?');
    await page.waitForFunction(() => document.querySelector('#events li')?.textContent?.startsWith('kotae-search'));
    const shot = async (state: string) => {
      const file = `${out}widget-phone-${width}-${state}.png`;
      await page.screenshot({ path: file as `${string}.png` });
      console.log(file);
    };
    await shot('results');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .answer .feedback');
    await shot('answer');
    await page.tap('kotae-help >>> kotae-help-panel >>> .answer .cite');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [part="article"] h2');
    await shot('article');
    await page.close();
  }
  // The way to a person: a refused question, Contact support, the in-widget form (en, desktop:
  // an address being corrected; ja, 360 px: sent, after the server acknowledged it).
  for (const { path, query, phone } of [
    { path: '', query: 'What is the capital of France?', phone: false },
    { path: 'ja.html', query: '明日の東京の天気は？', phone: true },
  ] as const) {
    const page = await browser.newPage();
    if (phone)
      await page.emulate({
        viewport: { width: 360, height: 640, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
        userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36',
      });
    else await page.setViewport({ width: 1000, height: 800, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    await page.click('kotae-help >>> .launcher');
    await page.waitForSelector('kotae-help >>> kotae-help-panel[status="ready"]');
    await page.keyboard.type(query);
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> [role="option"] .ask');
    await page.keyboard.press('Enter');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> .contact');
    await page.click('kotae-help >>> kotae-help-panel >>> .contact');
    await page.waitForSelector('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> #email');
    if (phone) {
      await page.type('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> #email', 'hanako@example.com');
      await page.click('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> button[type="submit"]');
      await page.waitForSelector('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> p[role="status"][tabindex]');
    } else {
      await page.type('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> #email', 'hanako@example');
      await page.click('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> button[type="submit"]');
      await page.waitForSelector('kotae-help >>> kotae-help-panel >>> kotae-contact-form >>> #email-error');
    }
    const file = `${out}widget-contact-form${phone ? '-ja-360' : ''}.png`;
    await page.screenshot({ path: file as `${string}.png` });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
