/**
 * End-to-end tests of `kotae classify`: spawn `node packages/cli/dist/bin.js` (build it first) on
 * the Banking77 fixture and temp files, and check exit codes, stdout and stderr; the second opinion
 * talks to the fake OpenAI server on loopback through the real SDK.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LabelledExampleSchema, parseJsonl, splitHoldout } from '@kotae/knowledge';
import { JsonlInteractionStore } from '@kotae/server/node';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { interactionRecord } from '../packages/knowledge/test/support/store-records.js';
import { kotae } from './support/kotae-bin.js';

const SAMPLE = fileURLToPath(new URL('../packages/knowledge/test/fixtures/banking77/sample.jsonl', import.meta.url));
const ABCD = fileURLToPath(new URL('./fixtures/abcd/conversations/abcd-sample.jsonl', import.meta.url));

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-classify-e2e-'));
  temps.push(dir);
  return dir;
}

let dir: string;
let trainFile: string;
let testFile: string;
let fake: FakeOpenAI;
before(async () => {
  dir = await tempDir();
  const examples = parseJsonl(await readFile(SAMPLE, 'utf8'), SAMPLE, LabelledExampleSchema);
  const { train, test } = splitHoldout(examples, 0.2, 3);
  trainFile = join(dir, 'train.jsonl');
  testFile = join(dir, 'test.jsonl');
  await writeFile(trainFile, train.map((e) => JSON.stringify(e)).join('\n'));
  await writeFile(testFile, test.map((e) => JSON.stringify(e)).join('\n'));
  fake = await startFakeOpenAI();
});
after(async () => {
  await fake.close();
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

const NOVEL = [
  'How do I buy bitcoin in my crypto wallet?',
  'Can I send bitcoin from my crypto wallet?',
  'My crypto wallet does not show the bitcoin I bought',
  'Is there a fee to sell bitcoin from the crypto wallet?',
];

describe('kotae classify', { concurrency: true }, () => {
  it('--eval prints accuracy, macro-F1 and per-label results as one JSON object', async () => {
    const run = await kotae(['classify', '--train', trainFile, '--eval', testFile, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      accuracy: number;
      macroF1: number;
      examples: number;
      perLabel: { label: string; f1: number; support: number }[];
    };
    assert.ok(report.accuracy >= 0.85, String(report.accuracy));
    assert.ok(report.macroF1 >= 0.85, String(report.macroF1));
    assert.equal(report.examples, 72);
    assert.equal(report.perLabel.length, 12);
    assert.ok(report.perLabel.every((l) => l.support === 6));
    assert.match(run.stderr, /kotae classify: training on 288 examples of .*train\.jsonl/);
  });

  it('--eval without --json prints the scores and the worst labels', async () => {
    const run = await kotae(['classify', '--train', trainFile, '--eval', testFile]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^classifier: 12 labels, trained on 288 examples of .*train\.jsonl in \d+\.\d s\naccuracy 0\.\d{4} {2}macro-F1 0\.\d{4} {2}\(72 examples, 12 labels\)\n\nWorst labels:\n/,
    );
  });

  it('--input labels each item (JSON Lines), marks the low-confidence ones and finds candidate topics', async () => {
    const input = join(await tempDir(), 'items.jsonl');
    const items = ['My card still has not arrived', 'I forgot my passcode', ...NOVEL];
    await writeFile(input, items.map((text, i) => JSON.stringify({ id: `t-${i}`, text })).join('\n\n'));
    const run = await kotae(['classify', '--train', trainFile, '--input', input, '--candidates', '--min-confidence', '0.6', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = lines.filter((l) => l.type === 'item');
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows.slice(0, 2).map((r) => [r.id, r.label, r.lowConfidence]),
      [
        ['t-0', 'card_arrival', false],
        ['t-1', 'passcode_forgotten', false],
      ],
    );
    for (const r of rows.slice(2)) assert.equal(r.lowConfidence, true, JSON.stringify(r));
    const candidates = lines.filter((l) => l.type === 'candidate');
    assert.equal(candidates.length, 1);
    assert.deepEqual(candidates[0]!.members, [2, 3, 4, 5]);
    assert.ok((candidates[0]!.terms as string[]).includes('bitcoin'));
    const summary = lines.at(-1)!;
    assert.equal(summary.type, 'summary');
    assert.equal(summary.items, 6);
    assert.equal(summary.lowConfidence, 4);
    assert.equal(summary.candidates, 1);
  });

  it('prints a table for people, saves the model and reuses it with the same results', async () => {
    const model = join(await tempDir(), 'topics.model.json');
    const saved = await kotae(['classify', '--train', trainFile, '--save-model', model]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /saved to .*topics\.model\.json/);
    const trained = await kotae(['classify', '--train', trainFile, '--input', testFile, '--json']);
    const loaded = await kotae(['classify', '--model', model, '--input', testFile, '--json']);
    assert.equal(loaded.code, 0, loaded.stderr);
    const items = (out: string) => out.split('\n').filter((l) => l.startsWith('{"type":"item"'));
    assert.deepEqual(items(loaded.stdout), items(trained.stdout));
    const table = await kotae(['classify', '--model', model, '--input', testFile]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^label +conf {2}text\n/);
    assert.match(table.stdout, /\nTopics:\n(?: +\d+ {2}\S+\n){10,12}$/);
  });

  it('learns from conversations with a topic and classifies an interaction store', async () => {
    const store = join(await tempDir(), 'interactions');
    const s = await JsonlInteractionStore.open(store);
    await s.append(interactionRecord('i-1', { query: 'I need to return an item, I got the wrong size', locale: 'en' }));
    await s.append(interactionRecord('i-2', { query: 'I forgot my username', locale: 'en' }));
    await s.close();
    const run = await kotae(['classify', '--train', ABCD, '--input', store, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; id?: string; label?: string; text?: string })
      .filter((r) => r.type === 'item');
    assert.deepEqual(
      rows.map((r) => [r.id, r.text]),
      [
        ['i-1', 'I need to return an item, I got the wrong size'],
        ['i-2', 'I forgot my username'],
      ],
    );
    assert.equal(rows[0]!.label, 'product_defect/return_size');
    assert.equal(rows[1]!.label, 'account_access/recover_username');
  });

  it('--second-opinion asks the model about low-confidence items, redacted, and lists disagreements', async () => {
    const input = join(await tempDir(), 'items.jsonl');
    await writeFile(
      input,
      [...NOVEL.slice(0, 2).map((text) => ({ text: `${text} Mail me at jane.doe@gmail.com` })), { text: 'My card has not arrived yet' }]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    fake.script({
      kind: 'reply',
      reply: (body) => (String(body.input).includes('send bitcoin') ? '{"label":"exchange_rate"}' : '{"label":"none"}'),
    });
    const env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.baseURL, KOTAE_MODEL: 'gpt-fake' };
    const run = await kotae(['classify', '--train', trainFile, '--input', input, '--second-opinion', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const disagreements = lines.filter((l) => l.type === 'disagreement');
    assert.deepEqual(disagreements.map((d) => [d.index, d.model]).sort(), [
      [0, null],
      [1, 'exchange_rate'],
    ]);
    for (const d of disagreements) assert.match(String(d.text), /\[EMAIL\]$/);
    const summary = lines.at(-1)!;
    assert.deepEqual(summary.secondOpinion, { model: 'gpt-fake', asked: 2, agreed: 0, disagreed: 2, failed: 0 });
    const sent = fake.calls.filter((c) => c.body.model === 'gpt-fake');
    assert.ok(sent.length >= 2);
    for (const call of sent) {
      assert.equal(call.body.store, false);
      assert.ok(!JSON.stringify(call.body).includes('jane.doe@gmail.com'));
    }
  });

  it('--second-opinion without a key is a usage error', async () => {
    const run = await kotae(['classify', '--train', trainFile, '--input', testFile, '--second-opinion'], { OPENAI_API_KEY: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^kotae: --second-opinion needs an API key in \$OPENAI_API_KEY\nUsage: kotae classify /);
  });

  it('names the file and line of a bad training line', async () => {
    const bad = join(await tempDir(), 'bad.jsonl');
    await writeFile(bad, '{"text":"a","label":"x"}\n\n{"text":"b"}\n');
    const missing = await kotae(['classify', '--train', bad, '--eval', testFile]);
    assert.equal(missing.code, 3);
    assert.equal(missing.stderr, `${bad}:3: "label" is missing: a line to learn from or evaluate on needs a label\n`);
    await writeFile(bad, '{"text":"a","label":"x"}\n{"text": "b", "label": \n');
    const json = await kotae(['classify', '--train', bad, '--eval', testFile]);
    assert.equal(json.code, 3);
    assert.match(json.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: invalid JSON: `));
    await writeFile(bad, '{"txt":"a","label":"x"}\n');
    const shape = await kotae(['classify', '--train', bad, '--eval', testFile]);
    assert.equal(
      shape.stderr,
      `${bad}:1: expected {"text", "label"}, a conversation with "messages" (and "topic"), or an interaction record with "query"\n`,
    );
  });

  it('names the file and line of a bad input line, and a model file it cannot read', async () => {
    const d = await tempDir();
    const bad = join(d, 'items.jsonl');
    await writeFile(bad, '{"text":"ok"}\n{"text":42}\n');
    const run = await kotae(['classify', '--train', trainFile, '--input', bad]);
    assert.equal(run.code, 3);
    assert.equal(run.stderr, `${bad}:2: "text" Invalid input: expected string, received number\n`);
    const model = join(d, 'model.json');
    await writeFile(model, '{"format":"kotae-topic-classifier","version":2}');
    const wrong = await kotae(['classify', '--model', model, '--input', testFile]);
    // A saved model that cannot be read is a bundle-family error (a compiled artefact): exit 4.
    assert.equal(wrong.code, 4);
    assert.match(wrong.stderr, new RegExp(`^${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a kotae topic classifier: `));
  });

  it('rejects contradictory options as usage errors', async () => {
    const both = await kotae(['classify', '--train', trainFile, '--model', 'm.json', '--eval', testFile]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^kotae: give --train or --model, not both\n/);
    const nothing = await kotae(['classify', '--train', trainFile]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^kotae: nothing to do: give --input, --eval or --save-model\n/);
    const candidates = await kotae(['classify', '--train', trainFile, '--eval', testFile, '--candidates']);
    assert.equal(candidates.code, 2);
    assert.match(candidates.stderr, /^kotae: --candidates needs --input\n/);
  });
});
