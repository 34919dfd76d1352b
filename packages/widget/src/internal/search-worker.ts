/**
 * The search worker: fetches and verifies the bundle, holds the index and answers searches, so
 * that loading and searching a large index never blocks the host page.
 *
 * Only what a question needs is fetched: at load, the manifest and the shards of the page's
 * locale (an inline panel: the manifest, and those shards when its search field gets focus); another locale's shards when a search, an article or a suggestion first needs them (a
 * question written in Japanese on an English page); an article's html shard when an article of
 * that locale is first shown. Every shard is verified against the manifest before use.
 */
import {
  KotaeError,
  SearchIndex,
  contextMatches,
  parseManifest,
  readBundle,
  readBundleFile,
  tokenize,
  verifyManifest,
  type BundleFileLoader,
  type Manifest,
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

/** One locale's verified shards: its index, its public sections by article, and the loader that read them. */
interface LocalePart {
  readonly index: SearchIndex;
  readonly byArticle: Map<string, StoredSection[]>;
  readonly load: BundleFileLoader;
}

/** A verified manifest and the locales loaded from it so far. */
interface Bundle {
  readonly base: URL;
  readonly manifestBytes: Uint8Array;
  readonly manifest: Manifest;
  readonly signedBy: string | undefined;
  /** What the manifest was verified against; each locale's shards are read with the same. */
  readonly trust: ManifestTrust;
  /** Locale → its shards, fetched on first need. */
  readonly locales: Map<string, Promise<LocalePart>>;
  /** Locale → its html shard (section id → HTML), fetched when the first article of that locale is shown. */
  readonly html: Map<string, Promise<Record<string, string>>>;
}

let bundle: Promise<Bundle> | undefined;
/** What the page trusts (its `public-key`, and the highest sequence it verified): set by each `load`. */
let trust: ManifestTrust = {};

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
 * Reads and verifies one locale's shards. When a shard fails its check, they are fetched once
 * more past the HTTP cache (`cache: 'reload'`): a cache may hold bad bytes under a shard's name (a
 * truncated or tampered response, kept for a year since shards are immutable), and the origin may
 * have the right ones.
 */
async function readLocale(current: Bundle, locale: string): Promise<LocalePart> {
  let load: BundleFileLoader = (path) => fetchBytes(new URL(path, current.base));
  const read = () => readBundle(current.manifestBytes, load, { ...current.trust, locales: [locale] });
  let index: SearchIndex;
  try {
    ({ index } = await read());
  } catch (error) {
    if (!(error instanceof BundleIntegrityError || error instanceof BundleFetchError)) throw error;
    load = (path) => fetchBytes(new URL(path, current.base), { ...FETCH_INIT, cache: 'reload' });
    ({ index } = await read());
  }
  const byArticle = new Map<string, StoredSection[]>();
  for (const section of index.sections()) {
    if (section.audience !== 'public') continue;
    const list = byArticle.get(section.articleId) ?? [];
    list.push(section);
    byArticle.set(section.articleId, list);
  }
  return { index, byArticle, load };
}

/** A locale's shards, fetched and verified once (again after a failure). */
function localePart(current: Bundle, locale: string): Promise<LocalePart> {
  let part = current.locales.get(locale);
  if (!part) {
    part = readLocale(current, locale);
    current.locales.set(locale, part);
    part.catch(() => current.locales.delete(locale));
  }
  return part;
}

/**
 * Fetches and verifies the manifest and the shards of the locales a search in the page's
 * `locale` reads; nothing global changes until the caller swaps the result in.
 */
async function fetchBundle(
  manifestUrl: string,
  locale: string | undefined,
  prefetch: boolean,
  manifestBytes?: Uint8Array,
  current?: Bundle,
) {
  const base = new URL(manifestUrl, self.location.href);
  const bytes = manifestBytes ?? (await fetchBytes(base, MANIFEST_INIT));
  // A verified version in use raises the floor: the one it replaced may not come back.
  const floors = [trust.minSequence, current?.signedBy !== undefined ? current.manifest.sequence : undefined].filter(
    (n) => n !== undefined,
  );
  const options: ManifestTrust = { ...trust, minSequence: floors.length > 0 ? Math.max(...floors) : undefined };
  const { manifest, signedBy } = await verifyManifest(bytes, options);
  const next: Bundle = { base, manifestBytes: bytes, manifest, signedBy, trust: options, locales: new Map(), html: new Map() };
  if (prefetch) await Promise.all(SearchIndex.searchLocales(manifest.locales, locale).map((l) => localePart(next, l)));
  return next;
}

/**
 * Revalidates the manifest; when its version differs from the loaded one, loads and verifies the
 * new bundle and swaps it in (searches meanwhile use the old one). A new version that fails to
 * verify leaves the old one in use and rejects.
 */
async function refresh(manifestUrl: string, locale: string | undefined): Promise<boolean> {
  const current = await bundle!.catch(() => undefined);
  if (!current) {
    bundle = fetchBundle(manifestUrl, locale, true);
    await bundle;
    return true;
  }
  const bytes = await fetchBytes(new URL(manifestUrl, self.location.href), MANIFEST_INIT);
  const manifest = parseManifest(bytes);
  if (manifest.id === current.manifest.id && manifest.version === current.manifest.version) return false;
  const next = await fetchBundle(manifestUrl, locale, true, bytes, current);
  bundle = Promise.resolve(next);
  return true;
}

/** The html shard of a locale, verified against the manifest; fetched once. */
function htmlOf(current: Bundle, part: LocalePart, locale: string): Promise<Record<string, string>> {
  let shard = current.html.get(locale);
  if (!shard) {
    const file = current.manifest.files.find((f) => f.role === 'html' && f.locale === locale);
    if (!file) throw new BundleFormatError('manifest.json', `the bundle has no html shard for ${locale}`);
    shard = readBundleFile(file, part.load) as Promise<Record<string, string>>;
    current.html.set(locale, shard);
    shard.catch(() => current.html.delete(locale));
  }
  return shard;
}

function ready(): Promise<Bundle> {
  if (!bundle) throw new InternalError('the search worker was asked before the bundle was loaded');
  return bundle;
}

const languageOf = (locale: string) => locale.split(/[-_]/)[0]!.toLowerCase();

/** The index over the locales a search in `locale` reads (see `SearchIndex.searchLocales`), loading those not loaded yet. */
async function indexFor(current: Bundle, locale: string | undefined): Promise<SearchIndex> {
  const parts = await Promise.all(SearchIndex.searchLocales(current.manifest.locales, locale).map((l) => localePart(current, l)));
  return parts.length === 1 ? parts[0]!.index : SearchIndex.union(parts.map((p) => p.index));
}

/**
 * An article's sections in one locale: article ids can repeat across locales, so the asked
 * locale's language comes first, then the others in the manifest's order; a locale's shards are
 * fetched only when the ones before it do not have the article.
 */
async function findArticle(current: Bundle, articleId: string, locale: string) {
  const { locales } = current.manifest;
  const language = languageOf(locale);
  const order = [...locales.filter((l) => languageOf(l) === language), ...locales.filter((l) => languageOf(l) !== language)];
  for (const l of order) {
    const part = await localePart(current, l);
    const sections = part.byArticle.get(articleId);
    if (sections) return { part, locale: l, sections };
  }
  return undefined;
}

async function handle(request: WorkerRequest): Promise<WorkerResults[WorkerRequest['type']]> {
  switch (request.type) {
    case 'load': {
      trust = { publicKeys: request.publicKeys, minSequence: request.minSequence };
      const changed = request.refresh === true && bundle !== undefined ? await refresh(request.manifestUrl, request.locale) : false;
      bundle ??= fetchBundle(request.manifestUrl, request.locale, request.prefetch !== false);
      const { manifest, signedBy } = await bundle;
      return {
        locales: manifest.locales,
        articles: manifest.stats.articles,
        version: manifest.version,
        sequence: manifest.sequence,
        signedBy,
        changed,
      };
    }
    case 'search': {
      const index = await indexFor(await ready(), request.locale);
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
    case 'prefetch': {
      await indexFor(await ready(), request.locale);
      return undefined;
    }
    case 'article': {
      const current = await ready();
      const found = await findArticle(current, request.articleId, request.locale);
      if (!found) return undefined;
      const { part, locale, sections } = found;
      const html = await htmlOf(current, part, locale);
      const view: ArticleView = {
        articleId: request.articleId,
        title: sections[0]!.title,
        locale,
        sections: sections.map(({ id, anchor, headings }) => ({ id, anchor, headings, html: html[id] ?? '' })),
      };
      return view;
    }
    case 'suggest': {
      const current = await ready();
      const language = languageOf(request.locale);
      const same = current.manifest.locales.filter((l) => languageOf(l) === language);
      const parts = await Promise.all(same.map((l) => localePart(current, l)));
      const out: Suggestion[] = [];
      const seen = new Set<string>();
      for (const part of parts) {
        for (const [articleId, sections] of part.byArticle) {
          if (seen.has(articleId)) continue;
          seen.add(articleId);
          const first = sections[0]!;
          if (!first.contexts.some((pattern) => contextMatches(pattern, request.context))) continue;
          out.push({ articleId, title: first.title, locale: first.locale });
          if (out.length >= request.limit) return out;
        }
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
