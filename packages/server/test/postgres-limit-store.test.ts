/**
 * The PostgreSQL limit store against a real PostgreSQL server started for these tests: the same
 * token-bucket answers as the in-memory store, one allowance for several stores (instances) on
 * one database, atomic under concurrent takes, expired buckets swept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryLimitStore, type LimitRule } from '../src/index.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

/** A day-long refill: nothing comes back while a test runs. */
const DAILY = (capacity: number): LimitRule => ({ capacity, refillMs: 86_400_000 });

describe('PostgresLimitStore', () => {
  it('takes units while the bucket holds them, then answers the seconds to wait, as the memory store does', async () => {
    const store = await PostgresInteractionStore.open(await server.createDatabase());
    const limits = store.limitStore();
    const memory = new MemoryLimitStore({ now: () => 0 });
    const rule = DAILY(3);
    const seen: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(await limits.take('ip:192.0.2.1', 1, rule));
      expected.push(memory.take('ip:192.0.2.1', 1, rule));
    }
    assert.deepEqual(seen, expected);
    assert.deepEqual(seen.slice(0, 3), [0, 0, 0]);
    assert.equal(seen[3], 28_800); // a third of a day for one unit of three
    assert.equal(await limits.take('ip:192.0.2.2', 1, rule), 0, 'another key has its own bucket');
    await store.close();
  });

  it('lets a charge take the bucket below zero, after which nothing is admitted, not even a check of cost 0', async () => {
    const store = await PostgresInteractionStore.open(await server.createDatabase());
    const limits = store.limitStore();
    const rule = DAILY(1000);
    assert.equal(await limits.take('daily-bytes:a', 0, rule), 0);
    await limits.charge('daily-bytes:a', 1500, rule);
    const wait = await limits.take('daily-bytes:a', 0, rule);
    assert.equal(wait, 43_200, 'waits for the 500 units below zero to refill: half a day');
    await store.close();
  });

  it('gives a client one allowance across several instances sharing the database', async () => {
    const url = await server.createDatabase();
    const instances = await Promise.all([1, 2, 3].map(() => PostgresInteractionStore.open(url)));
    const rule = DAILY(10);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => instances[i % 3]!.limitStore().take('answers:192.0.2.9', 1, rule)),
    );
    assert.equal(results.filter((wait) => wait === 0).length, 10, 'exactly the capacity is admitted, across all three');
    assert.ok(results.filter((wait) => wait > 0).every((wait) => wait >= 1));
    await Promise.all(instances.map((s) => s.close()));
  });

  it('refills by the time elapsed on the database clock', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    const limits = store.limitStore();
    const rule: LimitRule = { capacity: 2, refillMs: 60_000 };
    await limits.take('k', 2, rule);
    assert.ok((await limits.take('k', 1, rule)) > 0);
    // A minute passes: move the bucket's last update back instead of waiting.
    await server.query(new URL(url).pathname.slice(1), "UPDATE kotae_limits SET at = at - interval '60 seconds' WHERE key = 'k'");
    assert.equal(await limits.take('k', 2, rule), 0);
    await store.close();
  });

  it('sweeps the buckets that have refilled completely and keeps the others', async () => {
    const url = await server.createDatabase();
    const db = new URL(url).pathname.slice(1);
    const store = await PostgresInteractionStore.open(url);
    const limits = store.limitStore();
    await limits.take('full-soon', 1, { capacity: 1, refillMs: 1 });
    await limits.take('empty', 1, DAILY(1));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await limits.sweep(), 1);
    const keys = (await server.query<{ key: string }>(db, 'SELECT key FROM kotae_limits ORDER BY key')).map((r) => r.key);
    assert.deepEqual(keys, ['empty']);
    await store.close();
  });
});
