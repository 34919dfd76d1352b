/**
 * End-to-end tests of the `kotae` binary: each test spawns `node packages/cli/dist/bin.js` (build
 * it first) on temp dirs and checks exit codes, stdout and stderr.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { kotae } from './support/kotae-bin.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const STACKFAQ = join(FIXTURES, 'stackfaq');
const BROKEN = join(FIXTURES, 'broken');
const BAD_CASES = join(FIXTURES, 'cases-bad.jsonl');

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-e2e-'));
  temps.push(dir);
  return dir;
}
after(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** The JSQuAD articles plus a config that makes them Japanese (they carry no `locale`). */
async function japaneseContent(): Promise<string> {
  const dir = join(await tempDir(), 'jsquad');
  await mkdir(dir);
  await cp(join(FIXTURES, 'jsquad', 'articles'), join(dir, 'articles'), { recursive: true });
  await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'jsquad', defaultLocale: 'ja' }));
  return dir;
}

/** A content dir with copies of some files of `test/fixtures/broken/`. */
async function brokenSubset(...files: string[]): Promise<string> {
  const dir = await tempDir();
  for (const file of files) await cp(join(BROKEN, file), join(dir, file));
  return dir;
}

const BROKEN_ERRORS = [
  'bad-yaml.md:4: invalid YAML frontmatter: Nested mappings are not allowed in compact mappings',
  'dup-b.md:2: duplicate article id "dup" (also in dup-a.md)',
  'missing-title.md:1: frontmatter "title" is required',
];
const BROKEN_WARNINGS = [
  'typo.md:4: warning: unknown frontmatter key "titel" (known keys: id, title, locale, audience, tags, contexts, owner, reviewBy, updated, version)',
  'typo.md:12: warning: empty section "Empty"',
];
const METRICS = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'];

/** Test files run their tests concurrently: every test uses its own temp dirs. */
const PARALLEL = { concurrency: true } as const;

let shared: Promise<{ english: string; japanese: string }> | undefined;
/** The StackFAQ and JSQuAD bundles, compiled once by the binary for the search and eval tests. */
function bundles() {
  shared ??= (async () => ({ english: await compiled(STACKFAQ), japanese: await compiled(await japaneseContent()) }))();
  return shared;
}

/** Compiles `contentDir` with the binary into a new temp dir and returns the bundle dir. */
async function compiled(contentDir: string): Promise<string> {
  const out = join(await tempDir(), 'kb');
  const run = await kotae(['compile', contentDir, '--out', out, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return out;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('kotae', PARALLEL, () => {
  it('prints its version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await kotae(['--version']);
    assert.deepEqual(run, { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('prints help listing every command', async () => {
    const run = await kotae(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: kotae <command> \[options\]$/m);
    const commands = ['init', 'validate', 'compile', 'search', 'eval', 'redact', 'serve', 'insights', 'cases', 'classify'];
    for (const command of [...commands, 'publish', 'rollback', 'diff', 'store compact', 'store erase'])
      assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'));
    assert.equal(run.stderr, '');
  });

  it('prints a command help with --help and with help <command>', async () => {
    const a = await kotae(['compile', '--help']);
    const b = await kotae(['help', 'compile']);
    assert.equal(a.code, 0);
    assert.ok(
      a.stdout.startsWith(
        'kotae compile — compile a content directory into a search bundle\n\nUsage: kotae compile <contentDir> --out <bundleDir>',
      ),
    );
    assert.equal(b.stdout, a.stdout);
  });

  it('exits 2 with the usage when the command is missing or unknown', async () => {
    const usage =
      'Usage: kotae <command> [options]   (commands: init, validate, compile, search, eval, redact, serve, dev, insights, cases, classify, publish, rollback, diff, keys, store)\nRun "kotae --help" for help.\n';
    assert.deepEqual(await kotae([]), { code: 2, stdout: '', stderr: `kotae: missing command\n${usage}` });
    assert.deepEqual(await kotae(['deploy']), { code: 2, stdout: '', stderr: `kotae: unknown command "deploy"\n${usage}` });
    assert.deepEqual(await kotae(['--json']), { code: 2, stdout: '', stderr: `kotae: unknown option "--json"\n${usage}` });
  });

  it('exits 2 with the command usage on an unknown option', async () => {
    const run = await kotae(['validate', BROKEN, '--strcit']);
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr:
        'kotae: unknown option "--strcit"\nUsage: kotae validate <contentDir> [--strict] [--now <YYYY-MM-DD>] [--json]\nRun "kotae validate --help" for help.\n',
    });
  });

  it('reports file system errors in one line, with the stack only under KOTAE_DEBUG=1', async () => {
    const content = await brokenSubset('good.md');
    await mkdir(join(content, 'kotae.config.json'));
    const out = join(await tempDir(), 'kb');
    const run = await kotae(['compile', content, '--out', out]);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'kotae: EISDIR: illegal operation on a directory, read\n' });
    const debug = await kotae(['compile', content, '--out', out], { KOTAE_DEBUG: '1' });
    assert.equal(debug.code, 1);
    assert.ok(debug.stderr.startsWith('kotae: EISDIR: illegal operation on a directory, read\nError: EISDIR'), debug.stderr);
    assert.match(debug.stderr, /\n {4}at /);
  });
});

describe('kotae compile', PARALLEL, () => {
  it('writes a bundle and prints one JSON object with --json', async () => {
    const out = join(await tempDir(), 'kb');
    const run = await kotae(['compile', STACKFAQ, '--out', out, '--json']);
    assert.equal(run.code, 0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    const keys = [
      'articles',
      'sections',
      'locales',
      'bytes',
      'precompressed',
      'ms',
      'warnings',
      'out',
      'version',
      'id',
      'signed',
      'conversations',
      'guidance',
    ];
    assert.deepEqual(Object.keys(result), keys);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      version: string;
      stats: { sections: number; bytes: number };
    };
    // The .br and .gz written beside each hashed file: smaller than the files, brotli smallest.
    const { precompressed, ...rest } = result as { precompressed: { files: number; identity: number; gzip: number; br: number } };
    assert.equal(precompressed.files, 3);
    assert.equal(precompressed.identity, manifest.stats.bytes);
    assert.ok(precompressed.br < precompressed.gzip && precompressed.gzip < precompressed.identity, JSON.stringify(precompressed));
    assert.deepEqual(
      { ...rest, ms: 0 },
      {
        articles: 40,
        sections: manifest.stats.sections,
        locales: ['en'],
        bytes: manifest.stats.bytes,
        ms: 0,
        warnings: 80,
        out,
        version: manifest.version,
        id: 'stackfaq',
        signed: null,
        conversations: {
          files: 0,
          inputBytes: 0,
          read: 0,
          precedents: 0,
          dropped: 0,
          skipped: { outcome: 0, 'too-short': 0, 'no-problem': 0, 'no-resolution': 0, duplicate: 0 },
          badLines: 0,
          internalOut: null,
          bytes: 0,
        },
        guidance: { articles: 0, sections: 0, out: null, bytes: 0 },
      },
    );
    assert.equal(typeof result.ms, 'number');
    const warnings = lines(run.stderr);
    assert.equal(warnings.length, 80);
    assert.equal(
      warnings[0],
      'articles/stackfaq-001.md:4: warning: unknown frontmatter key "source" (known keys: id, title, locale, audience, tags, contexts, owner, reviewBy, updated, version)',
    );
    assert.ok(warnings.every((w) => /^articles\/stackfaq-\d{3}\.md:\d+: warning: /.test(w)));
  });

  it('prints a human summary', async () => {
    const out = join(await tempDir(), 'kb');
    const run = await kotae(['compile', await japaneseContent(), '-o', out]);
    assert.equal(run.code, 0);
    const [first, bundle, size, served, time, warnings] = lines(run.stdout);
    assert.match(first!, /^Compiled 60 articles \(\d+ sections, locale ja\) into /);
    assert.ok(first!.endsWith(` into ${out}`));
    assert.match(bundle!, /^ {2}bundle {4}jsquad \S+$/);
    assert.match(size!, /^ {2}size {6}\d+\.\d kB \([\d,]+ bytes\)$/);
    assert.match(served!, /^ {2}served {4}\d+\.\d kB brotli, \d+\.\d kB gzip \(\.br and \.gz beside \d+ hashed files\)$/);
    assert.match(time!, /^ {2}time {6}\d+ ms$/);
    assert.equal(warnings, '  warnings  180');
  });

  it('reports progress on stderr for more than 200 files', async () => {
    const content = await tempDir();
    for (let i = 0; i < 201; i++) {
      await writeFile(join(content, `a${i}.md`), `---\nid: a${i}\ntitle: Article ${i}\n---\n\nText number ${i}.\n`);
    }
    const run = await kotae(['compile', content, '--out', join(await tempDir(), 'kb'), '--json']);
    assert.equal(run.code, 0);
    assert.equal((JSON.parse(run.stdout) as { articles: number }).articles, 201);
    assert.equal(
      run.stderr,
      'kotae: read 200/201 files\nkotae: read 201/201 files\nkotae: indexing 201 sections\nkotae: writing 3 files\n',
    );
  });

  it('exits 3 listing every content error and writes nothing', async () => {
    const out = join(await tempDir(), 'kb');
    const run = await kotae(['compile', BROKEN, '--out', out]);
    assert.deepEqual(run, { code: 3, stdout: '', stderr: `${BROKEN_ERRORS.join('\n')}\n` });
    await assert.rejects(stat(out), { code: 'ENOENT' });
  });

  it('fails on warnings with --strict', async () => {
    const content = await brokenSubset('good.md', 'typo.md');
    const out = join(await tempDir(), 'kb');
    const lenient = await kotae(['compile', content, '--out', out, '--json']);
    assert.equal(lenient.code, 0);
    assert.equal(lenient.stderr, `${BROKEN_WARNINGS.join('\n')}\n`);
    const strict = await kotae(['compile', content, '--out', join(await tempDir(), 'kb'), '--strict']);
    assert.deepEqual(strict, { code: 3, stdout: '', stderr: `${BROKEN_WARNINGS.join('\n')}\n` });
  });

  it('exits 3 naming a missing content directory', async () => {
    const missing = join(await tempDir(), 'no-content');
    const run = await kotae(['compile', missing, '--out', join(await tempDir(), 'kb')]);
    assert.deepEqual(run, { code: 3, stdout: '', stderr: `${missing}: content directory not found\n` });
  });

  it('exits 3 when --out is a file', async () => {
    const out = join(BROKEN, 'good.md');
    const run = await kotae(['compile', BROKEN, '--out', out]);
    assert.deepEqual(run, { code: 3, stdout: '', stderr: `${out}: exists and is not a directory\n` });
  });

  it('exits 2 without --out', async () => {
    const run = await kotae(['compile', STACKFAQ]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'kotae: missing --out <bundleDir>\nUsage: kotae compile <contentDir> --out <bundleDir> [--internal-out <dir>] [--strict] [--signing-key <file>] [--json]\nRun "kotae compile --help" for help.\n',
    );
  });
});

describe('kotae validate', PARALLEL, () => {
  it('prints every issue as path:line: message and exits 3 on errors', async () => {
    const run = await kotae(['validate', BROKEN]);
    assert.deepEqual(run, {
      code: 3,
      stdout: `${[...BROKEN_ERRORS, ...BROKEN_WARNINGS, '3 errors, 2 warnings, 3 articles'].join('\n')}\n`,
      stderr: '',
    });
  });

  it('prints one JSON object with --json', async () => {
    const run = await kotae(['validate', BROKEN, '--json']);
    assert.equal(run.code, 3);
    const report = JSON.parse(run.stdout) as { issues: unknown[] };
    assert.deepEqual(Object.keys(report), ['ok', 'errors', 'warnings', 'articles', 'issues']);
    assert.deepEqual({ ...report, issues: report.issues.length }, { ok: false, errors: 3, warnings: 2, articles: 3, issues: 5 });
    assert.deepEqual(report.issues[0], {
      file: 'bad-yaml.md',
      line: 4,
      severity: 'error',
      message: 'invalid YAML frontmatter: Nested mappings are not allowed in compact mappings',
    });
    assert.deepEqual(report.issues[4], { file: 'typo.md', line: 12, severity: 'warning', message: 'empty section "Empty"' });
  });

  it('exits 0 on warnings, and 3 with --strict', async () => {
    const content = await brokenSubset('good.md', 'typo.md');
    const expected = `${[...BROKEN_WARNINGS, '0 errors, 2 warnings, 2 articles'].join('\n')}\n`;
    assert.deepEqual(await kotae(['validate', content]), { code: 0, stdout: expected, stderr: '' });
    assert.deepEqual(await kotae(['validate', content, '--strict']), { code: 3, stdout: expected, stderr: '' });
  });

  it('exits 0 on clean content', async () => {
    const run = await kotae(['validate', await brokenSubset('good.md'), '--strict', '--json']);
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout), { ok: true, errors: 0, warnings: 0, articles: 1, issues: [] });
  });

  it('exits 3 naming a missing content directory', async () => {
    const missing = join(await tempDir(), 'no-content');
    assert.deepEqual(await kotae(['validate', missing]), { code: 3, stdout: '', stderr: `${missing}: content directory not found\n` });
  });
});

describe('kotae search', PARALLEL, () => {
  let english = '';
  let japanese = '';
  before(async () => {
    ({ english, japanese } = await bundles());
  });

  it('prints {query, results} with --json', async () => {
    const run = await kotae(['search', english, 'strikethrough on github', '--limit', '3', '--json']);
    assert.equal(run.code, 0);
    const out = JSON.parse(run.stdout) as { query: string; results: { articleId: string; id: string; score: number }[] };
    assert.deepEqual(Object.keys(out), ['query', 'results']);
    assert.equal(out.query, 'strikethrough on github');
    assert.equal(out.results.length, 3);
    assert.equal(out.results[0]!.articleId, 'stackfaq-001');
    assert.deepEqual(Object.keys(out.results[0]!).sort(), [
      'anchor',
      'articleId',
      'headings',
      'highlights',
      'id',
      'locale',
      'score',
      'snippet',
      'terms',
      'title',
    ]);
    assert.ok(out.results[0]!.score >= out.results[1]!.score);
  });

  it('prints numbered results with [[highlights]] when stdout is not a TTY', async () => {
    const run = await kotae(['search', english, 'strikethrough', 'gmail', '--limit', '2']);
    assert.equal(run.code, 0);
    const [first, ref, snippet] = run.stdout.split('\n');
    assert.match(first!, /^1\. How do I strikethrough text in Gmail\?/);
    assert.match(ref!, /^ {3}stackfaq-004#\S+ {2}score \d+\.\d\d$/);
    assert.match(snippet!, /\[\[strikethrough\]\]/i);
    assert.match(run.stdout, /\n\n2\. /);
    // eslint-disable-next-line no-control-regex -- an ANSI escape (ESC [) is what must be absent
    assert.doesNotMatch(run.stdout, /\x1b\[/);
  });

  it('searches Japanese with --locale ja', async () => {
    const run = await kotae(['search', japanese, '梅雨とは何季の一種か', '--locale', 'ja', '--limit', '1', '--json']);
    const out = JSON.parse(run.stdout) as { results: { articleId: string; locale: string }[] };
    assert.deepEqual(
      out.results.map((r) => [r.articleId, r.locale]),
      [['a10336p0', 'ja']],
    );
  });

  it('says so when nothing matches, and exits 0', async () => {
    assert.deepEqual(await kotae(['search', english, 'zzyzx']), { code: 0, stdout: 'No results for "zzyzx".\n', stderr: '' });
  });

  it('exits 2 naming an invalid --limit', async () => {
    const run = await kotae(['search', english, 'gmail', '--limit', 'ten']);
    assert.equal(run.code, 2);
    assert.equal(lines(run.stderr)[0], 'kotae: invalid --limit "ten" (expected a positive integer)');
  });

  it('exits 3 naming a missing bundle, 4 a directory without one', async () => {
    const missing = join(await tempDir(), 'no-bundle');
    assert.deepEqual(await kotae(['search', missing, 'gmail']), {
      code: 3,
      stdout: '',
      stderr: `${missing}: bundle directory not found\n`,
    });
    const empty = await tempDir();
    assert.deepEqual(await kotae(['search', empty, 'gmail']), {
      code: 4,
      stdout: '',
      stderr: `${join(empty, 'manifest.json')}: no bundle manifest here (run \`kotae compile\` first?)\n`,
    });
  });
});

describe('kotae eval', PARALLEL, () => {
  let english = '';
  let japanese = '';
  before(async () => {
    ({ english, japanese } = await bundles());
  });

  async function evalJson(bundle: string, cases: string, ...extra: string[]) {
    const run = await kotae(['eval', bundle, '--cases', cases, '--json', ...extra]);
    const report = JSON.parse(run.stdout) as {
      cases: number;
      retrieval: Record<string, number>;
      refusal: {
        threshold: number;
        answerable: number;
        refuse: number;
        answeredRate: number;
        refusedRate: number | null;
        suggested: number;
      };
      misses: { id: string }[];
    };
    return { run, report };
  }

  it('prints exactly {cases, retrieval, refusal, misses} with --json (StackFAQ)', async () => {
    const { run, report } = await evalJson(english, join(STACKFAQ, 'dev-cases.jsonl'));
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.deepEqual(Object.keys(report), ['cases', 'retrieval', 'refusal', 'answerability', 'misses']);
    assert.equal(report.cases, 160);
    // The threshold kotae compile calibrated for the bundle (from the generic out-of-scope sample:
    // this content has no eval cases of its own).
    const calibrated = (report as unknown as { answerability: { languages: { en: { threshold: number; source: string } } } }).answerability
      .languages.en;
    assert.equal(calibrated.source, 'sample');
    assert.equal(report.refusal.threshold, calibrated.threshold);
    assert.equal(report.refusal.answerable, 160);
    assert.equal(report.refusal.refusedRate, null);
    assert.ok(report.refusal.answeredRate > 0.5 && report.refusal.answeredRate <= 1);
    assert.deepEqual(Object.keys(report.retrieval), METRICS);
    for (const value of Object.values(report.retrieval)) assert.ok(value >= 0 && value <= 1);
    // Quality floor: 0.9375 on 2026-11-24 (bench/README.md has the full set).
    assert.ok(report.retrieval['mrr@10']! > 0.9, `mrr@10 ${report.retrieval['mrr@10']}`);
    assert.equal(report.misses.length, Math.round((1 - report.retrieval['recall@10']!) * report.cases));
  });

  it('scores the refusal threshold on refuse: true cases and suggests one', async () => {
    const dir = await tempDir();
    const cases = join(dir, 'cases.jsonl');
    await writeFile(
      cases,
      [
        { id: 'a', query: 'How to make font strikethrough on github', locale: 'en', relevant: ['stackfaq-001'] },
        { id: 'r1', query: 'What is the capital of France?', locale: 'en', refuse: true },
        { id: 'r2', query: 'Recommend a good sushi restaurant in Osaka', locale: 'en', refuse: true },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const strict = await evalJson(english, cases, '--min-confidence', '1');
    assert.equal(strict.report.refusal.threshold, 1);
    assert.equal(strict.report.refusal.refuse, 2);
    assert.equal(strict.report.refusal.refusedRate, 1);
    const text = await kotae(['eval', english, '--cases', cases, '--min-confidence', '0.5']);
    assert.match(text.stdout, /^refusal threshold 0\.5: answers [\d.]+% of 1 answerable cases$/m);
    assert.match(text.stdout, /^ {2}refuses [\d.]+% of 2 refuse: true cases\. Suggested: [\d.]+$/m);
    const bad = await kotae(['eval', english, '--cases', cases, '--min-confidence', '2']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --min-confidence "2"/);
  });

  it('evaluates Japanese cases against a Japanese bundle (JSQuAD)', async () => {
    const { run, report } = await evalJson(japanese, join(FIXTURES, 'jsquad', 'dev-cases.jsonl'));
    assert.equal(run.code, 0);
    assert.equal(report.cases, 77);
    // Quality floor: 0.9194 on 2026-11-24 (bench/README.md has the full set).
    assert.ok(report.retrieval['mrr@10']! > 0.9, `mrr@10 ${report.retrieval['mrr@10']}`);
  });

  it('prints a metrics table and the misses', async () => {
    const run = await kotae(['eval', english, '--cases', join(STACKFAQ, 'dev-cases.jsonl'), '--k', '1']);
    assert.equal(run.code, 0);
    const out = lines(run.stdout);
    assert.deepEqual(out.slice(0, 2), ['160 cases evaluated', 'metric     value']);
    assert.deepEqual(
      out.slice(2, 7).map((l) => l.split(/\s+/)[0]),
      METRICS,
    );
    assert.ok(out.slice(2, 7).every((l) => /^\S+\s+[01]\.\d{4}$/.test(l)));
    assert.match(out[7]!, /^refusal threshold [\d.]+: answers \d+\.\d% of 160 answerable cases$/);
    assert.match(out[8]!, /^ {2}no refuse: true cases; add some .+ Suggested: [\d.]+ \(answers 95%\)$/);
    assert.match(out[9]!, /^bundle calibration \(en, sample\): threshold [\d.]+; answers .+ refuses .+ out-of-scope questions$/);
    assert.deepEqual(
      out.slice(10, 13).map((l) => l.trim().split(/\s+/)[0]),
      ['threshold', 'answered', 'refused'],
    );
    assert.match(out[13]!, /^\d+ misses \(no relevant article in the top 1(, showing the first 20)?\):$/);
    assert.match(out[14]!, /^ {2}stackfaq-\d{3}-q\d\d: ".+"$/);
    assert.match(out[15]!, /^ {4}relevant stackfaq-\d{3}; got /);
    assert.ok(out.length <= 14 + 2 * 20);
  });

  it('exits 1 below --min-mrr, still printing the report', async () => {
    const cases = join(STACKFAQ, 'dev-cases.jsonl');
    const { report } = await evalJson(english, cases);
    const mrr = report.retrieval['mrr@10']!;
    const above = Math.min(1, Math.ceil((mrr + 0.001) * 100) / 100);
    const failed = await evalJson(english, cases, '--min-mrr', String(above));
    assert.equal(failed.run.code, 1);
    assert.deepEqual(failed.report, report);
    assert.equal(failed.run.stderr, `mrr@10 ${mrr} is below --min-mrr ${above}\n`);
    const passed = await evalJson(english, cases, '--min-mrr', '0.1');
    assert.deepEqual([passed.run.code, passed.run.stderr], [0, '']);
  });

  it('exits 3 naming the file and line of a malformed case', async () => {
    const run = await kotae(['eval', english, '--cases', BAD_CASES]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    assert.ok(run.stderr.startsWith(`${BAD_CASES}:2: invalid JSON: `), run.stderr);
    assert.ok(run.stderr.endsWith(` in "{\\"id\\": \\"bad-2\\", \\"query\\": \\"this line is not valid JSON\\", \\"..."\n`), run.stderr);
    assert.equal(lines(run.stderr).length, 1);
  });

  it('exits 3 naming a missing cases file or bundle', async () => {
    const missing = join(await tempDir(), 'nothing-here');
    assert.deepEqual(await kotae(['eval', english, '--cases', missing]), {
      code: 3,
      stdout: '',
      stderr: `${missing}: cases file not found\n`,
    });
    assert.deepEqual(await kotae(['eval', missing, '--cases', BAD_CASES]), {
      code: 3,
      stdout: '',
      stderr: `${missing}: bundle directory not found\n`,
    });
  });

  it('exits 2 naming an invalid --k or --min-mrr', async () => {
    const cases = join(STACKFAQ, 'dev-cases.jsonl');
    const k = await kotae(['eval', english, '--cases', cases, '--k', '0']);
    assert.deepEqual([k.code, lines(k.stderr)[0]], [2, 'kotae: invalid --k "0" (expected a positive integer)']);
    const mrr = await kotae(['eval', english, '--cases', cases, '--min-mrr', '85']);
    assert.deepEqual([mrr.code, lines(mrr.stderr)[0]], [2, 'kotae: invalid --min-mrr "85" (expected a number between 0 and 1)']);
    const none = await kotae(['eval', english]);
    assert.deepEqual([none.code, lines(none.stderr)[0]], [2, 'kotae: missing --cases <cases.jsonl>']);
  });
});
