import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ContentError, formatIssue } from '@kotae/knowledge/errors';
import { validate } from '../src/index.js';
import { BROKEN_ERRORS, BROKEN_WARNINGS, FIXTURES, brokenSubset, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

describe('validate', () => {
  it('returns every error and warning with file and line, in file order', async () => {
    const result = await validate({ contentDir: join(FIXTURES, 'broken') });
    assert.deepEqual(result.issues.map(formatIssue), [...BROKEN_ERRORS.slice(0, 3), ...BROKEN_WARNINGS]);
    assert.equal(result.ok, false);
    assert.equal(result.errors, 3);
    assert.equal(result.warnings, 2);
    // good.md, dup-a.md and typo.md load; dup-b.md, bad-yaml.md and missing-title.md do not.
    assert.equal(result.articles, 3);
  });

  it('passes content with warnings only, unless strict', async () => {
    const contentDir = await brokenSubset('good.md', 'typo.md');
    const lenient = await validate({ contentDir });
    assert.deepEqual([lenient.ok, lenient.errors, lenient.warnings, lenient.articles], [true, 0, 2, 2]);
    const strict = await validate({ contentDir, strict: true });
    assert.deepEqual([strict.ok, strict.errors, strict.warnings], [false, 0, 2]);
  });

  it('passes clean content with no issues', async () => {
    const result = await validate({ contentDir: await brokenSubset('good.md'), strict: true });
    assert.deepEqual(result, { ok: true, errors: 0, warnings: 0, articles: 1, issues: [] });
  });

  it('throws a ContentError naming a missing content directory', async () => {
    const missing = join(await tempDir(), 'nope');
    await assert.rejects(validate({ contentDir: missing }), (e: unknown) => {
      assert.ok(e instanceof ContentError);
      assert.equal(e.message, `${missing}: content directory not found`);
      return true;
    });
  });
});
