/**
 * End to end with PostgreSQL: `kotae serve --store postgres://…` (the built binary) records a real
 * answer and its feedback in a PostgreSQL server started for this test, then `kotae store erase`
 * and `kotae store compact` work on the same URL while it runs. No output shows the password.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { parseSse } from '../packages/server/test/support/sse-client.js';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import { marker } from '../packages/server/test/support/store-traces.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(`api/kotae/v1/${path}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('kotae serve --store postgres://', () => {
  let dir: string;
  let server: PostgresServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-pg-e2e-'));
    server = await startPostgres();
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('records answers and feedback in PostgreSQL; store erase and compact work on the URL while it runs', async () => {
    const url = await server.createDatabase();
    const database = new URL(url).pathname.slice(1);
    const masked = url.replace(server.password, '***');
    const conversation = marker('conv');
    const { child, url: page, out } = await startServe([join(dir, 'kb'), '--port', '0', '--store', url]);
    try {
      assert.match(out(), new RegExp(`\\n  interactions: ${masked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
      assert.doesNotMatch(out(), new RegExp(server.password));
      const res = await post(page, 'answer', { query: 'パスワードを忘れました', locale: 'ja', conversationId: conversation });
      assert.equal(res.status, 200);
      const done = parseSse(await res.text()).find((e) => e.event === 'done');
      const interactionId = (done!.data as { interactionId: string }).interactionId;
      assert.equal((await post(page, 'feedback', { interactionId, helpful: true, resolved: true })).status, 204);
      const other = parseSse(await (await post(page, 'answer', { query: 'refund', locale: 'en', conversationId: 'c-other' })).text());
      assert.ok(other.some((e) => e.event === 'done'));

      const rows = await server.query<{
        kind: string;
        interaction_id: string;
        conversation_id: string | null;
        record: Record<string, unknown>;
      }>(database, 'SELECT kind, interaction_id, conversation_id, record FROM kotae_interactions ORDER BY seq');
      assert.deepEqual(
        rows.map((r) => [r.kind, r.conversation_id]),
        [
          ['interaction', conversation],
          ['feedback', null],
          ['interaction', 'c-other'],
        ],
      );
      assert.equal(rows[0]!.interaction_id, interactionId);
      assert.equal(rows[0]!.record.query, 'パスワードを忘れました');
      assert.deepEqual(
        { helpful: rows[1]!.record.helpful, resolved: rows[1]!.record.resolved, interactionId: rows[1]!.record.interactionId },
        { helpful: true, resolved: true, interactionId },
      );

      // Several processes share a database: erasure runs while kotae serve has it open.
      const erased = await kotae(['store', 'erase', url, '--conversation', conversation, '--json']);
      assert.equal(erased.code, 0, erased.stderr);
      assert.deepEqual(JSON.parse(erased.stdout), {
        storeDir: masked,
        store: 'postgres',
        erased: { conversationId: [conversation] },
        removed: { interaction: 1, feedback: 1, escalation: 0, review: 0, annotation: 0 },
        quarantine: { removed: 0, kept: 0 },
        files: { rewritten: [], deleted: [] },
      });
      const human = await kotae(['store', 'compact', url, '--older-than', '1d']);
      assert.deepEqual(human, {
        code: 0,
        stdout: `Nothing to remove: no record in ${masked} is from before ${/before (\S+)/.exec(human.stdout)?.[1]} (older than 1 day)\n`,
        stderr: '',
      });
      assert.deepEqual(
        (await server.query<{ kind: string }>(database, 'SELECT kind FROM kotae_interactions')).map((r) => r.kind),
        ['interaction'],
      );
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('fails to start with the password masked when the database refuses the login', async () => {
    const url = (await server.createDatabase()).replace(encodeURIComponent(server.password), 'wrong-s3cret');
    const run = await kotae(['serve', join(dir, 'kb'), '--port', '0', '--store', url]);
    assert.equal(run.code, 5);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /cannot connect to interaction store postgres:\/\/kotae:\*\*\*@127\.0\.0\.1:\d+\/\w+: password authentication failed for user "kotae"/,
    );
    assert.doesNotMatch(run.stderr, /wrong-s3cret/);
  });
});
