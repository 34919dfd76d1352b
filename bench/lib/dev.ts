/**
 * The preview loop (`--only dev`): `kotae dev` on a content folder, the preview page in real
 * Chromium (puppeteer-core; CHROME_PATH overrides /usr/bin/chromium) open on an article, and a
 * series of saves of that article. Each save's latency runs from the write to the page showing the
 * new text (the dev server rebuilt, the page reloaded, the widget loaded the new bundle and
 * rendered the article); the server's own part (change seen → reload sent) is reported beside it.
 * On `examples/knowledge` and on a generated folder of a few hundred articles (JSQuAD paragraphs
 * and StackFAQ threads from the shared data, or the test fixtures' subsets without it).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { dev, type DevBuildEvent } from '@kotae/cli';
import puppeteer from 'puppeteer-core';
import { summarize, type LatencySummary } from './stats.js';

/** Saves per content folder. */
export const DEV_EDITS = 20;
/** The target: a save shows in the page within a second. */
export const DEV_TARGET_MS = 1000;

/** The preview loop on one content folder. */
export interface DevFolderResult {
  readonly name: string;
  readonly articles: number;
  readonly sections: number;
  /** The article edited (its locale is the one indexed again on each save). */
  readonly edited: string;
  /** Time to the first build (the server starting), ms. */
  readonly firstBuildMs: number;
  /** Save → page showing the new text, ms. */
  readonly reload: LatencySummary;
  /** Change seen → reload sent (the server's rebuild), ms. */
  readonly rebuild: LatencySummary;
  /**
   * CPU time of this process (the dev server; the page runs in Chromium) per save, ms: what a
   * rebuild costs without the other load of the machine.
   */
  readonly cpu: LatencySummary;
  readonly samples: { readonly reloadMs: number; readonly rebuildMs: number; readonly cpuMs: number }[];
}

/** Every text of the page, shadow roots included (a string: the page has no bundler helpers). */
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

/** Measures the preview loop on `examples/knowledge` and on the generated folder. */
export async function measureDev(repo: string, dataDir: string, log: (line: string) => void): Promise<DevFolderResult[]> {
  const tmp = await mkdtemp(join(tmpdir(), 'kotae-bench-dev-'));
  try {
    const examples = join(tmp, 'examples');
    await cp(join(repo, 'examples', 'knowledge'), examples, { recursive: true });
    const generated = await generateFolder(join(tmp, 'generated'), dataDir, repo);
    const results: DevFolderResult[] = [];
    for (const [name, dir, locale] of [
      ['examples/knowledge', examples, 'en'],
      [generated.name, generated.dir, 'ja'],
    ] as const) {
      log(`dev: ${name}`);
      results.push(await measureFolder(name, dir, locale, log));
    }
    return results;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function measureFolder(name: string, dir: string, locale: string, log: (line: string) => void): Promise<DevFolderResult> {
  const builds: DevBuildEvent[] = [];
  const started = performance.now();
  const server = await dev({ contentDir: dir, port: 0, onBuild: (e) => builds.push(e) });
  const firstBuildMs = Math.round(performance.now() - started);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const manifest = JSON.parse(await (await fetch(new URL('kb/manifest.json', server.url))).text()) as {
      stats: { articles: number; sections: number };
    };
    const file = await firstArticle(dir, locale);
    const source = await readFile(file.path, 'utf8');
    const page = await browser.newPage();
    await page.goto(`${server.url}#article=${encodeURIComponent(file.id)}`, { waitUntil: 'load' });
    await page.waitForFunction(`${DEEP_TEXT}.includes(${JSON.stringify(file.title)})`, { timeout: 120_000 });
    const samples: { reloadMs: number; rebuildMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < DEV_EDITS + 1; i++) {
      const marker = `kotae-dev-bench-${i}-${Date.now().toString(36)}`;
      const before = builds.length;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await writeFile(file.path, `${source.trimEnd()}\n\n${marker}\n`);
      await page.waitForFunction(`${DEEP_TEXT}.includes(${JSON.stringify(marker)})`, { timeout: 120_000, polling: 'raf' });
      const reloadMs = performance.now() - t0;
      await server.settled();
      const used = process.cpuUsage(cpu0);
      const cpuMs = Math.round((used.user + used.system) / 1000);
      const rebuildMs = builds.slice(before).find((b) => b.version === server.version())?.ms ?? Number.NaN;
      // The first save warms the rebuild path (JIT): not counted.
      if (i > 0) samples.push({ reloadMs: Math.round(reloadMs), rebuildMs, cpuMs });
      log(`  save ${i}: ${Math.round(reloadMs)} ms in the page (rebuild ${rebuildMs} ms, ${cpuMs} ms CPU)${i === 0 ? ', warm-up' : ''}`);
      await new Promise((done) => setTimeout(done, 300));
    }
    await writeFile(file.path, source);
    return {
      name,
      articles: manifest.stats.articles,
      sections: manifest.stats.sections,
      edited: `${file.rel} (${locale})`,
      firstBuildMs,
      reload: summarize(samples.map((s) => s.reloadMs)),
      rebuild: summarize(samples.map((s) => s.rebuildMs)),
      cpu: summarize(samples.map((s) => s.cpuMs)),
      samples,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The first article (in name order) of a locale folder: its file, id and title. */
async function firstArticle(dir: string, locale: string): Promise<{ path: string; rel: string; id: string; title: string }> {
  const folder = join(dir, 'articles', locale);
  // Articles may sit in topic folders (examples/knowledge/articles/en/account/…).
  const name = (await readdir(folder, { recursive: true }))
    .map((n) => n.split(sep).join('/'))
    .filter((n) => n.endsWith('.md'))
    .sort()[0];
  if (name === undefined) throw new Error(`no article in ${folder}`);
  const text = await readFile(join(folder, name), 'utf8');
  const field = (key: string) => new RegExp(`^${key}: *"?(.*?)"?$`, 'm').exec(text)?.[1] ?? '';
  return { path: join(folder, name), rel: `articles/${locale}/${name}`, id: field('id'), title: field('title') };
}

/**
 * A few hundred articles in two locales: the first 300 JSQuAD paragraphs (ja) and every StackFAQ
 * thread (en), with up to 100 eval cases of each; the fixtures' subsets without the shared data.
 */
export async function generateFolder(dir: string, dataDir: string, repo: string): Promise<{ name: string; dir: string }> {
  const sources = [
    { key: 'jsquad', locale: 'ja', max: 300 },
    { key: 'stackfaq', locale: 'en', max: 1000 },
  ];
  let total = 0;
  const cases: string[] = [];
  for (const { key, locale, max } of sources) {
    let base = join(dataDir, key);
    const names = await readdir(join(base, 'articles')).catch(() => undefined);
    if (!names) base = join(repo, 'test', 'fixtures', key);
    const files = (await readdir(join(base, 'articles')))
      .filter((n) => n.endsWith('.md'))
      .sort()
      .slice(0, max);
    await mkdir(join(dir, 'articles', locale), { recursive: true });
    const ids = new Set<string>();
    for (const name of files) {
      const text = await readFile(join(base, 'articles', name), 'utf8');
      // The shared sets carry no locale: one folder per language, each article says its own.
      await writeFile(join(dir, 'articles', locale, name), text.replace(/^---\n/, `---\nlocale: ${locale}\n`));
      const id = /^id: *"?(.*?)"?$/m.exec(text)?.[1];
      if (id) ids.add(id);
    }
    total += files.length;
    const lines = (await readFile(join(base, 'dev-cases.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    const mine = lines
      .map((l) => JSON.parse(l) as { relevant?: string[] })
      .filter((c) => c.relevant?.every((id) => ids.has(id)))
      .slice(0, 100)
      .map((c) => JSON.stringify({ ...c, locale }));
    cases.push(...mine);
  }
  await mkdir(join(dir, 'evals'), { recursive: true });
  await writeFile(join(dir, 'evals', 'cases.jsonl'), `${cases.join('\n')}\n`);
  // Public corpora whose example emails are no one's: the PII gate warns instead of failing.
  await writeFile(
    join(dir, 'kotae.config.json'),
    `${JSON.stringify({ id: 'generated', defaultLocale: 'ja', privacy: { gate: 'warn' } })}\n`,
  );
  return { name: `generated (${total} articles)`, dir };
}

/** The markdown table of the preview loop. */
export function formatDev(results: readonly DevFolderResult[]): string {
  const lines = [
    `## The preview loop (kotae dev: save → page shows the new text, ${DEV_EDITS} saves after one warm-up)`,
    '',
    '| content | articles / sections | edited | first build | save → page p50 | p95 | max | server rebuild p50 | p95 | server CPU per save p50 | p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.articles} / ${r.sections} | ${r.edited} | ${r.firstBuildMs} ms | ${r.reload.p50} ms | ${r.reload.p95} ms | ${r.reload.max} ms | ${r.rebuild.p50} ms | ${r.rebuild.p95} ms | ${r.cpu.p50} ms | ${r.cpu.p95} ms |`,
    ),
    '',
    `Target: a save shows in the page within ${DEV_TARGET_MS} ms (p95): ${results
      .map((r) => `${r.name} ${r.reload.p95 <= DEV_TARGET_MS ? 'PASS' : 'FAIL'}`)
      .join(', ')}.`,
  ];
  return lines.join('\n');
}
