import { KotaeConfigError } from '@kotae/knowledge';

/**
 * An optional peer dependency that a feature needs is not installed: the PostgreSQL interaction
 * store needs `pg`. The message names the package and how to install it.
 *
 * @example
 * ```ts
 * try {
 *   await openInteractionStore('postgres://kotae@db/kotae')
 * } catch (e) {
 *   if (e instanceof MissingPeerDependencyError) console.error(e.install) // "npm install pg"
 * }
 * ```
 */
export class MissingPeerDependencyError extends KotaeConfigError {
  /** Always `missing-peer-dependency`. */
  override readonly code = 'missing-peer-dependency';
  /** The missing package (`pg`). */
  readonly packageName: string;
  /** The command that installs it (`npm install pg`). */
  readonly install: string;
  /** `feature`: what needed it ("a PostgreSQL interaction store"). */
  constructor(packageName: string, feature: string, cause?: unknown) {
    const install = `npm install ${packageName}`;
    super(
      `${feature} needs the package ${JSON.stringify(packageName)}, which is not installed: run \`${install}\` (or pnpm add / yarn add)`,
      {
        cause,
      },
    );
    this.packageName = packageName;
    this.install = install;
  }
}
