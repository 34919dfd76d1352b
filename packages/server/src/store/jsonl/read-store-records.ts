import { readdir } from 'node:fs/promises';
import { type StoreRecord } from '@kotae/knowledge';
import { JsonlError } from '@kotae/knowledge/errors';
import { JsonlStoreReader } from './jsonl-reader.js';

/**
 * Every record of the JSONL interaction store in `dir`, read without taking the store's lock (so
 * a store `kotae serve` is writing can be read), closing the reader at the end. The `readStore`
 * option of `readClassifyInput` (`@kotae/knowledge/node`).
 *
 * @throws `JsonlError` when `dir` holds no `interactions-*.jsonl` file: opening a store creates one
 *   where there is none, never in a mistyped directory.
 *
 * @example
 * ```ts
 * const items = await readClassifyInput('.kotae/store', { readStore: readStoreRecords })
 * ```
 */
export async function* readStoreRecords(dir: string): AsyncGenerator<StoreRecord> {
  if (!(await readdir(dir)).some((name) => /^interactions-\d{6,}\.jsonl$/.test(name))) {
    throw new JsonlError(dir, 0, 'not an interaction store (no interactions-*.jsonl files)');
  }
  const store = await JsonlStoreReader.open(dir);
  try {
    yield* store.records();
  } finally {
    await store.close();
  }
}
