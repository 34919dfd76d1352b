import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { JsonlError } from '@kotae/knowledge/errors';
import { readClassifyInput } from '@kotae/knowledge/node';
import { JsonlInteractionStore, readStoreRecords } from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import { interactionRecord } from './support/store-records.js';

describe('readStoreRecords', () => {
  it('gives readClassifyInput the queries of an interaction store, and refuses a directory that is not one', async () => {
    const dir = await tempDir();
    const store = await JsonlInteractionStore.open(join(dir, 'store'));
    await store.append(interactionRecord('i-1', { query: 'reset password', locale: 'en' }));
    await store.close();
    assert.deepEqual(await readClassifyInput(join(dir, 'store'), { readStore: readStoreRecords }), [
      { text: 'reset password', locale: 'en', id: 'i-1' },
    ]);
    await mkdir(join(dir, 'empty'));
    const error = await caught<JsonlError>(() => readClassifyInput(join(dir, 'empty'), { readStore: readStoreRecords }));
    assert.equal(error.message, `${join(dir, 'empty')}:0: not an interaction store (no interactions-*.jsonl files)`);
  });
});
