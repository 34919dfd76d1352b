/**
 * Console sign-in and sessions (browser-safe): one-time sign-in links exchanged for a session, and
 * sessions each with its role and its CSRF token. Sessions (and the state of an OpenID Connect
 * sign-in under way) live in a {@link ConsoleSessionStore}: in memory by default, in PostgreSQL
 * (`PostgresInteractionStore.consoleSessionStore()`) so that several instances share them. Sign-in
 * links stay in the memory of the instance that printed them.
 */
import { InvalidOptionError } from '@kotae/knowledge/errors';

/** What a console user may do: `viewer` (insights), `reviewer` (review), `admin` (everything, the audit log). */
export const CONSOLE_ROLES = ['viewer', 'reviewer', 'admin'] as const;

/** A console role; see {@link CONSOLE_ROLES}. */
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** A signed-in console user. */
export interface ConsoleSession {
  /** The session id (the cookie's value; stores keep only its SHA-256). */
  readonly id: string;
  /** Who: a name or email address. */
  readonly user: string;
  readonly role: ConsoleRole;
  /** The token every write must send in the `X-Kotae-CSRF` header. */
  readonly csrf: string;
  /** When it ends (ms since the epoch). */
  readonly expires: number;
  /** How the user signed in: a one-time `link`, or `oidc` (single sign-on). @default 'link' */
  readonly signIn?: 'link' | 'oidc' | undefined;
  /** With `oidc`: the ID token, sent as `id_token_hint` when signing out at the provider. */
  readonly idToken?: string | undefined;
}

/** A value a {@link ConsoleSessionStore} keeps: a JSON object. */
export type ConsoleStoredValue = Readonly<Record<string, unknown>>;

/**
 * Where console sessions and OpenID Connect sign-ins under way are kept: a small key-value store
 * with expiry. Keys are SHA-256 hashes (base64url), never the tokens themselves, so a reader of
 * the store cannot take over a session.
 *
 * @example
 * ```ts
 * const sessions = new ConsoleSessions({ store: postgresStore.consoleSessionStore() })
 * ```
 */
export interface ConsoleSessionStore {
  /** Keeps `value` under `key` until `expires` (ms since the epoch), replacing any value there. */
  put(key: string, value: ConsoleStoredValue, expires: number): Promise<void>;
  /** The value under `key`, or `undefined`. May return an expired one: the caller checks `expires`. */
  get(key: string): Promise<ConsoleStoredValue | undefined>;
  /** Removes the value under `key` and returns it (atomically: two callers never both get it). */
  take(key: string): Promise<ConsoleStoredValue | undefined>;
  /** Removes the value under `key`. */
  delete(key: string): Promise<void>;
}

/**
 * A {@link ConsoleSessionStore} in this process's memory: a restart signs everyone out, and each
 * instance has its own sessions.
 *
 * @example
 * ```ts
 * const sessions = new ConsoleSessions({ store: new MemoryConsoleSessionStore() })
 * ```
 */
export class MemoryConsoleSessionStore implements ConsoleSessionStore {
  readonly #values = new Map<string, { value: ConsoleStoredValue; expires: number }>();
  readonly #now: () => number;

  /** `now`: the clock expired values are swept by. @default Date.now */
  constructor(options: { readonly now?: (() => number) | undefined } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** See {@link ConsoleSessionStore.put}. */
  put(key: string, value: ConsoleStoredValue, expires: number): Promise<void> {
    this.#sweep();
    this.#values.set(key, { value, expires });
    return Promise.resolve();
  }

  /** See {@link ConsoleSessionStore.get}. */
  get(key: string): Promise<ConsoleStoredValue | undefined> {
    return Promise.resolve(this.#values.get(key)?.value);
  }

  /** See {@link ConsoleSessionStore.take}. */
  take(key: string): Promise<ConsoleStoredValue | undefined> {
    const found = this.#values.get(key);
    this.#values.delete(key);
    return Promise.resolve(found?.value);
  }

  /** See {@link ConsoleSessionStore.delete}. */
  delete(key: string): Promise<void> {
    this.#values.delete(key);
    return Promise.resolve();
  }

  /** Forgets expired values, so that abandoned sessions do not pile up. */
  #sweep(): void {
    const now = this.#now();
    for (const [key, { expires }] of this.#values) if (expires <= now) this.#values.delete(key);
  }
}

/** Options of {@link ConsoleSessions}. */
export interface ConsoleSessionOptions {
  /** How long a session lasts, in ms, however it was started. @default 28800000 (8 hours) */
  readonly sessionMs?: number | undefined;
  /** How long a sign-in link stays usable, in ms. @default 900000 (15 minutes) */
  readonly linkMs?: number | undefined;
  /** Where sessions are kept. @default a new {@link MemoryConsoleSessionStore} */
  readonly store?: ConsoleSessionStore | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** 32 random bytes as base64url: an unguessable token. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The store key of a token: `<prefix>:<SHA-256 of the token, base64url>`. */
export async function tokenKey(prefix: string, token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return `${prefix}:${base64url(new Uint8Array(digest))}`;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The console's sign-in links (in memory) and sessions (in a {@link ConsoleSessionStore}).
 *
 * @example
 * ```ts
 * const sessions = new ConsoleSessions()
 * const token = sessions.link('ana@example.com', 'reviewer') // print `<mount>/v1/console/sign-in?token=${token}`
 * ```
 */
export class ConsoleSessions {
  /** Where sessions are kept (OpenID Connect sign-ins under way too). */
  readonly store: ConsoleSessionStore;
  /** How long a session lasts, in ms. */
  readonly sessionMs: number;
  readonly #linkMs: number;
  readonly #now: () => number;
  readonly #links = new Map<string, { user: string; role: ConsoleRole; expires: number }>();

  constructor(options: ConsoleSessionOptions = {}) {
    this.sessionMs = options.sessionMs ?? 8 * 3_600_000;
    this.#linkMs = options.linkMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
    this.store = options.store ?? new MemoryConsoleSessionStore({ now: this.#now });
  }

  /** A one-time sign-in token for `user` in `role`; it works once, within `linkMs`, on this instance. */
  link(user: string, role: ConsoleRole): string {
    checkUser(user, role);
    const token = randomToken();
    this.#links.set(token, { user, role, expires: this.#now() + this.#linkMs });
    return token;
  }

  /** Spends a sign-in token: the new session, or `undefined` when the token is unknown, spent or expired. */
  async exchange(token: string): Promise<ConsoleSession | undefined> {
    const link = this.#links.get(token);
    this.#links.delete(token);
    if (link === undefined || link.expires <= this.#now()) return undefined;
    return this.create(link.user, link.role);
  }

  /**
   * Starts a session for `user` in `role` (every sign-in method ends here).
   *
   * `details` says how they signed in, and with OpenID Connect carries the ID token for signing out.
   */
  async create(user: string, role: ConsoleRole, details: Pick<ConsoleSession, 'signIn' | 'idToken'> = {}): Promise<ConsoleSession> {
    checkUser(user, role);
    const session: ConsoleSession = {
      id: randomToken(),
      user,
      role,
      csrf: randomToken(),
      expires: this.#now() + this.sessionMs,
      signIn: details.signIn ?? 'link',
      ...(details.idToken === undefined ? {} : { idToken: details.idToken }),
    };
    const { id: _id, ...stored } = session;
    await this.store.put(await tokenKey('session', session.id), stored, session.expires);
    return session;
  }

  /** The live session with this id, or `undefined` (an expired one is forgotten). */
  async get(id: string): Promise<ConsoleSession | undefined> {
    if (id === '') return undefined;
    const key = await tokenKey('session', id);
    const stored = await this.store.get(key);
    if (stored === undefined) return undefined;
    const session = { ...stored, id } as ConsoleSession;
    if (typeof session.expires !== 'number' || session.expires <= this.#now()) {
      await this.store.delete(key);
      return undefined;
    }
    return session;
  }

  /** Ends a session. */
  async end(id: string): Promise<void> {
    await this.store.delete(await tokenKey('session', id));
  }
}

function checkUser(user: string, role: ConsoleRole): void {
  if (typeof user !== 'string' || user.trim() === '')
    throw new InvalidOptionError('user', `console: user must be a non-empty name (got ${JSON.stringify(user)})`);
  if (!(CONSOLE_ROLES as readonly string[]).includes(role)) {
    throw new InvalidOptionError('role', `console: role must be one of ${CONSOLE_ROLES.join(', ')} (got ${JSON.stringify(role)})`);
  }
}
