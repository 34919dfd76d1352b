/**
 * End-to-end tests of `kotae init` and of the living-guidance findings of `kotae validate`, with
 * the built binary (`packages/cli/dist/bin.js`; build it first): what init writes validates with
 * no findings (strict), compiles, and passes its own eval gate; init never overwrites.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { kotae } from './support/kotae-bin.js';

const GUIDANCE = fileURLToPath(new URL('../packages/knowledge/test/fixtures/guidance/', import.meta.url));
const VERSION = (JSON.parse(await readFile(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Every file `kotae init` writes, in the order it lists them. */
const FILES = [
  'README.md',
  'contexts.json',
  '.gitignore',
  'kotae.config.json',
  'articles/en/payment-declined.md',
  'articles/en/refund-exceptions.md',
  'articles/en/reset-password.md',
  'articles/ja/password-reset.md',
  'articles/ja/payment-declined.md',
  'conversations/README.md',
  '.github/workflows/kotae.yml',
  'evals/cases.jsonl',
];

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-init-'));
  temps.push(dir);
  return dir;
}
after(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** Every file under `dir` with its text, paths `/`-separated. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path).split(sep).join('/')] = await readFile(path, 'utf8');
  }
  return out;
}

const PARALLEL = { concurrency: true } as const;

describe('kotae init', PARALLEL, () => {
  it('writes a content repository that validates strict with no findings, compiles and passes its eval gate', async () => {
    const root = await tempDir();
    const help = join(root, 'help');
    const run = await kotae(['init', help]);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        `Created a kotae content repository in ${help}/ (12 files):`,
        ...FILES.map((f) => `  ${f}`),
        '',
        'Next, check it, build it and try it:',
        `  kotae validate ${help} --strict`,
        `  kotae compile ${help} --out ${help}/dist/kb`,
        `  kotae eval ${help}/dist/kb --cases ${help}/evals/cases.jsonl --min-mrr 0.8`,
        `  kotae serve ${help}/dist/kb`,
        '',
        `.github/workflows/kotae.yml runs the first three (npx @kotae/cli@${VERSION}) on every push and pull request.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(Object.keys(await snapshot(help)).sort(), [...FILES].sort());

    const validate = await kotae(['validate', help, '--strict', '--json']);
    assert.equal(validate.code, 0, validate.stdout);
    const report = JSON.parse(validate.stdout) as { issues: unknown[]; articles: number; coverage: unknown };
    assert.deepEqual(report.issues, []);
    assert.equal(report.articles, 5);
    assert.deepEqual(report.coverage, { file: 'contexts.json', total: 6, covered: 6, uncovered: [] });

    const compile = await kotae(['compile', help, '--out', join(help, 'dist/kb'), '--strict']);
    assert.equal(compile.code, 0, compile.stderr);
    assert.match(compile.stdout, /^Compiled 4 articles \(\d+ sections, locales en, ja\)/);

    const evaluation = await kotae([
      'eval',
      join(help, 'dist/kb'),
      '--cases',
      join(help, 'evals/cases.jsonl'),
      '--min-mrr',
      '0.8',
      '--json',
    ]);
    assert.equal(evaluation.code, 0, evaluation.stderr);
    const scores = JSON.parse(evaluation.stdout) as { cases: number; retrieval: Record<string, number>; refusal: { refuse: number } };
    assert.equal(scores.retrieval['mrr@10'], 1);
    assert.equal(scores.refusal.refuse, 1);
  });

  it('fills the config, the review dates and the CI workflow for this directory and this version', async () => {
    const help = join(await tempDir(), 'Acme Help');
    const dayBefore = new Date().toISOString().slice(0, 10);
    assert.equal((await kotae(['init', help])).code, 0);
    const dayAfter = new Date().toISOString().slice(0, 10);
    const files = await snapshot(help);
    assert.equal((JSON.parse(files['kotae.config.json']!) as { id: string }).id, 'acme-help');
    const workflow = files['.github/workflows/kotae.yml']!;
    assert.match(workflow, new RegExp(`KOTAE_CLI: '@kotae/cli@${VERSION.replace(/\./g, '\\.')}'\\n`));
    for (const step of ['vendor/kotae/*.tgz', 'validate "$CONTENT_DIR" --strict', 'compile "$CONTENT_DIR"', '--min-mrr 0.8'])
      assert.ok(workflow.includes(step), step);
    assert.ok(workflow.includes('path: ${{ env.CONTENT_DIR }}/dist/kb'));
    assert.doesNotMatch(Object.values(files).join('\n'), /\{\{[a-zA-Z]+\}\}/);
    const reset = files['articles/en/reset-password.md']!;
    for (const key of ['id', 'title', 'locale', 'audience', 'tags', 'contexts', 'owner', 'reviewBy', 'updated', 'version']) {
      assert.match(reset, new RegExp(`^${key}: `, 'm'), key);
    }
    // The binary reads the clock itself: today is the day it ran (a run may cross midnight UTC).
    const updated = /^updated: (\S+)$/m.exec(reset)![1]!;
    assert.ok([dayBefore, dayAfter].includes(updated), `updated ${updated} is ${dayBefore} or ${dayAfter}`);
    const reviewBy = /^reviewBy: (\S+)$/m.exec(reset)![1]!;
    assert.ok(reviewBy > updated, `reviewBy ${reviewBy} after ${updated}`);
  });

  it('accepts an existing empty directory and prints JSON', async () => {
    const dir = await tempDir();
    const run = await kotae(['init', dir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { dir: string; files: string[]; version: string; next: string[] };
    assert.deepEqual(result.files, FILES);
    assert.equal(result.version, VERSION);
    assert.equal(result.next[0], `kotae validate ${dir} --strict`);
  });

  it('refuses to overwrite: lists every file in the way, writes nothing and changes nothing', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'articles/en'), { recursive: true });
    await writeFile(join(dir, 'kotae.config.json'), '{ "id": "ours" }\n');
    await writeFile(join(dir, 'articles/en/reset-password.md'), '---\nid: ours\ntitle: Our own words\n---\nKeep me.\n');
    await writeFile(join(dir, 'evals'), 'a file where a folder goes\n');
    const before = await snapshot(dir);
    const run = await kotae(['init', dir]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `${dir}: 3 files of the new content repository already exist, so nothing was written:\n` +
        '  kotae.config.json\n  articles/en/reset-password.md\n  evals\n' +
        'Move them away, or run kotae init in an empty directory.\n',
    );
    assert.deepEqual(await snapshot(dir), before);
  });
});

describe('kotae validate living-guidance findings', PARALLEL, () => {
  it('lists every finding with its code on stdout, exit 3, with the clock from --now', async () => {
    const run = await kotae(['validate', GUIDANCE, '--now', '2026-11-24']);
    assert.equal(run.code, 3);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1] ?? l),
      [
        'review-overdue',
        'link-broken',
        'link-anchor-missing',
        'link-broken',
        'owner-missing',
        'context-unknown',
        'review-by-invalid',
        'near-duplicate',
        'context-uncovered',
        'contexts: 3 of 4 have guidance (contexts.json)',
        '5 errors, 4 warnings, 6 articles',
      ],
    );
    const later = await kotae(['validate', GUIDANCE, '--now', '2025-01-01', '--json']);
    const report = JSON.parse(later.stdout) as { issues: Array<{ code?: string }>; coverage: { covered: number } };
    assert.equal(report.issues.filter((i) => i.code === 'review-overdue').length, 0);
    assert.equal(report.coverage.covered, 3);
  });

  it('rejects a --now that is not a day, as a usage error', async () => {
    const run = await kotae(['validate', GUIDANCE, '--now', '2026-13-01']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^kotae: invalid --now "2026-13-01" \(expected a day, such as 2026-11-24\)\n/);
  });
});
