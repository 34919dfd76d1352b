import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KotaeError } from '../src/index.js';
import { ContentError, formatIssue, type ContentIssue } from '../src/errors.js';
import { KNOWN_FRONTMATTER_KEYS } from '../src/schema/article.js';
import { CONFIG_FILE, compileContent, loadConfig, loadContent, readBundleDir, validateContent, type Progress } from '../src/node.js';
import { article, caught, contentDir, tempDir } from './support/content.js';

const clock = () => new Date('2026-01-02T03:04:05.000Z');

const GOOD = {
  'account/reset-password.md': article(
    'id: reset-password\ntitle: Reset your password\ntags: [account]',
    'Open the sign-in page and choose "Forgot password".\n',
  ),
  'billing/invoices.md': article(
    'id: invoices\ntitle: Download invoices',
    '# Download invoices\n\nInvoices are on the billing page.\n\n## Old invoices\n\nAsk support for invoices older than a year.\n',
  ),
  'ja/password.md': article(
    'id: ja-password\ntitle: パスワードの再設定\nlocale: ja',
    'ログイン画面の「パスワードをお忘れですか」を選んでください。\n',
  ),
};

async function contentError(fn: () => unknown): Promise<ContentError> {
  const error = await caught(fn);
  assert.ok(error instanceof ContentError, `not a ContentError: ${String(error)}`);
  assert.ok(error instanceof KotaeError);
  assert.equal(error.name, 'ContentError');
  return error;
}

describe('loadConfig', () => {
  it('defaults the id to the directory name and the locale to en', async () => {
    const dir = await contentDir({}, 'acme-help');
    assert.deepEqual(await loadConfig(dir), { id: 'acme-help', defaultLocale: 'en', version: undefined, file: undefined });
  });

  it('reads kotae.config.json', async () => {
    const config = { id: 'kb', defaultLocale: 'ja', version: '2026.1.0' };
    const dir = await contentDir({ [CONFIG_FILE]: JSON.stringify(config) });
    assert.deepEqual(await loadConfig(dir), { ...config, file: config });
  });

  it('reports invalid JSON with its line', async () => {
    const dir = await contentDir({ [CONFIG_FILE]: '{\n  "id": "kb",\n  oops\n}' });
    const error = await contentError(() => loadConfig(dir));
    assert.equal(error.issues.length, 1);
    assert.equal(error.file, CONFIG_FILE);
    assert.equal(error.line, 3);
    assert.match(error.message, /^kotae\.config\.json:3: invalid JSON: /);
  });

  it('reports every invalid field on its line', async () => {
    const dir = await contentDir({ [CONFIG_FILE]: '{\n  "id": "kb",\n  "defaultLocale": "j",\n  "version": ""\n}' });
    const error = await contentError(() => loadConfig(dir));
    assert.deepEqual(error.issues, [
      { file: CONFIG_FILE, line: 3, severity: 'error', message: '"defaultLocale" Too small: expected string to have >=2 characters' },
      { file: CONFIG_FILE, line: 4, severity: 'error', message: '"version" Too small: expected string to have >=1 characters' },
    ]);
    assert.equal(error.message, 'kotae.config.json:3: "defaultLocale" Too small: expected string to have >=2 characters (and 1 more)');
  });

  it('reports an unknown key on its line', async () => {
    const dir = await contentDir({ [CONFIG_FILE]: '{\n  "id": "kb",\n  "defaultLocal": "ja"\n}' });
    const error = await contentError(() => loadConfig(dir));
    assert.deepEqual(error.issues, [
      { file: CONFIG_FILE, line: 3, severity: 'error', message: '"defaultLocal" Unrecognized key: "defaultLocal"' },
    ]);
  });

  it('reports a config that is not an object without inventing a field name', async () => {
    const dir = await contentDir({ [CONFIG_FILE]: '[]' });
    const error = await contentError(() => loadConfig(dir));
    assert.deepEqual(error.issues, [
      { file: CONFIG_FILE, line: 1, severity: 'error', message: 'Invalid input: expected object, received array' },
    ]);
  });
});

describe('loadContent', () => {
  it('reads every article in nested directories, in path order', async () => {
    const dir = await contentDir(GOOD);
    const content = await loadContent(dir);
    assert.deepEqual(content.issues, []);
    assert.deepEqual(
      content.articles.map((a) => [a.source, a.id]),
      [
        ['account/reset-password.md', 'reset-password'],
        ['billing/invoices.md', 'invoices'],
        ['ja/password.md', 'ja-password'],
      ],
    );
    assert.deepEqual(
      content.sections.map((s) => s.id),
      ['reset-password', 'invoices', 'invoices#old-invoices', 'ja-password'],
    );
  });

  it('skips READMEs, hidden files, non-markdown files and the conversations and evals folders', async () => {
    const dir = await contentDir({
      ...GOOD,
      'README.md': '# Not an article',
      'account/readme.md': 'no frontmatter',
      'CHANGELOG.md': 'changes',
      '.drafts/draft.md': 'no frontmatter',
      'notes.txt': 'text',
      'conversations/2026.md': 'no frontmatter',
      'evals/cases.md': 'no frontmatter',
      'node_modules/pkg/README.md': 'no frontmatter',
    });
    const content = await loadContent(dir);
    assert.deepEqual(content.issues, []);
    assert.equal(content.articles.length, 3);
  });

  it('applies the configured default locale to articles without one', async () => {
    const dir = await contentDir({ ...GOOD, [CONFIG_FILE]: '{"defaultLocale": "ja"}' });
    const content = await loadContent(dir);
    assert.equal(content.config.defaultLocale, 'ja');
    assert.deepEqual(
      content.articles.map((a) => [a.id, a.locale]),
      [
        ['reset-password', 'ja'],
        ['invoices', 'ja'],
        ['ja-password', 'ja'],
      ],
    );
    assert.ok(content.sections.every((s) => s.locale === 'ja'));
  });

  it('reports a duplicate id naming both files, and keeps the first article', async () => {
    const dir = await contentDir({
      'a.md': article('id: same\ntitle: First'),
      'z/b.md': article('title: Second\nid: same'),
    });
    const content = await loadContent(dir);
    assert.deepEqual(content.issues, [
      { file: 'z/b.md', line: 3, severity: 'error', message: 'duplicate article id "same" (also in a.md)' },
    ]);
    assert.deepEqual(
      content.articles.map((a) => a.title),
      ['First'],
    );
  });

  it('reports progress when done', async () => {
    const dir = await contentDir(GOOD);
    const progress: Progress[] = [];
    await loadContent(dir, { onProgress: (p) => progress.push(p) });
    assert.deepEqual(progress, [{ phase: 'load', done: 3, total: 3 }]);
  });

  it('reports a missing directory', async () => {
    const dir = join(await tempDir(), 'missing');
    const error = await contentError(() => loadContent(dir));
    assert.deepEqual(error.issues, [{ file: dir, severity: 'error', message: 'content directory not found' }]);
    assert.equal(error.message, `${dir}: content directory not found`);
  });

  it('reports a file given as the content directory', async () => {
    const dir = await contentDir(GOOD);
    const file = join(dir, 'account/reset-password.md');
    const error = await contentError(() => loadContent(file));
    assert.equal(error.message, `${file}: content directory not found`);
  });
});

describe('validateContent', () => {
  it('passes good content', async () => {
    const dir = await contentDir(GOOD);
    assert.deepEqual(await validateContent(dir), { issues: [], errors: 0, warnings: 0, articles: 3, ok: true });
  });

  it('returns every error and warning, with files and lines', async () => {
    const dir = await contentDir({
      ...GOOD,
      'broken.md': article('id: broken\ntitle: [unclosed'),
      'typo.md': article('id: typo\ntitel: Typo'),
      'warn.md': article('id: warn\ntitle: Warn\ncolour: blue', '## Empty\n\n## Full\n\nText.\n'),
    });
    const report = await validateContent(dir);
    assert.deepEqual(
      report.issues.map((i) => [i.file, i.line, i.severity]),
      [
        ['broken.md', 4, 'error'],
        ['typo.md', 1, 'error'],
        ['warn.md', 4, 'warning'],
        ['warn.md', 6, 'warning'],
      ],
    );
    assert.deepEqual(
      report.issues.slice(1).map((i) => i.message),
      [
        'frontmatter "title" is required',
        `unknown frontmatter key "colour" (known keys: ${KNOWN_FRONTMATTER_KEYS.join(', ')})`,
        'empty section "Empty"',
      ],
    );
    assert.deepEqual([report.errors, report.warnings, report.articles, report.ok], [2, 2, 4, false]);
  });

  it('fails on warnings only in strict mode', async () => {
    const dir = await contentDir({ ...GOOD, 'warn.md': article('id: warn\ntitle: Warn\ncolour: blue') });
    assert.equal((await validateContent(dir)).ok, true);
    const strict = await validateContent(dir, { strict: true });
    assert.deepEqual([strict.ok, strict.errors, strict.warnings], [false, 0, 1]);
  });
});

describe('compileContent', () => {
  it('compiles a content directory into a searchable bundle', async () => {
    const dir = await contentDir(GOOD, 'acme-help');
    const result = await compileContent(dir, { now: clock });
    assert.deepEqual(result.warnings, []);
    assert.equal(result.stats.articles, 3);
    assert.equal(result.stats.sections, 4);
    assert.deepEqual(result.stats.locales, ['en', 'ja']);
    assert.equal(result.stats.bytes, result.bundle.manifest.stats.bytes);
    assert.ok(Number.isInteger(result.stats.ms) && result.stats.ms >= 0);
    assert.equal(result.bundle.manifest.id, 'acme-help');
    assert.equal(result.bundle.manifest.defaultLocale, 'en');
    assert.equal(result.bundle.manifest.builtAt, '2026-01-02T03:04:05.000Z');
    assert.equal(result.index.search('forgot password')[0]?.articleId, 'reset-password');
    assert.equal(result.index.search('パスワードを忘れました')[0]?.articleId, 'ja-password');
  });

  it('takes the id, default locale and version from the config', async () => {
    const dir = await contentDir({ ...GOOD, [CONFIG_FILE]: '{"id": "kb", "defaultLocale": "en-GB", "version": "7"}' });
    const { bundle } = await compileContent(dir, { now: clock });
    assert.deepEqual([bundle.manifest.id, bundle.manifest.defaultLocale, bundle.manifest.version], ['kb', 'en-GB', '7']);
    assert.deepEqual(bundle.manifest.locales, ['en-GB', 'ja']);
  });

  it('writes the bundle when given an output directory', async () => {
    const dir = await contentDir(GOOD);
    const out = join(await tempDir(), 'dist', 'kb');
    const progress: Progress['phase'][] = [];
    const result = await compileContent(dir, { out, now: clock, onProgress: (p) => progress.push(p.phase) });
    const loaded = await readBundleDir(out);
    assert.deepEqual(loaded.manifest, result.bundle.manifest);
    assert.equal(loaded.index.search('invoices', { locale: 'en' })[0]?.articleId, 'invoices');
    assert.deepEqual(progress, ['load', 'index', 'index', 'write', 'write']);
  });

  it('is deterministic with a fixed clock', async () => {
    const a = await compileContent(await contentDir(GOOD, 'kb'), { now: clock });
    const b = await compileContent(await contentDir(GOOD, 'kb'), { now: clock });
    assert.deepEqual(a.bundle.manifest, b.bundle.manifest);
    for (const [path, bytes] of a.bundle.files) assert.deepEqual(b.bundle.files.get(path), bytes);
  });

  it('returns warnings without failing', async () => {
    const dir = await contentDir({ ...GOOD, 'warn.md': article('id: warn\ntitle: Warn\ncolour: blue') });
    const result = await compileContent(dir, { now: clock });
    assert.deepEqual(result.warnings, [
      {
        file: 'warn.md',
        line: 4,
        severity: 'warning',
        message: `unknown frontmatter key "colour" (known keys: ${KNOWN_FRONTMATTER_KEYS.join(', ')})`,
      },
    ]);
    assert.equal(result.stats.articles, 4);
  });

  it('throws a ContentError listing every error, and writes nothing', async () => {
    const dir = await contentDir({
      ...GOOD,
      'a-dup.md': article('id: invoices\ntitle: Duplicate'),
      'b-no-id.md': article('title: No id'),
      'c-warn.md': article('id: warn\ntitle: Warn\ncolour: blue'),
    });
    const out = join(await tempDir(), 'out');
    const error = await contentError(() => compileContent(dir, { out }));
    const expected: ContentIssue[] = [
      { file: 'b-no-id.md', line: 1, severity: 'error', message: 'frontmatter "id" is required' },
      { file: 'billing/invoices.md', line: 2, severity: 'error', message: 'duplicate article id "invoices" (also in a-dup.md)' },
    ];
    assert.deepEqual(error.issues, expected);
    assert.equal(error.file, 'b-no-id.md');
    assert.equal(error.line, 1);
    assert.equal(error.message, 'b-no-id.md:1: frontmatter "id" is required (and 1 more)');
    assert.equal(await stat(out).catch(() => undefined), undefined);
  });

  it('treats warnings as errors in strict mode', async () => {
    const dir = await contentDir({ ...GOOD, 'warn.md': article('id: warn\ntitle: Warn\ncolour: blue', '## Empty\n') });
    const error = await contentError(() => compileContent(dir, { strict: true }));
    assert.deepEqual(
      error.issues.map((i) => formatIssue(i)),
      [
        `warn.md:4: warning: unknown frontmatter key "colour" (known keys: ${KNOWN_FRONTMATTER_KEYS.join(', ')})`,
        'warn.md:6: warning: empty section "Empty"',
        'warn.md:6: warning: article "warn" has no text',
      ],
    );
  });

  it('throws for a missing content directory', async () => {
    const dir = join(await tempDir(), 'nope');
    const error = await contentError(() => compileContent(dir));
    assert.equal(error.message, `${dir}: content directory not found`);
  });

  it('compiles an empty directory into an empty bundle', async () => {
    const dir = await contentDir({});
    const out = join(await tempDir(), 'out');
    const result = await compileContent(dir, { out, now: clock });
    assert.deepEqual([result.stats.articles, result.stats.sections, result.bundle.manifest.files.length], [0, 0, 0]);
    assert.deepEqual((await readdir(out)).sort(), ['llms-full.txt', 'llms.txt', 'manifest.json']);
  });
});

describe('ContentError', () => {
  it('summarizes the first issue and counts the rest', () => {
    const one = new ContentError([{ file: 'a.md', line: 3, severity: 'error', message: 'bad' }]);
    assert.equal(one.message, 'a.md:3: bad');
    const two = new ContentError([
      { file: 'a.md', severity: 'warning', message: 'meh' },
      { file: 'b.md', line: 1, severity: 'error', message: 'bad' },
    ]);
    assert.equal(two.message, 'a.md: warning: meh (and 1 more)');
    assert.deepEqual([two.file, two.line], ['a.md', undefined]);
    assert.equal(new ContentError([]).message, 'content');
  });
});
