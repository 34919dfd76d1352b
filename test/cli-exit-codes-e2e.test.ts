// The exit status of the real `kotae` binary for an error of each family (docs/cli.md, "Exit
// status"; the table is packages/cli/src/internal/exit-codes.ts). Build the packages first.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { kotae } from './support/kotae-bin.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const STACKFAQ = join(FIXTURES, 'stackfaq');
const SAMPLE = fileURLToPath(new URL('../packages/knowledge/test/fixtures/banking77/sample.jsonl', import.meta.url));

describe('kotae exit statuses by error family', () => {
  let dir: string;
  let kb: string;
  let fake: FakeOpenAI;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-exit-e2e-'));
    kb = join(dir, 'kb');
    const compiled = await kotae(['compile', STACKFAQ, '--out', kb]);
    assert.equal(compiled.code, 0, compiled.stderr);
    fake = await startFakeOpenAI({ kind: 'status', status: 401 });
  });

  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('0: success', async () => {
    assert.equal((await kotae(['search', kb, 'strikethrough'])).code, 0);
  });

  it('1: a check failed (an eval threshold not met)', async () => {
    const run = await kotae(['eval', kb, '--cases', join(STACKFAQ, 'dev-cases.jsonl'), '--min-mrr', '1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^mrr@10 [\d.]+ is below --min-mrr 1\n$/);
  });

  it('1: internal (the system refused: a directory where the config file goes)', async () => {
    const content = join(dir, 'eisdir');
    await mkdir(join(content, 'kotae.config.json'), { recursive: true });
    const run = await kotae(['compile', content, '--out', join(dir, 'eisdir-kb')]);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'kotae: EISDIR: illegal operation on a directory, read\n' });
  });

  it('2: usage', async () => {
    const run = await kotae(['search', kb]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^kotae: missing <query>\n/);
  });

  it('3: content (articles that do not compile)', async () => {
    const run = await kotae(['compile', join(FIXTURES, 'broken'), '--out', join(dir, 'broken-kb')]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /\.md:\d+: /);
  });

  it('3: content (validate finds errors) and a missing path', async () => {
    assert.equal((await kotae(['validate', join(FIXTURES, 'broken')])).code, 3);
    const nowhere = join(dir, 'nowhere');
    assert.deepEqual(await kotae(['search', nowhere, 'x']), { code: 3, stdout: '', stderr: `${nowhere}: bundle directory not found\n` });
  });

  it('3: config (a kotae.config.json that is not valid)', async () => {
    const content = join(dir, 'bad-config');
    await cp(join(STACKFAQ, 'articles'), join(content, 'articles'), { recursive: true });
    await writeFile(join(content, 'kotae.config.json'), '{"defaultLocale": 42}');
    const run = await kotae(['compile', content, '--out', join(dir, 'bad-config-kb')]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /kotae\.config\.json/);
  });

  it('4: bundle (a shard changed after compiling)', async () => {
    const damaged = join(dir, 'damaged-kb');
    await cp(kb, damaged, { recursive: true });
    const shard = (await readdir(damaged)).find((f) => f.startsWith('sections.'));
    assert.ok(shard);
    await writeFile(join(damaged, shard), '{}');
    const run = await kotae(['search', damaged, 'strikethrough']);
    assert.equal(run.code, 4);
    assert.match(run.stderr, /sha-?256|integrity|does not match/i);
  });

  it('5: store (a database that cannot be reached)', async () => {
    // Nothing listens on port 1.
    const run = await kotae(['insights', 'postgres://kotae:secret@127.0.0.1:1/kotae']);
    assert.equal(run.code, 5);
    assert.match(run.stderr, /cannot connect to interaction store/);
  });

  it('6: service (an --endpoint nothing answers at)', async () => {
    const run = await kotae(['eval', kb, '--cases', join(STACKFAQ, 'dev-cases.jsonl'), '--endpoint', 'http://127.0.0.1:1/api/kotae']);
    assert.equal(run.code, 6);
    assert.match(run.stderr, /cannot reach the answer service/);
  });

  it('6: model (the model API refuses the key)', async () => {
    const input = join(dir, 'items.jsonl');
    await writeFile(input, '{"text":"my card has not arrived yet"}\n');
    const run = await kotae(['classify', '--train', SAMPLE, '--input', input, '--min-confidence', '1', '--second-opinion'], {
      OPENAI_API_KEY: 'sk-refused',
      OPENAI_BASE_URL: fake.baseURL,
    });
    assert.equal(run.code, 6);
    assert.match(run.stderr, /401/);
  });
});
