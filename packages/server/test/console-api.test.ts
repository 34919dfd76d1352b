/**
 * The review console's API over real HTTP on loopback: every route × every role (and no
 * session) gets exactly the access of the one policy (`CONSOLE_ACCESS`), every write without the
 * session's CSRF token is refused, and every write (and sign-in, export) leaves an audit entry.
 * Single sign-on is on (a real OpenID Connect provider on loopback), so its routes are walked too.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import type { ReviewRecord } from '@kotae/knowledge';
import {
  CONSOLE_ACCESS,
  CONSOLE_COOKIE,
  CONSOLE_ROLES,
  consoleAllows,
  CSRF_HEADER,
  createConsoleApi,
  discoverOidc,
  MemoryInteractionStore,
  type AuditEntry,
  type ConsoleApi,
  type ConsoleRoute,
} from '../src/index.js';
import { signingKey, startOidcProvider, type TestOidcProvider } from './support/oidc-provider.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

const BASE = '/api/kotae';
let server: Server;
let origin: string;
let api: ConsoleApi;
let provider: TestOidcProvider;
const store = new MemoryInteractionStore();
let clock = Date.parse('2026-03-05T09:00:00Z');

before(async () => {
  await store.append(interactionRecord('i-1', { conversationId: 'c-1', topScore: 0.2 }));
  await store.append(feedbackRecord('i-1'));
  await store.append(interactionRecord('i-2', { conversationId: 'c-1', at: '2026-03-04T05:10:00.000Z' }));
  server = createServer(getRequestListener((request) => api.fetch(request)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUrl = `${origin}${BASE}/v1/console/oidc/callback`;
  provider = await startOidcProvider({
    clients: [{ client_id: 'kotae', client_secret: 'kotae-secret', redirect_uris: [redirectUrl] }],
    key: await signingKey(),
  });
  const oidc = await discoverOidc({ issuer: provider.issuer, clientId: 'kotae', clientSecret: 'kotae-secret', redirectUrl });
  api = createConsoleApi({
    store,
    basePath: BASE,
    oidc,
    now: () => clock,
    topics: {
      examples: async () => [
        { text: 'reset my password', label: 'account' },
        { text: 'refund my invoice', label: 'billing' },
      ],
    },
  });
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await provider?.close();
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
  readonly key: ConsoleRoute;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** The status when the caller may call it. */
  readonly ok: number;
  /** What a write (or a sign-in) writes to the audit log. */
  readonly audits?: string;
}

/** A request for every route of the policy: the type makes a route added to `CONSOLE_ACCESS` without one here an error. */
const SAMPLES: Record<ConsoleRoute, () => Omit<Route, 'key' | 'method'>> = {
  'GET /sign-in': () => ({
    path: `/sign-in?token=${api.sessions.link('linked@example.com', 'viewer')}`,
    ok: 303,
    audits: 'session.create',
  }),
  'GET /oidc/login': () => ({ path: '/oidc/login', ok: 302 }),
  // Reached, and refused by the sign-in's own check: this browser did not start one.
  'GET /oidc/callback': () => ({ path: '/oidc/callback?code=c&state=s', ok: 401 }),
  'GET /session': () => ({ path: '/session', ok: 200 }),
  'GET /insights': () => ({ path: '/insights?days=30', ok: 200 }),
  'GET /queue': () => ({ path: '/queue?signals=thumbs-down,low-answerability&limit=1', ok: 200 }),
  'GET /interactions/:id': () => ({ path: '/interactions/i-1', ok: 200 }),
  'GET /conversations/:id': () => ({ path: '/conversations/c-1', ok: 200 }),
  'POST /interactions/:id/reviews': () => ({ path: '/interactions/i-1/reviews', body: review, ok: 201, audits: 'review.create' }),
  'GET /reviews.jsonl': () => ({ path: '/reviews.jsonl', ok: 200, audits: 'reviews.export' }),
  'GET /audit': () => ({ path: '/audit', ok: 200 }),
  'POST /interactions/:id/case': () => ({
    path: '/interactions/i-2/case',
    body: { relevant: ['reset-password'] },
    ok: 201,
    audits: 'case.create',
  }),
  'GET /cases': () => ({ path: '/cases', ok: 200 }),
  'POST /interactions/:id/topic': () => ({ path: '/interactions/i-2/topic', body: { topic: 'account' }, ok: 201, audits: 'topic.set' }),
  'GET /topics': () => ({ path: '/topics', ok: 200 }),
  'GET /classifier': () => ({ path: '/classifier', ok: 200 }),
  'POST /classifier/train': () => ({ path: '/classifier/train', ok: 201, audits: 'classifier.train' }),
  'POST /erase': () => ({ path: '/erase', body: { conversationId: 'c-none' }, ok: 200, audits: 'records.erase' }),
  // Last: it ends the session.
  'DELETE /session': () => ({ path: '/session', ok: 204, audits: 'session.end' }),
};

function sample(key: ConsoleRoute): Route {
  const [method] = key.split(' ') as [string];
  return { key, method, ...SAMPLES[key]() };
}
const ROUTE_KEYS = Object.keys(SAMPLES) as ConsoleRoute[];
const REVIEW_ROUTE = 'POST /interactions/:id/reviews' satisfies ConsoleRoute;

function call(route: Route, session: Session | undefined, csrf: string | null = session?.csrf ?? null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session) headers['cookie'] = session.cookie;
  if (csrf !== null && route.method !== 'GET') headers[CSRF_HEADER] = csrf;
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${origin}${BASE}/v1/console${route.path}`, {
    method: route.method,
    headers,
    redirect: 'manual',
    ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
  });
}

async function auditCount(): Promise<number> {
  let n = 0;
  for await (const _ of store.auditLog()) n++;
  return n;
}

describe('createConsoleApi', () => {
  it('answers exactly the routes of the access policy', () => {
    assert.deepEqual([...api.routes].sort(), Object.keys(CONSOLE_ACCESS).sort());
    assert.deepEqual([...ROUTE_KEYS].sort(), Object.keys(CONSOLE_ACCESS).sort());
  });

  it('gives every route exactly the access of each role, and none but the sign-in steps without a session', async () => {
    for (const role of CONSOLE_ROLES) {
      const session = await signIn(`${role}@example.com`, role);
      for (const key of ROUTE_KEYS) {
        const route = sample(key);
        const res = await call(route, session);
        const text = await res.text();
        const expected = consoleAllows(role, key) ? route.ok : 403;
        assert.equal(res.status, expected, `${role} ${key}: ${text}`);
        if (expected === 403) assert.deepEqual(JSON.parse(text), { error: `needs the ${CONSOLE_ACCESS[key]} role` });
      }
      // DELETE /session ended it: the cookie no longer works.
      assert.equal((await call(sample('GET /session'), session)).status, 401);
    }
    for (const key of ROUTE_KEYS) {
      const route = sample(key);
      const res = await call(route, undefined);
      const expected = consoleAllows(undefined, key) ? route.ok : 401;
      assert.equal(res.status, expected, `no session: ${key}`);
      if (expected === 401 && CONSOLE_ACCESS[key] !== 'public') assert.deepEqual(await res.json(), { error: 'not signed in' });
    }
  });

  it('refuses every write without the session’s CSRF token, and writes nothing', async () => {
    const writes = ROUTE_KEYS.filter((key) => !key.startsWith('GET '));
    assert.deepEqual(writes, [
      'POST /interactions/:id/reviews',
      'POST /interactions/:id/case',
      'POST /interactions/:id/topic',
      'POST /classifier/train',
      'POST /erase',
      'DELETE /session',
    ]);
    for (const role of CONSOLE_ROLES) {
      const session = await signIn(`${role}@example.com`, role);
      const other = await signIn('other@example.com', role);
      for (const key of writes.filter((k) => consoleAllows(role, k))) {
        const before = await auditCount();
        for (const csrf of [null, '', other.csrf, `${session.csrf}x`]) {
          const res = await call(sample(key), session, csrf);
          assert.equal(res.status, 403, `${role} ${key} with ${JSON.stringify(csrf)}`);
          assert.deepEqual(await res.json(), { error: 'missing or wrong CSRF token' });
        }
        assert.equal(await auditCount(), before);
      }
      assert.equal((await call(sample('GET /session'), session)).status, 200, 'the session survived');
    }
  });

  it('leaves an audit entry for every write, sign-in and export, by whoever made it', async () => {
    const audited = ROUTE_KEYS.filter((key) => !key.startsWith('GET ') || sample(key).audits !== undefined);
    for (const key of audited) {
      const route = sample(key);
      assert.ok(route.audits, `${key} says what it audits`);
      const role = CONSOLE_ACCESS[key] === 'public' ? 'admin' : CONSOLE_ACCESS[key];
      const session = await signIn(`audited-${role}@example.com`, role);
      const before = await auditCount();
      assert.equal((await call(route, session)).status, route.ok, key);
      const entries: AuditEntry[] = [];
      for await (const e of store.auditLog()) entries.push(e);
      assert.equal(entries.length, before + 1, key);
      const entry = entries.at(-1)!;
      assert.equal(entry.action, route.audits, key);
      assert.equal(entry.actor, key === 'GET /sign-in' ? 'linked@example.com' : `audited-${role}@example.com`, key);
    }
  });

  it('audits every write with who, when, what and before/after', async () => {
    const ana = await signIn('ana@example.com', 'reviewer');
    clock += 60_000;
    const first = (await (await call(sample(REVIEW_ROUTE), ana)).json()) as ReviewRecord;
    assert.equal(first.reviewer, 'ana@example.com');
    assert.equal(first.note, 'mail me at [EMAIL]', 'notes are redacted before they are stored');
    clock += 60_000;
    const second = (await (
      await call({ ...sample(REVIEW_ROUTE), body: { ...review, verdict: 'partly', note: undefined } }, ana)
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
    const post = (body: unknown) => call({ ...sample(REVIEW_ROUTE), body }, ana);
    assert.equal((await post({ ...review, scores: { charm: 3 } })).status, 400);
    assert.equal((await post({ ...review, verdict: 'meh' })).status, 400);
    assert.equal((await post({ ...review, scores: { accuracy: 9 } })).status, 400);
    assert.equal((await call({ ...sample(REVIEW_ROUTE), path: '/interactions/nope/reviews' }, ana)).status, 404);
    const token = api.sessions.link('late@example.com', 'admin');
    clock += 16 * 60_000;
    const res = await fetch(`${origin}${BASE}/v1/console/sign-in?token=${token}`, { redirect: 'manual' });
    assert.equal(res.status, 401);
  });
});
