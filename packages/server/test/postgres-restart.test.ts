/**
 * PostgreSQL restarted under load: the answer service on a real PostgreSQL server (started for
 * the test) answers questions and takes feedback from several clients at once while the server
 * goes down (a fast shutdown, as `pg_ctl restart` does: every connection cut) and comes back on
 * the same port. While it is down, requests end at once with a clear error (`store_unavailable`:
 * an SSE `error` event, or 503 with Retry-After), none hangs; afterwards answers and writes work
 * again without restarting the service; every acknowledged interaction and feedback is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LoadedBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler } from '../src/index.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { parseSse, serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
const QUESTIONS = ['I forgot my password', 'How do I export my data?', 'How do I cancel my subscription?', 'パスワードを忘れました'];
let bundle: LoadedBundle;
let server: PostgresServer;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

/** What one request came to. */
type Outcome = { ok: true; id: string } | { ok: false; code: string };

describe('PostgreSQL restarted under load', () => {
  it('fails fast with store_unavailable while it is down, recovers by itself, loses nothing acknowledged', async () => {
    const url = await server.createDatabase();
    const store = await PostgresInteractionStore.open(url, { pool: { connectionTimeoutMillis: 2000 } });
    const http = await serveHandler(
      createAnswerHandler({
        bundle,
        store,
        rateLimit: false,
        // One client (loopback) asks a lot here: the limits are not what this test is about.
        limits: { feedback: { burst: 1_000_000, perMinute: 1_000_000 }, dailyQuota: { bytes: 1e12, records: 1e9 } },
      }),
    );
    const post = (path: string, body: unknown) =>
      fetch(`${http.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // Far beyond what a fast failure takes: a request still open then is a hung request.
        signal: AbortSignal.timeout(60_000),
      });
    const ask = async (query: string): Promise<Outcome> => {
      const res = await post('/v1/answer', { query, locale: query.startsWith('パ') ? 'ja' : 'en' });
      if (res.status !== 200) return { ok: false, code: ((await res.json()) as { error: { code: string } }).error.code };
      const events = parseSse(await res.text());
      const done = events.find((e) => e.event === 'done');
      if (done) return { ok: true, id: (done.data as { interactionId: string }).interactionId };
      const error = events.find((e) => e.event === 'error');
      return { ok: false, code: (error?.data as { code?: string } | undefined)?.code ?? 'no-done-event' };
    };
    const feedback = async (interactionId: string): Promise<Outcome> => {
      const res = await post('/v1/feedback', { interactionId, helpful: true });
      if (res.status === 204) return { ok: true, id: interactionId };
      assert.equal(res.status === 503 ? res.headers.get('retry-after') : '1', '1');
      return { ok: false, code: ((await res.json()) as { error: { code: string } }).error.code };
    };

    const answered: string[] = [];
    const feedbackStored: string[] = [];
    const failures: string[] = [];
    let phase: 'before' | 'restart' | 'after' = 'before';
    const afterRestart = { answers: 0, feedback: 0 };
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const asked = await ask(QUESTIONS[(n + i) % QUESTIONS.length]!).catch(
          (e: Error) => ({ ok: false, code: `client: ${e.name}` }) as Outcome,
        );
        if (!asked.ok) {
          failures.push(asked.code);
          continue;
        }
        answered.push(asked.id);
        if (phase === 'after') afterRestart.answers++;
        const given = await feedback(asked.id).catch((e: Error) => ({ ok: false, code: `client: ${e.name}` }) as Outcome);
        if (!given.ok) failures.push(given.code);
        else {
          feedbackStored.push(given.id);
          if (phase === 'after') afterRestart.feedback++;
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    try {
      while (answered.length < 20) await new Promise((r) => setTimeout(r, 50));
      phase = 'restart';
      const failedBefore = failures.length;
      await server.restart(3000);
      phase = 'after';
      const failedDuring = failures.length - failedBefore;
      for (let waited = 0; (afterRestart.answers < 20 || afterRestart.feedback < 20) && waited < 600; waited++)
        await new Promise((r) => setTimeout(r, 100));
      stop = true;
      await Promise.all(clients);

      assert.ok(failedDuring > 0, 'no request failed while PostgreSQL was down: the restart was not under load');
      // Every failure is the clear one: nothing hung (the client's timeout), nothing was an internal error.
      assert.deepEqual([...new Set(failures)], ['store_unavailable']);
      // Recovered without restarting the service: answers and feedback are recorded again.
      assert.ok(afterRestart.answers >= 20 && afterRestart.feedback >= 20, JSON.stringify(afterRestart));
      // Nothing acknowledged was lost.
      const stored = await server.query<{ kind: string; interaction_id: string }>(
        url.slice(url.lastIndexOf('/') + 1),
        'SELECT kind, interaction_id FROM kotae_interactions',
      );
      const interactions = new Set(stored.filter((r) => r.kind === 'interaction').map((r) => r.interaction_id));
      const feedbackRows = new Set(stored.filter((r) => r.kind === 'feedback').map((r) => r.interaction_id));
      assert.deepEqual(
        answered.filter((id) => !interactions.has(id)),
        [],
      );
      assert.deepEqual(
        feedbackStored.filter((id) => !feedbackRows.has(id)),
        [],
      );
      const ready = await fetch(`${http.url}/v1/ready`);
      assert.equal(ready.status, 200);
    } finally {
      stop = true;
      await Promise.all(clients);
      await http.close();
      await store.close();
    }
  });
});
