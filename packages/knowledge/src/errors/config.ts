/**
 * The `config` family: a setup that cannot work as configured.
 */

import { KotaeConfigError } from './kotae-error.js';

/**
 * Settings that cannot work together or at all: bundle directories inside each other, an
 * interaction store location of an unsupported kind, a secret that is too short, a widget without
 * a `src`. The message names the setting and quotes its value.
 *
 * @example
 * ```ts
 * try { await openInteractionStore('s3://bucket/kotae') } catch (e) { if (e instanceof ConfigError) console.error(e.message) }
 * ```
 */
export class ConfigError extends KotaeConfigError {
  /** Always `config-invalid`. */
  override readonly code = 'config-invalid';
}
