/**
 * The search worker: fetches and verifies the bundle, holds the index and answers searches, so
 * that loading and searching a large index never blocks the host page.
 */
import {
  KotaeError,
  contextMatches,
  parseManifest,
  readBundle,
  readBundleFile,
  tokenize,
  type BundleFileLoader,
  type LoadedBundle,
  type ManifestTrust,
  type StoredSection,
} from '@kotae/knowledge';
import { BundleFormatError, BundleIntegrityError, InternalError } from '@kotae/knowledge/errors';
import { BundleFetchError } from './errors.js';
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
/** What the page trusts (its `public-key`, and the highest sequence it verified): set by each `load`. */
let trust: ManifestTrust = {};
/** Locale → its html shard (section id → HTML), fetched when the first article of that locale is shown. */
const htmlShards = new Map<string, Promise<Record<string, string>>>();

/** Fetch options for bundle files: no cookies, no referrer, fresh enough for immutable shards. */
const FETCH_INIT: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer' };

/**
 * The manifest is the one file a publish changes: it is always revalidated with the server
 * (`no-cache`: a 304 costs a round trip, not a download), so a reopened panel sees a new version.
 * Shards are named by their hash and may come from any cache.
 */
const MANIFEST_INIT: RequestInit = { ...FETCH_INIT, cache: 'no-cache' };

async function fetchBytes(url: URL, init: RequestInit = FETCH_INIT): Promise<Uint8Array> {
  const response = await fetch(url, init);
  if (!response.ok) throw new BundleFetchError(url, response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Reads and verifies a bundle; nothing global changes until {@link use} swaps it in. When a shard
 * fails its check, the shards are fetched once more past the HTTP cache (`cache: 'reload'`): a
 * cache may hold bad bytes under a shard's name (a truncated or tampered response, kept for a year
 * since shards are immutable), and the origin may have the right ones.
 */
async function fetchBundle(manifestUrl: string, manifestBytes?: Uint8Array, current?: LoadedBundle) {
  const base = new URL(manifestUrl, self.location.href);
  const bytes = manifestBytes ?? (await fetchBytes(base, MANIFEST_INIT));
  let load: BundleFileLoader = (path) => fetchBytes(new URL(path, base));
  // A verified version in use raises the floor: the one it replaced may not come back.
  const floors = [trust.minSequence, current?.signedBy !== undefined ? current.manifest.sequence : undefined].filter(
    (n) => n !== undefined,
  );
  const options = { ...trust, minSequence: floors.length > 0 ? Math.max(...floors) : undefined };
  let loaded: LoadedBundle;
  try {
    loaded = await readBundle(bytes, load, options);
  } catch (error) {
    if (!(error instanceof BundleIntegrityError || error instanceof BundleFetchError)) throw error;
    load = (path) => fetchBytes(new URL(path, base), { ...FETCH_INIT, cache: 'reload' });
    loaded = await readBundle(bytes, load, options);
  }
  const byArticle = new Map<string, StoredSection[]>();
  for (const section of loaded.index.sections()) {
    if (section.audience !== 'public') continue;
    const list = byArticle.get(section.articleId) ?? [];
    list.push(section);
    byArticle.set(section.articleId, list);
  }
  return { loaded, load, byArticle };
}

/** Makes a fetched bundle the one searches and articles use, all at once. */
function use(next: Awaited<ReturnType<typeof fetchBundle>>): LoadedBundle {
  loader = next.load;
  articles = next.byArticle;
  htmlShards.clear();
  return next.loaded;
}

async function load(manifestUrl: string): Promise<LoadedBundle> {
  return use(await fetchBundle(manifestUrl));
}

/**
 * Revalidates the manifest; when its version differs from the loaded one, loads and verifies the
 * new bundle and swaps it in (searches meanwhile use the old one). A new version that fails to
 * verify leaves the old one in use and rejects.
 */
async function refresh(manifestUrl: string): Promise<boolean> {
  const current = await bundle!.catch(() => undefined);
  if (!current) {
    bundle = load(manifestUrl);
    await bundle;
    return true;
  }
  const bytes = await fetchBytes(new URL(manifestUrl, self.location.href), MANIFEST_INIT);
  const manifest = parseManifest(bytes);
  if (manifest.id === current.manifest.id && manifest.version === current.manifest.version) return false;
  const next = await fetchBundle(manifestUrl, bytes, current);
  bundle = Promise.resolve(use(next));
  return true;
}

/** The html shard of a locale, verified against the manifest; fetched once. */
function htmlOf(manifest: LoadedBundle['manifest'], locale: string): Promise<Record<string, string>> {
  let shard = htmlShards.get(locale);
  if (!shard) {
    const file = manifest.files.find((f) => f.role === 'html' && f.locale === locale);
    if (!file) throw new BundleFormatError('manifest.json', `the bundle has no html shard for ${locale}`);
    shard = readBundleFile(file, loader!) as Promise<Record<string, string>>;
    htmlShards.set(locale, shard);
    shard.catch(() => htmlShards.delete(locale));
  }
  return shard;
}

function ready(): Promise<LoadedBundle> {
  if (!bundle) throw new InternalError('the search worker was asked before the bundle was loaded');
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
      trust = { publicKeys: request.publicKeys, minSequence: request.minSequence };
      const changed = request.refresh === true && bundle !== undefined ? await refresh(request.manifestUrl) : false;
      bundle ??= load(request.manifestUrl);
      const { manifest, signedBy } = await bundle;
      return {
        locales: manifest.locales,
        articles: articles!.size,
        version: manifest.version,
        sequence: manifest.sequence,
        signedBy,
        changed,
      };
    }
    case 'search': {
      const { index } = await ready();
      const results = index.search(request.query, {
        locale: request.locale,
        context: request.context,
        prefix: request.prefix,
        limit: request.limit,
        maxPerArticle: 3,
      });
      const wanted = [...new Set(tokenize(request.query, request.locale))];
      const strong = results.some((r) => wanted.every((term) => r.terms.some((t) => t === term || (request.prefix && t.startsWith(term)))));
      return { results, strong };
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
      const code = e instanceof KotaeError ? e.code : undefined;
      self.postMessage({ id: request.id, ok: false, name: e.name, message: e.message, code } satisfies WorkerResponse);
    },
  );
});
