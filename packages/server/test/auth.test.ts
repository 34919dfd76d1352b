import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { LoadedBundle } from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { compileContent } from '@kotae/knowledge/node';
import { bearerToken, createAnswerHandler, jwtAuth } from '../src/index.js';
import { caught } from './support/content.js';
import { readEvents, serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
const ISSUER = 'https://auth.example.test/';
const AUDIENCE = 'kotae';

/** A signing key made for the test, with its public JWK (`kid` set). */
async function signingKey(kid: string): Promise<{ kid: string; privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** A JWKS served on loopback; `keys` is what it publishes now. */
async function jwksServer(): Promise<{ url: string; keys: JWK[]; fetches: () => number; close(): Promise<void> }> {
  const state = { keys: [] as JWK[], fetches: 0 };
  const server: Server = createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    get keys() {
      return state.keys;
    },
    set keys(keys: JWK[]) {
      state.keys = keys;
    },
    fetches: () => state.fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function token(
  key: { kid: string; privateKey: CryptoKey },
  claims: Record<string, unknown> = {},
  options: { issuer?: string; audience?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'user-1')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key.privateKey);
}

const withBearer = (value: string | undefined) =>
  new Request('http://kotae.test/v1/answer', value === undefined ? {} : { headers: { authorization: `Bearer ${value}` } });

describe('bearerToken', () => {
  it('admits the configured tokens only, compared in constant time', async () => {
    const authorize = bearerToken(['old-secret-token', 'new-secret-token']);
    assert.equal(await authorize(withBearer('old-secret-token')), true);
    assert.equal(await authorize(withBearer('new-secret-token')), true);
    assert.equal(await authorize(withBearer('new-secret-tokem')), false);
    assert.equal(await authorize(withBearer('new-secret-token-and-more')), false);
    assert.equal(await authorize(withBearer('')), false);
    assert.equal(await authorize(withBearer(undefined)), false);
    assert.equal(
      await authorize(new Request('http://kotae.test/', { headers: { authorization: 'Basic bmV3LXNlY3JldC10b2tlbg==' } })),
      false,
    );
    assert.equal(await bearerToken('')(withBearer('')), false);
  });
});

describe('jwtAuth', () => {
  let jwks: Awaited<ReturnType<typeof jwksServer>>;
  let first: Awaited<ReturnType<typeof signingKey>>;
  let second: Awaited<ReturnType<typeof signingKey>>;
  let stranger: Awaited<ReturnType<typeof signingKey>>;
  let bundle: LoadedBundle;

  before(async () => {
    jwks = await jwksServer();
    [first, second, stranger] = await Promise.all([signingKey('key-1'), signingKey('key-2'), signingKey('key-1')]);
    jwks.keys = [first.jwk];
    const compiled = await compileContent(EXAMPLES);
    bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  });
  after(() => jwks.close());

  const auth = () => jwtAuth({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, jwksCooldownMs: 0 });

  it('accepts a valid token and reads its user and agent scope', async () => {
    const jwt = auth();
    const agent = withBearer(await token(first, { sub: 'agent-7', scope: 'openid kotae:agent' }));
    assert.equal((await jwt.claims(agent))?.sub, 'agent-7');
    assert.equal(await jwt.user(agent), 'agent-7');
    assert.equal(await jwt.authorizeAgent(agent), true);
    const user = withBearer(await token(first, { sub: 'user-3', scp: ['read'] }));
    assert.equal(await jwt.user(user), 'user-3');
    assert.equal(await jwt.authorizeAgent(user), false);
  });

  it('rejects an expired token, a wrong audience or issuer, a foreign key and garbage', async () => {
    const jwt = auth();
    const rejected = async (value: string) => {
      const request = withBearer(value);
      assert.equal(await jwt.claims(request), undefined);
      assert.equal(await jwt.user(request), undefined);
      assert.equal(await jwt.authorizeAgent(request), false);
    };
    const expired = Math.floor(Date.now() / 1000) - 120; // past the 30 s leeway
    await rejected(await token(first, { scope: 'kotae:agent' }, { expiresIn: expired }));
    await rejected(await token(first, { scope: 'kotae:agent' }, { audience: 'another-service' }));
    await rejected(await token(first, { scope: 'kotae:agent' }, { issuer: 'https://evil.example.test/' }));
    // Same kid, another key: the signature does not verify.
    await rejected(await token(stranger, { scope: 'kotae:agent' }));
    await rejected('not.a.jwt');
    await rejected('opaque-token');
  });

  it('accepts a token signed with a rotated key once the JWKS publishes it', async () => {
    const jwt = auth();
    assert.equal(await jwt.user(withBearer(await token(first))), 'user-1');
    const before = jwks.fetches();
    jwks.keys = [second.jwk];
    assert.equal(await jwt.user(withBearer(await token(second, { sub: 'user-2' }))), 'user-2');
    assert.ok(jwks.fetches() > before, 'the JWKS was fetched again for the unknown key');
    jwks.keys = [first.jwk];
  });

  it('refuses a JWKS URL that is not https (http only on loopback)', async () => {
    const error = await caught<InvalidOptionError>(() =>
      jwtAuth({ jwksUrl: 'http://auth.example.test/jwks', issuer: ISSUER, audience: AUDIENCE }),
    );
    assert.ok(error instanceof InvalidOptionError);
    assert.equal(error.message, 'jwksUrl must be an https: URL (http: only on loopback; got "http://auth.example.test/jwks")');
  });

  it('gives agent assist to agents and each signed-in user their own answer limit, through the handler', async () => {
    const jwt = auth();
    const handler = createAnswerHandler({
      bundle,
      rateLimit: { burst: 1, perMinute: 1 },
      authorizeAgent: jwt.authorizeAgent,
      clientIdentity: { user: jwt.user },
    });
    const server = await serveHandler(handler);
    try {
      const ask = (bearer: string | undefined, audience?: 'agent') =>
        fetch(`${server.url}/v1/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          body: JSON.stringify({ query: 'I forgot my password', locale: 'en', ...(audience ? { audience } : {}) }),
        });
      const agent = await token(first, { sub: 'agent-1', scope: 'kotae:agent' });
      const alice = await token(first, { sub: 'alice' });
      const bob = await token(first, { sub: 'bob' });
      const expired = await token(first, { sub: 'carol', scope: 'kotae:agent' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });

      const agentAnswer = await ask(agent, 'agent');
      assert.equal(agentAnswer.status, 200);
      await readEvents(agentAnswer);
      assert.equal((await ask(alice, 'agent')).status, 403);
      assert.equal((await ask(expired, 'agent')).status, 403);
      // From one address, each user has their own allowance (burst 1).
      const once = await ask(alice);
      assert.equal(once.status, 200);
      await readEvents(once);
      assert.equal((await ask(alice)).status, 429);
      const other = await ask(bob);
      assert.equal(other.status, 200);
      await readEvents(other);
    } finally {
      await server.close();
    }
  });
});
