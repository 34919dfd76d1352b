/**
 * The signing options the commands share: `--signing-key` (compile, publish, rollback) and
 * `--public-key` / `--min-sequence` (the commands that read a bundle, and serve).
 */
import { importSigningKey, publicKeyId, type ManifestTrust, type SigningKey } from '@kotae/knowledge';
import { assertKeyOutside, readSigningKeyFile } from '@kotae/knowledge/node';
import { nonNegativeInteger } from './args.js';
import type { OptionSpec } from './command.js';

/** `--signing-key <file>`. */
export const SIGNING_KEY_OPTION = {
  type: 'string',
  value: '<file>',
  description: 'sign the manifest with this Ed25519 key file (kotae keys new; env KOTAE_SIGNING_KEY_FILE or KOTAE_SIGNING_KEY)',
  doc: 'sign the manifest with this Ed25519 private key file, written by `kotae keys new` (it must not be inside the content, bundle or publish directory). Falls back to `KOTAE_SIGNING_KEY_FILE`, then to `KOTAE_SIGNING_KEY` holding the key file’s text (for CI secrets). See [Signed bundles](publish.md#signed-bundles)',
} as const satisfies OptionSpec;

/** `--public-key <keys>`. */
export const PUBLIC_KEY_OPTION = {
  type: 'string',
  value: '<key,…>',
  description: 'verify the manifest signature with these public keys before trusting it (env KOTAE_PUBLIC_KEY)',
  doc: 'verify the manifest’s Ed25519 signature with one of these public keys (base64url, as `kotae keys new` prints; several separated by commas during a key rotation) before any hash in it is trusted: an unsigned, foreign-signed or altered manifest is refused (exit status 4). Falls back to `KOTAE_PUBLIC_KEY`. A base64url key can begin with `-`: write `--public-key=<key>` (with `=`), as `kotae keys new` prints it',
} as const satisfies OptionSpec;

/** `--min-sequence <n>`. */
export const MIN_SEQUENCE_OPTION = {
  type: 'string',
  value: '<n>',
  description: 'refuse a manifest whose sequence is lower (an older signed manifest replayed)',
  doc: 'refuse a manifest whose `sequence` is lower than `n` (rollback protection: pass the highest sequence seen, as `--json` output reports it)',
} as const satisfies OptionSpec;

/**
 * The signing key from `--signing-key`, `KOTAE_SIGNING_KEY_FILE` or `KOTAE_SIGNING_KEY`, or
 * `undefined` when none is configured. A key file inside one of `dirs` is refused.
 */
export async function signingKeyFrom(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  dirs: readonly (string | undefined)[],
): Promise<SigningKey | undefined> {
  const path = file ?? (env.KOTAE_SIGNING_KEY_FILE || undefined);
  if (path !== undefined) {
    assertKeyOutside(path, dirs);
    return readSigningKeyFile(path);
  }
  const text = env.KOTAE_SIGNING_KEY || undefined;
  return text === undefined ? undefined : importSigningKey(text, 'KOTAE_SIGNING_KEY');
}

/** The public keys of `--public-key` or `KOTAE_PUBLIC_KEY` (comma or space separated), each checked. */
export async function publicKeysFrom(
  value: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[] | undefined> {
  const text = value ?? (env.KOTAE_PUBLIC_KEY || undefined);
  if (text === undefined) return undefined;
  const keys = text.split(/[\s,]+/).filter((k) => k !== '');
  for (const key of keys) await publicKeyId(key);
  return keys.length > 0 ? keys : undefined;
}

/** What a reading command trusts: `--public-key` and `--min-sequence`. */
export async function trustFrom(
  command: string,
  publicKey: string | undefined,
  minSequence: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ManifestTrust> {
  return {
    publicKeys: await publicKeysFrom(publicKey, env),
    minSequence: minSequence === undefined ? undefined : nonNegativeInteger(command, 'min-sequence', minSequence),
  };
}
