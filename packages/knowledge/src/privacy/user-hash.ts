import { ConfigError, InvalidOptionError } from '../errors.js';

/** Fewer secret bytes than this make the hashes guessable by trying user ids. */
export const MIN_USER_HASH_SECRET_BYTES = 16;

/**
 * The `userHash` of a user, as interaction records carry it: HMAC-SHA-256 of `userId` (UTF-8)
 * keyed with `secret`, as 64 lowercase hex digits. Browser-safe (Web Crypto).
 *
 * The store never sees the user id itself, only this hash, and erasing a user's records
 * (`store.erase({ userHash })`, `kotae store erase --user`) needs the same hash: compute it with
 * the same secret everywhere. The secret is what makes the hash safe to store: without it, anyone
 * could hash every email address or customer number and match. Keep it out of the store's
 * directory and its backups (an environment variable or a secret manager; `kotae store erase
 * --user` reads `KOTAE_USER_HASH_SECRET`), use at least 32 random bytes (`openssl rand -hex 32`),
 * and never change it, or earlier records can no longer be found by user. The hash is still
 * pseudonymous personal data: it identifies one user's records.
 *
 * The id is hashed exactly as given (no trimming, case folding or Unicode normalization): pass
 * the same canonical id your system uses everywhere.
 *
 * @param userId - The host's id of the user (an account id, not a display name). Not empty.
 * @param secret - The HMAC key: a string (UTF-8) or bytes, at least 16 bytes.
 * @throws `InvalidOptionError` when `userId` is empty, `ConfigError` when `secret` is shorter than 16 bytes.
 * @example
 * ```ts
 * const userHash = await hashUserId(session.userId, process.env.KOTAE_USER_HASH_SECRET!)
 * await store.erase({ userHash })
 * ```
 */
export async function hashUserId(userId: string, secret: string | Uint8Array): Promise<string> {
  if (typeof userId !== 'string' || userId === '') throw new InvalidOptionError('userId', 'hashUserId: userId must be a non-empty string');
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(key instanceof Uint8Array) || key.length < MIN_USER_HASH_SECRET_BYTES) {
    const got = key instanceof Uint8Array ? `${key.length} bytes` : typeof secret;
    throw new ConfigError(`hashUserId: the secret must be at least ${MIN_USER_HASH_SECRET_BYTES} bytes (got ${got})`);
  }
  const subtle = globalThis.crypto.subtle;
  const hmacKey = await subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await subtle.sign('HMAC', hmacKey, new TextEncoder().encode(userId));
  let hex = '';
  for (const b of new Uint8Array(mac)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
