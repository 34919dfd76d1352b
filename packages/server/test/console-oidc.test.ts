/**
 * Single sign-on to the console against a real OpenID Connect provider on loopback
 * (`oidc-provider`), driven by real HTTP requests that follow redirects and submit the provider's
 * login and consent forms: the authorization code flow with PKCE, roles from a claim, RP-initiated
 * logout, session expiry, and ID tokens of another audience or another issuer refused.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import * as client from 'openid-client';
import {
  CONSOLE_COOKIE,
  CSRF_HEADER,
  createConsoleApi,
  discoverOidc,
  MemoryInteractionStore,
  OidcConfigError,
  type AuditEntry,
} from '../src/index.js';
import { signInAtProvider, signingKey, startOidcProvider, TestBrowser, type TestOidcProvider } from './support/oidc-provider.js';

const BASE = '/api/kotae';
const CLIENT = { client_id: 'kotae-console', client_secret: 'kotae-console-secret' };
const OTHER = { client_id: 'other-app', client_secret: 'other-app-secret', redirect_uris: ['http://127.0.0.1:9/other/callback'] };

let server: Server;
let origin: string;
let provider: TestOidcProvider;
let elsewhere: TestOidcProvider;
const store = new MemoryInteractionStore();
let clock = Date.now();
/** An ID token the token endpoint's answer is made to carry instead of its own (a substituted token). */
let substitute: string | undefined;

before(async () => {
  let handle: (request: Request) => Promise<Response> = () => Promise.resolve(new Response('starting', { status: 503 }));
  server = createServer(getRequestListener((request) => handle(request)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kotae = {
    ...CLIENT,
    redirect_uris: [`${origin}${BASE}/v1/console/oidc/callback`],
    post_logout_redirect_uris: [`${origin}${BASE}/console/`],
  };
  const key = await signingKey();
  const roles = { ana: 'reviewer', lee: ['viewer', 'admin'], vic: 'viewer', bob: ['nothing-here'] };
  provider = await startOidcProvider({ clients: [kotae, OTHER], key, roles });
  // Another issuer signing with the same key: only the `iss` claim tells its tokens apart.
  elsewhere = await startOidcProvider({ clients: [kotae], key, roles });
  const tokenEndpoint = `${provider.issuer}/token`;
  const oidc = await discoverOidc({
    issuer: provider.issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    redirectUrl: `${origin}${BASE}/v1/console/oidc/callback`,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (substitute === undefined || String(input) !== tokenEndpoint) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, id_token: substitute }, { status: response.status });
    },
  });
  const api = createConsoleApi({ store, basePath: BASE, oidc, now: () => clock });
  handle = (request) =>
    new URL(request.url).pathname.startsWith(`${BASE}/v1/console/`) ? api.fetch(request) : Promise.resolve(new Response('the console'));
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await provider?.close();
  await elsewhere?.close();
});

const api = (path: string) => `${origin}${BASE}/v1/console${path}`;
const never = () => false;

/** Signs `login` in through the provider in a new browser; returns the browser and the last page. */
async function signIn(login: string) {
  const browser = new TestBrowser();
  const first = await browser.go(api('/oidc/login'));
  const last = await signInAtProvider(browser, first, login, never);
  return { browser, last };
}

async function session(browser: TestBrowser) {
  const res = await fetch(api('/session'), { headers: { cookie: browser.cookieHeader(api('/session')) } });
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as { user: string; role: string; csrf: string; signIn: string }) : undefined,
  };
}

async function auditEntries(): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of store.auditLog()) entries.push(entry);
  return entries;
}

/** An ID token `issuer` really issues to `clientId` for `login`, carrying `nonce`: the code flow with PKCE, driven by hand. */
async function idTokenFrom(
  issuer: string,
  registered: { client_id: string; client_secret: string; redirect_uri: string },
  login: string,
  nonce: string,
) {
  const verifier = client.randomPKCECodeVerifier();
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: registered.client_id,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: registered.redirect_uri,
    state: 'x',
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const browser = new TestBrowser();
  const atRedirect = (next: URL) => next.href.startsWith(registered.redirect_uri);
  const page = await browser.go(url.href, {}, atRedirect);
  const done = await signInAtProvider(browser, page, login, atRedirect);
  const code = new URL(done.stoppedAt!).searchParams.get('code')!;
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${registered.client_id}:${registered.client_secret}`)}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: registered.redirect_uri, code_verifier: verifier }),
  });
  const body = (await res.json()) as { id_token?: string };
  assert.ok(body.id_token, JSON.stringify(body));
  return body.id_token;
}

describe('console sign-in with OpenID Connect', () => {
  it('signs in by the authorization code flow with PKCE and takes the role from the claim', async () => {
    const { browser, last } = await signIn('ana');
    const toProvider = new URL(browser.hops[0]!.location!);
    assert.equal(toProvider.origin, provider.issuer);
    assert.equal(toProvider.searchParams.get('code_challenge_method'), 'S256');
    assert.match(toProvider.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(toProvider.searchParams.get('state') && toProvider.searchParams.get('nonce'));
    assert.equal(toProvider.searchParams.get('client_id'), CLIENT.client_id);
    assert.ok(browser.hops[0]!.setCookies.some((c) => /^kotae_console_oidc=.*HttpOnly.*SameSite=Lax/i.test(c)));

    const callback = browser.hops.find((h) => h.url.startsWith(api('/oidc/callback')))!;
    assert.equal(callback.status, 303);
    assert.equal(callback.location, `${BASE}/console/`);
    const cookie = callback.setCookies.find((c) => c.startsWith(`${CONSOLE_COOKIE}=`))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/); // plain HTTP on loopback
    assert.equal(last.text, 'the console');

    const { body } = await session(browser);
    assert.deepEqual([body?.user, body?.role, body?.signIn], ['ana@example.com', 'reviewer', 'oidc']);
    const created = (await auditEntries()).filter((e) => e.action === 'session.create' && e.actor === 'ana@example.com').at(-1);
    assert.deepEqual(created?.after, { signIn: 'oidc', subject: 'ana', issuer: provider.issuer });

    // The callback cannot be replayed, neither in this browser nor in another.
    assert.equal((await browser.go(callback.url)).response.status, 401);
    assert.equal((await fetch(callback.url, { redirect: 'manual' })).status, 401);
  });

  it('gives the highest role the claim names, and refuses a user it names none for', async () => {
    const lee = await signIn('lee');
    assert.equal((await session(lee.browser)).body?.role, 'admin');
    const vic = await signIn('vic');
    assert.equal((await session(vic.browser)).body?.role, 'viewer');
    const bob = await signIn('bob');
    assert.equal(bob.last.response.status, 403);
    assert.match(bob.last.text, /bob@example\.com has no console role/);
    assert.equal((await session(bob.browser)).status, 401);
    const refused = (await auditEntries()).at(-1)!;
    assert.deepEqual([refused.action, refused.actor, refused.role], ['session.refused', 'bob@example.com', 'none']);
  });

  it('signs out of the console and, through RP-initiated logout, of the provider', async () => {
    const { browser } = await signIn('ana');
    const { body } = await session(browser);
    const out = await fetch(api('/session'), {
      method: 'DELETE',
      headers: { cookie: browser.cookieHeader(api('/session')), [CSRF_HEADER]: body!.csrf },
    });
    assert.equal(out.status, 200);
    const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
    const end = new URL(endSessionUrl);
    assert.equal(end.origin, provider.issuer);
    assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${origin}${BASE}/console/`);
    assert.ok(end.searchParams.get('id_token_hint'));
    assert.equal((await session(browser)).status, 401, 'the console session is gone');

    const confirm = await browser.go(endSessionUrl);
    assert.match(confirm.text, /sign-out/);
    const back = await browser.submit(confirm, { logout: 'yes' });
    assert.equal(back.url, `${origin}${BASE}/console/`);
    // Signed out at the provider too: a new sign-in asks for the login again.
    const again = await browser.go(api('/oidc/login'));
    assert.match(again.text, /name="login"/);
    assert.equal((await auditEntries()).filter((e) => e.action === 'session.end' && e.actor === 'ana@example.com').length, 1);
  });

  it('ends a session when it expires', async () => {
    const { browser } = await signIn('ana');
    assert.equal((await session(browser)).status, 200);
    clock += 8 * 3_600_000 + 1000;
    assert.equal((await session(browser)).status, 401);
  });

  it('refuses a sign-in that took longer than 10 minutes at the provider', async () => {
    const browser = new TestBrowser();
    const first = await browser.go(api('/oidc/login'));
    clock += 10 * 60_000 + 1000;
    const last = await signInAtProvider(browser, first, 'ana', never);
    assert.equal(last.response.status, 401);
    assert.deepEqual(JSON.parse(last.text), { error: 'this sign-in is unknown, spent or expired: start again' });
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    const browser = new TestBrowser();
    const first = await browser.go(api('/oidc/login'));
    const nonce = new URL(browser.hops[0]!.location!).searchParams.get('nonce')!;
    substitute = await idTokenFrom(provider.issuer, { ...OTHER, redirect_uri: OTHER.redirect_uris[0]! }, 'ana', nonce);
    try {
      const last = await signInAtProvider(browser, first, 'ana', never);
      assert.equal(last.response.status, 401);
      assert.deepEqual(JSON.parse(last.text), {
        error: 'OpenID Connect sign-in failed: unexpected JWT claim value encountered (unexpected JWT "aud" (audience) claim value)',
      });
      assert.equal(browser.cookie(api('/session'), CONSOLE_COOKIE), undefined);
    } finally {
      substitute = undefined;
    }
  });

  it('refuses an ID token from another issuer, though signed with the same key', async () => {
    const browser = new TestBrowser();
    const first = await browser.go(api('/oidc/login'));
    const nonce = new URL(browser.hops[0]!.location!).searchParams.get('nonce')!;
    substitute = await idTokenFrom(
      elsewhere.issuer,
      { ...CLIENT, redirect_uri: `${origin}${BASE}/v1/console/oidc/callback` },
      'ana',
      nonce,
    );
    try {
      const last = await signInAtProvider(browser, first, 'ana', never);
      assert.equal(last.response.status, 401);
      assert.deepEqual(JSON.parse(last.text), {
        error: 'OpenID Connect sign-in failed: unexpected JWT claim value encountered (unexpected JWT "iss" (issuer) claim value)',
      });
      assert.equal(browser.cookie(api('/session'), CONSOLE_COOKIE), undefined);
    } finally {
      substitute = undefined;
    }
  });

  it('makes its cookies Secure when the redirect URL is https, though a TLS-ending proxy forwards plain HTTP', async () => {
    const redirectUrl = 'https://help.example.com/api/kotae/v1/console/oidc/callback';
    const oidc = await discoverOidc({
      issuer: provider.issuer,
      clientId: CLIENT.client_id,
      clientSecret: CLIENT.client_secret,
      redirectUrl,
    });
    const behindProxy = createConsoleApi({ store: new MemoryInteractionStore(), basePath: BASE, oidc });
    const login = await behindProxy.fetch(new Request(`http://10.0.0.7:8787${BASE}/v1/console/oidc/login`));
    assert.equal(login.status, 302);
    assert.equal(new URL(login.headers.get('location')!).searchParams.get('redirect_uri'), redirectUrl);
    assert.match(login.headers.get('set-cookie') ?? '', /^kotae_console_oidc=.*; Secure/);
    const token = behindProxy.sessions.link('ana@example.com', 'admin');
    const signedIn = await behindProxy.fetch(new Request(`http://10.0.0.7:8787${BASE}/v1/console/sign-in?token=${token}`));
    assert.match(signedIn.headers.get('set-cookie') ?? '', new RegExp(`^${CONSOLE_COOKIE}=.*; Secure`));
  });

  it('refuses a provider it cannot discover, and a redirect URL that is not the callback', async () => {
    await assert.rejects(
      discoverOidc({ issuer: 'http://127.0.0.1:9', clientId: 'x', redirectUrl: `${origin}${BASE}/v1/console/oidc/callback` }),
      (e: unknown) => e instanceof OidcConfigError && e.code === 'oidc-config' && /discovery failed/.test(e.message),
    );
    await assert.rejects(
      discoverOidc({ issuer: provider.issuer, clientId: 'x', redirectUrl: `${origin}/callback` }),
      (e: unknown) => e instanceof OidcConfigError && /must be the console's callback/.test(e.message),
    );
    await assert.rejects(
      discoverOidc({ issuer: 'http://login.example.com', clientId: 'x', redirectUrl: `${origin}${BASE}/v1/console/oidc/callback` }),
      (e: unknown) => e instanceof OidcConfigError && /https: \(http: only on loopback\)/.test(e.message),
    );
  });
});
