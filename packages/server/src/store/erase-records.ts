/**
 * Erasure as `kotae store erase` and the console's erase route both do it (browser-safe): the ids
 * given, normalized to lists, then one `InteractionStore.erase`.
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { EraseSelector, MaintenanceResult } from './interaction-store.js';

/** What to erase: one id or a list for each key (user ids already hashed). */
export interface EraseRequest {
  /** Every interaction of these conversations. */
  readonly conversationId?: string | readonly string[] | undefined;
  /** Every interaction with these `userHash` values. */
  readonly userHash?: string | readonly string[] | undefined;
  /** These interactions. */
  readonly interactionId?: string | readonly string[] | undefined;
}

/** An erase request as lists, only the keys given: what was erased, as reported and audited. */
export interface ErasedIds {
  readonly conversationId?: string[];
  readonly userHash?: string[];
  readonly interactionId?: string[];
}

/**
 * The request as lists, without the empty keys; `undefined` when it names nothing. Throws
 * `InvalidOptionError` for an id that is not a non-empty string.
 *
 * @example
 * ```ts
 * eraseIds({ conversationId: 'c-42' }) // { conversationId: ['c-42'] }
 * ```
 */
export function eraseIds(request: EraseRequest): ErasedIds | undefined {
  const ids: Record<string, string[]> = {};
  for (const key of ['conversationId', 'userHash', 'interactionId'] as const) {
    const given = request[key];
    const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
    for (const value of list) {
      if (typeof value !== 'string' || value === '') {
        throw new InvalidOptionError(key, `erase: ${key} must be a non-empty string or a list of them (got ${JSON.stringify(value)})`);
      }
    }
    if (list.length > 0) ids[key] = list;
  }
  return Object.keys(ids).length === 0 ? undefined : (ids as ErasedIds);
}

/**
 * Erases every record of the given conversations, users or interactions from `store` — the one
 * erasure path of `kotae store erase` and the console's `POST /erase`.
 *
 * @throws `InvalidOptionError` when the request names nothing or has an empty id.
 * @example
 * ```ts
 * const { erased, result } = await eraseRecords(store, { userHash: 'e3b0…' })
 * console.log(result.removed.interaction)
 * ```
 */
export async function eraseRecords<R extends MaintenanceResult>(
  store: { erase(selector: EraseSelector): Promise<R> },
  request: EraseRequest,
): Promise<{ readonly erased: ErasedIds; readonly result: R }> {
  const erased = eraseIds(request);
  if (erased === undefined) throw new InvalidOptionError('selector', 'erase: give a conversationId, userHash or interactionId');
  return { erased, result: await store.erase(erased) };
}
