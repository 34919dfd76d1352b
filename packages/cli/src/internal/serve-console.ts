/**
 * The review console's single sign-on options of `kotae serve`: `--oidc-*` on the command line,
 * the client secret from `KOTAE_OIDC_CLIENT_SECRET`.
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { CONSOLE_ROLES, type ConsoleRole, type OidcSignInOptions } from '@kotae/server';
import type { OptionSpec } from './command.js';

/** The `--oidc-*` values of a command line, as given. */
export interface OidcArgs {
  readonly issuer: string | undefined;
  readonly clientId: string | undefined;
  readonly redirectUrl: string | undefined;
  readonly roleClaim: string | undefined;
  readonly roleMap: string | undefined;
  readonly defaultRole: string | undefined;
  readonly scope: string | undefined;
}

/**
 * The console's OpenID Connect options from the command line, or `undefined` without
 * `--oidc-issuer`. Throws `InvalidOptionError` when they are incomplete or malformed, or given
 * without `--console`.
 */
export function consoleOidcOptions(args: OidcArgs, console: boolean, clientSecret: string | undefined): OidcSignInOptions | undefined {
  const given = Object.entries(args).filter(([, v]) => v !== undefined);
  if (args.issuer === undefined) {
    if (given.length > 0) throw new InvalidOptionError('oidc-issuer', `kotae serve: --${flag(given[0]![0])} needs --oidc-issuer`);
    return undefined;
  }
  if (!console)
    throw new InvalidOptionError('oidc-issuer', 'kotae serve: --oidc-issuer needs --console (it signs users in to the console)');
  if (args.clientId === undefined || args.redirectUrl === undefined)
    throw new InvalidOptionError('oidc-issuer', 'kotae serve: --oidc-issuer needs --oidc-client-id and --oidc-redirect-url');
  return {
    issuer: args.issuer,
    clientId: args.clientId,
    clientSecret,
    redirectUrl: args.redirectUrl,
    ...(args.roleClaim === undefined ? {} : { roleClaim: args.roleClaim }),
    ...(args.roleMap === undefined ? {} : { roleMap: roleMap(args.roleMap) }),
    ...(args.defaultRole === undefined || args.defaultRole === 'none' ? {} : { defaultRole: role('oidc-default-role', args.defaultRole) }),
    ...(args.scope === undefined ? {} : { scopes: ['openid', 'email', 'profile', ...args.scope.split(/[\s,]+/).filter((s) => s !== '')] }),
  };
}

function flag(key: string): string {
  return `oidc-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function role(option: string, value: string): ConsoleRole {
  if (!(CONSOLE_ROLES as readonly string[]).includes(value))
    throw new InvalidOptionError(
      option,
      `kotae serve: --${option} must be one of ${CONSOLE_ROLES.join(', ')} (got ${JSON.stringify(value)})`,
    );
  return value as ConsoleRole;
}

/** `support-leads=admin,support=reviewer` → `{ 'support-leads': 'admin', support: 'reviewer' }`. */
function roleMap(text: string): Record<string, ConsoleRole> {
  const map: Record<string, ConsoleRole> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0)
      throw new InvalidOptionError('oidc-role-map', `kotae serve: --oidc-role-map takes value=role pairs (got ${JSON.stringify(pair)})`);
    map[pair.slice(0, eq)] = role('oidc-role-map', pair.slice(eq + 1));
  }
  return map;
}

/** `--oidc-issuer <url>`. */
export const OIDC_ISSUER_OPTION = {
  type: 'string',
  value: '<url>',
  description: 'sign console users in with this OpenID Connect provider (KOTAE_OIDC_CLIENT_SECRET holds the client secret)',
  doc: "sign console users in with single sign-on at this OpenID Connect provider (its issuer identifier; the discovery document is read from `<url>/.well-known/openid-configuration` at start, and a provider that cannot be reached stops the server with exit status 3). The authorization code flow with PKCE; the client secret is read from `KOTAE_OIDC_CLIENT_SECRET` (without it kotae is a public client). Needs `--console`, `--oidc-client-id` and `--oidc-redirect-url`. Instead of the one-time link, the startup lines show the sign-in URL. See [the console's sign-in](console.md#sign-in)",
} as const satisfies OptionSpec;

/** `--oidc-client-id <id>`. */
export const OIDC_CLIENT_ID_OPTION = {
  type: 'string',
  value: '<id>',
  description: 'the client id kotae is registered under at the provider',
} as const satisfies OptionSpec;

/** `--oidc-redirect-url <url>`. */
export const OIDC_REDIRECT_URL_OPTION = {
  type: 'string',
  value: '<url>',
  description: 'the redirect URL registered at the provider: <origin>/api/kotae/v1/console/oidc/callback',
  doc: 'the redirect URL registered at the provider: `<origin>/api/kotae/v1/console/oidc/callback`, as browsers reach the server (`https:`, or `http:` on loopback). Register `<origin>/api/kotae/console/` as the post-logout redirect URL',
} as const satisfies OptionSpec;

/** `--oidc-role-claim <name>`. */
export const OIDC_ROLE_CLAIM_OPTION = {
  type: 'string',
  value: '<name>',
  description: 'the claim that holds the console role(s) (default roles; a dotted path reaches nested claims)',
  doc: "the claim of the ID token (or, when absent there, of the userinfo response) that holds the user's console role or roles: a string or an array; a dotted path reaches into objects (`realm_access.roles`). Default `roles`; the highest role found wins",
} as const satisfies OptionSpec;

/** `--oidc-role-map <value=role,…>`. */
export const OIDC_ROLE_MAP_OPTION = {
  type: 'string',
  value: '<value=role,…>',
  description: "map the claim's values to console roles (default: viewer, reviewer, admin as themselves)",
  doc: "map the role claim's values to console roles, such as `support-leads=admin,support=reviewer` (default: the values `viewer`, `reviewer` and `admin` map to themselves, nothing else to a role)",
} as const satisfies OptionSpec;

/** `--oidc-default-role <role|none>`. */
export const OIDC_DEFAULT_ROLE_OPTION = {
  type: 'string',
  value: '<role|none>',
  description: 'the role of a user whose claim names none (default none: refused)',
  doc: "the role of a user whose claim maps to no role: `viewer`, `reviewer`, `admin`, or `none` (the default: refused with 403, and the refusal is audited). Everyone the provider lets sign in to this client gets it, so restrict the client's users at the provider before choosing one",
} as const satisfies OptionSpec;

/** `--oidc-scope <scopes>`. */
export const OIDC_SCOPE_OPTION = {
  type: 'string',
  value: '<scopes>',
  description: 'scopes to ask for besides openid, email and profile (such as groups)',
} as const satisfies OptionSpec;
