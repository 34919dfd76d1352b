import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { buildSearchIndex, encodeBundle } from '../src/index.js';
import { BundleIntegrityError, PublishDowngradeError, PublishError, PublishLockedError } from '../src/errors.js';
import {
  MANIFEST_FILE,
  publishBundle,
  readBundleDir,
  rollbackBundle,
  watchBundleDir,
  writeBundleDir,
  type PublishStep,
} from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import { CORPUS, publicSections } from './support/corpus.js';

/** A bundle directory of CORPUS plus `extra` articles, built at `at`. */
async function bundleDir(at: string, extra: Record<string, string> = {}): Promise<string> {
  const files = { ...CORPUS, ...extra };
  const bundle = await encodeBundle(buildSearchIndex(publicSections(files)), {
    id: 'kb',
    defaultLocale: 'en',
    articles: Object.keys(files).length,
    now: () => new Date(at),
  });
  const dir = join(await tempDir(), 'kb');
  await writeBundleDir(dir, bundle);
  return dir;
}

function extraArticle(n: number): Record<string, string> {
  return {
    [`en/extra-${n}.md`]: `---\nid: extra-${n}\ntitle: Extra ${n}\nlocale: en\n---\nThe word marker${n} appears only here.\n`,
  };
}

const manifestOf = (dir: string, file = MANIFEST_FILE) => readFile(join(dir, file));
const shardsIn = async (dir: string) => (await readdir(dir)).filter((n) => /^(index|sections|html)\./.test(n)).sort();
const listed = async (bundle: string) =>
  (JSON.parse(await readFile(join(bundle, MANIFEST_FILE), 'utf8')) as { files: { path: string }[] }).files.map((f) => f.path).sort();

describe('publishBundle', () => {
  it('copies the shards, keeps the manifest in history and swaps the channel manifest, in that order', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const to = join(await tempDir(), 'site', 'kb');
    const steps: PublishStep[] = [];
    const seen: string[] = [];
    const result = await publishBundle(v1, {
      to,
      onStep: async (step) => {
        steps.push(step);
        // What a reader would find at each step.
        seen.push(
          await readFile(join(to, MANIFEST_FILE), 'utf8').then(
            () => 'manifest',
            () => 'none',
          ),
        );
      },
    });
    assert.deepEqual(steps, ['locked', 'checked', 'shards', 'history', 'swapped', 'collected']);
    assert.deepEqual(seen, ['none', 'none', 'none', 'none', 'manifest', 'manifest']);
    assert.equal(result.status, 'published');
    assert.equal(result.previous, null);
    assert.equal(result.copied, 6);
    assert.deepEqual(await manifestOf(to), await manifestOf(v1));
    assert.deepEqual(await shardsIn(to), await listed(v1));
    assert.deepEqual(await readdir(join(to, 'history', 'production')), [`000001-${result.current.version}.json`]);
    const loaded = await readBundleDir(to);
    assert.equal(loaded.manifest.version, result.current.version);
    assert.ok(!(await readdir(to)).some((n) => n.startsWith('.kotae-tmp')), 'no temporary file is left');
  });

  it('publishes the same version again as a no-op', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const to = await tempDir();
    await publishBundle(v1, { to });
    const before = await stat(join(to, MANIFEST_FILE), { bigint: true });
    const again = await publishBundle(v1, { to });
    assert.equal(again.status, 'unchanged');
    assert.equal(again.copied, 0);
    const after = await stat(join(to, MANIFEST_FILE), { bigint: true });
    assert.equal(after.mtimeNs, before.mtimeNs);
    assert.equal(after.ino, before.ino);
    assert.equal((await readdir(join(to, 'history', 'production'))).length, 1);
  });

  it('refuses to publish an older version over a newer one, quoting both, and changes nothing', async () => {
    const older = await bundleDir('2026-01-01T00:00:00Z', extraArticle(1));
    const newer = await bundleDir('2026-02-01T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    const published = await publishBundle(newer, { to });
    const olderVersion = JSON.parse(await readFile(join(older, MANIFEST_FILE), 'utf8')).version as string;
    const before = await readdir(to);
    const error = await caught<PublishDowngradeError>(() => publishBundle(older, { to }));
    assert.ok(error instanceof PublishDowngradeError);
    assert.deepEqual(error.current, { version: published.current.version, builtAt: '2026-02-01T00:00:00.000Z' });
    assert.deepEqual(error.next, { version: olderVersion, builtAt: '2026-01-01T00:00:00.000Z' });
    assert.equal(
      error.message,
      `${to}: channel "production" serves version "${published.current.version}" built 2026-02-01T00:00:00.000Z; ` +
        `refusing to replace it with the older version "${olderVersion}" built 2026-01-01T00:00:00.000Z (pass --allow-downgrade to publish it anyway, or use kotae rollback)`,
    );
    assert.deepEqual(await manifestOf(to), await manifestOf(newer));
    assert.deepEqual(await readdir(to), before);

    const forced = await publishBundle(older, { to, allowDowngrade: true });
    assert.equal(forced.downgrade, true);
    assert.deepEqual(await manifestOf(to), await manifestOf(older));
  });

  it('rejects a source bundle whose shard does not match its manifest, writing nothing', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const shard = (await listed(v1)).find((n) => n.startsWith('sections.en'))!;
    await writeFile(join(v1, shard), '[]');
    const to = await tempDir();
    const error = await caught<BundleIntegrityError>(() => publishBundle(v1, { to }));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, join(v1, shard));
    assert.deepEqual(await readdir(to), []);
  });

  it('replaces a damaged shard of the same name left in the target', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const to = await tempDir();
    const shard = (await listed(v1)).find((n) => n.startsWith('index.en'))!;
    await writeFile(join(to, shard), '{"torn":');
    const result = await publishBundle(v1, { to });
    assert.equal(result.copied, 6);
    assert.deepEqual(await readFile(join(to, shard)), await readFile(join(v1, shard)));
    await readBundleDir(to);
  });

  it('keeps the last N versions per channel and removes the shards only dropped versions referenced', async () => {
    const to = await tempDir();
    const versions: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const dir = await bundleDir(`2026-01-0${n}T00:00:00Z`, extraArticle(n));
      versions.push(dir);
      await publishBundle(dir, { to, keep: 2, graceMs: 0 });
    }
    // Staging still serves version 1, so its shards stay although production dropped it.
    await publishBundle(versions[0]!, { to, channel: 'staging', keep: 2, graceMs: 0 });
    await publishBundle(versions[3]!, { to, keep: 2, graceMs: 0 });
    const history = (await readdir(join(to, 'history', 'production'))).filter((n) => n.endsWith('.json'));
    assert.equal(history.length, 2);
    const expected = new Set([...(await listed(versions[0]!)), ...(await listed(versions[2]!)), ...(await listed(versions[3]!))]);
    assert.deepEqual(await shardsIn(to), [...expected].sort());
    for (const name of await listed(versions[1]!)) if (!expected.has(name)) assert.ok(!(await shardsIn(to)).includes(name));
    // Every kept manifest is still readable in full.
    await readBundleDir(to);
    await readBundleDir(to, { manifest: 'manifest.staging.json' });
    await rollbackBundle({ to });
    assert.deepEqual(await manifestOf(to), await manifestOf(versions[2]!));
    await readBundleDir(to);
  });

  it('keeps the shards of a version that left the history for the grace period, then removes them', async () => {
    const to = await tempDir();
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const v3 = await bundleDir('2026-01-03T00:00:00Z', extraArticle(3));
    const at = (iso: string) => () => new Date(iso);
    await publishBundle(v1, { to, keep: 1, now: at('2026-02-01T00:00:00Z') });
    await publishBundle(v2, { to, keep: 1, now: at('2026-02-01T00:00:01Z') });
    // A reader that loaded version 1's manifest just before the swap still finds every shard it names.
    const retired = join(to, 'history', 'production', 'retired');
    const [v1Entry] = await readdir(retired);
    const early = await readBundleDir(to, { manifest: join('history', 'production', 'retired', v1Entry!) });
    assert.equal(early.index.search('marker2').length, 0);
    for (const name of await listed(v1)) assert.ok((await shardsIn(to)).includes(name), name);
    // A day later, the next publish removes version 1's retired manifest and the shards only it named.
    const result = await publishBundle(v3, { to, keep: 1, now: () => new Date(Date.now() + 86_400_001) });
    assert.ok(result.removed.length > 0);
    const kept = new Set([...(await listed(v2)), ...(await listed(v3))]);
    for (const name of await shardsIn(to)) assert.ok(kept.has(name), `${name} should be gone`);
    assert.equal((await readdir(retired)).length, 1); // version 2, retired now, within its grace period
  });

  it('copies the precompressed copies of the shards, refuses a stale one, and removes them with their shard', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    for (const dir of [v1, v2]) {
      for (const name of await listed(dir)) {
        const bytes = await readFile(join(dir, name));
        await writeFile(join(dir, `${name}.br`), brotliCompressSync(bytes));
        await writeFile(join(dir, `${name}.gz`), gzipSync(bytes));
      }
    }
    const to = await tempDir();
    const first = await publishBundle(v1, { to, keep: 1, graceMs: 0 });
    assert.equal(first.compressedCopied, 2 * (await listed(v1)).length);
    for (const name of await listed(v1)) {
      assert.deepEqual(gunzipSync(await readFile(join(to, `${name}.gz`))), await readFile(join(v1, name)));
    }
    // A .br that is not the shard's (left from another compile) is refused before anything is written.
    const shard = (await listed(v2)).find((n) => n.startsWith('index.en'))!;
    await writeFile(join(v2, `${shard}.br`), brotliCompressSync(Buffer.from('{"stale":true}')));
    const error = await caught<BundleIntegrityError>(() => publishBundle(v2, { to, keep: 1, graceMs: 0 }));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, join(v2, `${shard}.br`));
    assert.ok(!(await readdir(to)).includes(shard));
    await writeFile(join(v2, `${shard}.br`), brotliCompressSync(await readFile(join(v2, shard))));
    await publishBundle(v2, { to, keep: 1, graceMs: 0 });
    const names = await readdir(to);
    const live = new Set(await listed(v2));
    for (const name of names.filter((n) => /\.(br|gz)$/.test(n)))
      assert.ok(live.has(name.replace(/\.(br|gz)$/, '')), `${name} should be gone`);
    assert.equal(names.filter((n) => /\.(br|gz)$/.test(n)).length, 2 * live.size);
  });

  it('publishes channels independently', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    await publishBundle(v1, { to });
    const staged = await publishBundle(v2, { to, channel: 'staging' });
    assert.equal(staged.manifest, join(to, 'manifest.staging.json'));
    assert.deepEqual(await manifestOf(to), await manifestOf(v1));
    assert.deepEqual(await manifestOf(to, 'manifest.staging.json'), await manifestOf(v2));
    assert.equal((await readBundleDir(to, { manifest: 'manifest.staging.json' })).index.search('marker2').length, 1);
    const error = await caught<PublishError>(() => publishBundle(v1, { to, channel: 'Staging!' }));
    assert.ok(error instanceof PublishError);
    assert.match(error.message, /channel "Staging!": a channel name is lowercase letters, digits and dashes/);
  });

  it('lets one publisher at a time hold a target', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    let second: unknown;
    await publishBundle(v1, {
      to,
      onStep: async (step) => {
        if (step === 'shards') second = await caught(() => publishBundle(v2, { to }));
      },
    });
    assert.ok(second instanceof PublishLockedError);
    assert.equal(second.lockFile, join(to, '.publish.lock'));
    assert.match(second.message, /is locked: it is already held in this process$/);
    // The lock is released after the publish: the next one goes through.
    assert.equal((await publishBundle(v2, { to })).status, 'published');
  });

  it('takes over the lock a killed publisher left behind', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const to = await tempDir();
    // pid 2^22+1 is above Linux's pid_max default range: no such process.
    await writeFile(
      join(to, '.publish.lock'),
      JSON.stringify({ pid: 4194305, host: (await import('node:os')).hostname(), start: null, token: 'x' }),
    );
    assert.equal((await publishBundle(v1, { to })).status, 'published');
  });
});

describe('rollbackBundle', () => {
  it('rolls back to a bundle that was written into the target without kotae publish', async () => {
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    // kotae compile --out straight into the served directory, then a first publish over it.
    await writeBundleDir(
      to,
      await encodeBundle(buildSearchIndex(publicSections(CORPUS)), {
        id: 'kb',
        defaultLocale: 'en',
        articles: 8,
        now: () => new Date('2025-12-01T00:00:00Z'),
      }),
    );
    const handWritten = await manifestOf(to);
    const published = await publishBundle(v2, { to });
    assert.deepEqual(published.history.length, 2);
    await rollbackBundle({ to });
    assert.deepEqual(await manifestOf(to), handWritten);
    await readBundleDir(to);
  });

  it('restores the byte-identical previous manifest, and refuses when no earlier version is kept', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    await publishBundle(v1, { to });
    const v1Bytes = await manifestOf(to);
    await publishBundle(v2, { to });
    const result = await rollbackBundle({ to, graceMs: 0 });
    assert.deepEqual(await manifestOf(to), v1Bytes);
    assert.equal(result.to.version, JSON.parse(v1Bytes.toString()).version);
    assert.equal((await readBundleDir(to)).index.search('marker2').length, 0);
    assert.deepEqual(await shardsIn(to), await listed(v1));
    const error = await caught<PublishError>(() => rollbackBundle({ to }));
    assert.ok(error instanceof PublishError);
    assert.equal(error.message, `${to}: channel "production": no version before "${result.to.version}" is kept in its history`);
    // Publishing again after a rollback goes forward from the restored version.
    await publishBundle(v2, { to });
    assert.deepEqual(await manifestOf(to), await manifestOf(v2));
  });

  it('refuses to roll back to a version whose shard was tampered with, changing nothing', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const to = await tempDir();
    await publishBundle(v1, { to });
    await publishBundle(v2, { to });
    const inV2 = new Set(await listed(v2));
    const shard = (await listed(v1)).find((n) => n.startsWith('sections.en') && !inV2.has(n))!;
    assert.ok(shard, 'the English sections shard differs between the versions');
    const bytes = await readFile(join(to, shard));
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    await writeFile(join(to, shard), bytes);
    const error = await caught<BundleIntegrityError>(() => rollbackBundle({ to }));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, join(to, shard));
    assert.deepEqual(await manifestOf(to), await manifestOf(v2));
  });
});

describe('a published bundle', () => {
  it('is rejected by the reader when a shard was tampered with', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const to = await tempDir();
    await publishBundle(v1, { to });
    const shard = (await listed(v1)).find((n) => n.startsWith('index.ja'))!;
    const bytes = await readFile(join(to, shard));
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    await writeFile(join(to, shard), bytes);
    const error = await caught<BundleIntegrityError>(() => readBundleDir(to));
    assert.ok(error instanceof BundleIntegrityError);
    assert.equal(error.file, shard);
    assert.match(
      error.message,
      new RegExp(`^bundle file "${shard.replace(/\./g, '\\.')}" has sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$`),
    );
  });
});

describe('watchBundleDir', () => {
  it('swaps in a newly published version and keeps serving the old one when a new manifest is bad', async () => {
    const v1 = await bundleDir('2026-01-01T00:00:00Z');
    const v2 = await bundleDir('2026-01-02T00:00:00Z', extraArticle(2));
    const v3 = await bundleDir('2026-01-03T00:00:00Z', extraArticle(3));
    const to = await tempDir();
    await publishBundle(v1, { to });
    const errors: unknown[] = [];
    const watcher = await watchBundleDir(to, { pollMs: 60_000, onError: (e) => errors.push(e) });
    try {
      const first = watcher.current();
      assert.equal(first.index.search('marker2').length, 0);
      await publishBundle(v2, { to });
      await watcher.check();
      assert.equal(watcher.current().index.search('marker2').length, 1);
      // A request that took the first bundle still has it whole.
      assert.equal(first.index.search('marker2').length, 0);

      // Version 3 is published, then one of its shards damaged: the watcher keeps version 2.
      const v2Version = watcher.current().manifest.version;
      const shard = (await listed(v3)).find((n) => n.startsWith('sections.en'))!;
      await publishBundle(v3, {
        to,
        onStep: async (step) => {
          if (step === 'shards') await writeFile(join(to, shard), '[]');
        },
      });
      await watcher.check();
      assert.equal(watcher.current().manifest.version, v2Version);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof BundleIntegrityError);
    } finally {
      watcher.close();
    }
  });
});
