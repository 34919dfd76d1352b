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

/**
 * A signing key or public key that cannot be used: a key file that is not an Ed25519 private key
 * in JWK form, a public key that is not 32 bytes of base64url, a key file that already exists
 * (`kotae keys new` never overwrites one) or that sits inside the bundle being published.
 * `source` names the file or setting.
 *
 * @example
 * ```ts
 * try { await readSigningKeyFile('kotae-signing.jwk') } catch (e) { if (e instanceof SigningKeyError) console.error(e.source) }
 * ```
 */
export class SigningKeyError extends KotaeConfigError {
  /** Always `signing-key-invalid`. */
  override readonly code = 'signing-key-invalid';
  /** The key file or setting. */
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.source = source;
  }
}
