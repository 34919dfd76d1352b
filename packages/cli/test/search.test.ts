import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseManifest } from '@kotae/knowledge';
import { BundleFormatError, BundleIntegrityError } from '@kotae/knowledge/errors';
import { compile, PathError, search } from '../src/index.js';
import { FIXTURES, fixtureBundles, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

describe('search', () => {
  let english = '';
  let japanese = '';
  before(async () => {
    ({ english, japanese } = await fixtureBundles());
  });

  it('returns the best matching sections of a bundle, one per article', async () => {
    const { query, results } = await search({ bundleDir: english, query: 'strikethrough github markdown' });
    assert.equal(query, 'strikethrough github markdown');
    assert.equal(results[0]?.articleId, 'stackfaq-001');
    assert.equal(results[0]?.title, 'Strikethrough with GitHub Markdown');
    assert.equal(new Set(results.map((r) => r.articleId)).size, results.length);
    assert.ok(results.length <= 10);
  });

  it('returns at most limit results', async () => {
    const { results } = await search({ bundleDir: english, query: 'gmail', limit: 2 });
    assert.equal(results.length, 2);
  });

  it('searches Japanese in the ja index', async () => {
    const { results } = await search({ bundleDir: japanese, query: '梅雨とは何季の一種か', locale: 'ja', limit: 3 });
    assert.equal(results[0]?.articleId, 'a10336p0');
    assert.equal(results[0]?.locale, 'ja');
  });

  it('completes the last word only with prefix', async () => {
    const exact = await search({ bundleDir: english, query: 'strikethr' });
    assert.deepEqual(exact.results, []);
    const typed = await search({ bundleDir: english, query: 'strikethr', prefix: true });
    assert.ok(typed.results.some((r) => r.articleId === 'stackfaq-001'));
  });

  it('throws a PathError naming a missing bundle directory', async () => {
    const missing = join(await tempDir(), 'nope');
    await assert.rejects(search({ bundleDir: missing, query: 'x' }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${missing}: bundle directory not found`);
      return true;
    });
  });

  it('throws a BundleFormatError for a directory without a manifest', async () => {
    const empty = await tempDir();
    await assert.rejects(search({ bundleDir: empty, query: 'x' }), (e: unknown) => {
      assert.ok(e instanceof BundleFormatError);
      assert.equal(e.message, `${join(empty, 'manifest.json')}: no bundle manifest here (run \`kotae compile\` first?)`);
      return true;
    });
  });

  it('throws a BundleIntegrityError when a shard was changed', async () => {
    const bundleDir = join(await tempDir(), 'kb');
    await compile({ contentDir: join(FIXTURES, 'stackfaq'), out: bundleDir });
    const manifest = parseManifest(await readFile(join(bundleDir, 'manifest.json'), 'utf8'));
    const shard = manifest.files.find((f) => f.role === 'sections')!;
    const path = join(bundleDir, shard.path);
    await writeFile(path, (await readFile(path, 'utf8')).replace('Strikethrough', 'Striketh2ough'));
    await assert.rejects(search({ bundleDir, query: 'x' }), (e: unknown) => {
      assert.ok(e instanceof BundleIntegrityError);
      assert.equal(e.file, shard.path);
      assert.equal(e.expected, shard.sha256);
      assert.match(e.message, new RegExp(`^bundle file "${shard.path}" has sha256 [0-9a-f]{64}, manifest says ${shard.sha256}$`));
      return true;
    });
  });
});
