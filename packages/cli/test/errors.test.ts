import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KotaeError, KotaeUsageError } from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import * as cli from '../src/index.js';
import { InitConflictError, PathError, UsageError, storeCompact } from '../src/index.js';

describe('the CLI errors', () => {
  const members = [
    {
      error: new UsageError('invalid --limit "ten" (expected a positive integer)', 'search'),
      code: 'usage',
      message: 'invalid --limit "ten" (expected a positive integer)',
    },
    {
      error: new PathError('evals/cases.jsonl', 'cases file not found'),
      code: 'path-invalid',
      message: 'evals/cases.jsonl: cases file not found',
    },
    {
      error: new InitConflictError('help', ['kotae.config.json']),
      code: 'init-conflict',
      message:
        'help: 1 file of the new content repository already exist, so nothing was written:\n  kotae.config.json\nMove them away, or run kotae init in an empty directory.',
    },
  ];

  it('are all caught as the usage family', () => {
    for (const { error } of members) {
      try {
        throw error;
      } catch (e) {
        assert.ok(e instanceof KotaeUsageError && e instanceof KotaeError, `${error.name} is a KotaeUsageError`);
      }
    }
  });

  it('have stable codes and the family usage, as plain properties', () => {
    for (const { error, code } of members)
      assert.deepEqual([error.name, error.code, error.family], [error.constructor.name, code, 'usage']);
  });

  it('say what failed', () => {
    for (const { error, message } of members) assert.equal(error.message, message);
  });

  it('are every error class the package exports', () => {
    const exported = Object.entries(cli)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof KotaeError)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(exported, members.map((m) => m.error.name).sort());
  });

  it('reject an option out of range with an InvalidOptionError naming it', async () => {
    await assert.rejects(storeCompact({ storeDir: 'var/none', olderThanDays: 0 }), (e: unknown) => {
      assert.ok(e instanceof InvalidOptionError);
      assert.deepEqual(
        [e.code, e.family, e.option, e.message],
        ['invalid-option', 'usage', 'olderThanDays', 'olderThanDays must be a whole number of days, at least 1 (got 0)'],
      );
      return true;
    });
  });
});
