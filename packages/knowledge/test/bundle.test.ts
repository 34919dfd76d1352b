import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  KotaeError,
  SearchIndex,
  buildSearchIndex,
  encodeBundle,
  markdownToHtml,
  parseManifest,
  readBundle,
  readBundleFile,
  type BundleFileLoader,
  type EncodedBundle,
  type SerializedPostings,
} from '../src/index.js';
import { BundleFormatError, BundleIntegrityError, BundleVersionError } from '../src/errors.js';
import { BUNDLE_FORMAT_VERSION, ManifestSchema } from '../src/schema/manifest.js';
import { TOKENIZER } from '../src/search/tokenizer.js';
import { manifestProblem } from '../src/bundle/check-manifest.js';
import { sectionProblem } from '../src/bundle/check-section.js';
import { SerializedSectionSchema } from '../src/search/search-types.js';
import { caught } from './support/content.js';
import { CORPUS, sectionsOf } from './support/corpus.js';

const clock = () => new Date('2026-01-02T03:04:05.000Z');
const QUERIES = ['password', 'passw', 'パスワードを忘れました', 'export csv', '請求書', 'invoices billing'];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function loaderOf(bundle: EncodedBundle, requested: string[] = []): BundleFileLoader {
  return async (path) => {
    requested.push(path);
    const bytes = bundle.files.get(path);
    if (!bytes) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return bytes;
  };
}

function manifestText(bundle: EncodedBundle, patch: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...bundle.manifest, ...patch });
}

async function encodeCorpus(): Promise<{ index: SearchIndex; bundle: EncodedBundle }> {
  const index = buildSearchIndex(sectionsOf(CORPUS));
  const bundle = await encodeBundle(index, { id: 'acme-help', defaultLocale: 'en', articles: Object.keys(CORPUS).length, now: clock });
  return { index, bundle };
}

describe('encodeBundle', () => {
  it('writes one index, one sections and one html shard per locale, named by content hash', async () => {
    const { bundle } = await encodeCorpus();
    const { manifest } = bundle;
    assert.ok(ManifestSchema.safeParse(manifest).success);
    assert.equal(manifest.formatVersion, BUNDLE_FORMAT_VERSION);
    assert.equal(manifest.id, 'acme-help');
    assert.equal(manifest.builtAt, '2026-01-02T03:04:05.000Z');
    assert.equal(manifest.defaultLocale, 'en');
    assert.deepEqual(manifest.locales, ['en', 'ja']);
    assert.deepEqual(manifest.tokenizer, { name: TOKENIZER.name, version: TOKENIZER.version });
    assert.deepEqual(
      manifest.files.map((f) => [f.role, f.locale]),
      [
        ['index', 'en'],
        ['sections', 'en'],
        ['html', 'en'],
        ['index', 'ja'],
        ['sections', 'ja'],
        ['html', 'ja'],
      ],
    );
    for (const file of manifest.files) {
      const bytes = bundle.files.get(file.path);
      assert.ok(bytes, file.path);
      assert.equal(file.sha256, sha256(bytes));
      assert.equal(file.bytes, bytes.byteLength);
      assert.equal(file.path, `${file.role}.${file.locale}.${file.sha256.slice(0, 16)}.json`);
    }
    assert.equal(bundle.files.size, manifest.files.length);
    assert.deepEqual(manifest.stats, {
      articles: Object.keys(CORPUS).length,
      sections: sectionsOf(CORPUS).length,
      bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
    });
  });

  it('derives the version from the content unless one is given', async () => {
    const { index, bundle } = await encodeCorpus();
    assert.match(bundle.manifest.version, /^[0-9a-f]{12}$/);
    const given = await encodeBundle(index, { id: 'x', defaultLocale: 'en', articles: 1, version: '2026.1.0', now: clock });
    assert.equal(given.manifest.version, '2026.1.0');
    const other = await encodeBundle(buildSearchIndex(sectionsOf({ 'a.md': '---\nid: a\ntitle: A\n---\nOther text.' })), {
      id: 'acme-help',
      defaultLocale: 'en',
      articles: 1,
      now: clock,
    });
    assert.notEqual(other.manifest.version, bundle.manifest.version);
  });

  it('is deterministic for the same content and clock', async () => {
    const a = await encodeCorpus();
    const b = await encodeCorpus();
    assert.deepEqual(a.bundle.manifest, b.bundle.manifest);
    assert.deepEqual([...a.bundle.files.keys()], [...b.bundle.files.keys()]);
    for (const [path, bytes] of a.bundle.files) assert.deepEqual(b.bundle.files.get(path), bytes, path);
  });

  it('does not depend on the order sections are given in', async () => {
    const sections = sectionsOf(CORPUS);
    const forward = await encodeBundle(buildSearchIndex(sections), { id: 'x', defaultLocale: 'en', articles: 8, now: clock });
    const byLocaleReversed = [...sections.filter((s) => s.locale === 'ja'), ...sections.filter((s) => s.locale === 'en')];
    const reversed = await encodeBundle(buildSearchIndex(byLocaleReversed), { id: 'x', defaultLocale: 'en', articles: 8, now: clock });
    assert.deepEqual(reversed.manifest, forward.manifest);
  });

  it('writes the plain text of a section only where it differs from its markdown', async () => {
    const files = {
      'a.md': '---\nid: a\ntitle: A\n---\nPlain prose, no markup.\n\n## Styled\n\nUse **bold** and [a link](https://x.test).\n',
    };
    const index = buildSearchIndex(sectionsOf(files));
    const bundle = await encodeBundle(index, { id: 'x', defaultLocale: 'en', articles: 1, now: clock });
    const shard = bundle.manifest.files.find((f) => f.role === 'sections')!;
    const written = JSON.parse(new TextDecoder().decode(bundle.files.get(shard.path))) as Record<string, unknown>[];
    assert.deepEqual(
      written.map((s) => [s['id'], s['text'], s['plain']]),
      [
        ['a', 'Plain prose, no markup.', undefined],
        ['a#styled', 'Use **bold** and [a link](https://x.test).', 'Use bold and a link.'],
      ],
    );
    assert.equal('plain' in written[0]!, false);
    const loaded = await readBundle(manifestText(bundle), loaderOf(bundle));
    assert.deepEqual(loaded.index.sections(), index.sections());
    assert.deepEqual(
      loaded.index.sections().map((s) => s.plain),
      ['Plain prose, no markup.', 'Use bold and a link.'],
    );
  });

  it('writes the index as sorted terms with packed postings', async () => {
    const { bundle } = await encodeCorpus();
    for (const file of bundle.manifest.files.filter((f) => f.role === 'index')) {
      const shard = JSON.parse(new TextDecoder().decode(bundle.files.get(file.path))) as SerializedPostings;
      assert.deepEqual(Object.keys(shard).sort(), ['averageFieldLength', 'documentCount', 'fieldLength', 'fields', 'postings', 'terms']);
      assert.deepEqual(shard.fields, ['title', 'headings', 'tags', 'body', 'grams']);
      assert.deepEqual(shard.terms, [...shard.terms].sort(), file.locale);
      assert.equal(new Set(shard.terms).size, shard.terms.length);
      assert.equal(shard.postings.length, shard.terms.length);
      assert.equal(shard.fieldLength.length, shard.documentCount * shard.fields.length);
    }
  });

  it('encodes an empty index as a bundle without files', async () => {
    const { manifest, files } = await encodeBundle(buildSearchIndex([]), { id: 'empty', defaultLocale: 'en', articles: 0, now: clock });
    assert.deepEqual(manifest.files, []);
    assert.deepEqual(manifest.locales, []);
    assert.equal(files.size, 0);
    const loaded = await readBundle(JSON.stringify(manifest), async () => new Uint8Array());
    assert.deepEqual(loaded.index.search('anything'), []);
  });
});

describe('readBundle', () => {
  it('reads back what encodeBundle wrote and searches the same', async () => {
    const { index, bundle } = await encodeCorpus();
    for (const manifest of [manifestText(bundle), new TextEncoder().encode(manifestText(bundle))]) {
      const loaded = await readBundle(manifest, loaderOf(bundle));
      assert.deepEqual(loaded.manifest, bundle.manifest);
      assert.equal(loaded.index.size, index.size);
      for (const query of QUERIES) {
        for (const options of [{}, { prefix: true }, { locale: 'ja' }, { context: '/orders/1' }]) {
          assert.deepEqual(loaded.index.search(query, options), index.search(query, options), `${query} ${JSON.stringify(options)}`);
        }
      }
    }
  });

  it('loads only the locales asked for', async () => {
    const { bundle } = await encodeCorpus();
    const requested: string[] = [];
    const loaded = await readBundle(manifestText(bundle), loaderOf(bundle, requested), { locales: ['ja'] });
    assert.deepEqual(
      requested.sort(),
      bundle.manifest.files
        .filter((f) => f.locale === 'ja' && f.role !== 'html')
        .map((f) => f.path)
        .sort(),
    );
    assert.deepEqual(loaded.index.locales, ['ja']);
    assert.equal(loaded.index.search('パスワードを忘れました')[0]?.id, 'ja-reset-password');
  });

  for (const role of ['sections', 'index'] as const) {
    it(`rejects ${role === 'index' ? 'an index' : 'a sections'} shard with a changed byte, naming the file and both hashes`, async () => {
      const { bundle } = await encodeCorpus();
      const target = bundle.manifest.files.find((f) => f.role === role && f.locale === 'en')!;
      const tampered = new Uint8Array(bundle.files.get(target.path)!);
      tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
      const files = new Map(bundle.files).set(target.path, tampered);
      const error = await caught(() => readBundle(manifestText(bundle), loaderOf({ manifest: bundle.manifest, files })));
      assert.ok(error instanceof BundleIntegrityError);
      assert.ok(error instanceof KotaeError);
      assert.equal(error.name, 'BundleIntegrityError');
      assert.equal(error.file, target.path);
      assert.equal(error.expected, target.sha256);
      assert.equal(error.actual, sha256(tampered));
      assert.equal(error.message, `bundle file "${target.path}" has sha256 ${sha256(tampered)}, manifest says ${target.sha256}`);
    });
  }

  it('rejects an index shard of another shape even when its hash matches', async () => {
    const { bundle } = await encodeCorpus();
    // MiniSearch's own serialization, which bundles of earlier kotae versions held.
    const bytes = new TextEncoder().encode(
      JSON.stringify({ documentCount: 3, nextId: 3, index: [['password', { 0: { 0: 1 } }]], serializationVersion: 2 }),
    );
    const target = bundle.manifest.files.find((f) => f.role === 'index' && f.locale === 'en')!;
    const files = bundle.manifest.files.map((f) => (f === target ? { ...f, sha256: sha256(bytes), bytes: bytes.byteLength } : f));
    const loader = loaderOf({ manifest: bundle.manifest, files: new Map(bundle.files).set(target.path, bytes) });
    const error = await caught(() => readBundle(manifestText(bundle, { files }), loader));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, 'index');
    assert.equal(error.message, 'index: locale "en": no terms and postings of equal length (a bundle from an older kotae? recompile it)');
  });

  it('rejects a bundle whose shard is missing', async () => {
    const { bundle } = await encodeCorpus();
    const target = bundle.manifest.files.find((f) => f.role === 'index' && f.locale === 'ja')!;
    const files = new Map(bundle.files);
    files.delete(target.path);
    const error = await caught(() => readBundle(manifestText(bundle), loaderOf({ manifest: bundle.manifest, files })));
    assert.ok(error instanceof BundleIntegrityError);
    assert.deepEqual([error.file, error.expected, error.actual], [target.path, target.sha256, undefined]);
    assert.equal(error.message, `bundle file "${target.path}" is missing (manifest lists sha256 ${target.sha256})`);
  });

  it('passes a KotaeError from the loader through unchanged', async () => {
    const { bundle } = await encodeCorpus();
    const own = new BundleFormatError('cdn', 'offline');
    const error = await caught(() => readBundle(manifestText(bundle), async () => Promise.reject(own)));
    assert.equal(error, own);
  });

  it('rejects a manifest whose shards do not pair up per locale', async () => {
    const { bundle } = await encodeCorpus();
    const files = bundle.manifest.files.filter((f) => !(f.role === 'sections' && f.locale === 'ja'));
    const error = await caught(() => readBundle(manifestText(bundle, { files }), loaderOf(bundle)));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, 'manifest.json');
    assert.equal(error.message, 'manifest.json: locale "ja" needs one index and one sections file');
  });

  it('rejects a shard that is not JSON even when its hash matches', async () => {
    const { bundle } = await encodeCorpus();
    const bytes = new TextEncoder().encode('not json');
    const target = bundle.manifest.files[0]!;
    const files = bundle.manifest.files.map((f) => (f === target ? { ...f, sha256: sha256(bytes), bytes: bytes.byteLength } : f));
    const loader = loaderOf({ manifest: bundle.manifest, files: new Map(bundle.files).set(target.path, bytes) });
    const error = await caught(() => readBundle(manifestText(bundle, { files }), loader));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, target.path);
    assert.match(error.message, new RegExp(`^${target.path.replace(/\./g, '\\.')}: not valid JSON \\(`));
  });

  it('round-trips any small set of articles', async () => {
    const word = fc.constantFrom('password', 'reset', 'invoice', 'export', 'billing', 'account', 'login', 'CSV', 'two-factor');
    const jaWord = fc.constantFrom('パスワード', '請求書', 'ログイン', '設定', '変更', 'アカウント', 'を', 'する');
    const articleArb = fc.record({
      locale: fc.constantFrom('en', 'ja'),
      title: fc.array(word, { minLength: 1, maxLength: 3 }),
      sections: fc.array(
        fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.array(fc.oneof(word, jaWord), { minLength: 1, maxLength: 20 })),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      audience: fc.constantFrom('public', 'internal'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(articleArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(word, jaWord), { minLength: 1, maxLength: 3 }),
        async (articles, queryWords) => {
          const files: Record<string, string> = {};
          articles.forEach((a, i) => {
            const body = a.sections
              .map(([heading, words]) => `## ${heading.join(' ')}\n\n${words.join(a.locale === 'ja' ? '' : ' ')}\n`)
              .join('\n');
            files[`a${i}.md`] = `---\nid: a${i}\ntitle: ${a.title.join(' ')}\nlocale: ${a.locale}\naudience: ${a.audience}\n---\n${body}`;
          });
          const index = buildSearchIndex(sectionsOf(files));
          const options = { id: 'prop', defaultLocale: 'en', articles: articles.length, now: clock };
          const bundle = await encodeBundle(index, options);
          const again = await encodeBundle(buildSearchIndex(sectionsOf(files)), options);
          assert.deepEqual(again.manifest, bundle.manifest);
          const loaded = await readBundle(manifestText(bundle), loaderOf(bundle));
          const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
          assert.deepEqual(loaded.index.sections().sort(byId), index.sections().sort(byId));
          for (const query of [queryWords.join(' '), queryWords.join('')]) {
            for (const locale of ['en', 'ja']) {
              for (const searchOptions of [{ locale }, { locale, prefix: true, includeInternal: true, maxPerArticle: 3 }]) {
                assert.deepEqual(loaded.index.search(query, searchOptions), index.search(query, searchOptions));
              }
            }
            // Across locales, ties may come in another order (see the next test): compare as sets.
            const all = { includeInternal: true, maxPerArticle: 3, limit: 100 };
            const key = (r: { id: string; score: number }) => `${r.score} ${r.id}`;
            assert.deepEqual(loaded.index.search(query, all).map(key).sort(), index.search(query, all).map(key).sort());
          }
        },
      ),
      { numRuns: 40 },
    );
  });
  it('orders tied results of different locales like the index it was built from', async () => {
    // SearchIndex.build keeps locales in the order sections come in; encodeBundle writes them
    // sorted; search breaks score ties by that order.
    const files = {
      'a.md': '---\nid: a0\ntitle: T\nlocale: ja\n---\npassword reset\n',
      'b.md': '---\nid: a1\ntitle: T\nlocale: en\n---\npassword reset\n',
    };
    const index = buildSearchIndex(sectionsOf(files));
    const bundle = await encodeBundle(index, { id: 'x', defaultLocale: 'en', articles: 2, now: clock });
    const loaded = await readBundle(manifestText(bundle), loaderOf(bundle));
    assert.deepEqual(
      loaded.index.search('password').map((r) => r.id),
      index.search('password').map((r) => r.id),
    );
  });
});

describe('sectionProblem', () => {
  it('accepts exactly the sections SerializedSectionSchema accepts', async () => {
    const { bundle } = await encodeCorpus();
    const file = bundle.manifest.files.find((f) => f.role === 'sections')!;
    const [section] = JSON.parse(new TextDecoder().decode(bundle.files.get(file.path))) as Record<string, unknown>[];
    const keys = ['id', 'articleId', 'anchor', 'title', 'headings', 'text', 'plain', 'locale', 'audience', 'tags', 'contexts', 'line'];
    const value = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.constantFrom('public', 'internal'),
      fc.integer({ min: -1, max: 3 }),
      fc.double(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
    );
    const mutated = fc.oneof(
      fc.record({ key: fc.constantFrom(...keys), value }).map(({ key, value }) => ({ ...section, [key]: value })),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(mutated, (v) => {
        assert.equal(sectionProblem(v) === undefined, SerializedSectionSchema.safeParse(v).success, JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
  });

  it('makes readBundle reject a sections shard of another shape, naming the field', async () => {
    const { bundle } = await encodeCorpus();
    const file = bundle.manifest.files.find((f) => f.role === 'sections' && f.locale === 'en')!;
    const sections = JSON.parse(new TextDecoder().decode(bundle.files.get(file.path))) as Record<string, unknown>[];
    const bytes = new TextEncoder().encode(JSON.stringify([{ ...sections[0], headings: 'Billing' }, ...sections.slice(1)]));
    const files = new Map(bundle.files).set(file.path, bytes);
    const manifest = {
      ...bundle.manifest,
      files: bundle.manifest.files.map((f) => (f === file ? { ...f, sha256: sha256(bytes), bytes: bytes.byteLength } : f)),
    };
    const error = await caught(() => readBundle(JSON.stringify(manifest), loaderOf({ manifest, files })));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.message, 'sections.en: unexpected shape: "headings" must be an array of strings');
  });
});

describe('readBundleFile', () => {
  it('reads an html shard: section id to the section rendered by markdownToHtml', async () => {
    const { bundle, index } = await encodeCorpus();
    const file = bundle.manifest.files.find((f) => f.role === 'html' && f.locale === 'en')!;
    const html = (await readBundleFile(file, loaderOf(bundle))) as Record<string, string>;
    const sections = index.sections().filter((s) => s.locale === 'en');
    assert.deepEqual(Object.keys(html).sort(), sections.map((s) => s.id).sort());
    for (const section of sections) assert.equal(html[section.id], markdownToHtml(section.text));
  });

  it('is not called for html shards when a bundle loads', async () => {
    const { bundle } = await encodeCorpus();
    const requested: string[] = [];
    await readBundle(manifestText(bundle), loaderOf(bundle, requested));
    assert.deepEqual(
      requested.filter((p) => p.startsWith('html.')),
      [],
    );
  });

  it('rejects an html shard with a changed byte', async () => {
    const { bundle } = await encodeCorpus();
    const file = bundle.manifest.files.find((f) => f.role === 'html')!;
    const bytes = new Uint8Array(bundle.files.get(file.path)!);
    bytes[10] = bytes[10]! ^ 1;
    const error = await caught(() => readBundleFile(file, async () => bytes));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, file.path);
    assert.equal(error.expected, file.sha256);
  });
});

describe('parseManifest', () => {
  const base = async () => JSON.parse(manifestText((await encodeCorpus()).bundle)) as Record<string, unknown>;

  it('rejects an unknown formatVersion with the value found and the versions supported', async () => {
    const manifest = await base();
    for (const [found, shown] of [
      [2, '2'],
      ['1', '"1"'],
      [null, 'null'],
    ] as const) {
      const error = await caught(() => parseManifest(JSON.stringify({ ...manifest, formatVersion: found })));
      assert.ok(error instanceof BundleVersionError, String(error));
      assert.equal(error.found, found);
      assert.deepEqual(error.supported, [1]);
      assert.equal(error.message, `unsupported bundle formatVersion ${shown} (this reader supports 1)`);
    }
  });

  it('rejects a manifest without formatVersion', async () => {
    const { formatVersion: _, ...rest } = await base();
    const error = await caught(() => parseManifest(JSON.stringify(rest)));
    assert.ok(error instanceof BundleVersionError);
    assert.equal(error.found, undefined);
    assert.deepEqual(error.supported, [1]);
    assert.equal(error.message, 'unsupported bundle formatVersion undefined (this reader supports 1)');
  });

  it('rejects a manifest that is not JSON', async () => {
    let parseMessage = '';
    try {
      JSON.parse('{"formatVersion": 1,');
    } catch (e) {
      parseMessage = (e as Error).message;
    }
    const error = await caught(() => parseManifest('{"formatVersion": 1,'));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, 'manifest.json');
    assert.equal(error.message, `manifest.json: not valid JSON (${parseMessage})`);
    assert.ok(error.cause instanceof SyntaxError);
  });

  it('rejects bytes that are not UTF-8', async () => {
    const error = await caught(() => parseManifest(new Uint8Array([0x7b, 0xff, 0x7d]), 'kb/manifest.json'));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, 'kb/manifest.json');
    assert.match(error.message, /^kb\/manifest\.json: not valid JSON \(/);
  });

  it('rejects JSON that is not an object', async () => {
    for (const text of ['[]', 'null', '1', '"manifest"']) {
      const error = await caught(() => parseManifest(text));
      assert.ok(error instanceof BundleFormatError, text);
      assert.equal(error.message, 'manifest.json: a manifest must be a JSON object');
    }
  });

  it('rejects a manifest of the wrong shape, naming the field', async () => {
    const manifest = await base();
    const error = await caught(() => parseManifest(JSON.stringify({ ...manifest, id: '' })));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.message, 'manifest.json: "id" must be a non-empty string');
    const files = manifest['files'] as Record<string, unknown>[];
    const bad = await caught(() => parseManifest(JSON.stringify({ ...manifest, files: [{ ...files[0], path: '../../etc/passwd' }] })));
    assert.ok(bad instanceof BundleFormatError);
    assert.equal(bad.message, 'manifest.json: "files.0.path" must be a plain file name');
  });

  it('rejects an index built by another tokenizer version', async () => {
    const manifest = await base();
    const error = await caught(() =>
      parseManifest(JSON.stringify({ ...manifest, tokenizer: { name: TOKENIZER.name, version: TOKENIZER.version + 1 } })),
    );
    assert.ok(error instanceof BundleFormatError);
    assert.equal(
      error.message,
      `manifest.json: index was built by tokenizer ${TOKENIZER.name} v${TOKENIZER.version + 1}; this reader has ${TOKENIZER.name} v${TOKENIZER.version} (recompile the bundle)`,
    );
  });

  it('accepts exactly the manifests ManifestSchema accepts', async () => {
    const manifest = await base();
    const files = manifest['files'] as Record<string, unknown>[];
    const field = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer({ min: -2, max: 3 }),
      fc.double(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    const keys = ['formatVersion', 'id', 'version', 'builtAt', 'defaultLocale', 'locales', 'tokenizer', 'files', 'stats', 'answerability'];
    const calibration = {
      threshold: 0.4,
      source: 'eval-cases',
      answerable: 10,
      outOfScope: 240,
      answered: 0.9,
      refused: null,
      curve: [{ threshold: 0.4, answered: 0.9, refused: null }],
    };
    const calibrationKeys = [...Object.keys(calibration), 'curve.threshold', 'curve.answered'];
    const fileKeys = ['path', 'role', 'locale', 'sha256', 'bytes'];
    const mutated = fc.oneof(
      fc.record({ key: fc.constantFrom(...keys), value: field }).map(({ key, value }) => ({ ...manifest, [key]: value })),
      fc
        .record({
          key: fc.constantFrom(...fileKeys),
          value: fc.oneof(field, fc.constantFrom('index', 'html', 'a.json', 'x/y', 'f'.repeat(64))),
        })
        .map(({ key, value }) => ({ ...manifest, files: [{ ...files[0], [key]: value }, ...files.slice(1)] })),
      fc
        .record({ key: fc.constantFrom('articles', 'sections', 'bytes'), value: field })
        .map(({ key, value }) => ({ ...manifest, stats: { ...(manifest['stats'] as object), [key]: value } })),
      fc
        .record({
          key: fc.constantFrom(...calibrationKeys),
          value: fc.oneof(field, fc.constantFrom(0, 1, 1.5, -0.1, 'config', 'sample', 'other')),
          score: fc.oneof(fc.constant('lexical-1'), field),
        })
        .map(({ key, value, score }) => {
          const [outer, inner] = key.split('.') as [string, string | undefined];
          const changed = inner
            ? { ...calibration, curve: [{ ...calibration.curve[0], [inner]: value }] }
            : { ...calibration, [outer]: value };
          return { ...manifest, answerability: { score, languages: { en: changed } } };
        }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(mutated, (value) => {
        assert.equal(manifestProblem(value) === undefined, ManifestSchema.safeParse(value).success, JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a KotaeError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ formatVersion: 1, v })),
        ),
        (text) => {
          try {
            parseManifest(text);
          } catch (e) {
            assert.ok(e instanceof KotaeError, String(e));
          }
        },
      ),
    );
  });
});
