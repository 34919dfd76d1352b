/**
 * The `internal` family: a bug in kotae.
 */

import { KotaeInternalError } from './kotae-error.js';

/**
 * Something kotae relies on did not hold (an index built out of order, a query a fast path was
 * not meant to see, a file that shrank while kotae copied it under its lock). It is a bug, or
 * the environment changed under kotae's feet: report it with the message.
 *
 * @example
 * ```ts
 * try { search(query) } catch (e) { if (e instanceof InternalError) console.error(`kotae bug: ${e.message}`) }
 * ```
 */
export class InternalError extends KotaeInternalError {
  /** Always `internal`. */
  override readonly code = 'internal';
}
