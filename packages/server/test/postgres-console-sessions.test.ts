/**
 * The console's sessions in PostgreSQL against a real PostgreSQL server started for these tests:
 * shared by two stores (instances) on one database, keyed by hashes only, taken once under
 * concurrent callbacks, expired rows forgotten and swept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConsoleSessions } from '../src/index.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

describe('PostgresConsoleSessionStore', () => {
  it('shares sessions between instances, keeps only hashes, and ends them everywhere', async () => {
    const url = await server.createDatabase();
    const a = await PostgresInteractionStore.open(url);
    const b = await PostgresInteractionStore.open(url);
    let clock = Date.parse('2026-03-05T09:00:00Z');
    const onA = new ConsoleSessions({ store: a.consoleSessionStore(), now: () => clock });
    const onB = new ConsoleSessions({ store: b.consoleSessionStore(), now: () => clock });
    const session = await onA.create('ana@example.com', 'reviewer');
    const seen = await onB.get(session.id);
    assert.deepEqual(seen, { ...session });
    const rows = await server.query<{ key: string; value: Record<string, unknown> }>(
      new URL(url).pathname.slice(1),
      'SELECT key, value FROM kotae_console_sessions',
    );
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.key, /^session:[A-Za-z0-9_-]{43}$/);
    assert.ok(!JSON.stringify(rows).includes(session.id), 'the session id itself is not stored');
    await onB.end(session.id);
    assert.equal(await onA.get(session.id), undefined);

    const late = await onA.create('lee@example.com', 'admin');
    clock += onA.sessionMs;
    assert.equal(await onB.get(late.id), undefined, 'expired');
    await a.close();
    await b.close();
  });

  it('gives a value to one taker only, however many race for it, and sweeps expired rows', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([PostgresInteractionStore.open(url), PostgresInteractionStore.open(url)]);
    const [one, two] = stores.map((s) => s.consoleSessionStore()) as [
      ReturnType<PostgresInteractionStore['consoleSessionStore']>,
      ReturnType<PostgresInteractionStore['consoleSessionStore']>,
    ];
    await one.put('oidc:k', { state: 's' }, Date.now() + 60_000);
    const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).take('oidc:k')));
    assert.deepEqual(
      taken.filter((t) => t !== undefined),
      [{ state: 's' }],
    );
    await one.put('oidc:old', { state: 'o' }, Date.now() - 1000);
    await one.put('oidc:new', { state: 'n' }, Date.now() + 60_000);
    assert.equal(await two.sweep(), 1);
    assert.deepEqual(await two.get('oidc:new'), { state: 'n' });
    for (const s of stores) await s.close();
  });
});
