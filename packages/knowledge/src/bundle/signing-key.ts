import { SigningKeyError } from '../errors.js';
import { fromBase64url, toBase64url } from '../internal/base64url.js';
import { sha256Hex } from '../internal/sha256.js';

/** The signature algorithm of kotae's manifests (WebCrypto's name for it). */
export const SIGNATURE_ALGORITHM = 'Ed25519';

/**
 * An Ed25519 private key as a JWK (RFC 8037), the form `kotae keys new` writes (mode 0600):
 * `d` is the secret, `x` the public key, `kid` kotae's key id. Keep it out of the content and
 * publish directories; publish only {@link SigningKey.publicKey}.
 */
export interface SigningKeyJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  /** The private key, base64url. */
  readonly d: string;
  /** The public key, base64url (32 bytes). */
  readonly x: string;
  /** The key id (see {@link publicKeyId}). */
  readonly kid?: string | undefined;
}

/** A private key ready to sign manifests (see {@link importSigningKey}). */
export interface SigningKey {
  /** The key id the signature names (see {@link publicKeyId}). */
  readonly keyId: string;
  /** The public key, base64url of its 32 raw bytes: what verifiers configure. */
  readonly publicKey: string;
  /** The WebCrypto private key. */
  readonly privateKey: CryptoKey;
}

/** A new key pair from {@link generateSigningKey}. */
export interface GeneratedSigningKey extends SigningKey {
  /** The private key as a JWK, to save (it is the only copy). */
  readonly jwk: SigningKeyJwk;
}

/**
 * The id of a public key: the first 16 hex digits of the SHA-256 of its 32 raw bytes. A
 * signature names it, so a verifier with several keys (a rotation) knows which to try.
 *
 * @example
 * ```ts
 * await publicKeyId('MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4') // '5b1c…' (16 hex digits)
 * ```
 */
export async function publicKeyId(publicKey: string): Promise<string> {
  return (await sha256Hex(publicKeyBytes(publicKey, 'public key'))).slice(0, 16);
}

/** The 32 raw bytes of a base64url public key; throws `SigningKeyError` otherwise. */
export function publicKeyBytes(publicKey: string, source: string): Uint8Array {
  const bytes = fromBase64url(publicKey.trim());
  if (bytes === undefined || bytes.byteLength !== 32) {
    throw new SigningKeyError(
      source,
      `${JSON.stringify(publicKey)} is not an Ed25519 public key (base64url of 32 bytes, as kotae keys new prints)`,
    );
  }
  return bytes;
}

/**
 * Makes a new Ed25519 key pair with WebCrypto. Save `jwk` where only the publisher can read it;
 * give `publicKey` to the verifiers (the widget's `public-key`, `kotae serve --public-key`).
 *
 * @example
 * ```ts
 * const key = await generateSigningKey()
 * console.log(key.keyId, key.publicKey)
 * ```
 */
export async function generateSigningKey(): Promise<GeneratedSigningKey> {
  const pair = (await crypto.subtle.generateKey({ name: SIGNATURE_ALGORITHM }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicKey = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const keyId = await publicKeyId(publicKey);
  const jwk: SigningKeyJwk = { kty: 'OKP', crv: 'Ed25519', d: exported.d!, x: publicKey, kid: keyId };
  return { keyId, publicKey, privateKey: pair.privateKey, jwk };
}

/**
 * Imports an Ed25519 private key from its JWK (an object, or the JSON text of a key file).
 * Throws `SigningKeyError` naming `source` when it is not one.
 *
 * @example
 * ```ts
 * const key = await importSigningKey(await readFile('kotae-signing.jwk', 'utf8'), 'kotae-signing.jwk')
 * ```
 */
export async function importSigningKey(jwk: string | SigningKeyJwk, source = 'signing key'): Promise<SigningKey> {
  let value: unknown = jwk;
  if (typeof jwk === 'string') {
    try {
      value = JSON.parse(jwk);
    } catch {
      throw new SigningKeyError(source, 'not a JWK (JSON) Ed25519 private key, as kotae keys new writes');
    }
  }
  const v = value as Partial<Record<keyof SigningKeyJwk, unknown>> | null;
  if (typeof v !== 'object' || v === null || v.kty !== 'OKP' || v.crv !== 'Ed25519' || typeof v.d !== 'string' || typeof v.x !== 'string') {
    throw new SigningKeyError(source, 'not an Ed25519 private key (a JWK with kty "OKP", crv "Ed25519", d and x)');
  }
  const publicKey = toBase64url(publicKeyBytes(v.x, source));
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey(
      'jwk',
      { kty: 'OKP', crv: 'Ed25519', d: v.d, x: v.x },
      { name: SIGNATURE_ALGORITHM },
      false,
      ['sign'],
    );
  } catch (e) {
    throw new SigningKeyError(source, `not a usable Ed25519 private key (${(e as Error).message})`, { cause: e });
  }
  return { keyId: await publicKeyId(publicKey), publicKey, privateKey };
}
