/**
 * The root of kotae's errors and the names of their families.
 */

/**
 * The families of kotae's errors, each with a base class a caller catches as a group:
 *
 * - `content`: the guidance or input data is wrong (frontmatter, `kotae.config.json`, a JSONL or
 *   CSV line, training examples). Fix the file it names.
 * - `config`: the setup cannot work (overlapping directories, an unsupported store URL, a weak
 *   secret, a widget without `src`). Fix the configuration.
 * - `bundle`: a compiled artifact cannot be read or published (a bundle, a saved classifier, a
 *   publish target).
 * - `store`: the interaction store refused or failed (locked, closed, damaged, unreachable).
 * - `service`: the answer service could not be reached or answered with an error.
 * - `model`: the language model's answer could not be used.
 * - `usage`: a call or a command line is wrong (an unknown option, a value out of range).
 * - `internal`: something kotae relies on did not hold: a bug to report.
 */
export const ERROR_FAMILIES = ['content', 'config', 'bundle', 'store', 'service', 'model', 'usage', 'internal'] as const;

/** One of {@link ERROR_FAMILIES}: what kind of problem a {@link KotaeError} is, as a plain string. */
export type ErrorFamily = (typeof ERROR_FAMILIES)[number];

/**
 * The root of every error kotae throws on purpose.
 *
 * Every instance has a stable `code` (a kebab-case name of the error's kind, such as
 * `store-locked`, that does not change when a message is reworded) and a `family` (one of
 * {@link ERROR_FAMILIES}), both plain readonly strings, so a caller can switch on them, log them or
 * map them to exit codes. Catch a whole family with its base class (`KotaeStoreError`…) and a
 * single kind with its own class. A `KotaeError` thrown directly (no subclass) has the code
 * `kotae-error` and the family `internal`; kotae's own code always throws a subclass.
 *
 * @example
 * ```ts
 * try { await compileContent('content') } catch (e) { if (e instanceof KotaeError) console.error(`${e.code}: ${e.message}`) }
 * ```
 */
export class KotaeError extends Error {
  /** A stable name of the kind of error, such as `store-locked`: see `docs/errors.md`. */
  readonly code: string = 'kotae-error';
  /** The family of the error, such as `store`: what a caller can do about it. */
  readonly family: ErrorFamily = 'internal';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The `content` family: the guidance or input data is wrong (an article's frontmatter,
 * `kotae.config.json`, a line of a JSONL or CSV input, examples to train on). The error names the
 * file and line.
 *
 * @example
 * ```ts
 * try { await compileContent('content') } catch (e) { if (e instanceof KotaeContentError) process.exitCode = 1 }
 * ```
 */
export abstract class KotaeContentError extends KotaeError {
  override readonly family = 'content';
}

/**
 * The `config` family: the setup cannot work as configured (bundle directories inside each
 * other, an unsupported store URL, a secret that is too short, a widget without `src`).
 *
 * @example
 * ```ts
 * try { await openInteractionStore(location) } catch (e) { if (e instanceof KotaeConfigError) console.error(`check your settings: ${e.message}`) }
 * ```
 */
export abstract class KotaeConfigError extends KotaeError {
  override readonly family = 'config';
}

/**
 * The `bundle` family: a compiled artifact that cannot be read, verified or published: a bundle
 * (format, integrity, version), a saved classifier, a publish target or channel.
 *
 * @example
 * ```ts
 * try { await readBundleDir('dist/kb') } catch (e) { if (e instanceof KotaeBundleError) console.error(`recompile: ${e.message}`) }
 * ```
 */
export abstract class KotaeBundleError extends KotaeError {
  override readonly family = 'bundle';
}

/**
 * The `store` family: the interaction store refused a call or failed (a record that does not
 * match its schema, a store locked by another writer, closed, damaged, unreachable, read-only).
 *
 * @example
 * ```ts
 * try { await store.append(record) } catch (e) { if (e instanceof KotaeStoreError) console.error(e.code) }
 * ```
 */
export abstract class KotaeStoreError extends KotaeError {
  override readonly family = 'store';
}

/**
 * The `service` family: the answer service could not be reached, is not a kotae answer service,
 * or answered with an error.
 *
 * @example
 * ```ts
 * try { await checkAnswerService(url) } catch (e) { if (e instanceof KotaeServiceError) console.error(e.message) }
 * ```
 */
export abstract class KotaeServiceError extends KotaeError {
  override readonly family = 'service';
}

/**
 * The `model` family: a language model's answer that could not be used (the call failed, stalled
 * or timed out, or its citations were wrong); the answer service falls back to an extractive one.
 *
 * @example
 * ```ts
 * try { await modelAnswer(request) } catch (e) { if (e instanceof KotaeModelError) useExtractiveAnswer() }
 * ```
 */
export abstract class KotaeModelError extends KotaeError {
  override readonly family = 'model';
}

/**
 * The `usage` family: a call or a command line that is wrong (an unknown command or option, a
 * missing argument, a value out of its range). Change the call.
 *
 * @example
 * ```ts
 * try { splitHoldout(examples, 1.5) } catch (e) { if (e instanceof KotaeUsageError) console.error(e.message) }
 * ```
 */
export abstract class KotaeUsageError extends KotaeError {
  override readonly family = 'usage';
}

/**
 * The `internal` family: something kotae relies on did not hold. It is a bug in kotae: report it
 * with the message.
 *
 * @example
 * ```ts
 * try { run() } catch (e) { if (e instanceof KotaeInternalError) console.error(`kotae bug: ${e.message}`) }
 * ```
 */
export abstract class KotaeInternalError extends KotaeError {
  override readonly family = 'internal';
}
