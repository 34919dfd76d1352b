import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { optionsOf, type CommandSpec, type OptionSpecs, type ParsedArgs } from './command.js';

/**
 * Parses a command's arguments with `node:util` `parseArgs`, then checks them against the spec
 * itself so every problem becomes a {@link UsageError} with a short message of ours (Node's own
 * messages are long and mention `--` tricks).
 */
export function parseCommandArgs<O extends OptionSpecs, P extends string>(
  spec: CommandSpec<O, P>,
  argv: readonly string[],
): ParsedArgs<O, P> {
  const specs = optionsOf(spec);
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const fail = (message: string): never => {
    throw new UsageError(message, spec.name);
  };
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) {
    return parsed(new Map(), new Map(), new Set(), true);
  }
  const strings = new Map<string, string>();
  const flags = new Set<string>();
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      words.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (!option) fail(`unknown option ${JSON.stringify(token.rawName)}`);
    if (option!.type === 'boolean') {
      if (token.value !== undefined) fail(`option --${token.name} does not take a value`);
      flags.add(token.name);
    } else {
      // `--out --json` would otherwise make "--json" the bundle directory.
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
        fail(`option --${token.name} needs a value (${option!.value ?? '<value>'})`);
      }
      strings.set(token.name, token.value!);
    }
  }
  const positionals = new Map<string, string>();
  for (const [i, p] of spec.positionals.entries()) {
    const value = p.rest ? words.slice(i).join(' ') : words[i];
    if (p.optional && value === undefined) continue;
    if (value === undefined || value === '') fail(`missing <${p.name}>`);
    positionals.set(p.name, value!);
  }
  const last = spec.positionals.at(-1);
  if (!last?.rest && words.length > spec.positionals.length) {
    fail(`unexpected argument ${JSON.stringify(words[spec.positionals.length])}`);
  }
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.required && !strings.has(name)) fail(`missing --${name} ${o.value ?? ''}`.trimEnd());
  }
  return parsed(positionals, strings, flags, false);
}

function parsed<O extends OptionSpecs, P extends string>(
  positionals: Map<string, string>,
  strings: Map<string, string>,
  flags: Set<string>,
  help: boolean,
): ParsedArgs<O, P> {
  return {
    help,
    positionals,
    strings,
    flags,
    positional: (name) => positionals.get(name),
    string: (name) => strings.get(name),
    flag: (name) => flags.has(name),
  };
}

/** Parses a positive integer option value (`--limit`, `--k`); throws a {@link UsageError} naming it. */
export function positiveInteger(command: string, option: string, value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid --${option} ${JSON.stringify(value)} (expected a positive integer)`, command);
  }
  return n;
}

/** Parses a non-negative integer option value (`--min-sequence`); throws a {@link UsageError} naming it. */
export function nonNegativeInteger(command: string, option: string, value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`invalid --${option} ${JSON.stringify(value)} (expected a whole number, 0 or more)`, command);
  }
  return n;
}

/** Parses a number between 0 and 1 (`--min-mrr`); throws a {@link UsageError} naming it. */
export function fraction(command: string, option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`invalid --${option} ${JSON.stringify(value)} (expected a number between 0 and 1)`, command);
  }
  return n;
}

/**
 * Parses a calendar day (`--now 2026-11-24`) as midnight UTC, or undefined when the option was
 * not given; throws a {@link UsageError} naming it.
 */
export function day(command: string, option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(value);
  const date = match ? new Date(`${match[1]}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match![1]) {
    throw new UsageError(`invalid --${option} ${JSON.stringify(value)} (expected a day, such as 2026-11-24)`, command);
  }
  return date;
}
