/**
 * The review console's store contract (test/support/review-contract.ts) for the stores that need
 * no server: in memory and JSONL files. PostgreSQL runs the same suite in postgres-store.test.ts.
 */
import { join } from 'node:path';
import type { InteractionStore } from '../src/index.js';
import { JsonlInteractionStore } from '../src/node.js';
import { MemoryInteractionStore } from '../src/index.js';
import { tempDir } from './support/content.js';
import { reviewContract } from './support/review-contract.js';

reviewContract('MemoryInteractionStore', { create: async () => new MemoryInteractionStore() });

reviewContract('JsonlInteractionStore', {
  create: async () => JsonlInteractionStore.open(join(await tempDir('kotae-review-'), 'store')),
  reopen: (store: InteractionStore) => JsonlInteractionStore.open((store as JsonlInteractionStore).dir),
});
