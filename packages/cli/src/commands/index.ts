/**
 * Every command of the `kotae` binary, in the order `kotae --help` lists them. The binary, the
 * help and the generated tables of `docs/cli.md` all read this list.
 */

import type { AnyCommand } from '../internal/command.js';
import type { CommandGroup } from '../internal/help.js';
import { casesCommand } from './cases.js';
import { classifyCommand } from './classify.js';
import { compileCommand } from './compile.js';
import { devCommand } from './dev.js';
import { diffCommand } from './diff.js';
import { evalCommand } from './eval.js';
import { initCommand } from './init.js';
import { insightsCommand } from './insights.js';
import { keysNewCommand } from './keys-new.js';
import { publishCommand } from './publish.js';
import { redactCommand } from './redact.js';
import { rollbackCommand } from './rollback.js';
import { searchCommand } from './search.js';
import { serveCommand } from './serve.js';
import { storeCompactCommand } from './store-compact.js';
import { storeEraseCommand } from './store-erase.js';
import { validateCommand } from './validate.js';

/** The commands by name; a command of a group (`store compact`) is named by two words. */
export const COMMANDS = {
  init: initCommand,
  validate: validateCommand,
  compile: compileCommand,
  search: searchCommand,
  eval: evalCommand,
  redact: redactCommand,
  serve: serveCommand,
  dev: devCommand,
  insights: insightsCommand,
  cases: casesCommand,
  classify: classifyCommand,
  publish: publishCommand,
  rollback: rollbackCommand,
  diff: diffCommand,
  'keys new': keysNewCommand,
  'store compact': storeCompactCommand,
  'store erase': storeEraseCommand,
} as const;

/** A command of the `kotae` binary. */
export type CommandName = keyof typeof COMMANDS;

/** The commands in the order `kotae --help` lists them. */
export const COMMAND_LIST: readonly AnyCommand[] = Object.values(COMMANDS);

/** The groups of commands (`kotae store compact`, `kotae store erase`). */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    name: 'store',
    summary: 'maintain an interaction store (a directory or a postgres:// URL): retention (compact) and erasure (erase)',
  },
  { name: 'keys', summary: 'make keys for signing bundle manifests (new)' },
];

/** The command named `name` (`compile`, `store erase`), or undefined. */
export function findCommand(name: string): AnyCommand | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}

/** The group named `name` (`store`), or undefined. */
export function findGroup(name: string): CommandGroup | undefined {
  return COMMAND_GROUPS.find((g) => g.name === name);
}
