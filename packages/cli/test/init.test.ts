import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InitConflictError, PathError, init } from '../src/index.js';
import { parseCommandArgs } from '../src/internal/args.js';
import { formatInit } from '../src/commands/init.js';
import { COMMANDS } from '../src/commands/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

describe('init', () => {
  it('dates the example articles from the clock it is given: updated today, reviewBy six months on', async () => {
    const dir = join(await tempDir(), 'kb');
    const result = await init({ dir, now: new Date('2026-11-24T10:00:00Z') });
    assert.equal(result.dir, dir);
    assert.equal(result.workflowRoot, undefined);
    const article = await readFile(join(dir, 'articles/ja/password-reset.md'), 'utf8');
    assert.match(article, /^updated: 2026-11-24$/m);
    assert.match(article, /^reviewBy: 2027-05-24$/m);
    assert.match(await readFile(join(dir, '.github/workflows/kotae.yml'), 'utf8'), /^ {2}CONTENT_DIR: '\.'$/m);
  });

  it('points the workflow at the content folder when it is inside a git repository, and says where the workflow goes', async () => {
    const repo = await tempDir();
    await mkdir(join(repo, '.git'));
    const result = await init({ dir: join(repo, 'docs', 'help') });
    assert.equal(result.workflowRoot, repo);
    assert.match(await readFile(join(repo, 'docs/help/.github/workflows/kotae.yml'), 'utf8'), /^ {2}CONTENT_DIR: 'docs\/help'$/m);
    assert.ok(
      formatInit(result).endsWith(
        `GitHub only reads workflows at the repository root: move ${repo}/docs/help/.github/workflows/kotae.yml to ${repo}/.github/workflows/.\n`,
      ),
    );
  });

  it('throws an InitConflictError listing every file in the way, then a second run of a finished scaffold lists them all', async () => {
    const dir = await tempDir();
    const first = await init({ dir });
    const error = await init({ dir }).then(
      () => assert.fail('init overwrote files'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof InitConflictError);
    assert.equal(error.dir, dir);
    assert.deepEqual(error.existing, first.files);
    assert.match(error.message, new RegExp(`^${dir}: 12 files of the new content repository already exist, so nothing was written:\\n`));
  });

  it('throws a PathError when the directory is a file', async () => {
    const file = join(await tempDir(), 'notes.txt');
    await writeFile(file, 'mine\n');
    await assert.rejects(init({ dir: file }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${file}: exists and is not a directory`);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), 'mine\n');
  });

  it('takes the directory as an optional argument on the command line', () => {
    assert.equal(parseCommandArgs(COMMANDS.init, []).positionals.get('dir'), undefined);
    assert.equal(parseCommandArgs(COMMANDS.init, ['help', '--json']).positionals.get('dir'), 'help');
  });
});
