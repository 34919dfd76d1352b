// `pnpm run lint:packages`: packs every published package (scripts/release/packages.mjs) the way
// `pnpm publish` would and lints the tarballs as the registry will serve them: publint (strict:
// warnings fail), Are the Types Wrong? (`--profile esm-only`: the packages are ESM-only, so
// CommonJS `require` and node10 resolution are out of scope), and the release metadata every
// package must carry (README, LICENSE, repository with its directory, public access, no
// `workspace:` ranges left). Needs the build (`pnpm run build`). The packed-install test runs the
// same checks on its tarballs, so `pnpm test` (and CI) fails on them too.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { packPackages, publishableFolders, PUBLISHED_PACKAGES, ROOT } from './packages.mjs';

const run = promisify(execFile);
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** Runs a linter; resolves to its output when it fails, to undefined when it passes. */
async function failure(command, args) {
  try {
    await run(command, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 });
    return undefined;
  } catch (error) {
    return `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error);
  }
}

/** The release metadata of a packed package.json that publint does not check. */
function metadataProblems(pkg, folder, root, files) {
  const problems = [];
  for (const file of ['README.md', 'LICENSE']) if (!files.includes(file)) problems.push(`the tarball has no ${file}`);
  for (const key of ['description', 'keywords', 'homepage', 'bugs', 'types', 'exports']) {
    if (pkg[key] === undefined) problems.push(`package.json has no "${key}"`);
  }
  if (pkg.license !== root.license)
    problems.push(`"license" is ${JSON.stringify(pkg.license)}, not the repository's ${JSON.stringify(root.license)}`);
  if (pkg.repository?.url !== root.repository.url) problems.push(`"repository.url" is not the repository's ${root.repository.url}`);
  if (pkg.repository?.directory !== `packages/${folder}`) problems.push(`"repository.directory" is not "packages/${folder}"`);
  if (pkg.publishConfig?.access !== 'public')
    problems.push('"publishConfig.access" is not "public" (a scoped package is private by default)');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${dep} is still ${range} in the tarball`);
    }
  }
  return problems;
}

/**
 * Lints packed packages (from `packPackages`): publint --strict, attw --profile esm-only and the
 * release metadata.
 *
 * @param {readonly import('./packages.mjs').PackedPackage[]} packed
 * @returns {Promise<Map<string, string[]>>} each package name with its problems (empty: it passes)
 */
export async function lintPacked(packed) {
  const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const results = await Promise.all(
    packed.map(async (p) => {
      const { stdout } = await run('tar', ['-xzOf', p.tarball, 'package/package.json']);
      const problems = metadataProblems(JSON.parse(stdout), p.folder, root, p.files);
      const [publint, attw] = await Promise.all([
        failure(bin('publint'), ['run', p.tarball, '--strict']),
        failure(bin('attw'), [p.tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji']),
      ]);
      if (publint) problems.push(`publint:\n${publint}`);
      if (attw) problems.push(`attw:\n${attw}`);
      return /** @type {const} */ ([p.name, problems]);
    }),
  );
  return new Map(results);
}

/**
 * The `packages/*` folders that are not private but missing from PUBLISHED_PACKAGES.
 *
 * @returns {Promise<string[]>}
 */
export async function unlistedPackages() {
  return (await publishableFolders()).filter((folder) => !PUBLISHED_PACKAGES.includes(folder));
}

async function main() {
  let failed = false;
  const unlisted = await unlistedPackages();
  if (unlisted.length > 0) {
    failed = true;
    console.error(`packages/${unlisted.join(', packages/')}: not private, but not in PUBLISHED_PACKAGES (scripts/release/packages.mjs)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kotae-lint-packages-'));
  try {
    const packed = await packPackages(dir);
    const results = await lintPacked(packed);
    for (const p of packed) {
      const problems = results.get(p.name) ?? [];
      if (problems.length === 0) {
        console.log(`${p.name}@${p.version}: ok (publint --strict, attw --profile esm-only, release metadata; ${p.files.length} files)`);
      } else {
        failed = true;
        console.error(`${p.name}@${p.version}:\n  ${problems.join('\n  ')}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
