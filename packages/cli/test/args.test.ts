import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../src/index.js';
import { fraction, parseCommandArgs, positiveInteger } from '../src/internal/args.js';
import { COMMANDS } from '../src/commands/index.js';

/** Asserts that `fn` throws a UsageError with exactly this message, for this command. */
function assertUsage(fn: () => unknown, message: string, command: string | undefined) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, message);
    assert.equal(e.command, command);
    return true;
  });
}

describe('parseCommandArgs', () => {
  it('reads positionals, string options and flags', () => {
    const args = parseCommandArgs(COMMANDS.compile, ['content', '-o', 'dist/kb', '--strict']);
    assert.equal(args.help, false);
    assert.deepEqual([...args.positionals], [['contentDir', 'content']]);
    assert.deepEqual([...args.strings], [['out', 'dist/kb']]);
    assert.deepEqual([...args.flags], ['strict']);
  });

  it('accepts --option=value, including values that start with a dash', () => {
    const args = parseCommandArgs(COMMANDS.search, ['kb', 'q', '--context=-error-42', '--limit=3']);
    assert.equal(args.strings.get('context'), '-error-42');
    assert.equal(args.strings.get('limit'), '3');
  });

  it('joins the words of the search query', () => {
    const args = parseCommandArgs(COMMANDS.search, ['kb', 'reset', 'my', 'password', '--json']);
    assert.equal(args.positionals.get('query'), 'reset my password');
    assert.ok(args.flags.has('json'));
  });

  it('returns help without checking anything else', () => {
    assert.equal(parseCommandArgs(COMMANDS.eval, ['--bogus', '-h']).help, true);
  });

  it('rejects unknown options', () => {
    assertUsage(() => parseCommandArgs(COMMANDS.search, ['kb', 'q', '--limt', '3']), 'unknown option "--limt"', 'search');
    assertUsage(() => parseCommandArgs(COMMANDS.validate, ['content', '-x']), 'unknown option "-x"', 'validate');
  });

  it('rejects a string option without a value', () => {
    assertUsage(() => parseCommandArgs(COMMANDS.compile, ['content', '--out']), 'option --out needs a value (<bundleDir>)', 'compile');
    assertUsage(
      () => parseCommandArgs(COMMANDS.compile, ['content', '--out', '--json']),
      'option --out needs a value (<bundleDir>)',
      'compile',
    );
  });

  it('rejects a value given to a flag', () => {
    assertUsage(() => parseCommandArgs(COMMANDS.validate, ['content', '--json=yes']), 'option --json does not take a value', 'validate');
  });

  it('rejects missing and extra arguments', () => {
    assertUsage(() => parseCommandArgs(COMMANDS.search, ['kb']), 'missing <query>', 'search');
    assertUsage(() => parseCommandArgs(COMMANDS.validate, []), 'missing <contentDir>', 'validate');
    assertUsage(() => parseCommandArgs(COMMANDS.validate, ['a', 'b']), 'unexpected argument "b"', 'validate');
  });

  it('rejects a missing required option', () => {
    assertUsage(() => parseCommandArgs(COMMANDS.compile, ['content']), 'missing --out <bundleDir>', 'compile');
    assertUsage(() => parseCommandArgs(COMMANDS.eval, ['kb']), 'missing --cases <cases.jsonl>', 'eval');
  });
});

describe('positiveInteger', () => {
  it('parses positive integers', () => {
    assert.equal(positiveInteger('search', 'limit', '25'), 25);
  });

  it('rejects anything else, naming the option and value', () => {
    for (const value of ['0', '-1', '2.5', 'ten', '', '1e3']) {
      assertUsage(() => positiveInteger('eval', 'k', value), `invalid --k ${JSON.stringify(value)} (expected a positive integer)`, 'eval');
    }
  });
});

describe('fraction', () => {
  it('parses numbers from 0 to 1', () => {
    assert.deepEqual(
      ['0', '0.85', '1', '.5'].map((v) => fraction('eval', 'min-mrr', v)),
      [0, 0.85, 1, 0.5],
    );
  });

  it('rejects anything else, naming the option and value', () => {
    for (const value of ['1.5', '-0.1', 'high', '', 'NaN']) {
      assertUsage(
        () => fraction('eval', 'min-mrr', value),
        `invalid --min-mrr ${JSON.stringify(value)} (expected a number between 0 and 1)`,
        'eval',
      );
    }
  });
});
