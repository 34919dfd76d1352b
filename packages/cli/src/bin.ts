#!/usr/bin/env node
/**
 * The `kotae` binary: finds the command, parses its arguments against its spec and runs it. The
 * only place that prints fatal errors and sets the exit status, by error family (see
 * `internal/exit-codes.ts`). Commands themselves return data (see `./index.ts`).
 *
 * @packageDocumentation
 */

import { readFileSync } from 'node:fs';
import { KotaeError } from '@kotae/knowledge';
import { ContentError, formatIssue, StoreCorruptionError, StoreLockedError } from '@kotae/knowledge/errors';
import { maskSecrets } from '@kotae/server';
import { COMMAND_LIST, findCommand, findGroup } from './commands/index.js';
import { UsageError } from './errors.js';
import { parseCommandArgs } from './internal/args.js';
import type { AnyCommand, CommandIO } from './internal/command.js';
import { exitCodeOf, type ExitCode } from './internal/exit-codes.js';
import { commandHelp, groupActions, groupHelp, mainHelp, usageHint, type CommandGroup } from './internal/help.js';

// Whatever a command prints, a key or token from the environment never reaches the terminal or a
// log collector: those values, bearer tokens and strings shaped like API keys are masked.
const secrets = [process.env.OPENAI_API_KEY, process.env.KOTAE_AGENT_TOKEN];

const io: CommandIO = {
  out: (text) => void process.stdout.write(maskSecrets(text, secrets)),
  err: (text) => void process.stderr.write(maskSecrets(text, secrets)),
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  tty: process.stderr.isTTY === true,
  env: process.env,
  stopped: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
};

async function main(argv: readonly string[]): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command');
  if (first === '--help' || first === '-h') return print(mainHelp(packageVersion(), COMMAND_LIST));
  if (first === '--version' || first === '-v') return print(`${packageVersion()}\n`);
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return print(mainHelp(packageVersion(), COMMAND_LIST));
    const group = findGroup(topic);
    if (group) return print(rest[1] === undefined ? groupHelp(group, COMMAND_LIST) : commandHelp(groupCommand(group, rest[1])));
    return print(commandHelp(command(topic)));
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(first)}`);
  const group = findGroup(first);
  if (group) {
    // `kotae store compact …`: the group's action names the command.
    const [action, ...words] = rest;
    if (action === '--help' || action === '-h') return print(groupHelp(group, COMMAND_LIST));
    return runCommand(groupCommand(group, action), words);
  }
  return runCommand(command(first), rest);
}

/** The command being run, for error hints that depend on it. */
let running: AnyCommand | undefined;

function runCommand(cmd: AnyCommand, words: readonly string[]): Promise<ExitCode> {
  running = cmd;
  const args = parseCommandArgs(cmd, words);
  if (args.help) return Promise.resolve(print(commandHelp(cmd)));
  return cmd.run(args, io);
}

function command(name: string): AnyCommand {
  const cmd = findCommand(name);
  if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  return cmd;
}

/** The command of a group's action (`store` + `erase`), or a UsageError naming the actions. */
function groupCommand(group: CommandGroup, action: string | undefined): AnyCommand {
  const actions = groupActions(group, COMMAND_LIST).join(' or ');
  if (action === undefined || action.startsWith('-')) throw new UsageError(`missing ${group.name} action (${actions})`, group.name);
  const cmd = findCommand(`${group.name} ${action}`);
  if (!cmd) throw new UsageError(`unknown ${group.name} action ${JSON.stringify(action)} (${actions})`, group.name);
  return cmd;
}

function print(text: string): ExitCode {
  io.out(text);
  return 0;
}

/** Prints a fatal error the way its kind deserves and returns the exit status of its family. */
function report(error: unknown): ExitCode {
  const status = exitCodeOf(error);
  if (error instanceof UsageError) {
    const about = error.command === undefined ? undefined : (findCommand(error.command) ?? findGroup(error.command));
    io.err(`kotae: ${error.message}\n${usageHint(about, COMMAND_LIST)}`);
  } else if (error instanceof StoreCorruptionError && running?.name.startsWith('store ')) {
    io.err(`${error.message}\nkotae: to move damaged lines aside and go on, run kotae ${running.name} again with --quarantine\n`);
  } else if (error instanceof StoreLockedError) {
    io.err(
      `${error.message}\nkotae: the store is in use: stop the process that has it open (kotae serve, your app), then run this again\n`,
    );
  } else if (error instanceof ContentError) {
    for (const issue of error.issues) io.err(`${formatIssue(issue)}\n`);
  } else if (error instanceof KotaeError) {
    io.err(`${error.message}\n`);
  } else {
    // Permissions, a file where a directory should be, a full disk: the environment, not a bug.
    io.err(
      isSystemError(error)
        ? `kotae: ${error.message}\n`
        : `kotae: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    if (process.env.KOTAE_DEBUG === '1' && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  }
  return status;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// `kotae search … | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
