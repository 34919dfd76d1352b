import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildSearchIndex,
  canonicalJson,
  encodeBundle,
  generateSigningKey,
  importSigningKey,
  publicKeyId,
  readBundle,
  signManifest,
  verifyManifest,
  type Manifest,
  type SigningKey,
} from '../src/index.js';
import { BundleRollbackError, BundleSignatureError, PublishError, SigningKeyError } from '../src/errors.js';
import {
  MANIFEST_FILE,
  assertKeyOutside,
  compileContent,
  publishBundle,
  readBundleDir,
  readSigningKeyFile,
  rollbackBundle,
  watchBundleDir,
  writeBundleDir,
  writeSigningKeyFile,
} from '../src/node.js';
import { article, caught, contentDir, tempDir } from './support/content.js';
import { CORPUS, publicSections } from './support/corpus.js';

/** A bundle directory of CORPUS plus `extra`, built at `at`, signed by `keys` when given. */
async function bundleDir(at: string, keys?: SigningKey | SigningKey[], extra: Record<string, string> = {}): Promise<string> {
  const files = { ...CORPUS, ...extra };
  const bundle = await encodeBundle(buildSearchIndex(publicSections(files)), {
    id: 'kb',
    defaultLocale: 'en',
    articles: Object.keys(files).length,
    now: () => new Date(at),
  });
  const manifest = keys ? await signManifest(bundle.manifest, keys) : bundle.manifest;
  const dir = join(await tempDir(), 'kb');
  await writeBundleDir(dir, { ...bundle, manifest });
  return dir;
}

const readManifest = async (dir: string, file = MANIFEST_FILE): Promise<Manifest> =>
  JSON.parse(await readFile(join(dir, file), 'utf8')) as Manifest;
/** Replaces a manifest atomically, as a publish (or an attacker with a clue) does. */
async function writeManifest(dir: string, manifest: unknown): Promise<void> {
  await writeFile(join(dir, '.next.tmp'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(join(dir, '.next.tmp'), join(dir, MANIFEST_FILE));
}

/** Copies a bundle directory's files over another's: shards first, the manifest last and atomically. */
async function copyBundle(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) if (name !== MANIFEST_FILE) await writeFile(join(to, name), await readFile(join(from, name)));
  await writeManifest(to, await readManifest(from));
}

/**
 * What an attacker with write access to the files (not the key) does: changes a shard's text and
 * rewrites its hash and size in the manifest, leaving the signature as it was.
 */
async function tamperAndRehash(dir: string): Promise<void> {
  const manifest = await readManifest(dir);
  const file = manifest.files.find((f) => f.role === 'sections')!;
  const text = (await readFile(join(dir, file.path), 'utf8')).replace(/password/g, 'passw0rd-call-this-number');
  const bytes = Buffer.from(text);
  await writeFile(join(dir, file.path), bytes);
  file.sha256 = createHash('sha256').update(bytes).digest('hex');
  file.bytes = bytes.byteLength;
  await writeManifest(dir, manifest);
}

describe('canonicalJson', () => {
  it('sorts keys by code unit and drops whitespace, whatever the input order', () => {
    assert.equal(canonicalJson({ b: [1, { z: null, a: 'x' }], a: true, é: 1, Z: 2 }), '{"Z":2,"a":true,"b":[1,{"a":"x","z":null}],"é":1}');
    assert.equal(canonicalJson(JSON.parse('{ "b" : 1,\n "a" : 2 }')), canonicalJson({ a: 2, b: 1 }));
  });

  it('rejects what JSON cannot hold', () => {
    assert.throws(() => canonicalJson({ n: Number.POSITIVE_INFINITY }), /Infinity cannot be signed/);
    assert.throws(() => canonicalJson({ n: Number.NaN }), /cannot be signed/);
  });

  it('is stable through a parse: the text a reader parses canonicalises to the signed text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        assert.equal(canonicalJson(JSON.parse(text)), text);
        assert.equal(canonicalJson(JSON.parse(JSON.stringify(value, null, 3))), text);
      }),
    );
  });
});

describe('signing keys', () => {
  it('generates a key whose JWK imports to the same key id and public key', async () => {
    const key = await generateSigningKey();
    assert.match(key.keyId, /^[0-9a-f]{16}$/);
    assert.match(key.publicKey, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await publicKeyId(key.publicKey), key.keyId);
    const again = await importSigningKey(JSON.stringify(key.jwk), 'key.jwk');
    assert.equal(again.keyId, key.keyId);
    assert.equal(again.publicKey, key.publicKey);
  });

  it('rejects what is not an Ed25519 private key', async () => {
    const e = await caught<SigningKeyError>(() => importSigningKey('{"kty":"RSA"}', 'bad.jwk'));
    assert.ok(e instanceof SigningKeyError);
    assert.equal(e.source, 'bad.jwk');
    assert.equal(e.family, 'config');
    assert.ok((await caught(() => importSigningKey('not json', 'x'))) instanceof SigningKeyError);
    assert.ok((await caught(() => publicKeyId('short'))) instanceof SigningKeyError);
  });

  it('refuses to sign with a key file whose public half belongs to another key', async () => {
    const [a, b] = [await generateSigningKey(), await generateSigningKey()];
    // Node checks the pair on import; signManifest checks its own signature where a runtime does not.
    const e = await caught<SigningKeyError>(() => importSigningKey({ ...a.jwk, x: b.publicKey }, 'mixed.jwk'));
    assert.ok(e instanceof SigningKeyError);
    assert.match(e.message, /^mixed\.jwk: not a usable Ed25519 private key/);
    const { manifest } = await encodeBundle(buildSearchIndex(publicSections(CORPUS)), { id: 'kb', defaultLocale: 'en', articles: 1 });
    const forged = { ...a, publicKey: b.publicKey };
    const mismatch = await caught<SigningKeyError>(() => signManifest(manifest, forged));
    assert.ok(mismatch instanceof SigningKeyError);
    assert.match(mismatch.message, /does not match its private key/);
  });

  it('writes a key file readable only by its owner, and never overwrites one', async () => {
    const file = join(await tempDir(), 'signing.jwk');
    const written = await writeSigningKeyFile(file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const key = await readSigningKeyFile(file);
    assert.equal(key.keyId, written.keyId);
    assert.equal(key.publicKey, written.publicKey);
    const before = await readFile(file, 'utf8');
    const e = await caught<SigningKeyError>(() => writeSigningKeyFile(file));
    assert.ok(e instanceof SigningKeyError);
    assert.match(e.message, /already exists; refusing to overwrite a key/);
    assert.equal(await readFile(file, 'utf8'), before);
  });

  it('refuses to put a key file in a bundle or content directory', async () => {
    const dir = await bundleDir('2026-01-01T00:00:00Z');
    const e = await caught<SigningKeyError>(() => writeSigningKeyFile(join(dir, 'signing.jwk')));
    assert.ok(e instanceof SigningKeyError);
    assert.match(e.message, /holds manifest\.json/);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.jwk')),
      [],
    );
    assert.throws(() => assertKeyOutside(join(dir, 'keys', 'k.jwk'), [dir]), SigningKeyError);
    assert.doesNotThrow(() => assertKeyOutside(join(dir, '..', 'k.jwk'), [dir]));
  });
});

describe('signed bundles', () => {
  it('verify with the signer’s public key, and name the key', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    const manifest = await readManifest(dir);
    assert.equal(manifest.sequence, Date.parse('2026-01-01T00:00:00Z'));
    assert.deepEqual(
      manifest.signatures?.map((s) => [s.alg, s.keyId]),
      [['Ed25519', key.keyId]],
    );
    const loaded = await readBundleDir(dir, { publicKeys: [key.publicKey] });
    assert.equal(loaded.signedBy, key.keyId);
    assert.ok(loaded.index.search('password', { locale: 'en' }).length > 0);
  });

  it('verify however the manifest file is formatted (key order, whitespace)', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    const manifest = await readManifest(dir);
    const reordered = Object.fromEntries(Object.entries(manifest).reverse());
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(reordered));
    assert.equal((await readBundleDir(dir, { publicKeys: [key.publicKey] })).signedBy, key.keyId);
  });

  it('reject a tampered shard whose hash was rewritten in the manifest, before reading any shard', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    await tamperAndRehash(dir);
    // Without a key the rehashed shard passes every hash check: this is the attack signing stops.
    const unverified = await readBundleDir(dir);
    assert.ok([...unverified.index.sections()].some((section) => section.text.includes('passw0rd-call-this-number')));

    const reads: string[] = [];
    const e = await caught<BundleSignatureError>(() =>
      readBundle(
        new Uint8Array(Buffer.from(JSON.stringify(unverified.manifest))),
        async (p) => {
          reads.push(p);
          return new Uint8Array(await readFile(join(dir, p)));
        },
        { publicKeys: [key.publicKey] },
      ),
    );
    assert.ok(e instanceof BundleSignatureError);
    assert.equal(e.code, 'bundle-signature');
    assert.equal(e.family, 'bundle');
    assert.equal(e.problem, 'invalid');
    assert.deepEqual(e.keyIds, [key.keyId]);
    assert.equal(
      e.message,
      `manifest.json has a signature by key "${key.keyId}" that does not match its content (changed after signing); refusing to trust any hash in it`,
    );
    assert.deepEqual(reads, []);
    assert.ok((await caught(() => readBundleDir(dir, { publicKeys: [key.publicKey] }))) instanceof BundleSignatureError);
  });

  it('reject an unsigned manifest and one signed by another key when a key is configured', async () => {
    const [key, other] = [await generateSigningKey(), await generateSigningKey()];
    const stripped = await readManifest(await bundleDir('2026-01-01T00:00:00Z', key));
    delete stripped.signatures;
    const unsigned = await caught<BundleSignatureError>(() => verifyManifest(JSON.stringify(stripped), { publicKeys: [key.publicKey] }));
    assert.equal(unsigned.problem, 'unsigned');
    assert.match(unsigned.message, /is not signed, and public keys are configured/);

    const foreign = await caught<BundleSignatureError>(async () =>
      verifyManifest(JSON.stringify(await readManifest(await bundleDir('2026-01-01T00:00:00Z', other))), { publicKeys: [key.publicKey] }),
    );
    assert.equal(foreign.problem, 'unknown-key');
    assert.deepEqual(foreign.keyIds, [other.keyId]);
  });

  it('load unsigned without a key, and signed without a key (unverified: signedBy is undefined)', async () => {
    assert.equal((await readBundleDir(await bundleDir('2026-01-01T00:00:00Z'))).signedBy, undefined);
    const signed = await readBundleDir(await bundleDir('2026-01-01T00:00:00Z', await generateSigningKey()));
    assert.equal(signed.signedBy, undefined);
    assert.ok(signed.manifest.signatures);
  });

  it('accept any configured key, and a manifest signed by two keys during a rotation', async () => {
    const [old, next] = [await generateSigningKey(), await generateSigningKey()];
    const both = await bundleDir('2026-01-01T00:00:00Z', [old, next]);
    assert.equal((await readBundleDir(both, { publicKeys: [old.publicKey] })).signedBy, old.keyId);
    assert.equal((await readBundleDir(both, { publicKeys: [next.publicKey] })).signedBy, next.keyId);
    const byNew = await bundleDir('2026-01-01T00:00:00Z', next);
    assert.equal((await readBundleDir(byNew, { publicKeys: [old.publicKey, next.publicKey] })).signedBy, next.keyId);
  });

  it('reject a manifest older than the lowest sequence accepted', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    const seq = Date.parse('2026-01-01T00:00:00Z');
    assert.ok(await readBundleDir(dir, { publicKeys: [key.publicKey], minSequence: seq }));
    const e = await caught<BundleRollbackError>(() => readBundleDir(dir, { publicKeys: [key.publicKey], minSequence: seq + 1 }));
    assert.ok(e instanceof BundleRollbackError);
    assert.equal(e.code, 'bundle-rollback');
    assert.equal(e.sequence, seq);
    assert.equal(e.minimum, seq + 1);
    assert.match(e.message, /refusing a replayed older manifest/);
  });

  it('cannot be replayed with a raised sequence: the sequence is signed', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    const manifest = await readManifest(dir);
    await writeManifest(dir, { ...manifest, sequence: manifest.sequence! + 10 ** 9 });
    const e = await caught<BundleSignatureError>(() =>
      readBundleDir(dir, { publicKeys: [key.publicKey], minSequence: manifest.sequence! + 1 }),
    );
    assert.equal(e.problem, 'invalid');
  });
});

describe('watchBundleDir with public keys', () => {
  it('keeps serving the current version when an older signed manifest is put back', async () => {
    const key = await generateSigningKey();
    const older = await bundleDir('2026-01-01T00:00:00Z', key);
    const newer = await bundleDir('2026-02-01T00:00:00Z', key, {
      'en/new.md': article('id: new\ntitle: New\nlocale: en', 'Brand new words.\n'),
    });
    const target = join(await tempDir(), 'site');
    await publishBundle(newer, { to: target });
    const errors: unknown[] = [];
    const kb = await watchBundleDir(target, { publicKeys: [key.publicKey], pollMs: 60_000, onError: (e) => errors.push(e) });
    try {
      assert.equal(kb.current().manifest.sequence, Date.parse('2026-02-01T00:00:00Z'));
      // The attacker copies the older, validly signed manifest (and its shards) over the new one.
      await copyBundle(older, target);
      assert.equal(await kb.check(), false);
      assert.ok(errors.at(-1) instanceof BundleRollbackError, String(errors.at(-1)));
      assert.equal(kb.current().manifest.sequence, Date.parse('2026-02-01T00:00:00Z'));
      // A tampered-and-rehashed shard is refused the same way.
      await copyBundle(newer, target);
      await tamperAndRehash(target);
      assert.equal(await kb.check(), false);
      assert.ok(errors.at(-1) instanceof BundleSignatureError, String(errors.at(-1)));
      assert.equal(kb.current().manifest.sequence, Date.parse('2026-02-01T00:00:00Z'));
      assert.deepEqual(
        errors.filter((e) => !(e instanceof BundleRollbackError || e instanceof BundleSignatureError)),
        [],
      );
    } finally {
      kb.close();
    }
  });

  it('refuses to start on a tampered bundle', async () => {
    const key = await generateSigningKey();
    const dir = await bundleDir('2026-01-01T00:00:00Z', key);
    await tamperAndRehash(dir);
    assert.ok((await caught(() => watchBundleDir(dir, { publicKeys: [key.publicKey] }))) instanceof BundleSignatureError);
  });
});

describe('signed publish and rollback', () => {
  it('publish signs with a sequence above the channel’s, and refuses an unsigned bundle on a signed channel', async () => {
    const key = await generateSigningKey();
    const target = join(await tempDir(), 'site');
    const first = await bundleDir('2026-01-01T00:00:00Z');
    await publishBundle(first, { to: target, signingKey: key, now: () => new Date('2026-03-01T00:00:00Z') });
    const published = await readManifest(target);
    assert.equal(published.sequence, Date.parse('2026-03-01T00:00:00Z'));
    assert.equal((await readBundleDir(target, { publicKeys: [key.publicKey] })).signedBy, key.keyId);
    // The clock went backwards: the sequence still goes up.
    const second = await bundleDir('2026-01-02T00:00:00Z', undefined, { 'en/x.md': article('id: x\ntitle: X\nlocale: en') });
    await publishBundle(second, { to: target, signingKey: key, now: () => new Date('2025-01-01T00:00:00Z') });
    assert.equal((await readManifest(target)).sequence, Date.parse('2026-03-01T00:00:00Z') + 1);

    const third = await bundleDir('2026-01-03T00:00:00Z', undefined, { 'en/y.md': article('id: y\ntitle: Y\nlocale: en') });
    const e = await caught<PublishError>(() => publishBundle(third, { to: target }));
    assert.ok(e instanceof PublishError);
    assert.match(e.message, /serves a signed manifest .*this one is unsigned, so verifiers would refuse it: pass --signing-key/);
  });

  it('rollback re-signs the older version with a newer sequence, and refuses to restore it unsigned', async () => {
    const key = await generateSigningKey();
    const target = join(await tempDir(), 'site');
    await publishBundle(await bundleDir('2026-01-01T00:00:00Z', key), { to: target });
    await publishBundle(await bundleDir('2026-02-01T00:00:00Z', key, { 'en/x.md': article('id: x\ntitle: X\nlocale: en') }), {
      to: target,
    });
    const current = await readManifest(target);
    const refused = await caught<PublishError>(() => rollbackBundle({ to: target }));
    assert.ok(refused instanceof PublishError);
    assert.match(refused.message, /pass --signing-key to re-sign it/);

    const result = await rollbackBundle({ to: target, signingKey: key, now: () => new Date('2026-01-15T00:00:00Z') });
    const restored = await readManifest(target);
    assert.equal(restored.builtAt, '2026-01-01T00:00:00.000Z');
    assert.equal(restored.sequence, current.sequence! + 1);
    assert.equal(result.to.version, restored.version);
    const loaded = await readBundleDir(target, { publicKeys: [key.publicKey], minSequence: current.sequence });
    assert.equal(loaded.signedBy, key.keyId);
  });

  it('compile signs with the key and writes no part of it into the bundle', async () => {
    const keyFile = join(await tempDir(), 'signing.jwk');
    await writeSigningKeyFile(keyFile);
    const jwk = JSON.parse(await readFile(keyFile, 'utf8')) as { d: string };
    const content = await contentDir({
      'kotae.config.json': JSON.stringify({ id: 'help', defaultLocale: 'en' }),
      'en/a.md': article('id: a\ntitle: Reset your password\nlocale: en', 'Open Settings and choose Reset password.\n'),
    });
    const out = join(await tempDir(), 'out');
    const key = await readSigningKeyFile(keyFile);
    await compileContent(content, { out, signingKey: key, now: () => new Date('2026-04-01T00:00:00Z') });
    const loaded = await readBundleDir(out, { publicKeys: [key.publicKey] });
    assert.equal(loaded.signedBy, key.keyId);
    assert.equal(loaded.manifest.sequence, Date.parse('2026-04-01T00:00:00Z'));
    for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      assert.ok(!(await readFile(path, 'utf8')).includes(jwk.d), path);
    }
  });
});
