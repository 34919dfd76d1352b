/**
 * Who `kotae serve` lets ask for agent assist, and who a user is for the limits: the static
 * `KOTAE_AGENT_TOKEN` (compared in constant time) and JWTs checked against a JWKS URL.
 */
import { bearerToken, jwtAuth, type AnswerServiceOptions, type JwtAuthOptions } from '@kotae/server';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { OptionSpec } from './command.js';

/** `authorizeAgent` and the `clientIdentity.user` of a `kotae serve`, from its token and JWT options. */
export function serveAuth(
  token: string | undefined,
  jwt: JwtAuthOptions | undefined,
): Pick<AnswerServiceOptions, 'authorizeAgent'> & { user?: (request: Request) => Promise<string | undefined> } {
  const byToken = token ? bearerToken(token) : undefined;
  const byJwt = jwt ? jwtAuth(jwt) : undefined;
  if (!byToken && !byJwt) return {};
  return {
    authorizeAgent: async (request) => ((await byToken?.(request)) ?? false) || ((await byJwt?.authorizeAgent(request)) ?? false),
    ...(byJwt ? { user: byJwt.user } : {}),
  };
}

/** The JWT options of the command line, or `undefined` without `--jwks-url`. */
export function jwtOptions(
  jwksUrl: string | undefined,
  issuer: string | undefined,
  audience: string | undefined,
): JwtAuthOptions | undefined {
  if (jwksUrl === undefined) {
    if (issuer !== undefined || audience !== undefined)
      throw new InvalidOptionError('jwks-url', 'kotae serve: --jwt-issuer and --jwt-audience need --jwks-url');
    return undefined;
  }
  if (issuer === undefined || audience === undefined)
    throw new InvalidOptionError(
      'jwks-url',
      'kotae serve: --jwks-url needs --jwt-issuer and --jwt-audience (a token for another service must not pass)',
    );
  return { jwksUrl, issuer, audience };
}

/** `--jwks-url <url>`. */
export const JWKS_URL_OPTION = {
  type: 'string',
  value: '<url>',
  description: 'accept JWTs signed by the keys published here: per-user limits, agent assist with the kotae:agent scope',
  doc: "accept `Authorization: Bearer <JWT>` tokens from your product's sign-in, verified against the keys your identity provider publishes here (its `jwks_uri`; `https:`, or `http:` on loopback), with `--jwt-issuer` and `--jwt-audience` (both required). A valid token's `sub` keys every limit, so each signed-in user has their own allowance; one whose `scope` (or `scp`) holds `kotae:agent` may ask for agent assist, as `KOTAE_AGENT_TOKEN` may. Keys are fetched again when a token names an unknown one (a rotation). See [operations](operations.md#auth)",
} as const satisfies OptionSpec;

/** `--jwt-issuer <iss>`. */
export const JWT_ISSUER_OPTION = {
  type: 'string',
  value: '<iss>',
  description: 'the iss a JWT must carry (with --jwks-url)',
  doc: 'the `iss` a JWT must carry: your identity provider (with `--jwks-url`)',
} as const satisfies OptionSpec;

/** `--jwt-audience <aud>`. */
export const JWT_AUDIENCE_OPTION = {
  type: 'string',
  value: '<aud>',
  description: 'the aud a JWT must carry (with --jwks-url)',
  doc: 'the `aud` a JWT must carry: this service, as your identity provider names it (with `--jwks-url`)',
} as const satisfies OptionSpec;
