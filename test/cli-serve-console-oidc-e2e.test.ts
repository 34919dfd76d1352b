/**
 * End to end: two `kotae serve --console --oidc-issuer …` binaries on one PostgreSQL store,
 * behind a round-robin proxy, signing users in through a real OpenID Connect provider on loopback
 * (`oidc-provider`). A sign-in started on one instance finishes on the other, the session works on
 * both, and signing out on one ends it everywhere (the sessions live in `kotae_console_sessions`).
 * Needs the packages built and PostgreSQL installed.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import {
  signInAtProvider,
  signingKey,
  startOidcProvider,
  TestBrowser,
  type TestOidcProvider,
} from '../packages/server/test/support/oidc-provider.js';
import { kotae, startServe, stopServe, type ServeRun } from './support/kotae-bin.js';

const CALLBACK = '/api/kotae/v1/console/oidc/callback';

describe('kotae serve --console --oidc-issuer', () => {
  let dir: string;
  let postgres: PostgresServer;
  let database: string;
  let provider: TestOidcProvider;
  let proxy: Server;
  let front: string;
  const backends: string[] = [];
  const served: { path: string; backend: string }[] = [];
  const instances: ServeRun[] = [];
  let oidcArgs: string[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-console-oidc-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    postgres = await startPostgres();
    database = await postgres.createDatabase();
    // A round-robin load balancer in front of the instances.
    let next = 0;
    proxy = createServer((req, res) => {
      const backend = backends[next++ % backends.length]!;
      served.push({ path: req.url ?? '', backend });
      const upstream = request(new URL(req.url ?? '/', backend), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    front = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    provider = await startOidcProvider({
      clients: [
        {
          client_id: 'kotae-console',
          client_secret: 'kotae-console-secret',
          redirect_uris: [`${front}${CALLBACK}`],
          post_logout_redirect_uris: [`${front}/api/kotae/console/`],
        },
      ],
      key: await signingKey(),
      roles: { ana: 'reviewer' },
    });
    oidcArgs = [
      '--console',
      '--oidc-issuer',
      provider.issuer,
      '--oidc-client-id',
      'kotae-console',
      '--oidc-redirect-url',
      `${front}${CALLBACK}`,
    ];
    for (let i = 0; i < 2; i++) {
      const run = await startServe([join(dir, 'kb'), '--port', '0', '--store', database, ...oidcArgs], {
        KOTAE_OIDC_CLIENT_SECRET: 'kotae-console-secret',
      });
      instances.push(run);
      backends.push(run.url);
    }
  });
  after(async () => {
    for (const run of instances) await stopServe(run.child);
    await new Promise<void>((r) => proxy?.close(() => r()));
    await provider?.close();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the single sign-on URL instead of a one-time link', () => {
    for (const run of instances) {
      assert.match(run.out(), new RegExp(`^  console sign-in \\(single sign-on\\): ${run.url}api/kotae/v1/console/oidc/login$`, 'm'));
      assert.doesNotMatch(run.out(), /token=/);
    }
  });

  it('shares sessions between instances through PostgreSQL: sign in on one, use and end on the other', async () => {
    const browser = new TestBrowser();
    const first = await browser.go(`${front}/api/kotae/v1/console/oidc/login`);
    await signInAtProvider(browser, first, 'ana', () => false);
    const login = served.find((s) => s.path === '/api/kotae/v1/console/oidc/login')!;
    const callback = served.find((s) => s.path.startsWith(CALLBACK))!;
    assert.notEqual(login.backend, callback.backend, 'the round robin sent the callback to the other instance');
    assert.equal(browser.hops.find((h) => h.url.startsWith(`${front}${CALLBACK}`))?.status, 303);

    const cookie = browser.cookieHeader(`${front}/api/kotae/v1/console/session`);
    let csrf = '';
    for (const backend of backends) {
      const res = await fetch(`${backend}api/kotae/v1/console/session`, { headers: { cookie } });
      assert.equal(res.status, 200, backend);
      const session = (await res.json()) as { user: string; role: string; csrf: string };
      assert.deepEqual([session.user, session.role], ['ana@example.com', 'reviewer']);
      csrf = session.csrf;
    }
    const rows = await postgres.query<{ n: number }>(
      new URL(database).pathname.slice(1),
      'SELECT count(*)::int AS n FROM kotae_console_sessions',
    );
    assert.equal(rows[0]!.n, 1, 'one session row (the sign-in under way was taken)');

    const out = await fetch(`${backends[0]}api/kotae/v1/console/session`, { method: 'DELETE', headers: { cookie, 'x-kotae-csrf': csrf } });
    assert.equal(out.status, 200);
    assert.match(((await out.json()) as { endSessionUrl: string }).endSessionUrl, new RegExp(`^${provider.issuer}/`));
    for (const backend of backends)
      assert.equal((await fetch(`${backend}api/kotae/v1/console/session`, { headers: { cookie } })).status, 401);
    const audit = await postgres.query<{ action: string; actor: string }>(
      new URL(database).pathname.slice(1),
      'SELECT action, actor FROM kotae_audit ORDER BY seq',
    );
    assert.deepEqual(
      audit.map((a) => `${a.action} ${a.actor}`),
      ['session.create ana@example.com', 'session.end ana@example.com'],
    );
  });

  it('stops with a usage error on incomplete options, and with exit 3 when the provider cannot be discovered', async () => {
    const kb = join(dir, 'kb');
    const incomplete = await kotae(['serve', kb, '--port', '0', '--console', '--oidc-issuer', provider.issuer]);
    assert.equal(incomplete.code, 2);
    assert.match(incomplete.stderr, /--oidc-issuer needs --oidc-client-id and --oidc-redirect-url/);
    const noConsole = await kotae(['serve', kb, '--port', '0', ...oidcArgs.slice(1)]);
    assert.equal(noConsole.code, 2);
    assert.match(noConsole.stderr, /--oidc-issuer needs --console/);
    const unreachable = await kotae([
      'serve',
      kb,
      '--port',
      '0',
      ...oidcArgs.map((a) => (a === provider.issuer ? 'http://127.0.0.1:9' : a)),
    ]);
    assert.equal(unreachable.code, 3);
    assert.match(unreachable.stderr, /OpenID Connect provider "http:\/\/127\.0\.0\.1:9": discovery failed/);
  });
});
