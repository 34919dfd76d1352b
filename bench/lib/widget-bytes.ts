/**
 * Bytes on the wire for the widget's searches, in real Chromium (puppeteer-core; CHROME_PATH
 * overrides /usr/bin/chromium): an inline `<kotae-help>` (the embed build, packages/widget/dist/cdn)
 * on a page served over loopback with gzip (level 6, as most servers and CDNs compress), over a
 * scaled corpus's bundle. The server counts what it sends: each response's body as sent (gzip
 * when the browser accepts it, which Chromium always does), headers left out.
 *
 * Per locale (a page in that locale, questions of that locale's eval cases): what the widget
 * fetched of the bundle before any interaction (inline, the panel loads at once), through the
 * first search's results, and for each further query; and whether the sanitizer was fetched
 * before any article was shown.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Page } from 'puppeteer-core';
import type { EncodedBundle } from '@kotae/knowledge';
import { writeBundleDir } from '@kotae/knowledge/node';
import type { BenchQuery } from './speed.js';

/** Further queries typed after the first, per locale. */
export const FURTHER_QUERIES = 10;

/** One locale's page: what it fetched, in gzip bytes and requests. */
export interface WidgetLocaleBytes {
  /** Bundle files fetched before any interaction (the manifest included). */
  readonly beforeInteraction: { bytes: number; requests: number };
  /** Bundle files fetched through the first search's results (cumulative, the manifest included). */
  readonly firstSearch: { bytes: number; requests: number; files: string[] };
  /** Bundle bytes each further query fetched (in order), and their mean. */
  readonly further: { bytes: number[]; mean: number };
  /** The widget's own JS fetched through the first search (kotae-help.js, panel, worker…). */
  readonly widgetJs: number;
  /** Whether the sanitizer chunk was fetched before any article was shown. */
  readonly sanitizerBeforeArticle: boolean;
}

/** The widget's bytes on one scaled corpus, per page locale. */
export type WidgetBytesResult = Record<string, WidgetLocaleBytes>;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };

interface Logged {
  readonly path: string;
  readonly bytes: number;
}

/** A loopback server for the page, the widget's embed build and the bundle; it logs every response. */
async function serve(widgetDir: string, bundleDir: string, locale: { value: string }) {
  const log: Logged[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let body: Buffer;
      let type = 'text/html';
      if (url.pathname === '/') {
        body = Buffer.from(
          `<!doctype html><html lang="${locale.value}"><head><meta charset="utf-8"><title>bench</title>` +
            `<script type="module" src="/w/kotae-help.js"></script></head>` +
            `<body><kotae-help mode="inline" src="/kb/manifest.json" locale="${locale.value}"></kotae-help></body></html>`,
        );
      } else {
        const [root, rest] = url.pathname.startsWith('/w/')
          ? [widgetDir, url.pathname.slice(3)]
          : url.pathname.startsWith('/kb/')
            ? [bundleDir, url.pathname.slice(4)]
            : [undefined, ''];
        const file = root && normalize(rest).startsWith('..') === false ? join(root, normalize(rest)) : undefined;
        try {
          if (!file) throw new Error('not found');
          body = await readFile(file);
          type = TYPES[extname(file)] ?? 'application/octet-stream';
        } catch {
          res.writeHead(404).end();
          return;
        }
      }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const sent = gzip ? gzipSync(body, { level: 6 }) : body;
      log.push({ path: url.pathname, bytes: sent.byteLength });
      res.writeHead(200, {
        'content-type': type,
        'content-length': sent.byteLength,
        'cache-control': 'no-store',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(sent);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, log, port: (server.address() as AddressInfo).port };
}

/** Types `query` into the inline panel (one input event) and waits for its `kotae-search` event. */
async function search(page: Page, query: string): Promise<void> {
  await page.evaluate(async (q) => {
    const help = document.querySelector('kotae-help')!;
    const panel = help.shadowRoot!.querySelector('kotae-help-panel')!;
    const input = panel.shadowRoot!.querySelector('input')!;
    const done = new Promise((resolve) => help.addEventListener('kotae-search', resolve, { once: true }));
    input.value = q;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await done;
  }, query);
}

const sum = (list: readonly Logged[]) => list.reduce((total, l) => total + l.bytes, 0);

/**
 * Writes `bundle` to `dir`, serves it with the widget's embed build and measures, for each locale
 * of `locales`, an inline widget on a page in that locale answering that locale's `queries`.
 */
export async function measureWidgetBytes(
  bundle: EncodedBundle,
  dir: string,
  widgetDir: string,
  locales: readonly string[],
  queries: readonly BenchQuery[],
  label: string,
  log: (line: string) => void,
): Promise<WidgetBytesResult> {
  await writeBundleDir(dir, bundle);
  const locale = { value: locales[0] ?? 'en' };
  const { server, log: requests, port } = await serve(widgetDir, dir, locale);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const result: Record<string, WidgetLocaleBytes> = {};
  try {
    for (const l of locales) {
      const own = queries.filter((q) => q.locale === l).map((q) => q.query);
      if (own.length === 0) continue;
      locale.value = l;
      requests.length = 0;
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(300_000);
      await page.goto(`http://127.0.0.1:${port}/`);
      // Inline: the panel opens at once and loads the bundle; wait until it is ready (or failed).
      await page.waitForFunction(() => {
        const panel = document.querySelector('kotae-help')?.shadowRoot?.querySelector('kotae-help-panel') as
          { status?: string } | null | undefined;
        return panel?.status === 'ready' || panel?.status === 'error';
      });
      const kb = () => requests.filter((r) => r.path.startsWith('/kb/'));
      const before = kb();
      const beforeInteraction = { bytes: sum(before), requests: before.length };
      await search(page, own[0]!);
      const first = kb();
      const firstSearch = {
        bytes: sum(first),
        requests: first.length,
        files: first.map((r) => r.path.slice(4).replace(/\.[0-9a-f]{16}\.json$/, '')),
      };
      const widgetJs = sum(requests.filter((r) => r.path.startsWith('/w/')));
      const further: number[] = [];
      for (const q of own.slice(1, 1 + FURTHER_QUERIES)) {
        const at = sum(kb());
        await search(page, q);
        further.push(sum(kb()) - at);
      }
      const sanitizerBeforeArticle = requests.some((r) => /sanitize-html/.test(r.path));
      await context.close();
      const mean = further.length > 0 ? Math.round(further.reduce((a, b) => a + b, 0) / further.length) : 0;
      result[l] = { beforeInteraction, firstSearch, further: { bytes: further, mean }, widgetJs, sanitizerBeforeArticle };
      log(
        `${label} widget (${l}): ${(beforeInteraction.bytes / 1024).toFixed(1)} kB before interaction, ` +
          `${(firstSearch.bytes / 1024).toFixed(1)} kB through the first search, ${(mean / 1024).toFixed(1)} kB per further query`,
      );
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  return result;
}
