import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreCorruptionError } from '../src/index.js';
import { type StoreRecord } from '@kotae/knowledge';
import { JsonlInteractionStore, JsonlStoreReader } from '../src/node.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

async function read(dir: string, since?: string): Promise<StoreRecord[]> {
  const out: StoreRecord[] = [];
  const reader = await JsonlStoreReader.open(dir);
  for await (const record of reader.records({ since })) out.push(record);
  await reader.close();
  return out;
}

describe('JsonlStoreReader.records', () => {
  it('reads a store another open store holds, leaving out an append in flight', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kotae-read-'));
    try {
      const store = await JsonlInteractionStore.open(dir, { segmentBytes: 400 });
      const written: StoreRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const record = interactionRecord(`i-${i}`, { at: `2026-03-0${i + 1}T00:00:00.000Z` });
        written.push(record);
        await store.append(record);
      }
      written.push(feedbackRecord('i-4', { at: '2026-03-06T00:00:00.000Z' }));
      await store.append(written.at(-1)!);
      // The writer still holds its lock: reading needs none.
      assert.deepEqual(await read(dir), written);
      assert.deepEqual(
        (await read(dir, '2026-03-04T00:00:00Z')).map((r) => r.at),
        ['2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'],
      );
      const last = (await readdir(dir))
        .filter((n) => n.endsWith('.jsonl'))
        .sort()
        .at(-1)!;
      await appendFile(join(dir, last), '{"sha256":"00');
      assert.deepEqual(await read(dir), written);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the file and line of a damaged record followed by good ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kotae-read-'));
    try {
      const store = await JsonlInteractionStore.open(dir);
      await store.append(interactionRecord('a'));
      await store.append(interactionRecord('b'));
      await store.append(interactionRecord('d'));
      await store.close();
      const file = join(dir, 'interactions-000001.jsonl');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('"id":"b"', '"id":"c"'));
      await assert.rejects(read(dir), (e: unknown) => {
        assert.ok(e instanceof StoreCorruptionError);
        assert.equal(e.message, `${file}:2: checksum mismatch (byte offset ${Buffer.byteLength(text.slice(0, text.indexOf('\n') + 1))})`);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
