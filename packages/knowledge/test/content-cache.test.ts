import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContentCache, loadContent, validateContent } from '../src/node.js';

const article = (id: string, body: string) => `---\nid: ${id}\ntitle: ${id}\nowner: docs\n---\n\n${body}\n`;

describe('ContentCache', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-cache-'));
    await writeFile(join(dir, 'a.md'), article('a', 'Refunds reach your bank in five days.'));
    await writeFile(join(dir, 'b.md'), article('b', 'Reset your password from Settings.'));
    await writeFile(join(dir, 'c.md'), article('c', 'Change the delivery address before shipping.'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('gives the same article objects for unchanged files and parses only the changed ones', async () => {
    const cache = new ContentCache();
    const first = await loadContent(dir, { cache });
    assert.equal(cache.size, 3);
    await writeFile(join(dir, 'b.md'), article('b', 'Reset your password from Settings, then Security.'));
    const second = await loadContent(dir, { cache });
    assert.equal(second.articles[0], first.articles[0]);
    assert.equal(
      second.sections.find((s) => s.articleId === 'a'),
      first.sections.find((s) => s.articleId === 'a'),
    );
    assert.notEqual(second.articles[1], first.articles[1]);
    assert.match(second.articles[1]!.body, /then Security/);
    // The same result as a load without a cache.
    assert.deepEqual(second, await loadContent(dir));
  });

  it('checks a file again when the privacy settings change, and forgets deleted files', async () => {
    const cache = new ContentCache();
    await writeFile(join(dir, 'a.md'), article('a', 'Write to taro@acme.co.jp for help.'));
    assert.equal((await loadContent(dir, { cache })).issues.filter((i) => i.file === 'a.md' && i.severity === 'error').length, 1);
    await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ privacy: { allow: ['taro@acme.co.jp'] } }));
    assert.deepEqual((await loadContent(dir, { cache })).issues, []);
    await unlink(join(dir, 'c.md'));
    assert.equal((await loadContent(dir, { cache })).articles.length, 2);
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('reads again only the files named changed, and files it has not seen', async () => {
    const cache = new ContentCache();
    await writeFile(join(dir, 'a.md'), article('a', 'Refunds reach your bank in five days.'));
    await writeFile(join(dir, 'b.md'), article('b', 'Reset your password from Settings.'));
    await loadContent(dir, { cache });
    await writeFile(join(dir, 'a.md'), article('a', 'Refunds reach your bank in three days.'));
    await writeFile(join(dir, 'b.md'), article('b', 'Reset your password from Security.'));
    await writeFile(join(dir, 'd.md'), article('d', 'Cancel an order before it ships.'));
    const loaded = await loadContent(dir, { cache, changed: ['b.md'] });
    // a.md was not named: its cached text stands; b.md was; d.md is new.
    assert.deepEqual(
      loaded.articles.map((a) => [a.id, a.body.trim()]),
      [
        ['a', 'Refunds reach your bank in five days.'],
        ['b', 'Reset your password from Security.'],
        ['d', 'Cancel an order before it ships.'],
      ],
    );
    assert.match((await loadContent(dir, { cache, changed: ['a.md'] })).articles[0]!.body, /three days/);
    await unlink(join(dir, 'd.md'));
  });

  it('lets validateContent reuse a loaded content and leave conversations out', async () => {
    const content = await loadContent(dir);
    const report = await validateContent(dir, { content, conversations: false, now: new Date('2026-01-01') });
    assert.deepEqual(report, await validateContent(dir, { now: new Date('2026-01-01') }));
  });
});
