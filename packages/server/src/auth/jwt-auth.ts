import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { bearerOf } from './bearer-token.js';

/** Options of {@link jwtAuth}. */
export interface JwtAuthOptions {
  /** Where the signing keys are published (your identity provider's `jwks_uri`), `https:` (or `http:` on loopback, for tests). */
  readonly jwksUrl: string | URL;
  /** The `iss` a token must carry: your identity provider. */
  readonly issuer: string | readonly string[];
  /** The `aud` a token must carry: this service, as your identity provider names it. */
  readonly audience: string | readonly string[];
  /** The signature algorithms accepted. @default ['RS256', 'PS256', 'ES256', 'EdDSA'] */
  readonly algorithms?: readonly string[] | undefined;
  /**
   * The scope that allows agent assist: in the token's `scope` (space-separated) or `scp` (a
   * list). @default 'kotae:agent'
   */
  readonly agentScope?: string | undefined;
  /** The claim naming the user, whose id keys the limits (`user:<id>`). @default 'sub' */
  readonly userClaim?: string | undefined;
  /** Leeway for `exp` and `nbf` against clock skew, in seconds. @default 30 */
  readonly clockToleranceSec?: number | undefined;
  /**
   * The least time between two fetches of the JWKS, in milliseconds: a token signed with a key
   * not in the cached set (a rotation) fetches it again once this has passed. @default 30000
   */
  readonly jwksCooldownMs?: number | undefined;
  /** How long a fetched JWKS is trusted before it is fetched again, in milliseconds. @default 600000 */
  readonly jwksMaxAgeMs?: number | undefined;
  /** Timeout of a JWKS fetch, in milliseconds. @default 5000 */
  readonly jwksTimeoutMs?: number | undefined;
}

/** JWT checks for the answer service (see {@link jwtAuth}). */
export interface JwtAuth {
  /** The verified claims of the request's bearer token, or `undefined` without a valid one (bad signature, expired, wrong issuer or audience). */
  claims(request: Request): Promise<JWTPayload | undefined>;
  /** Pass as `authorizeAgent`: a valid token with the agent scope. */
  authorizeAgent(request: Request): Promise<boolean>;
  /** Pass as `clientIdentity.user`: the user claim of a valid token, so each signed-in user has their own limits. */
  user(request: Request): Promise<string | undefined>;
}

/**
 * Verifies the bearer tokens your product's own sign-in issues (JWTs signed by your identity
 * provider, checked with `jose` against its JWKS URL): signature, `exp`/`nbf`, `iss` and `aud`.
 * A valid token with the agent scope may ask for agent assist; a valid token's user claim keys
 * the limits, so users have their own allowance wherever they connect from. Keys are fetched
 * when first needed and again when a token names a key not yet known (a rotation). A request is
 * verified once however many checks ask.
 *
 * @example
 * ```ts
 * const jwt = jwtAuth({
 *   jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
 *   issuer: 'https://auth.example.com/',
 *   audience: 'kotae',
 * });
 * createAnswerHandler({ bundle, authorizeAgent: jwt.authorizeAgent, clientIdentity: { user: jwt.user } });
 * ```
 */
export function jwtAuth(options: JwtAuthOptions): JwtAuth {
  let url: URL;
  try {
    url = new URL(options.jwksUrl);
  } catch {
    throw new InvalidOptionError('jwksUrl', `jwksUrl must be a URL (got ${JSON.stringify(String(options.jwksUrl))})`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new InvalidOptionError('jwksUrl', `jwksUrl must be an https: URL (http: only on loopback; got ${JSON.stringify(url.href)})`);
  const keys = createRemoteJWKSet(url, {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
    timeoutDuration: options.jwksTimeoutMs ?? 5000,
  });
  const verifyOptions = {
    issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer],
    audience: typeof options.audience === 'string' ? options.audience : [...options.audience],
    algorithms: [...(options.algorithms ?? ['RS256', 'PS256', 'ES256', 'EdDSA'])],
    clockTolerance: options.clockToleranceSec ?? 30,
  };
  const agentScope = options.agentScope ?? 'kotae:agent';
  const userClaim = options.userClaim ?? 'sub';
  const verified = new WeakMap<Request, Promise<JWTPayload | undefined>>();

  const claims = (request: Request) => {
    let result = verified.get(request);
    if (!result) {
      const token = bearerOf(request);
      result =
        token === undefined || token.split('.').length !== 3
          ? Promise.resolve(undefined)
          : jwtVerify(token, keys, verifyOptions).then(
              ({ payload }) => payload,
              () => undefined,
            );
      verified.set(request, result);
    }
    return result;
  };
  return {
    claims,
    async authorizeAgent(request) {
      const payload = await claims(request);
      if (!payload) return false;
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : Array.isArray(payload.scp) ? payload.scp : [];
      return scopes.includes(agentScope);
    },
    async user(request) {
      const value = (await claims(request))?.[userClaim];
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    },
  };
}
