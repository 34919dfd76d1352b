/**
 * A separate process using a JSONL interaction store, for the store's crash and lock tests.
 *
 *   node --import tsx store-child.ts append <dir> [writers]   appends until killed; prints each
 *                                                            record's key (an interaction's id, or
 *                                                            `fb:<interactionId>` for feedback) only
 *                                                            after its append resolved
 *   node --import tsx store-child.ts hold <dir>              opens the store, prints "ready", waits
 *   node --import tsx store-child.ts erase <dir> <conv> [k]  opens the store, prints "ready", erases
 *                                                            conversation <conv>, prints "erased"; with
 *                                                            k, kills itself at its k-th file rename
 *                                                            (the first k-1 renames done)
 */
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
// The store's own module rather than `src/node.js`: it starts in about half the time, which is
// most of what a hundred kills cost.
import { JsonlInteractionStore } from '../../src/store/jsonl/jsonl-store.js';
import { feedbackRecord, interactionRecord } from './store-records.js';

const [mode, dir, arg, killAtRename] = process.argv.slice(2);

if (killAtRename !== undefined) {
  // The store imports `rename` from node:fs/promises; builtin modules' ESM exports follow their
  // CommonJS object once synced, so this reaches the store's binding too.
  const rename = fs.rename;
  let renames = 0;
  fs.rename = async (from, to) => {
    if (++renames === Number(killAtRename)) process.kill(process.pid, 'SIGKILL');
    return rename(from, to);
  };
  syncBuiltinESMExports();
}
if (!dir || (mode !== 'append' && mode !== 'hold' && mode !== 'erase')) {
  process.stderr.write('usage: store-child.ts append|hold|erase <dir> [writers|conversation]\n');
  process.exit(2);
}

// Small segments, so kills also land around segment rolls.
const store = await JsonlInteractionStore.open(dir, { segmentBytes: 16 * 1024 });
process.stdout.write('ready\n');

if (mode === 'hold') {
  setInterval(() => undefined, 60_000);
} else if (mode === 'erase') {
  await store.erase({ conversationId: arg ?? '' });
  process.stdout.write('erased\n');
  await store.close();
} else {
  // Several writers, so appends are group-committed. Writing to a pipe is synchronous on Linux:
  // once an id is written, the parent receives it even if this process is killed right after.
  const writer = async (w: number) => {
    for (let n = 0; ; n++) {
      const id = `w${w}-${n}`;
      if (n % 3 === 2) {
        await store.append(feedbackRecord(`w${w}-${n - 1}`));
        process.stdout.write(`fb:w${w}-${n - 1}\n`);
      } else {
        await store.append(interactionRecord(id, { query: `question ${id}` }));
        process.stdout.write(`${id}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(arg ?? '4') }, (_, w) => writer(w)));
}
