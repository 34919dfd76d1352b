/** Shared by the end-to-end tests that fill a store or talk to `kotae serve`'s answer service. */
import type { StoreRecord } from '@kotae/knowledge';
import { JsonlInteractionStore } from '@kotae/server/node';

/** Writes `list` into a JSONL interaction store in `dir` (created when missing) and closes it. */
export async function storeWith(dir: string, list: readonly StoreRecord[]): Promise<void> {
  const store = await JsonlInteractionStore.open(dir);
  for (const record of list) await store.append(record);
  await store.close();
}

/** POSTs `body` as JSON to `/api/kotae/v1/<path>` of a `kotae serve` at `url`. */
export async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(`api/kotae/v1/${path}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
