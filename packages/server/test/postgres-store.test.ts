/**
 * The PostgreSQL interaction store against a real PostgreSQL server started for these tests
 * (test/support/postgres-server.ts): the shared InteractionStore contract, then what only a
 * shared database has — several instances, migrations, schema versions, read-only opens, URLs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KotaeError, type StoreRecord } from '@kotae/knowledge';
import {
  StoreConnectionError,
  StoreCorruptionError,
  StoreReadOnlyError,
  StoreRecordError,
  StoreSchemaVersionError,
  type InteractionStore,
} from '../src/index.js';
import { JsonlInteractionStore, JsonlStoreReader, openInteractionStore } from '../src/node.js';
import { MIGRATIONS, PostgresInteractionStore, SCHEMA_VERSION } from '../src/postgres.js';
import { caught, tempDir } from './support/content.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { all, storeContract } from './support/store-contract.js';
import { reviewContract } from './support/review-contract.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

const urls = new WeakMap<InteractionStore, string>();
/** Tiny fetches, so every iteration of the contract crosses cursor batches. */
const FETCH = 2;

storeContract('PostgresInteractionStore', {
  async create() {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url, { fetchSize: FETCH });
    urls.set(store, url);
    return store;
  },
  async reopen(store) {
    const url = urls.get(store)!;
    const again = await PostgresInteractionStore.open(url, { fetchSize: FETCH });
    urls.set(again, url);
    return again;
  },
});

reviewContract('PostgresInteractionStore', {
  async create() {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url, { fetchSize: FETCH });
    urls.set(store, url);
    return store;
  },
  reopen: (store) => PostgresInteractionStore.open(urls.get(store)!, { fetchSize: FETCH }),
});

/** The database name of a test URL. */
const dbName = (url: string) => new URL(url).pathname.slice(1);

describe('PostgresInteractionStore', () => {
  it('stores each record as jsonb beside the columns it is queried by', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    await store.append(interactionRecord('i-1', { at: '2026-03-04T14:06:07+09:00', conversationId: 'c-9', userHash: 'u-9' }));
    await store.append(feedbackRecord('i-1'));
    await store.close();
    const rows = await server.query<Record<string, unknown>>(
      dbName(url),
      'SELECT seq::int, kind, interaction_id, at, conversation_id, user_hash, record FROM kotae_interactions ORDER BY seq',
    );
    assert.deepEqual(
      rows.map(({ record: _, ...columns }) => columns),
      [
        {
          seq: 1,
          kind: 'interaction',
          interaction_id: 'i-1',
          at: new Date('2026-03-04T05:06:07Z'),
          conversation_id: 'c-9',
          user_hash: 'u-9',
        },
        { seq: 2, kind: 'feedback', interaction_id: 'i-1', at: new Date('2026-03-04T05:07:00Z'), conversation_id: null, user_hash: null },
      ],
    );
    assert.deepEqual(rows[1]!.record, feedbackRecord('i-1'));
    const indexes = await server.query<{ indexname: string }>(
      dbName(url),
      "SELECT indexname FROM pg_indexes WHERE tablename = 'kotae_interactions' ORDER BY 1",
    );
    assert.deepEqual(
      indexes.map((r) => r.indexname),
      [
        'kotae_interactions_at',
        'kotae_interactions_conversation_id',
        'kotae_interactions_escalations',
        'kotae_interactions_interaction_id',
        'kotae_interactions_latest_feedback',
        'kotae_interactions_latest_review',
        'kotae_interactions_pkey',
        'kotae_interactions_queue',
        'kotae_interactions_queue_score',
        'kotae_interactions_user_hash',
      ],
    );
  });

  it('lets two instances append concurrently: nothing is lost, each keeps its own order, each sees the other', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([
      PostgresInteractionStore.open(url, { maxConnections: 3 }),
      PostgresInteractionStore.open(url, { maxConnections: 3 }),
    ]);
    const from = (who: string) =>
      Array.from({ length: 400 }, (_, i) => (i % 4 === 3 ? feedbackRecord(`${who}-${i - 1}`) : interactionRecord(`${who}-${i}`)));
    const ra = from('a');
    const rb = from('b');
    // Interleaved in time: each instance appends in bursts of ten.
    const run = async (store: PostgresInteractionStore, records: StoreRecord[]) => {
      for (let i = 0; i < records.length; i += 10) await Promise.all(records.slice(i, i + 10).map((r) => store.append(r)));
    };
    await Promise.all([run(a, ra), run(b, rb)]);
    for (const store of [a, b]) {
      const seen = await all(store);
      assert.equal(seen.length, 800);
      const key = (r: StoreRecord) => (r.kind === 'interaction' ? r.id : `fb:${r.interactionId}`);
      assert.deepEqual(
        seen.filter((r) => key(r).replace('fb:', '').startsWith('a-')),
        ra,
      );
      assert.deepEqual(
        seen.filter((r) => key(r).replace('fb:', '').startsWith('b-')),
        rb,
      );
    }
    assert.deepEqual(await a.interaction('b-398'), interactionRecord('b-398'));
    assert.deepEqual(await b.interaction('a-0'), interactionRecord('a-0'));
    // An erasure through one instance is seen by the other.
    await a.append(interactionRecord('gone', { conversationId: 'c-gone' }));
    assert.deepEqual((await b.erase({ conversationId: 'c-gone' })).removed, {
      interaction: 1,
      feedback: 0,
      escalation: 0,
      review: 0,
      annotation: 0,
    });
    assert.equal(await a.interaction('gone'), undefined);
    await Promise.all([a.close(), b.close()]);
  });

  it('migrates once when several instances open a new database at the same time', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresInteractionStore.open(url, { maxConnections: 2 })));
    await Promise.all(stores.map((store, i) => store.append(interactionRecord(`i-${i}`))));
    const applied = await server.query<{ version: number; name: string }>(
      dbName(url),
      'SELECT version, name FROM kotae_migrations ORDER BY version',
    );
    assert.deepEqual(
      applied,
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    assert.equal(SCHEMA_VERSION, MIGRATIONS.at(-1)!.version);
    assert.equal((await all(stores[0]!)).length, 6);
    await Promise.all(stores.map((s) => s.close()));
    // Opening again applies nothing.
    const again = await PostgresInteractionStore.open(url);
    await again.close();
    assert.equal((await server.query(dbName(url), 'SELECT * FROM kotae_migrations')).length, MIGRATIONS.length);
  });

  it('refuses a database whose schema is newer than this code knows, naming both versions, and changes nothing', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    await store.append(interactionRecord('kept'));
    await store.close();
    const newer = SCHEMA_VERSION + 1;
    await server.query(dbName(url), "INSERT INTO kotae_migrations (version, name) VALUES ($1, 'from the future')", [newer]);
    const error = await caught<StoreSchemaVersionError>(() => PostgresInteractionStore.open(url));
    assert.ok(error instanceof StoreSchemaVersionError);
    assert.equal(error.found, newer);
    assert.equal(error.supported, SCHEMA_VERSION);
    const masked = url.replace(server.password, '***');
    assert.equal(error.location, masked);
    assert.equal(
      error.message,
      `interaction store ${masked} has schema version ${newer}, newer than the ${SCHEMA_VERSION} this version of kotae knows: upgrade kotae`,
    );
    assert.doesNotMatch(error.message, new RegExp(server.password));
    assert.equal((await server.query(dbName(url), 'SELECT * FROM kotae_interactions')).length, 1);
    assert.ok((await caught(() => openInteractionStore(url, { readOnly: true }))) instanceof StoreSchemaVersionError);
  });

  it('opens read-only without migrating: refuses an unmigrated database, reads a migrated one, rejects writes', async () => {
    const url = await server.createDatabase();
    const unmigrated = await caught<StoreSchemaVersionError>(() => PostgresInteractionStore.open(url, { readOnly: true }));
    assert.ok(unmigrated instanceof StoreSchemaVersionError);
    assert.equal(unmigrated.found, 0);
    assert.match(
      unmigrated.message,
      new RegExp(`older than the ${SCHEMA_VERSION} this version of kotae needs: open it once for writing \\(kotae serve\\) to migrate it$`),
    );
    assert.deepEqual(await server.query(dbName(url), "SELECT to_regclass('kotae_migrations') AS t"), [{ t: null }]);
    const writer = await PostgresInteractionStore.open(url);
    await writer.append(interactionRecord('i-1'));
    const reader = await openInteractionStore(url, { readOnly: true });
    assert.ok(reader instanceof PostgresInteractionStore && reader.readOnly);
    assert.deepEqual(await all(reader), [interactionRecord('i-1')]);
    await writer.append(feedbackRecord('i-1'));
    assert.deepEqual(await all(reader), [interactionRecord('i-1'), feedbackRecord('i-1')]);
    for (const write of [
      () => reader.append(feedbackRecord('i-1')),
      () => reader.erase({ interactionId: 'i-1' }),
      () => reader.compact({ olderThan: new Date() }),
    ]) {
      const error = await caught(write);
      assert.ok(error instanceof StoreReadOnlyError);
      assert.match(error.message, /is open read-only: (append|erase|compact) is not allowed$/);
    }
    await Promise.all([reader.close(), writer.close()]);
  });

  it('fails to connect with a StoreConnectionError that never shows the password', async () => {
    const url = await server.createDatabase();
    const wrong = url.replace(encodeURIComponent(server.password), 'not-the-s3cret');
    const error = await caught<StoreConnectionError>(() => openInteractionStore(wrong));
    assert.ok(error instanceof StoreConnectionError);
    assert.equal(error.location, wrong.replace('not-the-s3cret', '***'));
    assert.match(
      error.message,
      /^cannot connect to interaction store postgres:\/\/kotae:\*\*\*@127\.0\.0\.1:\d+\/\w+: password authentication failed for user "kotae"$/,
    );
    assert.doesNotMatch(error.message, /not-the-s3cret/);
    const refused = await caught<StoreConnectionError>(() =>
      PostgresInteractionStore.open(`postgresql://kotae:hunter2@127.0.0.1:1/kotae`, { pool: { connectionTimeoutMillis: 2000 } }),
    );
    assert.ok(refused instanceof StoreConnectionError);
    assert.match(refused.message, /^cannot connect to interaction store postgresql:\/\/kotae:\*\*\*@127\.0\.0\.1:1\/kotae: .*ECONNREFUSED/);
    assert.doesNotMatch(refused.message, /hunter2/);
  });

  it('rejects a record jsonb cannot hold (U+0000, a lone surrogate) with StoreRecordError, and fails no other append', async () => {
    const store = await PostgresInteractionStore.open(await server.createDatabase());
    const appends = [
      store.append(interactionRecord('before')),
      store.append(interactionRecord('nul', { query: 'a\u0000b' })),
      store.append(feedbackRecord('before', { reason: 'half \ud800 a pair' })),
      store.append(interactionRecord('after', { answer: 'a whole pair 😀 is fine' })),
    ];
    const settled = await Promise.allSettled(appends);
    assert.deepEqual(
      settled.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as StoreRecordError] : []));
    for (const error of errors) assert.ok(error instanceof StoreRecordError);
    assert.deepEqual(
      errors.map((e) => e.issues),
      [
        ['"query": contains U+0000 or a lone surrogate, which PostgreSQL\'s jsonb cannot store'],
        ['"reason": contains U+0000 or a lone surrogate, which PostgreSQL\'s jsonb cannot store'],
      ],
    );
    assert.deepEqual(await all(store), [interactionRecord('before'), interactionRecord('after', { answer: 'a whole pair 😀 is fine' })]);
    await store.close();
  });

  it('settles each append of a batch the server refuses on its own, and keeps the others', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    // A server-side rule this code does not know about: no interaction may be called "refused".
    await server.query(dbName(url), "ALTER TABLE kotae_interactions ADD CONSTRAINT no_refused CHECK (interaction_id <> 'refused')");
    const settled = await Promise.allSettled(['a', 'refused', 'b', 'c'].map((id) => store.append(interactionRecord(id))));
    assert.deepEqual(
      settled.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.match(((settled[1] as PromiseRejectedResult).reason as Error).message, /no_refused/);
    assert.deepEqual(
      (await all(store)).map((r) => (r.kind === 'interaction' ? r.id : '')),
      ['a', 'b', 'c'],
    );
    await store.close();
  });

  it('throws StoreCorruptionError for a row edited into something that is not a record', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    await store.append(interactionRecord('i-1'));
    await server.query(dbName(url), `UPDATE kotae_interactions SET record = record - 'locale'`);
    const error = await caught<StoreCorruptionError>(() => all(store));
    assert.ok(error instanceof StoreCorruptionError);
    assert.match(error.reason, /^not a valid record: locale: Invalid input/);
    assert.ok((await caught(() => store.interaction('i-1'))) instanceof StoreCorruptionError);
    await store.close();
  });

  it('stops records() when its signal aborts, and returns the connection', async () => {
    const store = await PostgresInteractionStore.open(await server.createDatabase(), { fetchSize: 1, maxConnections: 1 });
    for (let i = 0; i < 5; i++) await store.append(interactionRecord(`i-${i}`));
    const controller = new AbortController();
    const error = await caught(async () => {
      for await (const record of store.records({ signal: controller.signal }))
        if (record.kind === 'interaction' && record.id === 'i-1') controller.abort(new Error('enough'));
    });
    assert.equal((error as Error).message, 'enough');
    // With one connection, this would wait forever if the iteration had kept it.
    assert.equal((await all(store)).length, 5);
    await store.close();
  });

  it('rejects bad options with a KotaeError', async () => {
    const url = server.url();
    assert.equal(
      (await caught<Error>(() => PostgresInteractionStore.open(url, { maxConnections: 0 }))).message,
      'maxConnections must be a whole number, at least 1 (got 0)',
    );
    assert.equal(
      (await caught<Error>(() => PostgresInteractionStore.open(url, { fetchSize: 1.5 }))).message,
      'fetchSize must be a whole number of rows, at least 1 (got 1.5)',
    );
  });
});

describe('openInteractionStore', () => {
  it('opens PostgreSQL for postgres:// and postgresql:// URLs, and the JSONL store for a directory', async () => {
    const url = await server.createDatabase();
    const pgStore = await openInteractionStore(url);
    assert.ok(pgStore instanceof PostgresInteractionStore);
    assert.equal(pgStore.location, url.replace(server.password, '***'));
    await pgStore.append(interactionRecord('i-1'));
    await pgStore.close();
    const other = await openInteractionStore(url.replace(/^postgres:/, 'postgresql:'), { postgres: { maxConnections: 1 } });
    assert.deepEqual(await all(other), [interactionRecord('i-1')]);
    await other.close();

    const dir = join(await tempDir('kotae-open-'), 'store');
    const jsonl = await openInteractionStore(dir);
    assert.ok(jsonl instanceof JsonlInteractionStore);
    await jsonl.append(interactionRecord('j-1'));
    // Read-only: no lock, so it opens while the writer holds the directory.
    const reader = await openInteractionStore(dir, { readOnly: true });
    assert.ok(reader instanceof JsonlStoreReader);
    assert.deepEqual(await all(reader), [interactionRecord('j-1')]);
    await reader.close();
    await jsonl.close();
  });

  it('refuses a URL of another scheme, with its password masked', async () => {
    const error = await caught(() => openInteractionStore('mysql://root:hunter2@db/kotae'));
    assert.ok(error instanceof KotaeError);
    assert.equal(error.message, 'unsupported interaction store URL "mysql://root:***@db/kotae": use a directory, or a postgres:// URL');
  });
});

describe('PostgresInteractionStore audit log', () => {
  it('refuses to update, delete or truncate an audit entry, even with the table owner’s rights', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url);
    await store.appendAudit({
      at: '2026-03-05T09:00:00.000Z',
      actor: 'ana@example.com',
      role: 'admin',
      action: 'review.create',
      target: 'i-1',
    });
    await store.close();
    for (const sql of ["UPDATE kotae_audit SET actor = 'mallory'", 'DELETE FROM kotae_audit', 'TRUNCATE kotae_audit']) {
      const error = await caught<Error>(() => server.query(dbName(url), sql));
      assert.match(String(error?.message), /kotae_audit is append-only/, sql);
    }
    assert.deepEqual(await server.query(dbName(url), 'SELECT actor, action FROM kotae_audit'), [
      { actor: 'ana@example.com', action: 'review.create' },
    ]);
  });
});
