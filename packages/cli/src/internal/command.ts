/**
 * The shape of a `kotae` command on the command line: its option spec, from which the parser,
 * `kotae <command> --help` and the option tables of `docs/cli.md` are all derived (as citty derives
 * usage from `args`), and the function that runs it.
 */

import type { ExitCode } from './exit-codes.js';

/** One option of a command. */
export interface OptionSpec {
  /** A string option takes a value (`--out dist/kb`); a boolean one does not (`--strict`). */
  readonly type: 'string' | 'boolean';
  /** One-letter alias (`o` for `-o`). */
  readonly short?: string;
  /** Placeholder of the value in help, e.g. `<dir>` (string options). */
  readonly value?: string;
  /** One line for `kotae <command> --help`. */
  readonly description: string;
  /** The longer meaning for the option table in `docs/cli.md` (Markdown); the description when absent. */
  readonly doc?: string;
  /** The command fails with a usage error without it. */
  readonly required?: boolean;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Takes every remaining argument, joined with spaces (the search query). */
  readonly rest?: boolean;
  /** May be left out (`kotae init` without a directory); only the last positional. */
  readonly optional?: boolean;
}

/** A command's options by name (without `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command line parsed against a {@link CommandSpec}, read through accessors typed by its options and positionals. */
export interface ParsedArgs<O extends OptionSpecs = OptionSpecs, P extends string = string> {
  /** `--help` or `-h` was given: nothing else was checked. */
  readonly help: boolean;
  /** Positional values by name (a `rest` positional joins the remaining words). */
  readonly positionals: ReadonlyMap<string, string>;
  /** Values of the string options given. */
  readonly strings: ReadonlyMap<string, string>;
  /** The boolean options given. */
  readonly flags: ReadonlySet<string>;
  /** The value of a positional, or undefined when an optional one was left out. */
  positional(name: P): string | undefined;
  /** The value of a string option, or undefined when it was not given. */
  string(name: StringOption<O>): string | undefined;
  /** True when a boolean option was given. */
  flag(name: BooleanOption<O>): boolean;
}

/** Names of a spec's string options. */
export type StringOption<O extends OptionSpecs> = { [K in keyof O]: O[K]['type'] extends 'string' ? K : never }[keyof O] & string;

/** Names of a spec's boolean options. */
export type BooleanOption<O extends OptionSpecs> = { [K in keyof O]: O[K]['type'] extends 'boolean' ? K : never }[keyof O] & string;

/** What a command can write to: results on stdout, progress and notes on stderr. */
export interface CommandIO {
  /** Writes to stdout. */
  readonly out: (text: string) => void;
  /** Writes to stderr. */
  readonly err: (text: string) => void;
  /** Human output may use ANSI colour (stdout is a TTY and `NO_COLOR` is unset). */
  readonly color: boolean;
  /** stderr is a terminal: status lines that rewrite themselves are welcome. */
  readonly tty: boolean;
  /** The environment (API keys, secrets named by options). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM): for `kotae serve`. */
  readonly stopped: () => Promise<void>;
}

/** A command's command line: what `kotae <name> --help` shows and what the parser accepts. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs, P extends string = string> {
  /** `compile`, or two words for a command of a group (`store compact`). */
  readonly name: string;
  /** One line for `kotae --help`. */
  readonly summary: string;
  readonly positionals: readonly (PositionalSpec & { readonly name: P })[];
  /** The options, in the order help lists them (`--help` is added to every command). */
  readonly options: O;
  /**
   * What each exit status means for this command, beyond the usage error (2) every command has.
   * The statuses are those of the error families (`EXIT_CODES`).
   */
  readonly exit: Readonly<Partial<Record<ExitCode, string>>>;
  readonly examples: readonly string[];
}

/** A command of the `kotae` binary: its spec and how it runs from a parsed command line. */
export interface Command<O extends OptionSpecs = OptionSpecs, P extends string = string> extends CommandSpec<O, P> {
  /**
   * Calls the command's handler with the options read from `args`, writes its human or `--json`
   * output, and returns the exit status (0, or 1 for a failed check). Errors are thrown, never
   * printed: the entry point reports them.
   */
  run(args: ParsedArgs<O, P>, io: CommandIO): Promise<ExitCode>;
}

/** A command of any spec, as the dispatcher and the help see it. */
export interface AnyCommand extends CommandSpec {
  run(args: ParsedArgs, io: CommandIO): Promise<ExitCode>;
}

/**
 * Declares a command, keeping its option names in the types of `run`'s arguments. The result is
 * also an {@link AnyCommand}: the dispatcher parses a command line against the same spec, so the
 * accessors `run` reads are those the spec declares.
 */
export function defineCommand<const O extends OptionSpecs, const P extends string>(command: Command<O, P>): Command<O, P> & AnyCommand {
  return command as unknown as Command<O, P> & AnyCommand;
}

/** `--json`, as most commands have it. */
export const JSON_OPTION = {
  type: 'boolean',
  description: 'print one JSON object on stdout instead of text',
} as const satisfies OptionSpec;

/** `-h, --help`, which every command has. */
export const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies OptionSpec;

/** A command's options with `--help` last, as the parser and the help see them. */
export function optionsOf(spec: CommandSpec): OptionSpecs {
  return { ...spec.options, help: HELP_OPTION };
}

/**
 * The usage line, made from the spec so it cannot miss an option: positionals, then the
 * required options, then every other option in brackets.
 */
export function usageLine(spec: CommandSpec): string {
  const words = [`kotae ${spec.name}`];
  for (const p of spec.positionals) words.push(p.optional ? `[${p.name}]` : `<${p.name}>`);
  const entries = Object.entries(spec.options);
  const flag = (name: string, o: OptionSpec) => `--${name}${o.value ? ` ${o.value}` : ''}`;
  for (const [name, o] of entries) if (o.required) words.push(flag(name, o));
  for (const [name, o] of entries) if (!o.required) words.push(`[${flag(name, o)}]`);
  return words.join(' ');
}

/** An option's description, with `(required)` added when it is and does not say so. */
export function withRequired(text: string, option: OptionSpec): string {
  return option.required && !/\brequired\b/i.test(text) ? `${text} (required)` : text;
}
