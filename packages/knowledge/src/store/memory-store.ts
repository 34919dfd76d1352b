import { KotaeError } from '../errors.js';
import { StoreRecordSchema, type InteractionRecord, type StoreRecord } from '../schema/interaction.js';
import type { InteractionStore, RecordsQuery } from './interaction-store.js';

/**
 * An {@link InteractionStore} in memory: for tests, serverless functions that ship records
 * elsewhere, and trying kotae out. Nothing survives the process. Keeps at most `max` records
 * (the oldest go first).
 */
export class MemoryInteractionStore implements InteractionStore {
  readonly #records: StoreRecord[] = [];
  readonly #interactions = new Map<string, InteractionRecord>();
  readonly #max: number;
  #closed = false;

  /** @param max - Most records kept. @default 100000 */
  constructor(max = 100_000) {
    this.#max = max;
  }

  async append(record: StoreRecord): Promise<void> {
    this.#open();
    const valid = StoreRecordSchema.parse(record);
    this.#records.push(valid);
    if (valid.kind === 'interaction') this.#interactions.set(valid.id, valid);
    while (this.#records.length > this.#max) {
      const dropped = this.#records.shift()!;
      if (dropped.kind === 'interaction') this.#interactions.delete(dropped.id);
    }
  }

  async interaction(id: string): Promise<InteractionRecord | undefined> {
    this.#open();
    return this.#interactions.get(id);
  }

  async *records(query: RecordsQuery = {}): AsyncIterable<StoreRecord> {
    this.#open();
    for (const record of [...this.#records]) if (!query.since || record.at >= query.since) yield record;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #open(): void {
    if (this.#closed) throw new KotaeError('the interaction store is closed');
  }
}
