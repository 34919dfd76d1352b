/**
 * Console sign-in and sessions (browser-safe): one-time sign-in links exchanged for a session, each
 * session with its role and its CSRF token. Kept in memory: a restart signs everyone out. OpenID
 * Connect sign-in will create sessions through {@link ConsoleSessions.create} too.
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';

/** What a console user may do: `viewer` (insights), `reviewer` (review), `admin` (everything, the audit log). */
export const CONSOLE_ROLES = ['viewer', 'reviewer', 'admin'] as const;

/** A console role; see {@link CONSOLE_ROLES}. */
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** A signed-in console user. */
export interface ConsoleSession {
  /** The session id (the cookie's value). */
  readonly id: string;
  /** Who: a name or email address. */
  readonly user: string;
  readonly role: ConsoleRole;
  /** The token every write must send in the `X-Kotae-CSRF` header. */
  readonly csrf: string;
  /** When it ends (ms since the epoch). */
  readonly expires: number;
}

/** Options of {@link ConsoleSessions}. */
export interface ConsoleSessionOptions {
  /** How long a session lasts, in ms. @default 28800000 (8 hours) */
  readonly sessionMs?: number | undefined;
  /** How long a sign-in link stays usable, in ms. @default 900000 (15 minutes) */
  readonly linkMs?: number | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** 32 random bytes as base64url: an unguessable token. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The console's sign-in links and sessions, in memory.
 *
 * @example
 * ```ts
 * const sessions = new ConsoleSessions()
 * const token = sessions.link('ana@example.com', 'reviewer') // print `<mount>/v1/console/sign-in?token=${token}`
 * ```
 */
export class ConsoleSessions {
  readonly #sessionMs: number;
  readonly #linkMs: number;
  readonly #now: () => number;
  readonly #links = new Map<string, { user: string; role: ConsoleRole; expires: number }>();
  readonly #sessions = new Map<string, ConsoleSession>();

  constructor(options: ConsoleSessionOptions = {}) {
    this.#sessionMs = options.sessionMs ?? 8 * 3_600_000;
    this.#linkMs = options.linkMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** A one-time sign-in token for `user` in `role`; it works once, within `linkMs`. */
  link(user: string, role: ConsoleRole): string {
    checkUser(user, role);
    const token = randomToken();
    this.#links.set(token, { user, role, expires: this.#now() + this.#linkMs });
    return token;
  }

  /** Spends a sign-in token: the new session, or `undefined` when the token is unknown, spent or expired. */
  exchange(token: string): ConsoleSession | undefined {
    const link = this.#links.get(token);
    this.#links.delete(token);
    if (link === undefined || link.expires <= this.#now()) return undefined;
    return this.create(link.user, link.role);
  }

  /** Starts a session for `user` in `role` (the seam for other sign-in methods, such as OpenID Connect). */
  create(user: string, role: ConsoleRole): ConsoleSession {
    checkUser(user, role);
    const session = { id: randomToken(), user, role, csrf: randomToken(), expires: this.#now() + this.#sessionMs };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or `undefined` (an expired one is forgotten). */
  get(id: string): ConsoleSession | undefined {
    const session = this.#sessions.get(id);
    if (session !== undefined && session.expires <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Ends a session. */
  end(id: string): void {
    this.#sessions.delete(id);
  }
}

function checkUser(user: string, role: ConsoleRole): void {
  if (typeof user !== 'string' || user.trim() === '')
    throw new InvalidOptionError('user', `console: user must be a non-empty name (got ${JSON.stringify(user)})`);
  if (!(CONSOLE_ROLES as readonly string[]).includes(role)) {
    throw new InvalidOptionError('role', `console: role must be one of ${CONSOLE_ROLES.join(', ')} (got ${JSON.stringify(role)})`);
  }
}
