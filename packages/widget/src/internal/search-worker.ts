/**
 * The search worker: fetches and verifies the bundle, holds the index and answers searches, so
 * that loading and searching a large index never blocks the host page.
 */
import { contextMatches, readBundle, readBundleFile, type BundleFileLoader, type LoadedBundle, type StoredSection } from '@kotae/knowledge';
import type { ArticleView, Suggestion, WorkerRequest, WorkerResponse, WorkerResults } from './worker-protocol.js';

/** The worker's global scope (the DOM lib is in scope for the package, so its type is spelled out). */
declare const self: {
  readonly location: Location;
  postMessage(message: WorkerResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

let bundle: Promise<LoadedBundle> | undefined;
let articles: Map<string, StoredSection[]> | undefined;
let loader: BundleFileLoader | undefined;
/** Locale → its html shard (section id → HTML), fetched when the first article of that locale is shown. */
const htmlShards = new Map<string, Promise<Record<string, string>>>();

/** Fetch options for bundle files: no cookies, no referrer, fresh enough for immutable shards. */
const FETCH_INIT: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer' };

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url, FETCH_INIT);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function load(manifestUrl: string): Promise<LoadedBundle> {
  const base = new URL(manifestUrl, self.location.href);
  loader = (path) => fetchBytes(new URL(path, base));
  const loaded = await readBundle(await fetchBytes(base), loader);
  articles = new Map();
  for (const section of loaded.index.sections()) {
    if (section.audience !== 'public') continue;
    const list = articles.get(section.articleId) ?? [];
    list.push(section);
    articles.set(section.articleId, list);
  }
  return loaded;
}

/** The html shard of a locale, verified against the manifest; fetched once. */
function htmlOf(manifest: LoadedBundle['manifest'], locale: string): Promise<Record<string, string>> {
  let shard = htmlShards.get(locale);
  if (!shard) {
    const file = manifest.files.find((f) => f.role === 'html' && f.locale === locale);
    if (!file) throw new Error(`the bundle has no html shard for ${locale}`);
    shard = readBundleFile(file, loader!) as Promise<Record<string, string>>;
    htmlShards.set(locale, shard);
    shard.catch(() => htmlShards.delete(locale));
  }
  return shard;
}

function ready(): Promise<LoadedBundle> {
  if (!bundle) throw new Error('the bundle is not loaded');
  return bundle;
}

/** Article ids can repeat across locales; prefer the asked locale's language, then any. */
function pickLocale(sections: readonly StoredSection[], locale: string): StoredSection[] {
  const language = locale.split('-')[0]!;
  const same = sections.filter((s) => s.locale.split('-')[0] === language);
  const pick = same.length > 0 ? same[0]!.locale : sections[0]!.locale;
  return sections.filter((s) => s.locale === pick);
}

async function handle(request: WorkerRequest): Promise<WorkerResults[WorkerRequest['type']]> {
  switch (request.type) {
    case 'load': {
      bundle ??= load(request.manifestUrl);
      const { manifest } = await bundle;
      return { locales: manifest.locales, articles: articles!.size };
    }
    case 'search': {
      const { index } = await ready();
      return index.search(request.query, {
        locale: request.locale,
        context: request.context,
        prefix: request.prefix,
        limit: request.limit,
        maxPerArticle: 3,
      });
    }
    case 'article': {
      const { manifest } = await ready();
      const all = articles!.get(request.articleId);
      if (!all) return undefined;
      const sections = pickLocale(all, request.locale);
      const locale = sections[0]!.locale;
      const html = await htmlOf(manifest, locale);
      const view: ArticleView = {
        articleId: request.articleId,
        title: sections[0]!.title,
        locale,
        sections: sections.map(({ id, anchor, headings }) => ({ id, anchor, headings, html: html[id] ?? '' })),
      };
      return view;
    }
    case 'suggest': {
      await ready();
      const out: Suggestion[] = [];
      for (const [articleId, all] of articles!) {
        const sections = pickLocale(all, request.locale);
        const first = sections[0]!;
        if (first.locale.split('-')[0] !== request.locale.split('-')[0]) continue;
        if (!first.contexts.some((pattern) => contextMatches(pattern, request.context))) continue;
        out.push({ articleId, title: first.title, locale: first.locale });
        if (out.length >= request.limit) break;
      }
      return out;
    }
  }
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).then(
    (value) => self.postMessage({ id: request.id, ok: true, value } satisfies WorkerResponse),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      self.postMessage({ id: request.id, ok: false, name: e.name, message: e.message } satisfies WorkerResponse);
    },
  );
});
