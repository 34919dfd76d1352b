// Compiles the example knowledge into the bundles the browser tests load: a good one, and a
// tampered copy whose sections shard no longer matches the manifest's SHA-256. (compileContent
// is what `kotae compile` runs; calling it here keeps @kotae/cli, which serves this widget, out of
// the widget's dependencies: pnpm refuses to build a dependency cycle.)
import { compileContent } from '@kotae/knowledge/node';
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
