// The packages kotae publishes, and how to pack them: the one list that `pnpm run lint:packages`,
// the packed-install test (test/packed-install.test.ts) and docs/releasing.md go by.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The folders under `packages/` that publish to the npm registry. Adding a package to the release
 * is adding its folder name here: `lint:packages` lints it and the packed-install test installs
 * it. Every `packages/*` folder whose package.json is not `private` must be listed
 * (`lint:packages` fails otherwise).
 */
export const PUBLISHED_PACKAGES = ['knowledge', 'server', 'widget', 'console', 'cli'];

/**
 * The folders under `packages/` that have a package.json and are not `private`: what
 * {@link PUBLISHED_PACKAGES} must list.
 *
 * @returns {Promise<string[]>}
 */
export async function publishableFolders() {
  const out = [];
  for (const entry of await readdir(join(ROOT, 'packages'), { withFileTypes: true })) {
    const manifest = join(ROOT, 'packages', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    if (!JSON.parse(await readFile(manifest, 'utf8')).private) out.push(entry.name);
  }
  return out.sort();
}

/**
 * @typedef {object} PackedPackage
 * @property {string} folder   the folder under `packages/`, e.g. `knowledge`
 * @property {string} name     the package name, e.g. `@kotae/knowledge`
 * @property {string} version  its version
 * @property {string} tarball  the absolute path of the `.tgz`
 * @property {string[]} files  the paths inside the tarball, relative to the package
 */

/**
 * Packs each package with `pnpm pack` into `destination` (pnpm rewrites `workspace:*` to the
 * versions being packed, as `pnpm publish` does). The packages must be built (`pnpm run build`).
 *
 * @param {string} destination an existing directory
 * @param {readonly string[]} [folders] @default PUBLISHED_PACKAGES
 * @returns {Promise<PackedPackage[]>}
 */
export async function packPackages(destination, folders = PUBLISHED_PACKAGES) {
  const unbuilt = folders.filter((folder) => !existsSync(join(ROOT, 'packages', folder, 'dist')));
  if (unbuilt.length > 0) {
    throw new Error(`packages/${unbuilt.join(', packages/')} not built: run \`pnpm run build\` first`);
  }
  return Promise.all(
    folders.map(async (folder) => {
      const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
        cwd: join(ROOT, 'packages', folder),
        maxBuffer: 64 * 1024 * 1024,
      });
      // --json prints lifecycle output before the result: the result is the last top-level object.
      const packed = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{') + 1));
      return {
        folder,
        name: packed.name,
        version: packed.version,
        tarball: packed.filename,
        files: packed.files.map((/** @type {{path: string}} */ file) => file.path),
      };
    }),
  );
}
