/**
 * The generated parts of `docs/cli.md`: each command's usage and option table, and the exit
 * status table, written between marker comments by `pnpm --filter @kotae/cli run docs:cli` and
 * checked by a test, so the guide cannot drift from the specs.
 */

import { optionsOf, usageLine, withRequired, type CommandSpec } from './command.js';
import { EXIT_STATUSES } from './exit-codes.js';
import { exitLines } from './help.js';

/** The marker that opens a generated block: `<!-- generated: options compile -->`. */
const OPEN = /<!-- generated: ([a-z]+)(?: ([a-z ]+?))? -->\n[\s\S]*?<!-- \/generated -->/g;

/** The usage block and option table of a command. */
export function commandBlock(spec: CommandSpec): string {
  const rows = Object.entries(optionsOf(spec))
    .filter(([name]) => name !== 'help')
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
      return `| \`${cell(flag)}\` | ${cell(withRequired(o.doc ?? o.description, o))} |`;
    });
  const exit = exitLines(spec).map(([code, meaning]) => `\`${code}\` ${meaning}`);
  return [
    '```',
    usageLine(spec),
    '```',
    '',
    '| option | meaning |',
    '| --- | --- |',
    ...rows,
    '',
    `Exit status: ${exit.join('; ')}.`,
  ].join('\n');
}

/** The exit status table of every command. */
export function exitBlock(): string {
  return [
    '| status | families | meaning |',
    '| --- | --- | --- |',
    ...EXIT_STATUSES.map(
      ({ code, families, meaning }) => `| \`${code}\` | ${families.map((f) => `\`${f}\``).join(', ') || '—'} | ${cell(meaning)} |`,
    ),
  ].join('\n');
}

/**
 * `markdown` with every generated block rewritten from the specs: `<!-- generated: command
 * <name> -->` and `<!-- generated: exit -->`, each closed by `<!-- /generated -->`. Blocks that
 * name no command are left as they are and listed in `unknown`.
 */
export function renderGeneratedBlocks(markdown: string, commands: readonly CommandSpec[]): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = markdown.replace(OPEN, (block, kind: string, name: string | undefined) => {
    const spec = commands.find((c) => c.name === name);
    const body = kind === 'exit' ? exitBlock() : kind === 'command' && spec ? commandBlock(spec) : undefined;
    if (body === undefined) {
      unknown.push(`${kind}${name ? ` ${name}` : ''}`);
      return block;
    }
    return `<!-- generated: ${kind}${name ? ` ${name}` : ''} -->\n${body}\n<!-- /generated -->`;
  });
  return { text, unknown };
}

/** The commands without a generated block in `markdown`. */
export function commandsWithoutBlock(markdown: string, commands: readonly CommandSpec[]): string[] {
  return commands.filter((c) => !markdown.includes(`<!-- generated: command ${c.name} -->`)).map((c) => c.name);
}

/** Text for a Markdown table cell: pipes escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
