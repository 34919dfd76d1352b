/**
 * The review console's API over real HTTP on loopback: every route × every role (and no
 * session) gets exactly its access, every write without the session's CSRF token is refused, and
 * every write (and sign-in, export) leaves an audit entry.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import type { ReviewRecord } from '@kotae/knowledge';
import { CONSOLE_COOKIE, CSRF_HEADER, createConsoleApi, MemoryInteractionStore, type AuditEntry, type ConsoleApi } from '../src/index.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

const BASE = '/api/kotae';
let server: Server;
let origin: string;
let api: ConsoleApi;
const store = new MemoryInteractionStore();
let clock = Date.parse('2026-03-05T09:00:00Z');

before(async () => {
  await store.append(interactionRecord('i-1', { conversationId: 'c-1', topScore: 0.2 }));
  await store.append(feedbackRecord('i-1'));
  await store.append(interactionRecord('i-2', { conversationId: 'c-1', at: '2026-03-04T05:10:00.000Z' }));
  api = createConsoleApi({
    store,
    basePath: BASE,
    now: () => clock,
    topics: {
      examples: async () => [
        { text: 'reset my password', label: 'account' },
        { text: 'refund my invoice', label: 'billing' },
      ],
    },
  });
  const listener = getRequestListener(api.fetch);
  server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

/** Signs in through a one-time link, as a browser would: the cookie from the redirect, the CSRF token from GET /session. */
async function signIn(user: string, role: 'viewer' | 'reviewer' | 'admin'): Promise<Session> {
  const token = api.sessions.link(user, role);
  const res = await fetch(`${origin}${BASE}/v1/console/sign-in?token=${token}`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `${BASE}/console/`);
  const set = res.headers.get('set-cookie') ?? '';
  assert.match(set, new RegExp(`^${CONSOLE_COOKIE}=[A-Za-z0-9_-]{43};`));
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.match(set, /Path=\/api\/kotae/);
  assert.doesNotMatch(set, /Secure/); // plain HTTP on loopback
  const cookie = set.split(';')[0]!;
  const again = await fetch(`${origin}${BASE}/v1/console/sign-in?token=${token}`, { redirect: 'manual' });
  assert.equal(again.status, 401, 'a sign-in link works once');
  const session = (await (await fetch(`${origin}${BASE}/v1/console/session`, { headers: { cookie } })).json()) as {
    csrf: string;
    role: string;
  };
  assert.equal(session.role, role);
  return { cookie, csrf: session.csrf };
}

const review = {
  resolved: false,
  verdict: 'wrong',
  scores: { accuracy: 2, tone: 5 },
  note: 'mail me at ana@example.com',
  correction: 'Use Settings → Security.',
};

interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly least: 'viewer' | 'reviewer' | 'admin';
  readonly body?: unknown;
  readonly ok: number;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/session', least: 'viewer', ok: 200 },
  { method: 'GET', path: '/queue?signals=thumbs-down,low-answerability&limit=1', least: 'reviewer', ok: 200 },
  { method: 'GET', path: '/interactions/i-1', least: 'reviewer', ok: 200 },
  { method: 'GET', path: '/conversations/c-1', least: 'reviewer', ok: 200 },
  { method: 'POST', path: '/interactions/i-1/reviews', least: 'reviewer', body: review, ok: 201 },
  { method: 'GET', path: '/reviews.jsonl', least: 'reviewer', ok: 200 },
  { method: 'GET', path: '/audit', least: 'admin', ok: 200 },
  { method: 'POST', path: '/interactions/i-2/case', least: 'reviewer', body: { relevant: ['reset-password'] }, ok: 201 },
  { method: 'GET', path: '/cases', least: 'reviewer', ok: 200 },
  { method: 'POST', path: '/interactions/i-2/topic', least: 'reviewer', body: { topic: 'account' }, ok: 201 },
  { method: 'GET', path: '/topics', least: 'reviewer', ok: 200 },
  { method: 'POST', path: '/classifier/train', least: 'reviewer', ok: 201 },
  { method: 'GET', path: '/classifier', least: 'viewer', ok: 200 },
  { method: 'POST', path: '/erase', least: 'admin', body: { conversationId: 'c-none' }, ok: 200 },
  { method: 'DELETE', path: '/session', least: 'viewer', ok: 204 },
];
const RANK = { viewer: 1, reviewer: 2, admin: 3 } as const;

function call(route: Route, session: Session | undefined, csrf: string | null = session?.csrf ?? null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session) headers['cookie'] = session.cookie;
  if (csrf !== null && route.method !== 'GET') headers[CSRF_HEADER] = csrf;
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${origin}${BASE}/v1/console${route.path}`, {
    method: route.method,
    headers,
    ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
  });
}

async function auditCount(): Promise<number> {
  let n = 0;
  for await (const _ of store.auditLog()) n++;
  return n;
}

describe('createConsoleApi', () => {
  it('gives every route exactly the access of each role, and none without a session', async () => {
    for (const role of ['viewer', 'reviewer', 'admin'] as const) {
      const session = await signIn(`${role}@example.com`, role);
      for (const route of ROUTES) {
        const res = await call(route, session);
        const expected = RANK[role] >= RANK[route.least] ? route.ok : 403;
        assert.equal(res.status, expected, `${role} ${route.method} ${route.path}: ${await res.text()}`);
      }
      // DELETE /session ended it: the cookie no longer works.
      assert.equal((await call(ROUTES[0]!, session)).status, 401);
    }
    for (const route of ROUTES) assert.equal((await call(route, undefined)).status, 401, `no session: ${route.method} ${route.path}`);
  });

  it('refuses every write without the session’s CSRF token, and writes nothing', async () => {
    const admin = await signIn('admin@example.com', 'admin');
    const other = await signIn('other@example.com', 'admin');
    const writes = ROUTES.filter((r) => r.method !== 'GET');
    assert.ok(writes.length >= 2);
    for (const route of writes) {
      const before = await auditCount();
      for (const csrf of [null, '', other.csrf, `${admin.csrf}x`]) {
        const res = await call(route, admin, csrf);
        assert.equal(res.status, 403, `${route.method} ${route.path} with ${JSON.stringify(csrf)}`);
        assert.deepEqual(await res.json(), { error: 'missing or wrong CSRF token' });
      }
      assert.equal(await auditCount(), before);
    }
    assert.equal((await call(ROUTES[0]!, admin)).status, 200, 'the session survived');
  });

  it('leaves exactly one audit entry for every write', async () => {
    for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
      const admin = await signIn('admin@example.com', 'admin');
      const before = await auditCount();
      const res = await call(route, admin);
      assert.equal(res.status, route.ok, `${route.method} ${route.path}: ${await res.text()}`);
      assert.equal(await auditCount(), before + 1, `${route.method} ${route.path}`);
    }
  });

  it('audits every write with who, when, what and before/after', async () => {
    const ana = await signIn('ana@example.com', 'reviewer');
    clock += 60_000;
    const first = (await (await call(ROUTES[4]!, ana)).json()) as ReviewRecord;
    assert.equal(first.reviewer, 'ana@example.com');
    assert.equal(first.note, 'mail me at [EMAIL]', 'notes are redacted before they are stored');
    clock += 60_000;
    const second = (await (
      await call({ ...ROUTES[4]!, body: { ...review, verdict: 'partly', note: undefined } }, ana)
    ).json()) as ReviewRecord;
    const entries: AuditEntry[] = [];
    for await (const e of store.auditLog()) entries.push(e);
    const last = entries.at(-1)!;
    assert.deepEqual(
      { actor: last.actor, role: last.role, action: last.action, target: last.target, at: last.at },
      { actor: 'ana@example.com', role: 'reviewer', action: 'review.create', target: 'i-1', at: new Date(clock).toISOString() },
    );
    assert.deepEqual(last.after, second);
    assert.equal((last.before as ReviewRecord).id, first.id);
    assert.ok(entries.some((e) => e.action === 'session.create' && e.actor === 'ana@example.com'));
  });

  it('shows the queue, a conversation and the export', async () => {
    const ana = await signIn('ana@example.com', 'reviewer');
    const get = async (path: string) => fetch(`${origin}${BASE}/v1/console${path}`, { headers: { cookie: ana.cookie } });
    const page = (await (await get('/queue?signals=thumbs-down')).json()) as {
      items: { interaction: { id: string }; signals: string[] }[];
    };
    assert.deepEqual(
      page.items.map((i) => i.interaction.id),
      ['i-1'],
    );
    assert.ok(page.items[0]!.signals.includes('thumbs-down'));
    assert.equal((await get('/queue?signals=bogus')).status, 400);
    assert.equal((await get('/queue?cursor=nope')).status, 400);
    const view = (await (await get('/interactions/i-1')).json()) as { records: { kind: string }[] };
    assert.deepEqual(
      view.records.map((r) => r.kind).filter((k) => k !== 'review' && k !== 'annotation'),
      ['interaction', 'feedback', 'interaction'],
    );
    assert.equal((await get('/interactions/nope')).status, 404);
    const exported = await get('/reviews.jsonl');
    assert.equal(exported.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    const lines = (await exported.text()).trimEnd().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.equal((JSON.parse(line) as { kind: string }).kind, 'review');
  });

  it('rejects a review with unknown criteria or a bad verdict, and a sign-in link past its time', async () => {
    const ana = await signIn('ana@example.com', 'reviewer');
    const post = (body: unknown) => call({ ...ROUTES[4]!, body }, ana);
    assert.equal((await post({ ...review, scores: { charm: 3 } })).status, 400);
    assert.equal((await post({ ...review, verdict: 'meh' })).status, 400);
    assert.equal((await post({ ...review, scores: { accuracy: 9 } })).status, 400);
    assert.equal((await call({ ...ROUTES[4]!, path: '/interactions/nope/reviews' }, ana)).status, 404);
    const token = api.sessions.link('late@example.com', 'admin');
    clock += 16 * 60_000;
    const res = await fetch(`${origin}${BASE}/v1/console/sign-in?token=${token}`, { redirect: 'manual' });
    assert.equal(res.status, 401);
  });
});
