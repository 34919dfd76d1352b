import { writeSigningKeyFile, type WrittenSigningKey } from '@kotae/knowledge/node';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson } from '../internal/format.js';

/** Options of {@link keysNew}. */
export interface KeysNewCommandOptions {
  /** Where to write the private key (a JWK, mode 0600); must not exist yet. */
  readonly file: string;
}

/** What {@link keysNew} wrote (see `WrittenSigningKey` of `@kotae/knowledge/node`). */
export type KeysNewCommandResult = WrittenSigningKey;

/**
 * `kotae keys new`: makes an Ed25519 signing key for bundle manifests. Writes the private key to
 * `file` (mode 0600, never over an existing file, never into a content or bundle directory) and
 * returns its key id and public key, which the verifiers configure (the widget's `public-key`,
 * `kotae serve --public-key`).
 *
 * Throws the library's `SigningKeyError` when the file exists or its directory holds a bundle
 * or content.
 *
 * @example
 * ```ts
 * const { keyId, publicKey } = await keysNew({ file: `${process.env.HOME}/.config/kotae/signing.jwk` })
 * ```
 */
export function keysNew(options: KeysNewCommandOptions): Promise<KeysNewCommandResult> {
  return writeSigningKeyFile(options.file);
}

/** `kotae keys new` on the command line: options, usage and output. */
export const keysNewCommand = defineCommand({
  name: 'keys new',
  summary: 'make an Ed25519 key for signing bundle manifests; prints its public key',
  positionals: [
    { name: 'file', description: 'where to write the private key (JWK, mode 0600); kept out of content and bundle directories' },
  ],
  options: { json: JSON_OPTION },
  exit: { 0: 'key written', 3: 'the file exists, cannot be written, or its directory holds content or a bundle' },
  examples: ['kotae keys new ~/.config/kotae/signing.jwk', 'kotae keys new /run/secrets/kotae-signing.jwk --json'],
  async run(args, io) {
    const result = await keysNew({ file: args.positional('file')! });
    io.out(args.flag('json') ? formatJson(result) : formatKeysNew(result));
    return 0;
  },
});

/** The human output of `kotae keys new`. */
export function formatKeysNew(result: KeysNewCommandResult): string {
  return [
    `Wrote the private key to ${result.file} (keep it secret; never publish it)`,
    `  key id      ${result.keyId}`,
    `  public key  ${result.publicKey}`,
    '',
    'Sign:    kotae publish dist/kb --to site/kb --signing-key ' + result.file,
    `Verify:  <kotae-help public-key="${result.publicKey}">, kotae serve --public-key=${result.publicKey}`,
    '',
  ].join('\n');
}
