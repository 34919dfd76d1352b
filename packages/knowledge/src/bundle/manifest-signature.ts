import { BundleSignatureError, SigningKeyError } from '../errors.js';
import { fromBase64url, toBase64url } from '../internal/base64url.js';
import type { Manifest, ManifestSignature } from '../schema/manifest.js';
import { canonicalJson } from './canonical-json.js';
import { publicKeyBytes, publicKeyId, SIGNATURE_ALGORITHM, type SigningKey } from './signing-key.js';

/**
 * What a signature covers: this prefix (so a manifest signature can never be taken for any other
 * message signed with the same key) and the canonical JSON of the manifest without `signatures`.
 */
const CONTEXT = 'kotae-manifest-v1\n';

const encoder = new TextEncoder();

/** The bytes a manifest's signatures cover: everything but `signatures`, canonically. */
export function signedBytes(manifest: object): Uint8Array<ArrayBuffer> {
  const { signatures: _signatures, ...rest } = manifest as { signatures?: unknown };
  return encoder.encode(CONTEXT + canonicalJson(rest));
}

/** Options of {@link signManifest}. */
export interface SignManifestOptions {
  /**
   * The manifest's `sequence`: a whole number that only goes up from one published version to
   * the next, so verifiers can reject an older signed manifest served again.
   * @default the manifest's `sequence`, else the time of `builtAt` in milliseconds
   */
  readonly sequence?: number | undefined;
}

/**
 * Signs a manifest with one or more Ed25519 keys (several during a key rotation): sets its
 * `sequence` and replaces its `signatures`. Each signature covers the manifest's canonical JSON
 * (see {@link canonicalJson}) without `signatures`, so every file hash, the version, the build
 * time and the sequence are signed. Signatures are deterministic (Ed25519), so the same manifest
 * and key give the same bytes. The private key never enters the manifest.
 *
 * @example
 * ```ts
 * const signed = await signManifest(bundle.manifest, [await importSigningKey(jwkText)])
 * ```
 */
export async function signManifest(
  manifest: Manifest,
  keys: SigningKey | readonly SigningKey[],
  options: SignManifestOptions = {},
): Promise<Manifest> {
  const list = Array.isArray(keys) ? (keys as readonly SigningKey[]) : [keys as SigningKey];
  if (list.length === 0) throw new SigningKeyError('signing key', 'no key to sign with');
  const sequence = options.sequence ?? manifest.sequence ?? Date.parse(manifest.builtAt);
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new SigningKeyError('sequence', `the manifest's sequence must be a non-negative whole number (got ${JSON.stringify(sequence)})`);
  }
  const { signatures: _old, ...rest } = manifest;
  const unsigned: Manifest = { ...rest, sequence };
  const bytes = signedBytes(unsigned);
  const signatures: ManifestSignature[] = [];
  for (const key of list) {
    const sig = new Uint8Array(await crypto.subtle.sign({ name: SIGNATURE_ALGORITHM }, key.privateKey, bytes));
    // A key file whose public half does not belong to its private half would sign manifests no
    // verifier accepts: find that out here, not in every browser.
    if (!(await verifyWith(key.publicKey, sig, bytes))) {
      throw new SigningKeyError(`key ${key.keyId}`, 'its public key (x) does not match its private key (d)');
    }
    signatures.push({ alg: SIGNATURE_ALGORITHM, keyId: key.keyId, sig: toBase64url(sig) });
  }
  return { ...unsigned, signatures };
}

/** Imported public keys, by their text: a reader verifies many manifests with the same keys. */
const imported = new Map<string, Promise<CryptoKey>>();

function importPublicKey(publicKey: string): Promise<CryptoKey> {
  let key = imported.get(publicKey);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      publicKeyBytes(publicKey, 'public key') as Uint8Array<ArrayBuffer>,
      { name: SIGNATURE_ALGORITHM },
      false,
      ['verify'],
    );
    imported.set(publicKey, key);
  }
  return key;
}

async function verifyWith(publicKey: string, sig: Uint8Array, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    return await crypto.subtle.verify(
      { name: SIGNATURE_ALGORITHM },
      await importPublicKey(publicKey),
      sig as Uint8Array<ArrayBuffer>,
      bytes,
    );
  } catch {
    return false;
  }
}

/**
 * Checks a parsed manifest's signatures against trusted public keys (base64url, see
 * `kotae keys new`) and returns the id of the key whose signature holds. Throws
 * {@link BundleSignatureError} when the manifest is unsigned, signed by no trusted key, or its
 * signature by a trusted key does not match its content. Runs before anything in the manifest is
 * trusted: call it on the value `JSON.parse` gave, then check its shape and hashes.
 *
 * @example
 * ```ts
 * const keyId = await verifyManifestSignature(JSON.parse(text), ['MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4'])
 * ```
 */
export async function verifyManifestSignature(value: object, publicKeys: readonly string[], file = 'manifest.json'): Promise<string> {
  const trusted = new Map<string, string>();
  for (const key of publicKeys) trusted.set(await publicKeyId(key), key);
  const raw = (value as { signatures?: unknown }).signatures;
  const signatures = Array.isArray(raw) ? raw.filter(isSignature) : [];
  const named = signatures.map((s) => s.keyId);
  if (signatures.length === 0) throw new BundleSignatureError(file, 'unsigned', [], [...trusted.keys()]);
  const ours = signatures.filter((s) => s.alg === SIGNATURE_ALGORITHM && trusted.has(s.keyId));
  if (ours.length === 0) throw new BundleSignatureError(file, 'unknown-key', named, [...trusted.keys()]);
  const bytes = signedBytes(value);
  for (const s of ours) {
    const sig = fromBase64url(s.sig);
    if (sig !== undefined && sig.byteLength === 64 && (await verifyWith(trusted.get(s.keyId)!, sig, bytes))) return s.keyId;
  }
  throw new BundleSignatureError(
    file,
    'invalid',
    ours.map((s) => s.keyId),
    [...trusted.keys()],
  );
}

function isSignature(value: unknown): value is ManifestSignature {
  const s = value as Partial<Record<keyof ManifestSignature, unknown>> | null;
  return typeof s === 'object' && s !== null && typeof s.alg === 'string' && typeof s.keyId === 'string' && typeof s.sig === 'string';
}
