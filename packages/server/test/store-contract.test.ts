/**
 * The InteractionStore contract (test/support/store-contract.ts) for the stores that need no
 * server: in memory and JSONL files. PostgreSQL runs the same suite in postgres-store.test.ts.
 */
import { join } from 'node:path';
import type { InteractionStore } from '../src/index.js';
import { JsonlInteractionStore } from '../src/node.js';
import { MemoryInteractionStore } from '../src/index.js';
import { tempDir } from './support/content.js';
import { storeContract } from './support/store-contract.js';

storeContract('MemoryInteractionStore', { create: async () => new MemoryInteractionStore() });

storeContract('JsonlInteractionStore', {
  create: async () => JsonlInteractionStore.open(join(await tempDir('kotae-contract-'), 'store')),
  reopen: (store: InteractionStore) => JsonlInteractionStore.open((store as JsonlInteractionStore).dir),
});
