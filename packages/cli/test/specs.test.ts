import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { KotaeError } from '@kotae/knowledge';
import { COMMAND_LIST, COMMANDS } from '../src/commands/index.js';
import { InitConflictError, PathError, UsageError } from '../src/index.js';
import { missingBlocks, renderGeneratedBlocks } from '../src/internal/cli-docs.js';
import { usageLine } from '../src/internal/command.js';
import { EXIT_CODES, EXIT_STATUSES, errorFamily, exitCodeOf } from '../src/internal/exit-codes.js';
import { commandHelp, mainHelp } from '../src/internal/help.js';

const CLI_MD = new URL('../../../docs/cli.md', import.meta.url);

describe('command specs', () => {
  it('docs/cli.md holds the usage, option table and exit statuses generated from every spec', () => {
    const page = readFileSync(CLI_MD, 'utf8');
    assert.deepEqual(missingBlocks(page, COMMAND_LIST), []);
    const { text, unknown } = renderGeneratedBlocks(page, COMMAND_LIST);
    assert.deepEqual(unknown, []);
    // On failure: run `pnpm --filter @kotae/cli run docs:cli` and commit docs/cli.md.
    assert.equal(text, page, 'docs/cli.md drifted from the command specs: run pnpm --filter @kotae/cli run docs:cli');
  });

  for (const command of COMMAND_LIST) {
    it(`kotae ${command.name}: the usage line and --help name every option and positional`, () => {
      const usage = usageLine(command);
      const help = commandHelp(command);
      assert.ok(help.includes(`Usage: ${usage}\n`));
      for (const [name, option] of Object.entries(command.options)) {
        const flag = `--${name}${option.value ? ` ${option.value}` : ''}`;
        assert.ok(usage.includes(flag), `usage of ${command.name} lacks ${flag}`);
        assert.ok(help.includes(`${flag} `), `help of ${command.name} lacks ${flag}`);
      }
      for (const p of command.positionals) assert.ok(usage.includes(p.optional ? `[${p.name}]` : `<${p.name}>`));
      assert.match(help, /^ {2}2 {2}usage error$/m);
    });
  }

  it('serve lists the options its usage used to omit', () => {
    const usage = usageLine(COMMANDS.serve);
    for (const flag of ['--min-confidence <0..1>', '--escalation-webhook <url>', '--retention-days <n>']) assert.ok(usage.includes(flag));
  });

  it('kotae --help lists every command and every exit status', () => {
    const help = mainHelp('0.0.0', COMMAND_LIST);
    for (const command of COMMAND_LIST) assert.match(help, new RegExp(`^ {2}${command.name} +${escape(command.summary)}$`, 'm'));
    for (const { code } of EXIT_STATUSES) assert.match(help, new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });

  it('exit statuses in the specs are statuses of the table', () => {
    const codes = new Set<number>(EXIT_STATUSES.map((s) => s.code));
    for (const command of COMMAND_LIST)
      for (const code of Object.keys(command.exit)) assert.ok(codes.has(Number(code)), `${command.name}: ${code}`);
  });
});

describe('exitCodeOf', () => {
  it('maps every family to one status', () => {
    assert.deepEqual(EXIT_CODES, { internal: 1, usage: 2, content: 3, config: 3, bundle: 4, store: 5, service: 6, model: 6 });
  });

  it('reads the family an error carries first', () => {
    const error = Object.assign(new KotaeError('locked'), { family: 'store' });
    assert.equal(errorFamily(error), 'store');
    assert.equal(exitCodeOf(error), 5);
  });

  it("gives the CLI's own errors the status of their family", () => {
    assert.equal(exitCodeOf(new UsageError('bad', 'search')), 2);
    assert.equal(exitCodeOf(new PathError('kb', 'bundle directory not found')), 3);
    assert.equal(exitCodeOf(new InitConflictError('help', ['kotae.config.json'])), 3);
  });

  it('treats anything else as internal', () => {
    assert.equal(exitCodeOf(new KotaeError('olderThanDays must be a whole number')), 1);
    assert.equal(exitCodeOf(new Error('boom')), 1);
    assert.equal(exitCodeOf('a string'), 1);
    assert.equal(exitCodeOf(Object.assign(new KotaeError('x'), { family: 'no-such-family' })), 1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
