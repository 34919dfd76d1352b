import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KotaeContentError, KotaeError, KotaeUsageError } from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import * as cli from '../src/index.js';
import { InitConflictError, PathError, UsageError, storeCompact } from '../src/index.js';

describe('the CLI errors', () => {
  const members = [
    {
      error: new UsageError('invalid --limit "ten" (expected a positive integer)', 'search'),
      code: 'usage',
      family: 'usage',
      base: KotaeUsageError,
      message: 'invalid --limit "ten" (expected a positive integer)',
    },
    {
      error: new PathError('evals/cases.jsonl', 'cases file not found'),
      code: 'path-invalid',
      family: 'content',
      base: KotaeContentError,
      message: 'evals/cases.jsonl: cases file not found',
    },
    {
      error: new InitConflictError('help', ['kotae.config.json']),
      code: 'init-conflict',
      family: 'content',
      base: KotaeContentError,
      message:
        'help: 1 file of the new content repository already exist, so nothing was written:\n  kotae.config.json\nMove them away, or run kotae init in an empty directory.',
    },
  ];

  it('are caught as their family: a wrong command line as usage, missing or clashing files as content', () => {
    for (const { error, base } of members) {
      try {
        throw error;
      } catch (e) {
        assert.ok(e instanceof base && e instanceof KotaeError, `${error.name} is a ${base.name}`);
      }
    }
  });

  it('have stable codes and families, as plain properties', () => {
    for (const { error, code, family } of members)
      assert.deepEqual([error.name, error.code, error.family], [error.constructor.name, code, family]);
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
