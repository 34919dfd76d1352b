import { lstat, mkdir, readdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InitConflictError, PathError } from '../errors.js';
import { defineCommand, JSON_OPTION } from '../internal/command.js';
import { formatJson } from '../internal/format.js';

/** Options of {@link init}. */
export interface InitCommandOptions {
  /** The directory to scaffold; created when missing. An existing one must not hold any of the files. @default "." */
  readonly dir?: string | undefined;
  /** Today: `updated` of the example articles, and `reviewBy` six months later. @default new Date() */
  readonly now?: Date | undefined;
}

/** What {@link init} wrote. */
export interface InitCommandResult {
  /** The directory, as given. */
  readonly dir: string;
  /** Every file written, relative to `dir` and `/`-separated, in the order `kotae init` lists them. */
  readonly files: string[];
  /** The `@kotae/cli` version the CI workflow pins. */
  readonly version: string;
  /** The commands to run next, from the current directory. */
  readonly next: string[];
  /**
   * Where the workflow must move when `dir` is inside a git repository but not at its root
   * (GitHub only reads `.github/workflows/` at the root); undefined otherwise.
   */
  readonly workflowRoot?: string | undefined;
}

/** The scaffold's files, in `src/../templates/init/` (shipped in the package's `files`). */
const TEMPLATES = fileURLToPath(new URL('../../templates/init/', import.meta.url));
/** The `eval --min-mrr` the CI workflow gates on: the scaffold's own cases score 1. */
const MIN_MRR = '0.8';
/** Review dates of the example articles: this many months after today. */
const REVIEW_MONTHS = 6;

/**
 * `kotae init [dir]`: scaffolds a content repository — `kotae.config.json` with every option at
 * its default, `contexts.json`, example articles in English and Japanese with every frontmatter
 * field, `evals/cases.jsonl`, a `conversations/` folder with a README, a `.gitignore`, and
 * `.github/workflows/kotae.yml`, which runs `kotae validate --strict`, `kotae compile` and
 * `kotae eval --min-mrr` with `npx @kotae/cli@<this version>` on every push and pull request.
 *
 * Never overwrites: when any of the files exists, it throws an {@link InitConflictError} listing
 * all of them and writes nothing. Files are created exclusively (`wx`), and if writing fails
 * part way (a full disk, a file created meanwhile), what was written is removed again.
 *
 * @example
 * ```ts
 * const { files, next } = await init({ dir: 'help' })
 * ```
 */
export async function init(options: InitCommandOptions = {}): Promise<InitCommandResult> {
  const dir = options.dir ?? '.';
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new PathError(dir, 'exists and is not a directory');
  const version = await packageVersion();
  const templates = await listTemplates();
  const targets = templates.map(targetPath);

  const existing: string[] = [];
  for (const target of targets) {
    // A file where a folder of the scaffold goes (`articles`) is in the way too.
    const parts = target.split('/');
    for (let n = 1; n < parts.length; n++) {
      const folder = parts.slice(0, n).join('/');
      const found = await lstat(join(dir, folder)).catch(() => undefined);
      if (found && !found.isDirectory() && !existing.includes(folder)) existing.push(folder);
    }
    if (await lstat(join(dir, target)).catch(() => undefined)) existing.push(target);
  }
  if (existing.length > 0) throw new InitConflictError(dir, existing);

  const gitRoot = await findGitRoot(resolve(dir));
  const contentDir = gitRoot === undefined ? '.' : relative(gitRoot, resolve(dir)).split(sep).join('/') || '.';
  const today = options.now ?? new Date();
  const values: Record<string, string> = {
    id: bundleId(dir),
    version,
    today: isoDay(today),
    reviewBy: isoDay(addMonths(today, REVIEW_MONTHS)),
    minMrr: MIN_MRR,
    // A single-quoted YAML string in the workflow: a quote is written twice.
    contentDir: contentDir.replace(/'/g, "''"),
  };
  await writeAll(dir, templates, targets, values);

  const at = (path: string) => (dir === '.' ? path : join(dir, path).split(sep).join('/'));
  const content = dir === '.' ? '.' : dir;
  return {
    dir,
    files: targets,
    version,
    next: [
      `kotae validate ${quote(content)} --strict`,
      `kotae compile ${quote(content)} --out ${quote(at('dist/kb'))}`,
      `kotae eval ${quote(at('dist/kb'))} --cases ${quote(at('evals/cases.jsonl'))} --min-mrr ${MIN_MRR}`,
      `kotae serve ${quote(at('dist/kb'))}`,
    ],
    ...(gitRoot !== undefined && contentDir !== '.' ? { workflowRoot: gitRoot } : {}),
  };
}

/** Template files, relative to the templates folder, `/`-separated: root files first, then folders, each by name. */
async function listTemplates(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(join(TEMPLATES, rel), { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    for (const name of files.sort()) out.push(rel === '' ? name : `${rel}/${name}`);
    for (const name of dirs.sort()) await walk(rel === '' ? name : `${rel}/${name}`);
  };
  await walk('');
  return out;
}

/**
 * A template's path in the new repository: `dot-` at the start of a segment becomes `.`
 * (npm leaves `.gitignore` out of packages, and dot-folders are easy to miss in a package).
 */
function targetPath(template: string): string {
  return template
    .split('/')
    .map((segment) => (segment.startsWith('dot-') ? `.${segment.slice(4)}` : segment))
    .join('/');
}

/** Writes every file exclusively; on any failure, removes what this call created and rethrows. */
async function writeAll(
  dir: string,
  templates: readonly string[],
  targets: readonly string[],
  values: Record<string, string>,
): Promise<void> {
  const createdFiles: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (let i = 0; i < templates.length; i++) {
      const text = await readFile(join(TEMPLATES, templates[i]!), 'utf8');
      const path = join(dir, targets[i]!);
      for (const made of await makeDirs(dirname(path))) createdDirs.push(made);
      await writeFile(path, fill(text, values), { flag: 'wx' });
      createdFiles.push(path);
    }
  } catch (error) {
    for (const file of createdFiles.reverse()) await unlink(file).catch(() => undefined);
    for (const made of createdDirs.reverse()) await rmdir(made).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      // Created by someone else between the check and the write: report it like the check does.
      const path = relative(dir, (error as NodeJS.ErrnoException).path ?? '')
        .split(sep)
        .join('/');
      throw new InitConflictError(dir, [path]);
    }
    throw error;
  }
}

/** Creates `path` and its missing parents; returns the directories it created, outermost first. */
async function makeDirs(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let p = resolve(path); !(await stat(p).catch(() => undefined)); p = dirname(p)) missing.unshift(p);
  await mkdir(path, { recursive: true });
  return missing;
}

/** Replaces `{{name}}` placeholders (no spaces inside, so GitHub's `${{ env.X }}` stays as is). */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{([a-zA-Z]+)\}\}/g, (match, name: string) => values[name] ?? match);
}

/** The bundle id: the directory's name, made a valid id (`my help` → `my-help`). */
function bundleId(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+|-+$/gu, '');
  return name || 'help';
}

async function findGitRoot(start: string): Promise<string | undefined> {
  for (let p = start; ; p = dirname(p)) {
    if (await lstat(join(p, '.git')).catch(() => undefined)) return p;
    if (dirname(p) === p) return undefined;
  }
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date.getTime());
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Quotes a path for a POSIX shell when it needs it. */
function quote(path: string): string {
  return /^[\w./@:-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** `kotae init` on the command line: options, usage and output. */
export const initCommand = defineCommand({
  name: 'init',
  summary: 'start a content repository: config, example articles (en, ja), eval cases, contexts, CI workflow',
  positionals: [{ name: 'dir', description: 'where to write it (default: the current directory); created when missing', optional: true }],
  options: {
    json: JSON_OPTION,
  },
  exit: { 0: 'files written', 3: 'some of the files already exist (all are listed; nothing is written), or dir is a file' },
  examples: ['kotae init help', 'kotae init', 'npx @kotae/cli init help --json'],
  async run(args, io) {
    const result = await init({ dir: args.positional('dir') });
    io.out(args.flag('json') ? formatJson(result) : formatInit(result));
    return 0;
  },
});

/**
 * What `kotae init` prints: the files written, the commands to run next, and what the CI
 * workflow does. Kept stable: the getting-started guide shows it.
 */
export function formatInit(result: InitCommandResult): string {
  const where = result.dir === '.' ? 'this directory' : `${result.dir.replace(/\/+$/, '')}/`;
  const workflow = result.files.find((f) => f.startsWith('.github/')) ?? '.github/workflows/kotae.yml';
  const lines = [`Created a kotae content repository in ${where} (${result.files.length} files):`];
  for (const file of result.files) lines.push(`  ${file}`);
  lines.push('', 'Next, check it, build it and try it:');
  for (const command of result.next) lines.push(`  ${command}`);
  lines.push('', `${workflow} runs the first three (npx @kotae/cli@${result.version}) on every push and pull request.`);
  if (result.workflowRoot !== undefined) {
    lines.push(
      `GitHub only reads workflows at the repository root: move ${result.dir === '.' ? '' : `${result.dir.replace(/\/+$/, '')}/`}${workflow} to ${result.workflowRoot}/.github/workflows/.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
