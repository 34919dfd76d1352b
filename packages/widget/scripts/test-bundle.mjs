// Compiles the example knowledge into the bundles the browser tests load: a good one, and a
// tampered copy whose sections shard no longer matches the manifest's SHA-256, and signed ones. (compileContent
// is what `kotae compile` runs; calling it here keeps @kotae/cli, which serves this widget, out of
// the widget's dependencies: pnpm refuses to build a dependency cycle.)
import { generateSigningKey, signManifest } from '@kotae/knowledge';
import { compileContent, writeBundleDir } from '@kotae/knowledge/node';
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}.tmp/bundle`;
const tampered = `${root}.tmp/bundle-tampered`;
rmSync(`${root}.tmp`, { recursive: true, force: true });
await compileContent(`${root}../../examples/knowledge`, { out });
cpSync(out, tampered, { recursive: true });
const shard = readdirSync(tampered).find((f) => f.startsWith('sections.en.'));
const file = `${tampered}/${shard}`;
writeFileSync(file, readFileSync(file, 'utf8').replace('refund', 'refunt'));

// Signed bundles (a key made here, its public key in .tmp/public-key.txt for the tests):
// - signed/: two versions of the same bundle side by side, manifest.v1.json (older sequence) and
//   manifest.v2.json; test/server/replay.mjs serves either as signed/manifest.json, so a test can
//   replay the older one at the same URL;
// - signed-tampered/: v1 with a sections shard changed and its hash and size rewritten in the
//   manifest, the signature left as it was (what someone with write access to the CDN can do).
const key = await generateSigningKey();
writeFileSync(`${root}.tmp/public-key.txt`, key.publicKey);
const signed = `${root}.tmp/signed`;
for (const [name, at] of [
  ['v1', '2026-01-01T00:00:00Z'],
  ['v2', '2026-02-01T00:00:00Z'],
]) {
  const compiled = await compileContent(`${root}../../examples/knowledge`, { now: () => new Date(at) });
  // Same content, so the version is named (else both would have the same content-hash version).
  const bundle = { ...compiled.bundle, manifest: await signManifest({ ...compiled.bundle.manifest, version: name }, key) };
  await writeBundleDir(`${root}.tmp/signed-${name}`, bundle);
  cpSync(`${root}.tmp/signed-${name}`, signed, { recursive: true });
  writeFileSync(`${signed}/manifest.${name}.json`, `${JSON.stringify(bundle.manifest, null, 2)}\n`);
}
rmSync(`${signed}/manifest.json`);
const signedTampered = `${root}.tmp/signed-tampered`;
cpSync(`${root}.tmp/signed-v1`, signedTampered, { recursive: true });
const manifest = JSON.parse(readFileSync(`${signedTampered}/manifest.json`, 'utf8'));
const entry = manifest.files.find((f) => f.role === 'sections' && f.locale === 'en');
const changed = Buffer.from(readFileSync(`${signedTampered}/${entry.path}`, 'utf8').replace(/refund/g, 'refunt'));
writeFileSync(`${signedTampered}/${entry.path}`, changed);
entry.sha256 = createHash('sha256').update(changed).digest('hex');
entry.bytes = changed.byteLength;
writeFileSync(`${signedTampered}/manifest.json`, JSON.stringify(manifest, null, 2));
