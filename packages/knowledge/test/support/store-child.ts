/**
 * A separate process using a JSONL interaction store, for the store's crash and lock tests.
 *
 *   node --import tsx store-child.ts append <dir> [writers]   appends until killed; prints each
 *                                                            record's key (an interaction's id, or
 *                                                            `fb:<interactionId>` for feedback) only
 *                                                            after its append resolved
 *   node --import tsx store-child.ts hold <dir>              opens the store, prints "ready", waits
 */
// The store's own module rather than `src/node.js`: it starts in about half the time, which is
// most of what a hundred kills cost.
import { JsonlInteractionStore } from '../../src/node/jsonl-store.js';
import { feedbackRecord, interactionRecord } from './store-records.js';

const [mode, dir, writers = '4'] = process.argv.slice(2);
if (!dir || (mode !== 'append' && mode !== 'hold')) {
  process.stderr.write('usage: store-child.ts append|hold <dir> [writers]\n');
  process.exit(2);
}

// Small segments, so kills also land around segment rolls.
const store = await JsonlInteractionStore.open(dir, { segmentBytes: 16 * 1024 });
process.stdout.write('ready\n');

if (mode === 'hold') {
  setInterval(() => undefined, 60_000);
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
  await Promise.all(Array.from({ length: Number(writers) }, (_, w) => writer(w)));
}
