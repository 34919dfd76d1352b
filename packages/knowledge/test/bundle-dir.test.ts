import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SearchIndex, buildSearchIndex, encodeBundle, type EncodedBundle } from '../src/index.js';
import { BundleFormatError, BundleIntegrityError } from '../src/errors.js';
import { MANIFEST_FILE, readBundleDir, writeBundleDir } from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import { CORPUS, sectionsOf } from './support/corpus.js';

const clock = () => new Date('2026-01-02T03:04:05.000Z');

async function encode(files: Record<string, string>, version?: string): Promise<{ index: SearchIndex; bundle: EncodedBundle }> {
  const index = buildSearchIndex(sectionsOf(files));
  const bundle = await encodeBundle(index, { id: 'kb', defaultLocale: 'en', articles: Object.keys(files).length, version, now: clock });
  return { index, bundle };
}

describe('writeBundleDir', () => {
  it('writes the shards and the manifest, and readBundleDir reads them back', async () => {
    const dir = join(await tempDir(), 'out', 'kb');
    const { index, bundle } = await encode(CORPUS);
    await writeBundleDir(dir, bundle);
    assert.deepEqual((await readdir(dir)).sort(), [MANIFEST_FILE, ...bundle.files.keys()].sort());
    for (const [name, bytes] of bundle.files) assert.deepEqual(new Uint8Array(await readFile(join(dir, name))), bytes, name);
    assert.deepEqual(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')), bundle.manifest);

    const loaded = await readBundleDir(dir);
    assert.deepEqual(loaded.manifest, bundle.manifest);
    for (const query of ['password', 'パスワードを忘れました', 'export csv']) {
      assert.deepEqual(loaded.index.search(query, { locale: 'en' }), index.search(query, { locale: 'en' }), query);
      assert.deepEqual(loaded.index.search(query, { locale: 'ja' }), index.search(query, { locale: 'ja' }), query);
    }
  });

  it('leaves no temporary file behind', async () => {
    const dir = await tempDir();
    await writeBundleDir(dir, (await encode(CORPUS)).bundle);
    const names = await readdir(dir);
    assert.deepEqual(
      names.filter((n) => n.startsWith('.') || n.endsWith('.tmp')),
      [],
    );
  });

  it('keeps the previous manifest when writing a shard fails', async () => {
    const dir = await tempDir();
    const first = await encode(CORPUS, 'one');
    await writeBundleDir(dir, first.bundle);
    const second = await encode(
      { ...CORPUS, 'new.md': '---\nid: new\ntitle: New article\n---\nBrand new text about shipping labels.\n' },
      'two',
    );
    const blocked = [...second.bundle.files.keys()].find((name) => !first.bundle.files.has(name))!;
    await mkdir(join(dir, blocked)); // a directory where a shard must go: writing it fails
    const error = await caught(() => writeBundleDir(dir, second.bundle));
    assert.equal((error as NodeJS.ErrnoException).code, 'EISDIR');
    const after = await readBundleDir(dir);
    assert.equal(after.manifest.version, 'one');
    assert.deepEqual(after.manifest, first.bundle.manifest);
  });

  it('replaces the manifest and keeps old shards readable for readers of the old manifest', async () => {
    const dir = await tempDir();
    const first = await encode(CORPUS, 'one');
    await writeBundleDir(dir, first.bundle);
    const oldManifest = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    const second = await encode({ 'a.md': '---\nid: a\ntitle: A\n---\nOnly one article now.\n' }, 'two');
    await writeBundleDir(dir, second.bundle);
    assert.equal((await readBundleDir(dir)).manifest.version, 'two');
    for (const name of first.bundle.files.keys()) assert.ok((await stat(join(dir, name))).isFile(), name);
    assert.equal(JSON.parse(oldManifest).version, 'one');
  });

  it('does not rewrite a shard that is already there', async () => {
    const dir = await tempDir();
    const { bundle } = await encode(CORPUS);
    await writeBundleDir(dir, bundle);
    const [name] = bundle.files.keys();
    const before = await stat(join(dir, name!));
    await writeBundleDir(dir, bundle);
    const after = await stat(join(dir, name!));
    assert.equal(after.mtimeMs, before.mtimeMs);
  });
});

describe('readBundleDir', () => {
  it('names the missing manifest', async () => {
    const dir = join(await tempDir(), 'nothing-here');
    const error = await caught(() => readBundleDir(dir));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.file, join(dir, MANIFEST_FILE));
    assert.equal(error.message, `${join(dir, MANIFEST_FILE)}: no bundle manifest here (run \`kotae compile\` first?)`);
  });

  it('reports a deleted shard', async () => {
    const dir = await tempDir();
    const { bundle } = await encode(CORPUS);
    await writeBundleDir(dir, bundle);
    const victim = bundle.manifest.files[1]!;
    await rm(join(dir, victim.path));
    const error = await caught(() => readBundleDir(dir));
    assert.ok(error instanceof BundleIntegrityError);
    assert.deepEqual([error.file, error.expected, error.actual], [victim.path, victim.sha256, undefined]);
  });

  it('reports a shard changed on disk', async () => {
    const dir = await tempDir();
    const { bundle } = await encode(CORPUS);
    await writeBundleDir(dir, bundle);
    const victim = bundle.manifest.files[0]!;
    const text = await readFile(join(dir, victim.path), 'utf8');
    await writeFile(join(dir, victim.path), `${text} `);
    const error = await caught(() => readBundleDir(dir));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, victim.path);
    assert.equal(error.expected, victim.sha256);
    assert.notEqual(error.actual, victim.sha256);
    assert.match(error.actual ?? '', /^[0-9a-f]{64}$/);
  });
});
