/** The help texts of the `kotae` binary, every one generated from the command specs. */

import { optionsOf, usageLine, withRequired, type CommandSpec } from './command.js';
import { EXIT_STATUSES, type ExitCode } from './exit-codes.js';

/** A group of commands (`kotae store compact`, `kotae store erase`), with what the group is for. */
export interface CommandGroup {
  /** The first word of its commands: `store`. */
  readonly name: string;
  readonly summary: string;
}

/** The actions of a group: `['compact', 'erase']` for `store`. */
export function groupActions(group: CommandGroup, commands: readonly CommandSpec[]): string[] {
  return commands.filter((c) => c.name.startsWith(`${group.name} `)).map((c) => c.name.slice(group.name.length + 1));
}

/** `kotae --help`. */
export function mainHelp(version: string, commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `kotae ${version} — compile, check, search and evaluate support knowledge`,
    '',
    'Usage: kotae <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help      show help (also: kotae <command> --help, kotae help <command>)',
    '  -v, --version   print the version',
    '',
    'Exit status:',
    ...EXIT_STATUSES.map(({ code, meaning }) => `  ${code}  ${plain(meaning)}`),
    'Set KOTAE_DEBUG=1 to print stack traces of internal errors.',
    '',
  ].join('\n');
}

/** `kotae <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const optionRows = Object.entries(optionsOf(spec)).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, withRequired(o.description, o)] as const;
  });
  const positionalRows = spec.positionals.map((p) => [p.optional ? `[${p.name}]` : `<${p.name}>`, p.description] as const);
  const width = Math.max(...[...optionRows, ...positionalRows].map(([left]) => left.length)) + 2;
  const row = ([left, right]: readonly [string, string]) => `  ${left.padEnd(width)}${right}`;
  return [
    `kotae ${spec.name} — ${spec.summary}`,
    '',
    `Usage: ${usageLine(spec)}`,
    '',
    ...(positionalRows.length > 0 ? ['Arguments:', ...positionalRows.map(row), ''] : []),
    'Options:',
    ...optionRows.map(row),
    '',
    'Exit status:',
    ...exitLines(spec).map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
    'Examples:',
    ...spec.examples.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

/** A command's exit statuses with their meaning, the usage error included, by status. */
export function exitLines(spec: CommandSpec): [ExitCode, string][] {
  const lines = Object.entries({ ...spec.exit, 2: 'usage error' }).map(
    ([code, meaning]) => [Number(code) as ExitCode, meaning] as [ExitCode, string],
  );
  return lines.sort(([a], [b]) => a - b);
}

/** `kotae store --help`: the actions of a group. */
export function groupHelp(group: CommandGroup, commands: readonly CommandSpec[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${group.name} `));
  const width = Math.max(...members.map((c) => c.name.length - group.name.length - 1)) + 2;
  return [
    `kotae ${group.name} — ${group.summary}`,
    '',
    `Usage: kotae ${group.name} <action> [arguments] [options]`,
    '',
    'Actions:',
    ...members.map((c) => `  ${c.name.slice(group.name.length + 1).padEnd(width)}${c.summary}`),
    '',
    ...members.map((c) => `  ${usageLine(c)}`),
    '',
    `Run "kotae ${group.name} <action> --help" for an action's options.`,
    '',
  ].join('\n');
}

/** The short usage printed under a usage error: of a command, of a group (`store`), or of kotae. */
export function usageHint(about: CommandSpec | CommandGroup | undefined, commands: readonly CommandSpec[]): string {
  if (about === undefined) {
    const words = [...new Set(commands.map((c) => c.name.split(' ')[0]!))];
    return [`Usage: kotae <command> [options]   (commands: ${words.join(', ')})`, 'Run "kotae --help" for help.', ''].join('\n');
  }
  if (!('options' in about)) {
    return [
      ...commands.filter((c) => c.name.startsWith(`${about.name} `)).map((c) => `Usage: ${usageLine(c)}`),
      `Run "kotae ${about.name} --help" for help.`,
      '',
    ].join('\n');
  }
  return [`Usage: ${usageLine(about)}`, `Run "kotae ${about.name} --help" for help.`, ''].join('\n');
}

/** Markdown's backticks, dropped for the terminal. */
function plain(markdown: string): string {
  return markdown.replaceAll('`', '');
}
