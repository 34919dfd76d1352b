/**
 * End to end: signed bundles as a user runs them — `kotae keys new`, `kotae compile` and
 * `kotae publish` with `--signing-key`, `kotae search` and `kotae serve` with `--public-key` — the
 * built binary, a real file system, real HTTP on loopback. An attacker who can write the publish
 * directory (not the key) changes a shard and rewrites its hash in the manifest, or puts an older
 * signed manifest back: every verifier refuses both.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kotae, startServe, stopServe, type ServeRun } from './support/kotae-bin.js';

const ARTICLES: Record<string, string> = {
  'articles/refunds.md': '---\nid: refunds\ntitle: Refunds\n---\nRefunds reach your card within five business days.\n',
  'articles/password.md':
    '---\nid: password\ntitle: Reset your password\n---\nChoose "Forgot password" on the sign-in page to get a reset link.\n',
};

interface Manifest {
  sequence?: number;
  signatures?: { keyId: string }[];
  files: { path: string; role: string; sha256: string; bytes: number }[];
}

let root: string;
let keyFile: string;
let keyId: string;
let publicKey: string;

async function content(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'articles'), { recursive: true });
  await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'help', defaultLocale: 'en' }));
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
  return dir;
}

const readManifest = async (dir: string): Promise<Manifest> => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

async function replaceManifest(dir: string, manifest: unknown): Promise<void> {
  await writeFile(join(dir, '.attacker.tmp'), JSON.stringify(manifest, null, 2));
  await rename(join(dir, '.attacker.tmp'), join(dir, 'manifest.json'));
}

/** Changes the sections shard's text and rewrites its hash and size in the manifest; the signature stays. */
async function tamperAndRehash(dir: string): Promise<void> {
  const manifest = await readManifest(dir);
  const file = manifest.files.find((f) => f.role === 'sections')!;
  const bytes = Buffer.from(
    (await readFile(join(dir, file.path), 'utf8')).replace('business days', 'business days, or one call to +1 555 0100'),
  );
  await writeFile(join(dir, file.path), bytes);
  file.sha256 = createHash('sha256').update(bytes).digest('hex');
  file.bytes = bytes.byteLength;
  await replaceManifest(dir, manifest);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), `timed out waiting for ${what}`);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kotae-signing-e2e-'));
  keyFile = join(root, 'keys', 'signing.jwk');
  await mkdir(join(root, 'keys'));
  const made = await kotae(['keys', 'new', keyFile, '--json']);
  assert.equal(made.code, 0, made.stderr);
  ({ keyId, publicKey } = JSON.parse(made.stdout) as { keyId: string; publicKey: string });
});

after(() => rm(root, { recursive: true, force: true }));

describe('kotae keys new', () => {
  it('writes a private key only its owner can read, prints the public key, and never overwrites it', async () => {
    assert.match(keyId, /^[0-9a-f]{16}$/);
    assert.match(publicKey, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    const before = await readFile(keyFile, 'utf8');
    const again = await kotae(['keys', 'new', keyFile]);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /signing\.jwk: already exists; refusing to overwrite a key/);
    assert.equal(await readFile(keyFile, 'utf8'), before);
    const human = await kotae(['keys', 'new', join(root, 'keys', 'second.jwk')]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^ {2}public key {2}[A-Za-z0-9_-]{43}$/m);
  });

  it('refuses a content or bundle directory, and compile refuses a key inside the content', async () => {
    const dir = await content('keyed-content', ARTICLES);
    const refused = await kotae(['keys', 'new', join(dir, 'signing.jwk')]);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /its directory holds kotae\.config\.json: keep the private key out of content and bundle directories/);
    await copyFile(keyFile, join(dir, 'articles', 'leaked.jwk'));
    const compile = await kotae(['compile', dir, '-o', join(root, 'never'), '--signing-key', join(dir, 'articles', 'leaked.jwk')]);
    assert.equal(compile.code, 3);
    assert.match(
      compile.stderr,
      /leaked\.jwk: is inside .*keyed-content; keep the private key out of content, bundle and publish directories/,
    );
  });
});

describe('signed bundles through the CLI', () => {
  let site: string;
  let firstSequence: number;

  before(async () => {
    const out = join(root, 'dist-v1');
    const compiled = await kotae(['compile', await content('v1', ARTICLES), '-o', out, '--signing-key', keyFile, '--json']);
    assert.equal(compiled.code, 0, compiled.stderr);
    const signed = (JSON.parse(compiled.stdout) as { signed: { keyIds: string[]; sequence: number } }).signed;
    assert.deepEqual(signed.keyIds, [keyId]);
    site = join(root, 'site');
    const published = await kotae(['publish', out, '--to', site, '--signing-key', keyFile]);
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, new RegExp(`signed {4}by key ${keyId}, sequence \\d+`));
    firstSequence = (await readManifest(site)).sequence!;
  });

  it('compile writes a signed manifest and no part of the key', async () => {
    const manifest = await readManifest(join(root, 'dist-v1'));
    assert.deepEqual(
      manifest.signatures?.map((s) => s.keyId),
      [keyId],
    );
    const { d } = JSON.parse(await readFile(keyFile, 'utf8')) as { d: string };
    for (const file of [...manifest.files.map((f) => f.path), 'manifest.json']) {
      assert.ok(!(await readFile(join(root, 'dist-v1', file), 'utf8')).includes(d), file);
    }
  });

  it('search verifies with --public-key (or KOTAE_PUBLIC_KEY) and refuses a tampered, rehashed shard', async () => {
    const copy = join(root, 'tampered');
    await rm(copy, { recursive: true, force: true });
    await mkdir(copy);
    for (const f of [...(await readManifest(site)).files.map((x) => x.path), 'manifest.json']) await copyFile(join(site, f), join(copy, f));
    const ok = await kotae(['search', copy, 'refund', `--public-key=${publicKey}`, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { results: { articleId: string }[] }).results[0]?.articleId, 'refunds');

    await tamperAndRehash(copy);
    // Unsigned use (no key configured) has only the hashes, which the attacker rewrote.
    const unchecked = await kotae(['search', copy, 'refund', '--json']);
    assert.equal(unchecked.code, 0);
    assert.match(unchecked.stdout, /555 0100/);
    for (const run of [
      await kotae(['search', copy, 'refund', `--public-key=${publicKey}`]),
      await kotae(['search', copy, 'refund'], { KOTAE_PUBLIC_KEY: publicKey }),
    ]) {
      assert.equal(run.code, 4);
      assert.match(
        run.stderr,
        /manifest\.json has a signature by key "[0-9a-f]{16}" that does not match its content \(changed after signing\); refusing to trust any hash in it/,
      );
      assert.doesNotMatch(run.stdout, /555 0100/);
    }
  });

  it('refuses a replayed older signed manifest, and serve keeps the newer version', async () => {
    const older = await readFile(join(site, 'manifest.json'));
    const v2 = join(root, 'dist-v2');
    const v2Articles = { ...ARTICLES, 'articles/refunds.md': ARTICLES['articles/refunds.md']!.replace('five', 'three') };
    assert.equal((await kotae(['compile', await content('v2', v2Articles), '-o', v2])).code, 0);
    // Published unsigned from compile; publish signs it with a sequence above the channel's.
    const published = await kotae(['publish', v2, '--to', site], { KOTAE_SIGNING_KEY: await readFile(keyFile, 'utf8') });
    assert.equal(published.code, 0, published.stderr);
    const newer = await readManifest(site);
    assert.ok(newer.sequence! > firstSequence);

    const server: ServeRun = await startServe([site, '--port', '0', `--public-key=${publicKey}`]);
    try {
      assert.match(server.out(), new RegExp(`signature: verified \\(key ${keyId}\\)`));
      const page = await (await fetch(server.url)).text();
      assert.match(page, new RegExp(`public-key="${publicKey}"`));
      // The attacker puts v1's validly signed manifest back (its shards are still in history's reach).
      await replaceManifest(site, JSON.parse(older.toString()));
      await until(() => /refusing a replayed older manifest/.test(server.err()), 'the replay to be refused');
      assert.match(
        server.err(),
        /kotae serve: kept [0-9a-f]+: the new manifest was rejected: .*has sequence \d+, older than \d+ already seen/,
      );

      const replay = await kotae(['search', site, 'refund', `--public-key=${publicKey}`, '--min-sequence', String(newer.sequence)]);
      assert.equal(replay.code, 4);
      assert.match(
        replay.stderr,
        new RegExp(
          `bundle "help" has sequence ${firstSequence}, older than ${newer.sequence} already seen; refusing a replayed older manifest`,
        ),
      );

      await replaceManifest(site, newer);
      await tamperAndRehash(site);
      await until(() => /does not match its content/.test(server.err()), `the tampered manifest to be refused: ${server.err()}`);
      const res = await fetch(new URL('api/kotae/v1/answer', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'How long do refunds take?' }),
      });
      const body = await res.text();
      assert.match(body, /three business days/);
      assert.doesNotMatch(body, /555 0100/);
    } finally {
      assert.equal(await stopServe(server.child), 0);
    }
  });

  it('serve refuses to start on a tampered bundle when a key is configured', async () => {
    const dir = join(root, 'serve-tampered');
    const compiled = await kotae(['compile', await content('v3', ARTICLES), '-o', dir, '--signing-key', keyFile]);
    assert.equal(compiled.code, 0, compiled.stderr);
    await tamperAndRehash(dir);
    const run = await kotae(['serve', dir, '--port', '0', `--public-key=${publicKey}`]);
    assert.equal(run.code, 4);
    assert.match(run.stderr, /does not match its content \(changed after signing\)/);
    assert.doesNotMatch(run.stdout, /kotae serve: http/);
  });

  it('rollback of a signed channel needs the key, and re-signs with a newer sequence', async () => {
    const target = join(root, 'rollback-site');
    for (const [name, files] of [
      ['r1', ARTICLES],
      ['r2', { ...ARTICLES, 'articles/extra.md': '---\nid: extra\ntitle: Extra\n---\nMore words.\n' }],
    ] as const) {
      const out = join(root, `dist-${name}`);
      assert.equal((await kotae(['compile', await content(name, files), '-o', out])).code, 0);
      assert.equal((await kotae(['publish', out, '--to', target, '--signing-key', keyFile])).code, 0);
    }
    const current = (await readManifest(target)).sequence!;
    const refused = await kotae(['rollback', '--to', target]);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /serves a signed manifest .*pass --signing-key to re-sign it with a newer sequence/);
    const rolled = await kotae(['rollback', '--to', target, '--signing-key', keyFile, '--json']);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.ok((JSON.parse(rolled.stdout) as { signed: { sequence: number } }).signed.sequence > current);
    const search = await kotae(['search', target, 'refund', `--public-key=${publicKey}`, '--min-sequence', String(current)]);
    assert.equal(search.code, 0, search.stderr);
  });
});
