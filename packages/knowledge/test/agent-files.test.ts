import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { agentFiles, articleMarkdown, articlePath } from '../src/index.js';
import { compileContent, loadContent } from '../src/node.js';
import { article, contentDir, tempDir } from './support/content.js';

const SECRET = 'Refunds over 500 EUR need the duty manager (ext. 4471)';

const CONTENT = {
  'kotae.config.json': JSON.stringify({ id: 'acme-help', llms: { title: 'Acme Help', summary: 'How to use Acme.' } }),
  'account/reset-password.md': article(
    'id: reset-password\ntitle: Reset your password\ntags: [account]',
    '# Reset your password\n\nOpen the sign-in page and choose "Forgot password". We email a link.<!-- writers: check the link expiry -->\n\n## If the email never arrives\n\nCheck the spam folder.\n\n### Corporate mail\n\nAsk IT to allow acme.example.\n',
  ),
  'billing/refunds.md': article('id: billing/refunds\ntitle: Refunds\ntags: [billing]', 'Refunds take 5 business days.\n'),
  'internal/refund-escalation.md': article(
    'id: refund-escalation\ntitle: Escalating large refunds\naudience: internal\ntags: [billing]',
    `${SECRET}.\n`,
  ),
  'ja/password.md': article(
    'id: ja-password\ntitle: パスワードの再設定\nlocale: ja\ntags: [アカウント]',
    'ログイン画面で「パスワードをお忘れですか」を選びます。メールを送ります。\n',
  ),
  'conversations/chats.jsonl': `${JSON.stringify({
    id: 'c1',
    channel: 'chat',
    locale: 'en',
    outcome: 'resolved',
    messages: [
      { role: 'customer', text: 'Where is my refund for order 99812?' },
      { role: 'agent', text: 'PRECEDENT-ONLY reply: I pushed it through manually.' },
    ],
  })}\n`,
};

/** Every file under `dir`, by path relative to it. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}

describe('compileContent agent files', () => {
  it('writes llms.txt, llms-full.txt and one markdown file per public article beside the bundle', async () => {
    const out = join(await tempDir(), 'kb');
    const result = await compileContent(await contentDir(CONTENT), { out, internalOut: join(await tempDir(), 'internal') });
    assert.equal(result.agents?.articles, 3);
    const files = await filesUnder(out);
    assert.deepEqual([...files.keys()].filter((p) => !/^(index|sections|html)\./.test(p)).sort(), [
      'articles/en/billing/refunds.md',
      'articles/en/reset-password.md',
      'articles/ja/ja-password.md',
      'llms-full.txt',
      'llms.txt',
      'manifest.json',
    ]);
    assert.equal(
      files.get('llms.txt'),
      [
        '# Acme Help',
        '',
        '> How to use Acme.',
        '',
        'Each link is one article as markdown. [llms-full.txt](llms-full.txt) has every article in one file.',
        '',
        '## account (en)',
        '',
        '- [Reset your password](articles/en/reset-password.md): Open the sign-in page and choose "Forgot password".',
        '',
        '## billing (en)',
        '',
        '- [Refunds](articles/en/billing/refunds.md): Refunds take 5 business days.',
        '',
        '## アカウント (ja)',
        '',
        '- [パスワードの再設定](articles/ja/ja-password.md): ログイン画面で「パスワードをお忘れですか」を選びます。',
        '',
      ].join('\n'),
    );
    assert.equal(
      files.get('articles/en/reset-password.md'),
      '# Reset your password\n\nOpen the sign-in page and choose "Forgot password". We email a link.\n\n## If the email never arrives\n\nCheck the spam folder.\n\n### Corporate mail\n\nAsk IT to allow acme.example.\n',
    );
    const full = files.get('llms-full.txt')!;
    assert.ok(full.startsWith('# Reset your password\n\nSource: articles/en/reset-password.md\n\nOpen the sign-in page'), full);
    assert.ok(full.includes('# パスワードの再設定\n\nSource: articles/ja/ja-password.md\n\n'), full);
  });

  it('never writes internal guidance or precedents into any agent file', async () => {
    const out = join(await tempDir(), 'kb');
    await compileContent(await contentDir(CONTENT), { out, internalOut: join(await tempDir(), 'internal') });
    for (const [path, text] of await filesUnder(out)) {
      if (!/\.(md|txt)$/.test(path)) continue;
      assert.ok(!text.includes('duty manager'), `${path} holds internal guidance`);
      assert.ok(!text.includes('refund-escalation') && !text.includes('Escalating large refunds'), `${path} names the internal article`);
      assert.ok(!text.includes('PRECEDENT-ONLY') && !text.includes('99812'), `${path} holds a precedent`);
    }
  });

  it('removes the markdown of an article that became internal or was deleted', async () => {
    const out = join(await tempDir(), 'kb');
    const dir = await contentDir(CONTENT);
    await compileContent(dir, { out });
    assert.ok((await stat(join(out, 'articles/en/billing/refunds.md'))).isFile());
    await writeFile(join(dir, 'billing/refunds.md'), article('id: billing/refunds\ntitle: Refunds\naudience: internal', 'Now internal.\n'));
    await rm(join(dir, 'ja/password.md'));
    await compileContent(dir, { out });
    const files = await filesUnder(join(out, 'articles'));
    assert.deepEqual([...files.keys()], ['en/reset-password.md']);
    assert.deepEqual(await readdir(join(out, 'articles')), ['en'], 'emptied folders go too');
    assert.ok(!(await readFile(join(out, 'llms.txt'), 'utf8')).includes('Refunds'));
  });

  it('compiles a content folder holding its own bundle (dist/kb) again without reading the bundle as content', async () => {
    const dir = await contentDir(CONTENT);
    const out = join(dir, 'dist', 'kb');
    const first = await compileContent(dir, { out });
    assert.ok((await stat(join(out, 'articles/en/reset-password.md'))).isFile());
    const second = await compileContent(dir, { out });
    assert.equal(second.bundle.manifest.stats.articles, first.bundle.manifest.stats.articles);
    const loaded = await loadContent(dir);
    assert.deepEqual(loaded.issues, []);
    assert.ok(
      loaded.articles.every((a) => !a.source.startsWith('dist')),
      'nothing read from dist/kb',
    );
  });

  it('makes absolute links with llms.baseUrl and a default title and summary without llms', async () => {
    const content = await loadContent(await contentDir({ 'a.md': article('id: a\ntitle: A', 'Alpha text.\n') }, 'acme'));
    const files = agentFiles(content.articles, content.sections, { id: content.config.id, baseUrl: 'https://help.acme.example/kb' });
    assert.equal(
      files.get('llms.txt'),
      '# acme\n\n> The help articles of acme: 1 article in en.\n\nEach link is one article as markdown. [llms-full.txt](https://help.acme.example/kb/llms-full.txt) has every article in one file.\n\n## Articles\n\n- [A](https://help.acme.example/kb/articles/en/a.md): Alpha text.\n',
    );
  });

  it('leaves out internal articles and sections even when a caller passes them', () => {
    const files = agentFiles(
      [
        { id: 'p', title: 'Public', locale: 'en', audience: 'public', tags: [] },
        { id: 'i', title: 'Internal', locale: 'en', audience: 'internal', tags: [] },
      ],
      [
        { articleId: 'p', anchor: '', headings: [], text: 'Public text.', audience: 'public' },
        { articleId: 'i', anchor: '', headings: [], text: 'Internal text.', audience: 'internal' },
      ],
      { id: 'x' },
    );
    assert.deepEqual([...files.keys()].sort(), ['articles/en/p.md', 'llms-full.txt', 'llms.txt']);
    assert.ok(![...files.values()].some((text) => text.includes('Internal')));
  });
});

describe('articlePath', () => {
  it('keeps every id and locale inside articles/', () => {
    assert.equal(articlePath('en', 'billing/refunds'), 'articles/en/billing/refunds.md');
    assert.equal(articlePath('ja', 'パスワード'), 'articles/ja/パスワード.md');
    assert.equal(articlePath('../..', 'a/../../etc/passwd'), 'articles/.._../a/_../_../etc/passwd.md');
    assert.equal(articlePath('..', '.'), 'articles/_../_..md');
  });
});

describe('articleMarkdown', () => {
  it('rebuilds heading levels under the title, a display heading giving way to it', () => {
    assert.equal(
      articleMarkdown('T', [
        { anchor: 'a', headings: ['Display', 'A'], text: 'a' },
        { anchor: 'b', headings: ['Display', 'A', 'B'], text: 'b' },
      ]),
      '# T\n\n## A\n\na\n\n### B\n\nb\n',
    );
    assert.equal(articleMarkdown('T', [{ anchor: 'a', headings: ['A'], text: 'a' }]), '# T\n\n## A\n\na\n');
  });
});
