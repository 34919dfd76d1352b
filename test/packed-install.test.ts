/**
 * What a user gets from the registry, before there is a release: every published package
 * (scripts/release/packages.mjs) is packed with `pnpm pack` — as `pnpm publish` would pack it, with
 * `workspace:*` rewritten to versions — and the tarballs are installed with npm into fresh
 * projects in the system's temporary directory, outside this workspace. There, as a user would:
 * `npx kotae --version`, `kotae init`, `kotae compile`, the CI workflow that `kotae init` writes
 * (its own install step, then its checks), a bundler build of a page that imports
 * `@kotae/widget`, and the answer service of `@kotae/server` answering `GET /v1/health`. The
 * tarballs must also pass publint and Are the Types Wrong? (`pnpm run lint:packages`'s checks),
 * and installing `@kotae/widget` alone must not bring the answer service's dependencies.
 *
 * Needs the build (`pnpm test` builds first) and the npm registry (for the packages' own
 * dependencies).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { packPackages, PUBLISHED_PACKAGES, type PackedPackage } from '../scripts/release/packages.mjs';
import { lintPacked, unlistedPackages } from '../scripts/release/lint-packages.mjs';

/** The answer service's dependencies: only `@kotae/server` may bring them. */
const SERVER_ONLY_DEPENDENCIES = ['pg', 'openai', 'hono'] as const;

/** How a command ended. */
interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: this process's, less what `pnpm run` adds (its `npm_*`
 * settings and the workspace's `node_modules/.bin` on PATH), so that nothing from this workspace
 * leaks into the fresh projects.
 */
function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // How npm reaches the registry stays (a mirror, a proxy, a CA), should the machine set it so.
    const network = /^npm_config_(registry|.*proxy|cafile|strict_ssl)$/i.test(key);
    if (value === undefined || (/^(npm_|pnpm_)/i.test(key) && !network) || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes(`${sep}node_modules${sep}`) && !dir.endsWith(`${sep}node_modules`))
    .join(delimiter);
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs a command to completion in `cwd`. */
function run(command: string, args: readonly string[], cwd: string, env = userEnv()): Promise<Run> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command and asserts it exits 0, showing its output when it does not. */
async function ok(command: string, args: readonly string[], cwd: string, env?: Record<string, string>): Promise<Run> {
  const result = await run(command, args, cwd, env);
  assert.equal(result.code, 0, `${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A fresh npm project in `dir` with `tarballs` installed by npm, as a user installs packages. */
async function npmProject(dir: string, tarballs: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: basename(dir), private: true, type: 'module' }, null, 2));
  // --prefer-offline: what npm has cached is not revalidated (the tarballs' own files are never cached).
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], dir);
  return dir;
}

/** The tarballs a package needs from this workspace: its own and those of its `@kotae/*` dependencies, transitively. */
async function withKotaeDependencies(name: string, packed: readonly PackedPackage[]): Promise<string[]> {
  const byName = new Map(packed.map((p) => [p.name, p]));
  const out = new Set<string>();
  const visit = async (pkgName: string) => {
    const p = byName.get(pkgName);
    assert.ok(p, `${pkgName} is not packed (scripts/release/packages.mjs)`);
    if (out.has(p.tarball)) return;
    out.add(p.tarball);
    const manifest = JSON.parse(await readFile(new URL(`../packages/${p.folder}/package.json`, import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (dep.startsWith('@kotae/')) await visit(dep);
  };
  await visit(name);
  return [...out];
}

const work = await mkdtemp(join(tmpdir(), 'kotae-packed-install-'));
after(() => rm(work, { recursive: true, force: true }));
const tarballDir = join(work, 'tarballs');
await mkdir(tarballDir);
const packed = await packPackages(tarballDir);
const tarballs = packed.map((p) => p.tarball);
const version = (name: string) => packed.find((p) => p.name === name)?.version;

// Both projects install while the tarballs are linted (npm mostly waits on the network).
const projectInstall = npmProject(join(work, 'project'), tarballs);
const widgetOnly = withKotaeDependencies('@kotae/widget', packed).then((needed) => npmProject(join(work, 'widget-only'), needed));
for (const install of [projectInstall, widgetOnly]) install.catch(() => {}); // awaited (and reported) by the tests that need them

describe('the packed packages', { concurrency: true }, () => {
  it('list every package folder that is not private', async () => {
    assert.deepEqual(await unlistedPackages(), []);
    assert.deepEqual(packed.map((p) => p.folder).sort(), [...PUBLISHED_PACKAGES].sort());
  });

  it('pass publint --strict, attw --profile esm-only and carry a README, a LICENSE and the release metadata', async () => {
    const results = await lintPacked(packed);
    for (const p of packed) assert.deepEqual(results.get(p.name), [], `${p.name}:\n${(results.get(p.name) ?? []).join('\n')}`);
  });
});

describe('every tarball installed with npm in a fresh project', () => {
  let project = '';
  let help = '';
  before(async () => {
    project = await projectInstall;
    help = join(project, 'help');
  });

  it('runs `npx kotae --version`', async () => {
    const { stdout } = await ok('npx', ['kotae', '--version'], project);
    assert.equal(stdout.trim(), version('@kotae/cli'));
  });

  it('runs `kotae init` into a folder and `kotae compile` on it', async () => {
    const init = await ok('npx', ['kotae', 'init', 'help'], project);
    assert.match(init.stdout, /^Created a kotae content repository in help\/ \(\d+ files\):/);
    const compile = await ok('npx', ['kotae', 'compile', 'help', '--out', 'help/dist/kb', '--strict'], project);
    assert.match(compile.stdout, /^Compiled 4 articles \(\d+ sections, locales en, ja\) into help\/dist\/kb/);
    const manifest = JSON.parse(await readFile(join(help, 'dist/kb/manifest.json'), 'utf8')) as { locales: string[] };
    assert.deepEqual(manifest.locales, ['en', 'ja']);
  });

  it('runs the CI workflow `kotae init` wrote, installing kotae from the tarballs in vendor/kotae/ as the workflow says to before the first release', async () => {
    assert.ok(existsSync(join(help, 'kotae.config.json')), 'kotae init ran');
    const workflow = parse(await readFile(join(help, '.github/workflows/kotae.yml'), 'utf8')) as {
      env: Record<string, string>;
      jobs: Record<string, { steps: { name?: string; uses?: string; run?: string; shell?: string }[] }>;
    };
    assert.deepEqual(workflow.env, { KOTAE_CLI: `@kotae/cli@${version('@kotae/cli')}`, CONTENT_DIR: '.' });
    await mkdir(join(help, 'vendor/kotae'), { recursive: true });
    for (const tarball of tarballs) await copyFile(tarball, join(help, 'vendor/kotae', basename(tarball)));

    // The runner: the content directory is the checkout; `uses:` steps are GitHub's (checkout,
    // setup-node, upload-artifact); every `run:` step runs as GitHub runs it, with bash -e.
    const runnerTemp = join(work, 'runner-temp');
    await mkdir(runnerTemp);
    const githubPath = join(runnerTemp, 'github-path');
    await writeFile(githubPath, '');
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const ran: string[] = [];
    for (const step of steps) {
      if (step.run === undefined) {
        assert.ok(step.uses, `a step with neither run nor uses: ${JSON.stringify(step)}`);
        continue;
      }
      const added = (await readFile(githubPath, 'utf8')).split('\n').filter(Boolean).reverse();
      const base = userEnv();
      const env = userEnv({
        ...workflow.env,
        RUNNER_TEMP: runnerTemp,
        GITHUB_PATH: githubPath,
        GITHUB_WORKSPACE: help,
        PATH: [...added, base.PATH].join(delimiter),
      });
      await ok('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], help, env);
      ran.push(step.name ?? step.run);
    }
    assert.deepEqual(ran, [
      'Install kotae',
      'Validate (schema, personal data, owners, review dates, links, duplicates, contexts)',
      'Compile the bundle',
      'Evaluate search against the eval cases',
    ]);
    // The checks ran the kotae the workflow installed, from the tarballs.
    const installed = JSON.parse(await readFile(join(runnerTemp, 'kotae/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    assert.match(installed.dependencies['@kotae/cli'] ?? '', /^file:.*vendor\/kotae\/kotae-cli-[\d.]+\.tgz$/);
    assert.ok(existsSync(join(help, 'dist/kb/manifest.json')));
  });

  it("runs the example in @kotae/knowledge's README, as installed", async () => {
    assert.ok(existsSync(join(help, 'kotae.config.json')), 'kotae init ran');
    const readme = await readFile(join(project, 'node_modules/@kotae/knowledge/README.md'), 'utf8');
    const example = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README has a TypeScript example');
    await writeFile(join(project, 'knowledge-example.mjs'), example);
    const { stdout } = await ok(process.execPath, ['knowledge-example.mjs'], project);
    assert.match(stdout, /^4 articles, \d+ sections\n/);
    assert.match(stdout, /パスワード/);
  });

  it("bundles a page that imports '@kotae/widget' with esbuild", async () => {
    const entry = join(project, 'page.js');
    await writeFile(
      entry,
      "import '@kotae/widget';\nimport { KotaeHelp } from '@kotae/widget';\nconsole.log(customElements.get('kotae-help') === KotaeHelp);\n",
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(project, 'out'),
      absWorkingDir: project,
      logLevel: 'silent',
      metafile: true,
    });
    assert.deepEqual(result.errors, []);
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((path) => path.startsWith('node_modules/@kotae/widget/dist/')),
      'the widget came from the installed tarball',
    );
    assert.ok(
      inputs.some((path) => path.startsWith('node_modules/lit')),
      'and its dependencies from npm',
    );
    const out = await readFile(join(project, 'out/page.js'), 'utf8');
    assert.match(out, /customElements\.define\(/);
  });

  // Runs once packages/server publishes (when 'server' is in PUBLISHED_PACKAGES).
  if (PUBLISHED_PACKAGES.includes('server')) {
    it('starts the answer service from @kotae/server and answers GET /v1/health', async () => {
      assert.ok(existsSync(join(help, 'dist/kb/manifest.json')), 'kotae compile ran');
      await writeFile(
        join(project, 'server.mjs'),
        [
          "import { createServer } from 'node:http';",
          "import { readBundleDir } from '@kotae/knowledge/node';",
          "import { createAnswerHandler } from '@kotae/server';",
          '',
          "const handler = createAnswerHandler({ bundle: await readBundleDir(process.argv[2]), basePath: '/api/kotae' });",
          'const server = createServer(async (req, res) => {',
          "  const response = await handler(new Request(new URL(req.url, 'http://127.0.0.1'), { method: req.method, headers: req.headers }));",
          '  res.writeHead(response.status, Object.fromEntries(response.headers));',
          '  res.end(Buffer.from(await response.arrayBuffer()));',
          '});',
          "server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));",
          '',
        ].join('\n'),
      );
      const child = spawn(process.execPath, ['server.mjs', 'help/dist/kb'], {
        cwd: project,
        env: userEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            out += chunk;
            const line = /^(http:\/\/\S+)\n/.exec(out);
            if (line) resolve(line[1]!);
          });
          child.on('exit', (code) => reject(new Error(`the server exited ${code} before listening:\n${stderr}`)));
        });
        const response = await fetch(`${url}/api/kotae/v1/health`);
        assert.equal(response.status, 200);
        const health = (await response.json()) as { status: string; mode: string; bundle: { id: string; locales: string[] } };
        assert.equal(health.status, 'ok');
        assert.equal(health.mode, 'extractive');
        assert.deepEqual(health.bundle.locales, ['en', 'ja']);
        assert.equal(health.bundle.id, 'help');
      } finally {
        child.kill();
      }
    });
  }
});

describe('@kotae/widget installed alone (with the @kotae packages it depends on)', () => {
  it("installs neither the CLI nor the answer service's dependencies", async () => {
    const dir = await widgetOnly;
    const installed = await readdir(join(dir, 'node_modules'));
    const kotae = existsSync(join(dir, 'node_modules/@kotae')) ? await readdir(join(dir, 'node_modules/@kotae')) : [];
    assert.ok(kotae.includes('widget'), 'the widget is installed');
    assert.deepEqual(
      kotae.filter((name) => name === 'cli' || name === 'server'),
      [],
    );
    assert.equal(installed.includes('@hono'), false, "@hono/node-server (the CLI's) is not installed");
    assert.deepEqual(
      installed.filter((name) => (SERVER_ONLY_DEPENDENCIES as readonly string[]).includes(name)),
      [],
    );
  });

  it("declares none of the answer service's dependencies, and neither does @kotae/knowledge", async () => {
    const dir = await widgetOnly;
    const declared = async (name: string) => {
      const pkg = JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      return Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
    };
    const serverOnly = (names: string[]) => names.filter((name) => (SERVER_ONLY_DEPENDENCIES as readonly string[]).includes(name));
    assert.deepEqual(serverOnly(await declared('@kotae/widget')), []);
    assert.ok((await declared('@kotae/knowledge')).includes('minisearch'), 'the installed @kotae/knowledge has its dependencies');
    assert.deepEqual(serverOnly(await declared('@kotae/knowledge')), []);
  });
});
