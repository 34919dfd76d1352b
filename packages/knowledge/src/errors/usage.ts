/**
 * The `usage` family: a call that is wrong.
 */

import { KotaeUsageError } from './kotae-error.js';

/**
 * An option or argument of a call that is out of its range or of the wrong kind, such as
 * `splitHoldout(examples, 1.5)` or `segmentBytes: 0`. Nothing was done. The message names the
 * option and quotes the value given.
 *
 * @example
 * ```ts
 * try { wilsonInterval(3, 2) } catch (e) { if (e instanceof InvalidOptionError) console.error(e.option, e.message) }
 * ```
 */
export class InvalidOptionError extends KotaeUsageError {
  /** Always `invalid-option`. */
  override readonly code = 'invalid-option';
  /** The option or argument, as the call names it (`fraction`, `segmentBytes`, `since`…). */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}
