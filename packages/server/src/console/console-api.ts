/**
 * The review console's HTTP API (browser-safe, Hono): sign-in (one-time links, OpenID Connect),
 * the review queue, interactions and conversations, reviews and their JSONL export, the audit
 * log. Who may call which route is {@link CONSOLE_ACCESS}; every write needs the session's CSRF
 * token; every write is audited.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { REVIEW_VERDICTS, redact, type ReviewRecord } from '@kotae/knowledge';
import type { InteractionStore } from '../store/interaction-store.js';
import type { AuditEntry } from '../store/audit-log.js';
import { storeInsights } from '../store/store-insights.js';
import { REVIEW_SIGNALS, REVIEW_SORTS, type ReviewQueueQuery, type ReviewSignal, type ReviewSort } from '../store/review-queue.js';
import { OidcSignInError } from '../errors.js';
import { CONSOLE_ACCESS, roleAtLeast, type ConsoleRoute } from './console-access.js';
import { ConsoleSessions, randomToken, sameToken, tokenKey, type ConsoleRole, type ConsoleSession } from './console-sessions.js';
import type { OidcChecks, OidcSignIn } from './console-oidc.js';
import { addReviewWorkflowRoutes, type ConsoleTopicsOptions } from './review-workflow.js';

/** The criteria a scorecard scores by default. */
export const DEFAULT_CRITERIA = ['accuracy', 'completeness', 'tone', 'followed-policy'] as const;

/** The session cookie's name. */
export const CONSOLE_COOKIE = 'kotae_console';

/** The header every write sends its CSRF token in. */
export const CSRF_HEADER = 'X-Kotae-CSRF';

/** The cookie that ties an OpenID Connect sign-in under way to the browser that started it. */
const OIDC_COOKIE = 'kotae_console_oidc';

/** How long an OpenID Connect sign-in may take at the provider, in ms. */
const OIDC_PENDING_MS = 10 * 60_000;

/** Options of {@link createConsoleApi}. */
export interface ConsoleApiOptions {
  /** The interaction store the console reads and writes reviews to. */
  readonly store: InteractionStore;
  /** Where the answer service is mounted (`/api/kotae`); the API is at `<basePath>/v1/console/`. @default '' */
  readonly basePath?: string | undefined;
  /** The scorecard's criteria, each scored 1–5. @default accuracy, completeness, tone, followed-policy */
  readonly criteria?: readonly string[] | undefined;
  /** The sessions (sign-in links, OpenID Connect). @default a new in-memory `ConsoleSessions` */
  readonly sessions?: ConsoleSessions | undefined;
  /** Single sign-on through an OpenID Connect provider (see `discoverOidc`). @default sign-in links only */
  readonly oidc?: OidcSignIn | undefined;
  /** Where a completed sign-in redirects to. @default `<basePath>/console/` */
  readonly consolePath?: string | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Where the topic classifier (`POST /classifier/train`) learns from besides reviewers' labels. @default reviewers' labels only */
  readonly topics?: ConsoleTopicsOptions | undefined;
  /**
   * Article titles by article id, read for every insights summary (topics are shown by title).
   * `kotae serve` gives the titles of the bundle it serves. @default the ids
   */
  readonly titles?: (() => ReadonlyMap<string, string>) | undefined;
}

/** The console API: a fetch handler and its sessions. */
export interface ConsoleApi {
  /** Handles a request under `<basePath>/v1/console/`; anything else is a 404. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The sessions, for making sign-in links. */
  readonly sessions: ConsoleSessions;
  /** The scorecard criteria in use. */
  readonly criteria: readonly string[];
  /** Every route the API answers, as `<METHOD> <path>` (the keys of `CONSOLE_ACCESS`, when every route is in the policy). */
  readonly routes: readonly string[];
}

type Env = { Variables: { session: ConsoleSession } };

/**
 * The review console's API as a fetch handler.
 *
 * Routes (under `<basePath>/v1/console`) and the role each needs are {@link CONSOLE_ACCESS}:
 * `GET /sign-in?token=` (spends a sign-in link), `GET /oidc/login` and `GET /oidc/callback`
 * (single sign-on), `GET /session`, `DELETE /session` (sign out), `GET /insights?days=` (the
 * insights summary), `GET /queue`,
 * `GET /interactions/:id`, `GET /conversations/:id`, `POST /interactions/:id/reviews`,
 * `GET /reviews.jsonl`, `GET /audit`, and the review workflow's (`POST /interactions/:id/case`,
 * `GET /cases`, `POST /interactions/:id/topic`, `GET /topics`, `GET /classifier`,
 * `POST /classifier/train`, `POST /erase`). See `docs/console.md`.
 *
 * @example
 * ```ts
 * const api = createConsoleApi({ store, basePath: '/api/kotae' })
 * console.log(`/api/kotae/v1/console/sign-in?token=${api.sessions.link('admin', 'admin')}`)
 * ```
 */
export function createConsoleApi(options: ConsoleApiOptions): ConsoleApi {
  const base = options.basePath ?? '';
  const store = options.store;
  const now = options.now ?? Date.now;
  const sessions = options.sessions ?? new ConsoleSessions({ now });
  const oidc = options.oidc;
  const criteria = [...(options.criteria ?? DEFAULT_CRITERIA)];
  if (criteria.length === 0 || criteria.some((c) => typeof c !== 'string' || c === '')) {
    throw new InvalidOptionError('criteria', `console: criteria must be non-empty names (got ${JSON.stringify(criteria)})`);
  }
  const consolePath = options.consolePath ?? `${base}/console/`;
  const cookiePath = base === '' ? '/' : base;
  const prefix = `${base}/v1/console`;
  const app = new Hono<Env>().basePath(prefix);

  const audit = (session: Pick<ConsoleSession, 'user' | 'role'>, action: string, rest: Partial<AuditEntry> = {}) =>
    store.appendAudit({ at: new Date(now()).toISOString(), actor: session.user, role: session.role, action, ...rest });

  /**
   * Cookies are `Secure` over HTTPS, and whenever single sign-on redirects to an `https:` URL:
   * behind a proxy that ends TLS, the request kotae sees is plain HTTP, but browsers are on HTTPS.
   */
  const secure = (c: Context<Env>) => new URL(c.req.url).protocol === 'https:' || oidc?.redirectUrl.startsWith('https:') === true;

  /** Resolves the session and checks its role (and, for a write, its CSRF token). */
  const guard = (least: ConsoleRole | 'public') =>
    async function check(c: Context<Env>, next: () => Promise<void>) {
      if (least === 'public') return next();
      const id = getCookie(c, CONSOLE_COOKIE);
      const session = id === undefined ? undefined : await sessions.get(id);
      if (session === undefined) return c.json({ error: 'not signed in' }, 401);
      if (!roleAtLeast(session.role, least)) return c.json({ error: `needs the ${least} role` }, 403);
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        const token = c.req.header(CSRF_HEADER);
        if (token === undefined || !sameToken(token, session.csrf)) return c.json({ error: 'missing or wrong CSRF token' }, 403);
      }
      c.set('session', session);
      await next();
    };

  /** Registers a route of the policy, behind the guard of its role. */
  const route = (key: ConsoleRoute, handler: (c: Context<Env>) => Response | Promise<Response>) => {
    const [method, path] = key.split(' ') as [string, string];
    app.on(method, path, guard(CONSOLE_ACCESS[key]), handler);
  };

  /** Sets the session cookie, audits the sign-in and sends the browser to the console. */
  const signedIn = async (c: Context<Env>, session: ConsoleSession, after?: unknown) => {
    setCookie(c, CONSOLE_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: cookiePath,
      maxAge: Math.floor((session.expires - now()) / 1000),
    });
    await audit(session, 'session.create', after === undefined ? {} : { after });
    c.header('Cache-Control', 'no-store');
    return c.redirect(consolePath, 303);
  };

  route('GET /sign-in', async (c) => {
    const session = await sessions.exchange(c.req.query('token') ?? '');
    if (session === undefined) return c.json({ error: 'this sign-in link is unknown, spent or expired' }, 401);
    return signedIn(c, session);
  });

  route('GET /oidc/login', async (c) => {
    if (oidc === undefined) return c.json({ error: 'single sign-on is not configured' }, 404);
    const { url, checks } = await oidc.start();
    const expires = now() + OIDC_PENDING_MS;
    await sessions.store.put(await tokenKey('oidc', checks.state), { ...checks, expires }, expires);
    // Lax, not Strict: the provider's redirect back to the callback is a cross-site navigation.
    setCookie(c, OIDC_COOKIE, checks.state, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(c),
      path: `${prefix}/oidc`,
      maxAge: OIDC_PENDING_MS / 1000,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url, 302);
  });

  route('GET /oidc/callback', async (c) => {
    if (oidc === undefined) return c.json({ error: 'single sign-on is not configured' }, 404);
    const state = c.req.query('state') ?? '';
    const started = getCookie(c, OIDC_COOKIE);
    deleteCookie(c, OIDC_COOKIE, { path: `${prefix}/oidc` });
    c.header('Cache-Control', 'no-store');
    // The sign-in must finish in the browser that started it (no login CSRF), and only once.
    if (started === undefined || state === '' || !sameToken(started, state))
      return c.json({ error: 'this sign-in was not started in this browser: start again' }, 401);
    const pending = await sessions.store.take(await tokenKey('oidc', state));
    if (pending === undefined || typeof pending['expires'] !== 'number' || pending['expires'] <= now())
      return c.json({ error: 'this sign-in is unknown, spent or expired: start again' }, 401);
    let identity;
    try {
      identity = await oidc.finish(new URL(c.req.url).searchParams, pending as unknown as OidcChecks);
    } catch (e) {
      if (e instanceof OidcSignInError) return c.json({ error: e.message }, 401);
      throw e;
    }
    const who = { subject: identity.subject, issuer: oidc.issuer };
    if (identity.role === undefined) {
      await store.appendAudit({
        at: new Date(now()).toISOString(),
        actor: identity.user,
        role: 'none',
        action: 'session.refused',
        after: who,
      });
      return c.json({ error: `${identity.user} has no console role (ask an admin to give you one at the identity provider)` }, 403);
    }
    const session = await sessions.create(identity.user, identity.role, { signIn: 'oidc', idToken: identity.idToken });
    return signedIn(c, session, { signIn: 'oidc', ...who });
  });

  route('GET /session', (c) => {
    const { user, role, csrf, expires, signIn } = c.get('session');
    c.header('Cache-Control', 'no-store');
    return c.json({ user, role, csrf, expires: new Date(expires).toISOString(), signIn: signIn ?? 'link', criteria });
  });

  route('DELETE /session', async (c) => {
    const session = c.get('session');
    await sessions.end(session.id);
    deleteCookie(c, CONSOLE_COOKIE, { path: cookiePath });
    await audit(session, 'session.end');
    // RP-initiated logout: the console sends the browser on to the provider to end its session too.
    const endSessionUrl = session.signIn === 'oidc' ? oidc?.endSessionUrl(session.idToken) : undefined;
    return endSessionUrl === undefined ? c.body(null, 204) : c.json({ endSessionUrl }, 200);
  });

  route('GET /insights', async (c) => {
    const days = Number(c.req.query('days') ?? '30');
    if (!Number.isInteger(days) || days < 1 || days > 366) return c.json({ error: 'days must be a whole number from 1 to 366' }, 400);
    // A PostgreSQL store aggregates in SQL (storeInsights); the others stream their records.
    const report = await storeInsights(store, {
      since: new Date(now() - days * 86_400_000),
      until: new Date(now()),
      limit: 8,
      titles: options.titles?.(),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(report);
  });

  route('GET /queue', async (c) => {
    const query = queueQuery(c.req.query());
    if (typeof query === 'string') return c.json({ error: query }, 400);
    try {
      return c.json(await store.reviewQueue(query));
    } catch (e) {
      if (e instanceof InvalidOptionError) return c.json({ error: e.message }, 400);
      throw e;
    }
  });

  route('GET /interactions/:id', async (c) => {
    const id = c.req.param('id') ?? '';
    const interaction = await store.interaction(id);
    if (interaction === undefined) return c.json({ error: `no interaction ${JSON.stringify(id)}` }, 404);
    const records =
      interaction.conversationId === undefined
        ? await store.thread({ interactionId: id })
        : await store.thread({ conversationId: interaction.conversationId });
    return c.json({ interaction, records });
  });

  route('GET /conversations/:id', async (c) => {
    const records = await store.thread({ conversationId: c.req.param('id') ?? '' });
    if (records.length === 0) return c.json({ error: `no conversation ${JSON.stringify(c.req.param('id') ?? '')}` }, 404);
    return c.json({ records });
  });

  const reviewBody = z.strictObject({
    resolved: z.boolean(),
    verdict: z.enum(REVIEW_VERDICTS),
    scores: z.record(z.string(), z.number().int().min(1).max(5)),
    note: z.string().max(4000).optional(),
    correction: z.string().max(8000).optional(),
  });

  route('POST /interactions/:id/reviews', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id') ?? '';
    const parsed = reviewBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return c.json({ error: 'invalid review', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    const unknown = Object.keys(parsed.data.scores).filter((k) => !criteria.includes(k));
    if (unknown.length > 0) return c.json({ error: `unknown criteria: ${unknown.join(', ')} (known: ${criteria.join(', ')})` }, 400);
    if ((await store.interaction(id)) === undefined) return c.json({ error: `no interaction ${JSON.stringify(id)}` }, 404);
    const before = (await store.thread({ interactionId: id })).filter((r): r is ReviewRecord => r.kind === 'review').at(-1);
    const { note, correction, ...rest } = parsed.data;
    const review: ReviewRecord = {
      kind: 'review',
      interactionId: id,
      at: new Date(now()).toISOString(),
      id: randomToken().slice(0, 22),
      reviewer: session.user,
      ...rest,
      // Reviewers paste from tickets: redacted like everything else the store keeps.
      ...(note === undefined ? {} : { note: redact(note).text }),
      ...(correction === undefined ? {} : { correction: redact(correction).text }),
    };
    await store.append(review);
    await audit(session, 'review.create', { target: id, ...(before === undefined ? {} : { before }), after: review });
    return c.json(review, 201);
  });

  route('GET /reviews.jsonl', async (c) => {
    const session = c.get('session');
    await audit(session, 'reviews.export');
    const lines: string[] = [];
    for await (const record of store.records()) if (record.kind === 'review') lines.push(`${JSON.stringify(record)}\n`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="reviews.jsonl"');
    return c.body(lines.join(''));
  });

  route('GET /audit', async (c) => {
    const since = c.req.query('since');
    const entries: AuditEntry[] = [];
    try {
      for await (const entry of store.auditLog(since === undefined ? {} : { since })) entries.push(entry);
    } catch (e) {
      if (e instanceof InvalidOptionError) return c.json({ error: e.message }, 400);
      throw e;
    }
    return c.json({ entries });
  });

  addReviewWorkflowRoutes({ store, now, route, audit, topics: options.topics });

  app.notFound((c) => c.json({ error: 'not found' }, 404));

  const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.slice(prefix.length)}`))];
  return { fetch: (request) => Promise.resolve(app.fetch(request)), sessions, criteria, routes };
}

/** The queue query of a request's query string, or a message saying what is wrong with it. */
function queueQuery(params: Record<string, string>): ReviewQueueQuery | string {
  const signals = (params['signals'] ?? '').split(',').filter((s) => s !== '');
  const bad = signals.find((s) => !(REVIEW_SIGNALS as readonly string[]).includes(s));
  if (bad !== undefined) return `unknown signal ${JSON.stringify(bad)} (one of ${REVIEW_SIGNALS.join(', ')})`;
  const sort = params['sort'];
  if (sort !== undefined && !(REVIEW_SORTS as readonly string[]).includes(sort)) return `sort must be one of ${REVIEW_SORTS.join(', ')}`;
  const number = (name: string): number | undefined => (params[name] === undefined ? undefined : Number(params[name]));
  return {
    signals: signals as ReviewSignal[],
    unreviewed: params['unreviewed'] === 'true',
    ...(sort === undefined ? {} : { sort: sort as ReviewSort }),
    limit: number('limit'),
    cursor: params['cursor'],
    lowScoreBelow: number('lowScoreBelow'),
    sampleShare: number('sampleShare'),
  };
}
