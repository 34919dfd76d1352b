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

/** The usage of a command, as a code block. */
export function usageBlock(spec: CommandSpec): string {
  return ['```', usageLine(spec), '```'].join('\n');
}

/** The option table of a command, then its exit statuses. */
export function optionsBlock(spec: CommandSpec): string {
  const rows = Object.entries(optionsOf(spec))
    .filter(([name]) => name !== 'help')
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
      return `| \`${cell(flag)}\` | ${cell(withRequired(o.doc ?? o.description, o))} |`;
    });
  const exit = exitLines(spec).map(([code, meaning]) => `\`${code}\` ${meaning}`);
  return ['| option | meaning |', '| --- | --- |', ...rows, '', `Exit status: ${exit.join('; ')}.`].join('\n');
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
 * `markdown` with every generated block rewritten from the specs: `<!-- generated: usage <name> -->`,
 * `<!-- generated: options <name> -->` and `<!-- generated: exit -->`, each closed by
 * `<!-- /generated -->`. Blocks that
 * name no command are left as they are and listed in `unknown`.
 */
export function renderGeneratedBlocks(markdown: string, commands: readonly CommandSpec[]): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = markdown.replace(OPEN, (block, kind: string, name: string | undefined) => {
    const spec = commands.find((c) => c.name === name);
    const body =
      kind === 'exit'
        ? exitBlock()
        : !spec
          ? undefined
          : kind === 'usage'
            ? usageBlock(spec)
            : kind === 'options'
              ? optionsBlock(spec)
              : undefined;
    if (body === undefined) {
      unknown.push(`${kind}${name ? ` ${name}` : ''}`);
      return block;
    }
    return `<!-- generated: ${kind}${name ? ` ${name}` : ''} -->\n${body}\n<!-- /generated -->`;
  });
  return { text, unknown };
}

/** The generated blocks `markdown` lacks: a usage and an options block per command, and the exit table. */
export function missingBlocks(markdown: string, commands: readonly CommandSpec[]): string[] {
  const wanted = ['exit', ...commands.flatMap((c) => [`usage ${c.name}`, `options ${c.name}`])];
  return wanted.filter((block) => !markdown.includes(`<!-- generated: ${block} -->`));
}

/** Text for a Markdown table cell: pipes escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
