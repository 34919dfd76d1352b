import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ContentError, JsonlError } from '../src/errors.js';
import { readClassifyInput } from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import type { StoreRecord } from '../src/index.js';
import { interactionRecord } from './support/store-records.js';

describe('readClassifyInput', () => {
  it('reads {text, label} lines, conversations (customer messages, topic) and interaction records', async () => {
    const file = join(await tempDir(), 'mixed.jsonl');
    await writeFile(
      file,
      [
        '{"text": "I was charged twice", "label": "billing", "locale": "en"}',
        '',
        '{"id": "c-1", "topic": "card", "messages": [{"role": "agent", "text": "Hi"}, {"role": "customer", "text": "Card missing"}, {"role": "customer", "text": "Still nothing"}]}',
        '{"kind": "interaction", "id": "i-1", "query": "パスワードを忘れました", "locale": "ja"}',
        '{"id": 7, "text": "no label here"}',
      ].join('\n'),
    );
    assert.deepEqual(await readClassifyInput(file), [
      { text: 'I was charged twice', label: 'billing', locale: 'en' },
      { text: 'Card missing\nStill nothing', label: 'card', locale: undefined, id: 'c-1' },
      { text: 'パスワードを忘れました', label: undefined, locale: 'ja', id: 'i-1' },
      { text: 'no label here', id: '7' },
    ]);
  });

  it('requires a label on every line when labelled, naming the file and line', async () => {
    const file = join(await tempDir(), 'train.jsonl');
    await writeFile(file, '{"text": "a", "label": "x"}\n{"messages": [{"role": "customer", "text": "b"}]}\n');
    const error = await caught<JsonlError>(() => readClassifyInput(file, { labelled: true }));
    assert.ok(error instanceof JsonlError);
    assert.equal(error.line, 2);
    assert.equal(error.message, `${file}:2: "topic" is missing: a line to learn from or evaluate on needs a label`);
  });

  it('reads a conversation CSV export, and lists its bad rows with their lines', async () => {
    const dir = await tempDir();
    const good = join(dir, 'export.csv');
    await writeFile(
      good,
      'conversation_id,role,text,topic\nc1,customer,Where is my card?,card\nc1,agent,It ships today.,\nc2,customer,Refund please,billing\n',
    );
    assert.deepEqual(await readClassifyInput(good, { labelled: true }), [
      { text: 'Where is my card?', label: 'card', locale: 'en', id: 'c1' },
      { text: 'Refund please', label: 'billing', locale: 'en', id: 'c2' },
    ]);
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'conversation_id,role,text,topic\nc1,customer,Where is my card?,card\nc2,robot,Hello,x\nc3,customer,No topic,\n');
    const error = await caught<ContentError>(() => readClassifyInput(bad, { labelled: true }));
    assert.ok(error instanceof ContentError);
    assert.deepEqual(
      error.issues.map((i) => [i.file, i.line]),
      [
        [bad, 3],
        [bad, 4],
      ],
    );
    assert.match(error.issues[0]!.message, /robot/);
    assert.equal(error.issues[1]!.message, 'conversation "c3" has no topic');
  });

  it('reads the queries of an interaction store through readStore, and needs it for a directory', async () => {
    const dir = await tempDir();
    async function* readStore(path: string): AsyncGenerator<StoreRecord> {
      assert.equal(path, dir);
      yield interactionRecord('i-1', { query: 'reset password', locale: 'en' });
    }
    assert.deepEqual(await readClassifyInput(dir, { readStore }), [{ text: 'reset password', locale: 'en', id: 'i-1' }]);
    const error = await caught<JsonlError>(() => readClassifyInput(dir));
    assert.match(error.message, /is a directory: reading an interaction store needs the readStore option/);
    const missing = await caught<JsonlError>(() => readClassifyInput(join(dir, 'nope.csv')));
    assert.equal(missing.message, `${join(dir, 'nope.csv')}:0: file not found`);
  });
});
