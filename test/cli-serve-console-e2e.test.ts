/**
 * End to end: `kotae serve --console` over a JSONL store — the printed one-time link signs in,
 * an answer asked through the widget's endpoint shows in the review queue, a review is recorded,
 * exported and audited. Without `console` the console API does not exist. Needs the packages built.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { serve, type RunningServer } from '@kotae/cli';

describe('kotae serve --console', () => {
  let dir: string;
  let server: RunningServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-console-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    server = await serve({ bundleDir: join(dir, 'kb'), port: 0, store: join(dir, 'store'), console: true });
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs in once by the printed link and reviews an answered question', async () => {
    const asked = await fetch(`${server.endpoint}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'How do I reset my password?', conversationId: 'c-e2e' }),
    });
    const events = await asked.text();
    const interactionId = /"interactionId":"([^"]+)"/.exec(events)?.[1];
    assert.ok(interactionId, events.slice(0, 300));

    assert.match(server.consoleSignIn ?? '', /\/api\/kotae\/v1\/console\/sign-in\?token=[A-Za-z0-9_-]{43}$/);
    const signIn = await fetch(server.consoleSignIn!, { redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get('location'), '/api/kotae/console/');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.equal((await fetch(server.consoleSignIn!, { redirect: 'manual' })).status, 401, 'the link works once');

    const api = `${server.endpoint}/v1/console`;
    const session = (await (await fetch(`${api}/session`, { headers: { cookie } })).json()) as { user: string; role: string; csrf: string };
    assert.deepEqual([session.user, session.role], ['local-admin', 'admin']);
    const queue = (await (await fetch(`${api}/queue`, { headers: { cookie } })).json()) as { items: { interaction: { id: string } }[] };
    assert.deepEqual(
      queue.items.map((i) => i.interaction.id),
      [interactionId],
    );
    const posted = await fetch(`${api}/interactions/${interactionId}/reviews`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-kotae-csrf': session.csrf },
      body: JSON.stringify({ resolved: true, verdict: 'correct', scores: { accuracy: 5, tone: 4 } }),
    });
    assert.equal(posted.status, 201);
    const exported = await (await fetch(`${api}/reviews.jsonl`, { headers: { cookie } })).text();
    assert.equal(JSON.parse(exported.trim()).interactionId, interactionId);
    const audit = (await readFile(join(dir, 'store', 'audit.jsonl'), 'utf8')).trim().split('\n');
    assert.deepEqual(
      audit.map((line) => (JSON.parse(line) as { action: string }).action),
      ['session.create', 'review.create', 'reviews.export'],
    );
  });

  it('has no console API without --console', async () => {
    const plain = await serve({ bundleDir: join(dir, 'kb'), port: 0 });
    try {
      assert.equal(plain.consoleSignIn, undefined);
      assert.equal((await fetch(`${plain.endpoint}/v1/console/session`)).status, 404);
    } finally {
      await plain.close();
    }
  });
});
