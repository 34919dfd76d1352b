import { open, readFile, readdir } from 'node:fs/promises';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { generateSigningKey, importSigningKey, type SigningKey } from '../bundle/signing-key.js';
import { SigningKeyError } from '../errors.js';

/** What {@link writeSigningKeyFile} made. */
export interface WrittenSigningKey {
  /** The key file (a JWK, mode 0600). */
  readonly file: string;
  /** The key id signatures name. */
  readonly keyId: string;
  /** The public key, base64url: what the widget's `public-key` and `kotae serve --public-key` take. */
  readonly publicKey: string;
}

/** Files that mark a directory as kotae content or a bundle: a key file never goes there. */
const MARKERS = new Set(['manifest.json', 'kotae.config.json', 'kotae.config.ts']);

/**
 * Makes a new Ed25519 signing key and writes its private half to `file` as a JWK, readable only
 * by its owner (mode 0600). Never overwrites a file (`SigningKeyError` when one exists) and
 * refuses a directory that holds a bundle or content (a `manifest.json` or `kotae.config.*`):
 * the private key must never be published. Returns the key id and the public key to configure
 * in the verifiers.
 *
 * @example
 * ```ts
 * const { keyId, publicKey } = await writeSigningKeyFile(`${os.homedir()}/.config/kotae/signing.jwk`)
 * ```
 */
export async function writeSigningKeyFile(file: string): Promise<WrittenSigningKey> {
  const names = await readdir(dirname(resolve(file))).catch(() => [] as string[]);
  const marker = names.find((n) => MARKERS.has(n));
  if (marker !== undefined) {
    throw new SigningKeyError(file, `its directory holds ${marker}: keep the private key out of content and bundle directories`);
  }
  const key = await generateSigningKey();
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SigningKeyError(
      file,
      code === 'EEXIST' ? 'already exists; refusing to overwrite a key' : `cannot be written (${code ?? String(e)})`,
      {
        cause: e,
      },
    );
  }
  try {
    await handle.writeFile(`${JSON.stringify(key.jwk, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { file, keyId: key.keyId, publicKey: key.publicKey };
}

/**
 * Reads a signing key file written by {@link writeSigningKeyFile} (or any Ed25519 private JWK).
 * Throws `SigningKeyError` when it is missing or not such a key.
 *
 * @example
 * ```ts
 * const key = await readSigningKeyFile(process.env.KOTAE_SIGNING_KEY_FILE!)
 * ```
 */
export async function readSigningKeyFile(file: string): Promise<SigningKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SigningKeyError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  return importSigningKey(text, file);
}

/**
 * Throws `SigningKeyError` when a key file sits inside one of `dirs` (the content, the bundle,
 * the publish target): a key there could be published with the files around it.
 */
export function assertKeyOutside(file: string, dirs: readonly (string | undefined)[]): void {
  for (const dir of dirs) {
    if (dir === undefined) continue;
    const rel = relative(resolve(dir), resolve(file));
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
      throw new SigningKeyError(file, `is inside ${dir}; keep the private key out of content, bundle and publish directories`);
    }
  }
}
