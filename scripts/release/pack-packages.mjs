// `pnpm run pack-packages <dir>`: builds and packs every published package
// (scripts/release/packages.mjs) into <dir> (created if missing; default `tarballs`), as
// `pnpm publish` would pack it. This is how to install kotae before its first registry release:
// `npm install <dir>/*.tgz` in your project (docs/getting-started.md, step 0).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { packPackages } from './packages.mjs';

const dir = resolve(process.argv[2] ?? 'tarballs');
await mkdir(dir, { recursive: true });
for (const packed of await packPackages(dir)) console.log(packed.tarball);
