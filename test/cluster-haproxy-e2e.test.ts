/**
 * Many instances, one truth: three `kotae serve` processes (the built binary) on one PostgreSQL
 * database (started for this test), behind Debian's `haproxy` (started by this test, round robin,
 * health-checked on `/ready`), all on loopback, the model the fake OpenAI-compatible server.
 * Limits hold across the instances, a stream resumed on another instance continues without loss
 * or duplication, and killing an instance with SIGKILL mid-stream loses no acknowledged
 * interaction. haproxy must be installed (`apt-get install haproxy`; `.ci/run` does it): without
 * it this test fails, it is never skipped.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import { answerText, parseSse, readEvents, type SseEvent } from '../packages/server/test/support/sse-client.js';
import { startServe, stopServe, type ServeRun } from './support/kotae-bin.js';
import { haproxyBinary, startHaproxy } from './support/haproxy.js';

function ask(base: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(new URL('api/kotae/v1/answer', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

const seqOf = (e: SseEvent) => Number(e.id.split('.')[1]);
const question = { query: 'I forgot my password', locale: 'en' };

describe('three kotae serve instances behind haproxy, one PostgreSQL', () => {
  let dir: string;
  let pg: PostgresServer;
  let fake: FakeOpenAI;
  let database: string;
  const instances: ServeRun[] = [];
  let lb: { url: string; stop(): Promise<void> };

  before(async () => {
    haproxyBinary();
    dir = await mkdtemp(join(tmpdir(), 'kotae-cluster-'));
    [pg, fake] = await Promise.all([startPostgres(), startFakeOpenAI()]);
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    const url = await pg.createDatabase();
    database = new URL(url).pathname.slice(1);
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL };
    const args = [join(dir, 'kb'), '--port', '0', '--store', url, '--client-header', 'x-client', '--answers-per-minute', '1'];
    // One at a time: the first migrates the database.
    for (let i = 0; i < 3; i++) instances.push(await startServe(args, env));
    lb = await startHaproxy(
      dir,
      instances.map((s) => s.url),
    );
  });
  after(async () => {
    await lb?.stop();
    for (const s of instances) if (s.child.exitCode === null && s.child.signalCode === null) await stopServe(s.child);
    await fake?.close();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds a client to one allowance across the three instances', async () => {
    fake.script({ kind: 'stream', chunks: ['Use the reset link [1].'] });
    // The default burst is 10 questions; round robin spreads these 15 over all three instances.
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await ask(lb.url, question, { 'x-client': '198.51.100.7' });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.equal(statuses.filter((s) => s === 200).length, 10, `statuses: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((s) => s === 429).length, 5);
    // Another client has its own allowance.
    const other = await ask(lb.url, question, { 'x-client': '198.51.100.8' });
    assert.equal(other.status, 200);
    await other.body?.cancel();
  });

  it('continues a stream resumed on another instance without loss or duplication', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => `Step ${i}: do it [1]. `);
    fake.script({ kind: 'stream', chunks, delayMs: 40 });
    const client = new AbortController();
    const first = await readEvents(
      await ask(lb.url, question, { 'x-client': '198.51.100.20' }, client.signal),
      (list) => list.filter((e) => e.event === 'delta').length >= 5,
    );
    client.abort();
    const last = first.events.at(-1)!.id;
    // The resume goes through the balancer (round robin: the next instance) and, to be sure that
    // other instances serve it, straight to each of the three.
    const resumed = await Promise.all(
      [lb.url, ...instances.map((s) => s.url)].map(async (base) => {
        const res = await ask(base, question, { 'x-client': '198.51.100.20', 'last-event-id': last });
        assert.equal(res.status, 200);
        return readEvents(res);
      }),
    );
    for (const rest of resumed) {
      const all = [...first.events, ...rest.events];
      assert.equal(answerText(all), chunks.join(''));
      assert.deepEqual(
        all.map(seqOf),
        all.map((_, i) => i),
      );
      assert.equal(all.at(-1)!.event, 'done');
    }
    assert.equal(new Set(resumed.map((r) => r.raw)).size, 1, 'every instance sends the same bytes');
  });

  it('loses no acknowledged interaction when an instance is killed mid-stream', async () => {
    fake.script({ kind: 'stream', chunks: Array.from({ length: 30 }, (_, i) => `Part ${i} [1]. `), delayMs: 40 });
    const victim = instances[0]!;
    const streams = Array.from({ length: 9 }, async (_, i) => {
      try {
        const res = await ask(lb.url, question, { 'x-client': `203.0.113.${i + 1}` });
        if (res.status !== 200) return { acknowledged: undefined, broken: false, status: res.status };
        const text = await res.text();
        const done = parseSse(text).find((e) => e.event === 'done');
        return { acknowledged: (done?.data as { interactionId: string } | undefined)?.interactionId, broken: !done, status: 200 };
      } catch {
        return { acknowledged: undefined, broken: true, status: 0 };
      }
    });
    // Kill one instance once the model is streaming to all of them.
    while (fake.calls.length < 3) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    victim.child.kill('SIGKILL');
    const results = await Promise.all(streams);
    const acknowledged = results.map((r) => r.acknowledged).filter((id): id is string => id !== undefined);
    assert.ok(
      results.some((r) => r.broken),
      'some streams were on the killed instance',
    );
    assert.ok(acknowledged.length >= 3, `the other instances finished their answers (${JSON.stringify(results)})`);
    const rows = await pg.query<{ interaction_id: string }>(
      database,
      "SELECT interaction_id FROM kotae_interactions WHERE kind = 'interaction' AND interaction_id = ANY($1)",
      [acknowledged],
    );
    assert.deepEqual(rows.map((r) => r.interaction_id).sort(), [...acknowledged].sort(), 'every acknowledged interaction is stored');
    // The balancer takes the dead instance out; questions keep being answered.
    const after = await ask(lb.url, question, { 'x-client': '203.0.113.99' });
    assert.equal(after.status, 200);
    assert.ok(parseSse(await after.text()).some((e) => e.event === 'done'));
  });

  it('stops the surviving instances gracefully with exit status 0', async () => {
    for (const s of instances.slice(1)) assert.equal(await stopServe(s.child), 0);
  });
});
