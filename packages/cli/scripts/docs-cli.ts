/**
 * Rewrites the generated blocks of `docs/cli.md` (each command's usage, option table and exit
 * statuses, and the exit status table) from the command specs. With `--check`, changes nothing
 * and exits 1 when the page is out of date.
 *
 *     pnpm --filter @kotae/cli run docs:cli           # rewrite
 *     pnpm --filter @kotae/cli run docs:cli --check   # check only
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMAND_LIST } from '../src/commands/index.js';
import { missingBlocks, renderGeneratedBlocks } from '../src/internal/cli-docs.js';

const page = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
const before = readFileSync(page, 'utf8');
const { text, unknown } = renderGeneratedBlocks(before, COMMAND_LIST);
const missing = missingBlocks(text, COMMAND_LIST);
const problems = [
  ...unknown.map((block) => `docs/cli.md: a generated block names no command: ${block}`),
  ...missing.map((block) => `docs/cli.md: no generated block <!-- generated: ${block} --> (closed by <!-- /generated -->)`),
];
for (const problem of problems) process.stderr.write(`${problem}\n`);
if (process.argv.includes('--check')) {
  if (text !== before) process.stderr.write('docs/cli.md is out of date: run pnpm --filter @kotae/cli run docs:cli\n');
  process.exitCode = text !== before || problems.length > 0 ? 1 : 0;
} else {
  if (text !== before) writeFileSync(page, text);
  process.stdout.write(text === before ? 'docs/cli.md is up to date\n' : 'docs/cli.md rewritten from the command specs\n');
  process.exitCode = problems.length > 0 ? 1 : 0;
}
