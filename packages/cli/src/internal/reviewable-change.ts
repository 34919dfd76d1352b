/**
 * Lines appended to a file in the content repository as a change its owner reviews: a unified
 * diff (`git apply`), or a commit on a new branch made with git's plumbing — never a commit on the
 * current branch, never a change to the working tree or the index.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../errors.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  if (options.input === undefined) {
    const { stdout } = await run('git', args, { cwd, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  }
  return new Promise((resolvePromise, reject) => {
    const child = execFile('git', args, { cwd, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolvePromise(stdout),
    );
    child.stdin!.end(options.input);
  });
}

/** The git work tree `file` is in and its path there (with `/`), or `undefined` outside one (or without git). */
export async function gitLocation(file: string): Promise<{ root: string; path: string } | undefined> {
  try {
    const root = (await git(dirname(resolve(file)), ['rev-parse', '--show-toplevel'])).trim();
    return { root, path: relative(root, resolve(file)).split(sep).join('/') };
  } catch {
    return undefined;
  }
}

/** The file as the current commit (`HEAD`) has it: `''` when it has none. */
export async function committedText(root: string, path: string): Promise<string> {
  try {
    return await git(root, ['show', `HEAD:${path}`]);
  } catch {
    return '';
  }
}

/**
 * A unified diff appending `added` (whole lines, each ending in `\n`) to a file holding `before`,
 * at `path` (relative to the repository root: apply with `git apply` there).
 *
 * @example
 * ```ts
 * appendPatch('evals/cases.jsonl', '{"id":"a"}\n', '{"id":"b"}\n')
 * ```
 */
export function appendPatch(path: string, before: string, added: string): string {
  const oldLines = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const newLines = added.replace(/\n$/, '').split('\n');
  const head = [`diff --git a/${path} b/${path}`];
  if (before === '') head.push('new file mode 100644', '--- /dev/null', `+++ b/${path}`);
  else head.push(`--- a/${path}`, `+++ b/${path}`);
  const context = oldLines.slice(-3);
  const start = oldLines.length - context.length + 1;
  const body: string[] = [];
  const missingNewline = before !== '' && !before.endsWith('\n');
  context.forEach((line, i) => {
    if (missingNewline && i === context.length - 1) body.push(`-${line}`, '\\ No newline at end of file', `+${line}`);
    else body.push(` ${line}`);
  });
  body.push(...newLines.map((line) => `+${line}`));
  const oldRange = oldLines.length === 0 ? '0,0' : `${start},${context.length}`;
  const newRange = `${oldLines.length === 0 ? 1 : start},${context.length + newLines.length}`;
  return `${[...head, `@@ -${oldRange} +${newRange} @@`, ...body].join('\n')}\n`;
}

/**
 * Commits `text` as the content of `path` on a new branch `branch` whose parent is `HEAD`, through
 * a temporary index: the working tree, the index and the current branch are left as they are.
 * Returns the commit id.
 *
 * @throws `UsageError` when `branch` exists already or `HEAD` has no commit.
 */
export async function commitOnBranch(root: string, path: string, text: string, branch: string, message: string): Promise<string> {
  try {
    await git(root, ['check-ref-format', '--branch', branch]);
  } catch {
    throw new UsageError(`--branch: ${JSON.stringify(branch)} is not a valid branch name`, 'cases');
  }
  if ((await git(root, ['branch', '--list', branch])).trim() !== '') {
    throw new UsageError(`--branch: branch ${JSON.stringify(branch)} exists already in ${root}`, 'cases');
  }
  let head: string;
  try {
    head = (await git(root, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  } catch {
    throw new UsageError(`--branch: ${root} has no commit yet to branch from`, 'cases');
  }
  const scratch = await mkdtemp(join(tmpdir(), 'kotae-cases-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(scratch, 'index') };
    const name = (await git(root, ['config', 'user.name']).catch(() => '')).trim();
    const email = (await git(root, ['config', 'user.email']).catch(() => '')).trim();
    if (name === '') Object.assign(env, { GIT_AUTHOR_NAME: 'kotae cases', GIT_COMMITTER_NAME: 'kotae cases' });
    if (email === '') Object.assign(env, { GIT_AUTHOR_EMAIL: 'kotae@localhost', GIT_COMMITTER_EMAIL: 'kotae@localhost' });
    await git(root, ['read-tree', head], { env });
    const blob = (await git(root, ['hash-object', '-w', '--stdin'], { input: text })).trim();
    await git(root, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
    const tree = (await git(root, ['write-tree'], { env })).trim();
    const commit = (await git(root, ['commit-tree', tree, '-p', head, '-m', message], { env })).trim();
    await git(root, ['branch', branch, commit]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
