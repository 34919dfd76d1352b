import { markdownToHtml } from '../content/markdown-html.js';
import { sha256Hex } from '../internal/sha256.js';
import { BUNDLE_FORMAT_VERSION } from '../schema/bundle-format.js';
import type { BundleAnswerability } from '../schema/answerability.js';
import type { BundleFile, Manifest } from '../schema/manifest.js';
import type { SearchIndex } from '../search/search-index.js';
import type { SerializedSection } from '../search/search-types.js';
import { TOKENIZER } from '../search/tokenizer.js';

/** A bundle in memory: the manifest and the bytes of every file it lists. */
export interface EncodedBundle {
  readonly manifest: Manifest;
  /** File name → bytes, for every file of `manifest.files`. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** What {@link encodeBundle} needs besides the index. */
export interface EncodeBundleOptions {
  /** The bundle id (`kotae.config.json` `id`). */
  readonly id: string;
  /** Locale to search when a query names none. */
  readonly defaultLocale: string;
  /** Number of articles (for the manifest's stats). */
  readonly articles: number;
  /** The bundle version. @default the first 12 hex digits of a hash over all file hashes */
  readonly version?: string | undefined;
  /** Clock for `builtAt`. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Write the `html` shards (sections rendered for the article view). Internal bundles of
   * precedents, whose text is plain and never shown as an article, leave them out.
   * @default true
   */
  readonly html?: boolean | undefined;
  /** The refusal thresholds calibrated for the bundle (see `calibrateAnswerability`). @default none: the answer service uses its default */
  readonly answerability?: BundleAnswerability | undefined;
}

const encoder = new TextEncoder();

/**
 * Encoded shards by the value they encode. A locale's serialized index and sections are the same
 * objects while its index is unchanged (see `SearchIndex.serialize`), so a watcher that encodes
 * again after each save (`kotae dev`) stringifies and hashes only the locales that changed.
 */
const encodedValues = new WeakMap<object, { bytes: Uint8Array; sha256: string }>();
/** The HTML of sections by section object, and of a locale's HTML shard by its sections array. */
const sectionHtml = new WeakMap<SerializedSection, string>();
const htmlShards = new WeakMap<readonly SerializedSection[], object>();

/**
 * Encodes a search index as a version-1 bundle: for each locale, one index shard, one sections
 * shard and (unless `html: false`) one HTML shard (sections rendered by {@link markdownToHtml}), each named by its
 * content hash (`index.ja.3f2a…json`), and a manifest listing every file with its SHA-256.
 * Output is deterministic for the same input and clock.
 *
 * @example
 * ```ts
 * const bundle = await encodeBundle(buildSearchIndex(sections), { id: 'help', defaultLocale: 'en', articles: 12 })
 * ```
 */
export async function encodeBundle(index: SearchIndex, options: EncodeBundleOptions): Promise<EncodedBundle> {
  const files = new Map<string, Uint8Array>();
  const entries: BundleFile[] = [];
  const add = async (role: BundleFile['role'], locale: string, value: object) => {
    let encoded = encodedValues.get(value);
    if (!encoded) {
      const bytes = encoder.encode(JSON.stringify(value));
      encodedValues.set(value, (encoded = { bytes, sha256: await sha256Hex(bytes) }));
    }
    const { bytes, sha256 } = encoded;
    const path = `${role}.${safeLocale(locale)}.${sha256.slice(0, 16)}.json`;
    files.set(path, bytes);
    entries.push({ path, role, locale, sha256, bytes: bytes.byteLength });
  };
  const shards = index.serialize().sort((a, b) => (a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : 0));
  for (const shard of shards) {
    await add('index', shard.locale, shard.index);
    await add('sections', shard.locale, shard.sections);
    if (options.html !== false) {
      let html = htmlShards.get(shard.sections);
      if (!html) htmlShards.set(shard.sections, (html = Object.fromEntries(shard.sections.map((s) => [s.id, htmlOf(s)]))));
      await add('html', shard.locale, html);
    }
  }
  const version = options.version ?? (await sha256Hex(encoder.encode(entries.map((e) => e.sha256).join('\n')))).slice(0, 12);
  const manifest: Manifest = {
    formatVersion: BUNDLE_FORMAT_VERSION,
    id: options.id,
    version,
    builtAt: (options.now ?? (() => new Date()))().toISOString(),
    defaultLocale: options.defaultLocale,
    locales: shards.map((s) => s.locale),
    tokenizer: { name: TOKENIZER.name, version: TOKENIZER.version },
    files: entries,
    stats: {
      articles: options.articles,
      sections: index.size,
      bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    },
    ...(options.answerability ? { answerability: options.answerability } : {}),
  };
  return { manifest, files };
}

function htmlOf(section: SerializedSection): string {
  let html = sectionHtml.get(section);
  if (html === undefined) sectionHtml.set(section, (html = markdownToHtml(section.text)));
  return html;
}

function safeLocale(locale: string): string {
  return locale.replace(/[^A-Za-z0-9-]/g, '_');
}
