import { COMMAND_GROUPS, COMMAND_NAMES, COMMANDS, groupActions, type CommandGroup, type CommandSpec } from './specs.js';

/** `kotae --help`. */
export function mainHelp(version: string): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length)) + 2;
  return [
    `kotae ${version} — compile, check, search and evaluate support knowledge`,
    '',
    'Usage: kotae <command> [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((name) => `  ${name.padEnd(width)}${COMMANDS[name].summary}`),
    '',
    'Options:',
    '  -h, --help      show help (also: kotae <command> --help, kotae help <command>)',
    '  -v, --version   print the version',
    '',
    'Exit status: 0 success, 1 failure (bad content, failed check, missing input), 2 usage error.',
    'Set KOTAE_DEBUG=1 to print stack traces of internal errors.',
    '',
  ].join('\n');
}

/** `kotae <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const optionRows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.description] as const;
  });
  const positionalRows = spec.positionals.map((p) => [p.optional ? `[${p.name}]` : `<${p.name}>`, p.description] as const);
  const width = Math.max(...[...optionRows, ...positionalRows].map(([left]) => left.length)) + 2;
  const row = ([left, right]: readonly [string, string]) => `  ${left.padEnd(width)}${right}`;
  return [
    `kotae ${spec.name} — ${spec.summary}`,
    '',
    `Usage: ${spec.usage}`,
    '',
    ...(positionalRows.length > 0 ? ['Arguments:', ...positionalRows.map(row), ''] : []),
    'Options:',
    ...optionRows.map(row),
    '',
    'Exit status:',
    ...spec.exit.map((line) => `  ${line}`),
    '',
    'Examples:',
    ...spec.examples.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

/** `kotae store --help`: the actions of a group. */
export function groupHelp(group: CommandGroup): string {
  const actions = groupActions(group);
  const width = Math.max(...actions.map((a) => a.length)) + 2;
  return [
    `kotae ${group} — ${COMMAND_GROUPS[group]}`,
    '',
    `Usage: kotae ${group} <action> [arguments] [options]`,
    '',
    'Actions:',
    ...actions.map((action) => `  ${action.padEnd(width)}${COMMANDS[`${group} ${action}` as keyof typeof COMMANDS].summary}`),
    '',
    ...actions.map((action) => `  ${COMMANDS[`${group} ${action}` as keyof typeof COMMANDS].usage}`),
    '',
    `Run "kotae ${group} <action> --help" for an action's options.`,
    '',
  ].join('\n');
}

/** The short usage printed under a usage error: of a command, of a group (`store`), or of kotae. */
export function usageHint(spec: CommandSpec | CommandGroup | undefined): string {
  if (typeof spec === 'string') {
    return [
      ...groupActions(spec).map((a) => `Usage: ${COMMANDS[`${spec} ${a}` as keyof typeof COMMANDS].usage}`),
      `Run "kotae ${spec} --help" for help.`,
      '',
    ].join('\n');
  }
  if (!spec) {
    const words = [...new Set(COMMAND_NAMES.map((name) => name.split(' ')[0]!))];
    return [`Usage: kotae <command> [options]   (commands: ${words.join(', ')})`, 'Run "kotae --help" for help.', ''].join('\n');
  }
  return [`Usage: ${spec.usage}`, `Run "kotae ${spec.name} --help" for help.`, ''].join('\n');
}
