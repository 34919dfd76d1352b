/**
 * The exit status of the `kotae` binary, by error family: the one table `docs/cli.md` and
 * `kotae --help` print (both generated from {@link EXIT_STATUSES}).
 */

/** An error family of `KotaeError` (`error.family`). */
export type ErrorFamily = 'content' | 'config' | 'bundle' | 'store' | 'service' | 'model' | 'usage' | 'internal';

/**
 * Every exit status with what it means and the error families that end with it, in the order
 * the documentation lists them.
 */
export const EXIT_STATUSES = [
  { code: 0, families: [], meaning: 'success' },
  {
    code: 1,
    families: ['internal'],
    meaning:
      'a check failed (an `eval` threshold not met, an answer that failed), or an internal error: a bug, or the system refused (permissions, a full disk)',
  },
  { code: 2, families: ['usage'], meaning: 'usage error: unknown command or option, missing argument, invalid option value' },
  {
    code: 3,
    families: ['content', 'config'],
    meaning:
      'the input is wrong: content errors (`validate`, `compile`), a malformed input line (cases, labelled examples, conversations), a path that is missing or of the wrong kind, a bad `kotae.config.json`',
  },
  {
    code: 4,
    families: ['bundle'],
    meaning: 'a bundle or publish target is unreadable, damaged or of another format, or a publish was refused (downgrade, locked)',
  },
  {
    code: 5,
    families: ['store'],
    meaning: 'the interaction store is damaged, locked by another process, unreachable or of a newer schema',
  },
  {
    code: 6,
    families: ['service', 'model'],
    meaning: 'the answer service (`eval --endpoint`) or the model API (`OPENAI_API_KEY`) failed or refused',
  },
] as const satisfies readonly { code: number; families: readonly ErrorFamily[]; meaning: string }[];

/** An exit status of the `kotae` binary. */
export type ExitCode = (typeof EXIT_STATUSES)[number]['code'];

/** The exit status of each error family. */
export const EXIT_CODES: Readonly<Record<ErrorFamily, ExitCode>> = Object.fromEntries(
  EXIT_STATUSES.flatMap(({ code, families }) => families.map((family) => [family, code])),
) as Record<ErrorFamily, ExitCode>;

/** The exit status of a command that ran and answered "no" (an eval threshold not met). */
export const CHECK_FAILED: ExitCode = 1;

/** The family of an error: its own `family` when it has a known one; `internal` for anything else. */
export function errorFamily(error: unknown): ErrorFamily {
  const own = (error as { family?: unknown } | null | undefined)?.family;
  return typeof own === 'string' && Object.hasOwn(EXIT_CODES, own) ? (own as ErrorFamily) : 'internal';
}

/** The exit status for an error that ended a command. */
export function exitCodeOf(error: unknown): ExitCode {
  return EXIT_CODES[errorFamily(error)];
}
