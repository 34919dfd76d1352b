import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseManifest } from '@kotae/knowledge';
import { ContentError, formatIssue } from '@kotae/knowledge/errors';
import type { Progress } from '@kotae/knowledge/node';
import { compile, PathError } from '../src/index.js';
import { BROKEN_ERRORS, BROKEN_WARNINGS, FIXTURES, brokenSubset, japaneseContent, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

describe('compile', () => {
  it('writes a bundle and returns what it wrote', async () => {
    const out = join(await tempDir(), 'kb');
    const result = await compile({ contentDir: join(FIXTURES, 'stackfaq'), out });
    const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    assert.equal(result.out, out);
    assert.equal(result.id, 'stackfaq');
    assert.equal(result.version, manifest.version);
    assert.equal(result.articles, 40);
    assert.equal(result.sections, manifest.stats.sections);
    assert.deepEqual(result.locales, ['en']);
    assert.equal(
      result.bytes,
      manifest.files.reduce((n, f) => n + f.bytes, 0),
    );
    assert.ok(result.ms >= 0);
    // Every StackFAQ article carries `source` and `license` metadata keys.
    assert.equal(result.warnings.length, 80);
    assert.equal(
      formatIssue(result.warnings[0]!),
      'articles/stackfaq-001.md:4: warning: unknown frontmatter key "source" (known keys: id, title, locale, audience, tags, contexts, owner, reviewBy, updated, version)',
    );
  });

  it('takes the bundle id and default locale from kotae.config.json', async () => {
    const out = join(await tempDir(), 'kb');
    const result = await compile({ contentDir: await japaneseContent(), out });
    assert.equal(result.id, 'jsquad');
    assert.deepEqual(result.locales, ['ja']);
    assert.equal(result.articles, 60);
  });

  it('reports progress from reading files to writing the bundle', async () => {
    const events: Progress[] = [];
    await compile({ contentDir: await brokenSubset('good.md'), out: join(await tempDir(), 'kb'), onProgress: (p) => events.push(p) });
    assert.deepEqual(events, [
      { phase: 'load', done: 1, total: 1 },
      { phase: 'index', done: 0, total: 3 },
      { phase: 'index', done: 3, total: 3 },
      { phase: 'write', done: 0, total: 3 },
      { phase: 'write', done: 3, total: 3 },
    ]);
  });

  it('stamps the manifest with the injected clock', async () => {
    const out = join(await tempDir(), 'kb');
    await compile({ contentDir: await brokenSubset('good.md'), out, now: () => new Date('2026-01-02T03:04:05Z') });
    const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.builtAt, '2026-01-02T03:04:05.000Z');
  });

  it('throws a ContentError listing every error and writes nothing', async () => {
    const out = join(await tempDir(), 'kb');
    const error = await compile({ contentDir: join(FIXTURES, 'broken'), out }).then(
      () => assert.fail('compile succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ContentError);
    assert.deepEqual(error.issues.map(formatIssue), BROKEN_ERRORS);
    await assert.rejects(stat(out), { code: 'ENOENT' });
  });

  it('accepts warnings unless strict', async () => {
    const contentDir = await brokenSubset('typo.md');
    const result = await compile({ contentDir, out: join(await tempDir(), 'kb') });
    assert.deepEqual(result.warnings.map(formatIssue), BROKEN_WARNINGS);
    await assert.rejects(compile({ contentDir, out: join(await tempDir(), 'kb'), strict: true }), (e: unknown) => {
      assert.ok(e instanceof ContentError);
      assert.deepEqual(e.issues.map(formatIssue), BROKEN_WARNINGS);
      return true;
    });
  });

  it('throws a ContentError naming a missing content directory', async () => {
    const missing = join(await tempDir(), 'nope');
    await assert.rejects(compile({ contentDir: missing, out: join(await tempDir(), 'kb') }), (e: unknown) => {
      assert.ok(e instanceof ContentError);
      assert.equal(e.message, `${missing}: content directory not found`);
      return true;
    });
  });

  it('throws a PathError when the output exists and is not a directory', async () => {
    const out = join(FIXTURES, 'broken', 'good.md');
    await assert.rejects(compile({ contentDir: await brokenSubset('good.md'), out }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${out}: exists and is not a directory`);
      assert.equal(e.path, out);
      return true;
    });
  });
});
