/**
 * Single sign-on to the console with OpenID Connect: the authorization code flow with PKCE
 * (S256), state and nonce, through `openid-client`. The provider does the authentication
 * (passwords, multi-factor, lockout); kotae checks the ID token (issuer, audience, signature,
 * expiry, nonce) and maps one of its claims to a console role.
 */
import * as client from 'openid-client';
import { OidcConfigError, OidcSignInError } from '../errors.js';
import { roleAtLeast } from './console-access.js';
import { CONSOLE_ROLES, type ConsoleRole } from './console-sessions.js';

/** Options of {@link discoverOidc}. */
export interface OidcSignInOptions {
  /** The provider's issuer identifier (`https://login.example.com/realms/support`); its discovery document is fetched from `<issuer>/.well-known/openid-configuration`. `http:` only on loopback. */
  readonly issuer: string;
  /** The client id kotae is registered under at the provider. */
  readonly clientId: string;
  /** The client secret (`client_secret_basic`); without it kotae is a public client and relies on PKCE alone. `kotae serve` reads `KOTAE_OIDC_CLIENT_SECRET`. */
  readonly clientSecret?: string | undefined;
  /** The redirect URL registered at the provider: `<origin><mount>/v1/console/oidc/callback`. */
  readonly redirectUrl: string;
  /** Scopes asked for. @default ['openid', 'email', 'profile'] */
  readonly scopes?: readonly string[] | undefined;
  /**
   * The claim (of the ID token, else of the userinfo response) that holds the user's role or
   * roles: a string or an array of strings; a dotted path reaches into objects
   * (`realm_access.roles`). @default 'roles'
   */
  readonly roleClaim?: string | undefined;
  /** Claim values → console roles (`{ 'support-leads': 'admin' }`); the highest role found wins. @default each role's own name */
  readonly roleMap?: Readonly<Record<string, ConsoleRole>> | undefined;
  /** The role of a user whose claim names no role; `undefined` refuses them. @default undefined (refused) */
  readonly defaultRole?: ConsoleRole | undefined;
  /** Where the provider sends the browser after signing out there (registered at the provider as a post-logout redirect URI). @default the console's page at the redirect URL's origin */
  readonly postLogoutRedirectUrl?: string | undefined;
  /** The fetch every request to the provider goes through. @default globalThis.fetch */
  readonly fetch?: typeof fetch | undefined;
}

/** What a sign-in under way must remember until the callback (kept in the session store). */
export interface OidcChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Who signed in, from a checked ID token. */
export interface OidcIdentity {
  /** The name shown and audited: the `email` claim, else `preferred_username`, else `sub`. */
  readonly user: string;
  /** The `sub` claim. */
  readonly subject: string;
  /** The console role the claims map to; `undefined` when none (the sign-in is refused). */
  readonly role: ConsoleRole | undefined;
  /** The ID token, kept for `id_token_hint` at sign-out. */
  readonly idToken: string;
}

/** A discovered OpenID Connect provider, ready to sign console users in. */
export interface OidcSignIn {
  /** The issuer identifier, as the provider's metadata states it. */
  readonly issuer: string;
  /** The redirect URL (the callback route). */
  readonly redirectUrl: string;
  /** The URL to send the browser to, and the checks to keep for the callback. */
  start(): Promise<{ readonly url: string; readonly checks: OidcChecks }>;
  /**
   * Completes a sign-in from the callback's query (`code`, `state` or `error`): exchanges the code
   * with the PKCE verifier and checks the ID token. Throws `OidcSignInError` when anything fails.
   */
  finish(query: URLSearchParams, checks: OidcChecks): Promise<OidcIdentity>;
  /** The provider's sign-out URL for RP-initiated logout, or `undefined` when it has none. */
  endSessionUrl(idToken: string | undefined): string | undefined;
}

/**
 * Fetches an OpenID Connect provider's discovery document and returns the console's sign-in
 * through it. Throws `OidcConfigError` when the provider cannot be reached or its metadata does
 * not name the configured issuer, and `InvalidOptionError`-like `OidcConfigError`s for bad URLs.
 *
 * @example
 * ```ts
 * const oidc = await discoverOidc({
 *   issuer: 'https://login.example.com',
 *   clientId: 'kotae-console',
 *   clientSecret: process.env.KOTAE_OIDC_CLIENT_SECRET,
 *   redirectUrl: 'https://help.example.com/api/kotae/v1/console/oidc/callback',
 *   roleClaim: 'groups',
 *   roleMap: { 'support-leads': 'admin', support: 'reviewer' },
 * })
 * const consoleApi = createConsoleApi({ store, basePath: '/api/kotae', oidc })
 * ```
 */
export async function discoverOidc(options: OidcSignInOptions): Promise<OidcSignIn> {
  const issuer = parseUrl(options.issuer, options.issuer, 'issuer');
  const redirect = parseUrl(options.issuer, options.redirectUrl, 'redirectUrl');
  if (!redirect.pathname.endsWith('/v1/console/oidc/callback'))
    throw new OidcConfigError(
      options.issuer,
      `the redirect URL must be the console's callback, <origin><mount>/v1/console/oidc/callback (got ${JSON.stringify(options.redirectUrl)})`,
    );
  if (options.clientId.trim() === '') throw new OidcConfigError(options.issuer, 'the client id is empty');
  for (const [value, role] of Object.entries(options.roleMap ?? {}))
    if (!(CONSOLE_ROLES as readonly string[]).includes(role))
      throw new OidcConfigError(
        options.issuer,
        `role map: ${JSON.stringify(value)} maps to ${JSON.stringify(role)}, not one of ${CONSOLE_ROLES.join(', ')}`,
      );
  const insecure = issuer.protocol === 'http:';
  const requestOptions: client.DiscoveryRequestOptions = {
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    ...(options.fetch ? { [client.customFetch]: options.fetch as client.CustomFetch } : {}),
  };
  let config: client.Configuration;
  try {
    config = await client.discovery(
      issuer,
      options.clientId,
      undefined,
      options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None(),
      requestOptions,
    );
  } catch (error) {
    throw new OidcConfigError(options.issuer, `discovery failed: ${messageOf(error)}`, error);
  }
  const metadata = config.serverMetadata();
  const scope = [...new Set(['openid', ...(options.scopes ?? ['openid', 'email', 'profile'])])].join(' ');
  const roleClaim = options.roleClaim ?? 'roles';
  const roleMap: Readonly<Record<string, ConsoleRole>> = options.roleMap ?? { viewer: 'viewer', reviewer: 'reviewer', admin: 'admin' };
  const postLogout =
    options.postLogoutRedirectUrl ?? new URL(redirect.pathname.replace(/\/v1\/console\/oidc\/callback$/, '/console/'), redirect).href;

  return {
    issuer: metadata.issuer,
    redirectUrl: redirect.href,
    async start() {
      const checks: OidcChecks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirect.href,
        scope,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, checks };
    },
    async finish(query, checks) {
      // The URL the provider redirected to, whatever proxies made of it on the way in.
      const current = new URL(redirect.href);
      current.search = query.toString();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new OidcSignInError(messageOf(error), error);
      }
      const claims = tokens.claims();
      if (claims === undefined || tokens.id_token === undefined) throw new OidcSignInError('the provider returned no ID token');
      let all: Record<string, unknown> = { ...claims };
      if (claimAt(all, roleClaim) === undefined && metadata.userinfo_endpoint !== undefined) {
        try {
          all = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...all };
        } catch (error) {
          throw new OidcSignInError(`the userinfo request failed: ${messageOf(error)}`, error);
        }
      }
      const user = [all['email'], all['preferred_username'], claims.sub].find(
        (v): v is string => typeof v === 'string' && v.trim() !== '',
      )!;
      return { user, subject: claims.sub, role: roleOf(claimAt(all, roleClaim), roleMap) ?? options.defaultRole, idToken: tokens.id_token };
    },
    endSessionUrl(idToken) {
      if (metadata.end_session_endpoint === undefined) return undefined;
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogout,
        ...(idToken === undefined ? {} : { id_token_hint: idToken }),
      }).href;
    },
  };
}

/** The value at a dotted path of the claims (`realm_access.roles`), or `undefined`. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The highest console role the claim's value(s) map to. */
function roleOf(value: unknown, roleMap: Readonly<Record<string, ConsoleRole>>): ConsoleRole | undefined {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  let best: ConsoleRole | undefined;
  for (const v of values) {
    const role = typeof v === 'string' && Object.hasOwn(roleMap, v) ? roleMap[v] : undefined;
    if (role !== undefined && (best === undefined || roleAtLeast(role, best))) best = role;
  }
  return best;
}

function parseUrl(issuer: string, value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OidcConfigError(issuer, `${name} is not a URL (got ${JSON.stringify(value)})`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new OidcConfigError(issuer, `${name} must be https: (http: only on loopback) (got ${JSON.stringify(value)})`);
  return url;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
