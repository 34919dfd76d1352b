/**
 * The review console's HTTP API (browser-safe, Hono): the review queue, interactions and
 * conversations, reviews and their JSONL export, the audit log. Every route but sign-in needs a
 * session; every write needs the session's CSRF token; every write is audited.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { REVIEW_VERDICTS, buildInsights, redact, type ReviewRecord } from '@kotae/knowledge';
import type { InteractionStore } from '../store/interaction-store.js';
import type { AuditEntry } from '../store/audit-log.js';
import { REVIEW_SIGNALS, REVIEW_SORTS, type ReviewQueueQuery, type ReviewSignal, type ReviewSort } from '../store/review-queue.js';
import { ConsoleSessions, randomToken, sameToken, type ConsoleRole, type ConsoleSession } from './console-sessions.js';

/** The criteria a scorecard scores by default. */
export const DEFAULT_CRITERIA = ['accuracy', 'completeness', 'tone', 'followed-policy'] as const;

/** The session cookie's name. */
export const CONSOLE_COOKIE = 'kotae_console';

/** The header every write sends its CSRF token in. */
export const CSRF_HEADER = 'X-Kotae-CSRF';

/** Options of {@link createConsoleApi}. */
export interface ConsoleApiOptions {
  /** The interaction store the console reads and writes reviews to. */
  readonly store: InteractionStore;
  /** Where the answer service is mounted (`/api/kotae`); the API is at `<basePath>/v1/console/`. @default '' */
  readonly basePath?: string | undefined;
  /** The scorecard's criteria, each scored 1–5. @default accuracy, completeness, tone, followed-policy */
  readonly criteria?: readonly string[] | undefined;
  /** The sessions (sign-in links, OpenID Connect later). @default a new in-memory `ConsoleSessions` */
  readonly sessions?: ConsoleSessions | undefined;
  /** Where a spent sign-in link redirects to. @default `<basePath>/console/` */
  readonly consolePath?: string | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
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
}

/** The lowest role each kind of route needs. */
const RANK: Record<ConsoleRole, number> = { viewer: 1, reviewer: 2, admin: 3 };

type Env = { Variables: { session: ConsoleSession } };

/**
 * The review console's API as a fetch handler.
 *
 * Routes (under `<basePath>/v1/console`): `GET /sign-in?token=` (spends a sign-in link, sets the
 * session cookie, redirects to the console), `GET /session`, `DELETE /session` (sign out),
 * `GET /insights?days=` (the insights summary, for every role), `GET /queue`, `GET /interactions/:id`, `GET /conversations/:id`, `POST /interactions/:id/reviews`,
 * `GET /reviews.jsonl`, `GET /audit`. See `docs/console.md` for each route's role.
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
  const criteria = [...(options.criteria ?? DEFAULT_CRITERIA)];
  if (criteria.length === 0 || criteria.some((c) => typeof c !== 'string' || c === '')) {
    throw new InvalidOptionError('criteria', `console: criteria must be non-empty names (got ${JSON.stringify(criteria)})`);
  }
  const consolePath = options.consolePath ?? `${base}/console/`;
  const cookiePath = base === '' ? '/' : base;
  const app = new Hono<Env>().basePath(`${base}/v1/console`);

  const audit = (session: ConsoleSession, action: string, rest: Partial<AuditEntry> = {}) =>
    store.appendAudit({ at: new Date(now()).toISOString(), actor: session.user, role: session.role, action, ...rest });

  /** Resolves the session and checks its role (and, for a write, its CSRF token). */
  const guard = (least: ConsoleRole) =>
    async function check(c: Context<Env>, next: () => Promise<void>) {
      const id = getCookie(c, CONSOLE_COOKIE);
      const session = id === undefined ? undefined : sessions.get(id);
      if (session === undefined) return c.json({ error: 'not signed in' }, 401);
      if (RANK[session.role] < RANK[least]) return c.json({ error: `needs the ${least} role` }, 403);
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        const token = c.req.header(CSRF_HEADER);
        if (token === undefined || !sameToken(token, session.csrf)) return c.json({ error: 'missing or wrong CSRF token' }, 403);
      }
      c.set('session', session);
      await next();
    };

  app.get('/sign-in', async (c) => {
    const session = sessions.exchange(c.req.query('token') ?? '');
    if (session === undefined) return c.json({ error: 'this sign-in link is unknown, spent or expired' }, 401);
    setCookie(c, CONSOLE_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      path: cookiePath,
      maxAge: Math.floor((session.expires - now()) / 1000),
    });
    await audit(session, 'session.create');
    c.header('Cache-Control', 'no-store');
    return c.redirect(consolePath, 303);
  });

  app.get('/session', guard('viewer'), (c) => {
    const { user, role, csrf, expires } = c.get('session');
    c.header('Cache-Control', 'no-store');
    return c.json({ user, role, csrf, expires: new Date(expires).toISOString(), criteria });
  });

  app.delete('/session', guard('viewer'), async (c) => {
    const session = c.get('session');
    sessions.end(session.id);
    deleteCookie(c, CONSOLE_COOKIE, { path: cookiePath });
    await audit(session, 'session.end');
    return c.body(null, 204);
  });

  app.get('/insights', guard('viewer'), async (c) => {
    const days = Number(c.req.query('days') ?? '30');
    if (!Number.isInteger(days) || days < 1 || days > 366) return c.json({ error: 'days must be a whole number from 1 to 366' }, 400);
    const report = await buildInsights(store.records(), {
      since: new Date(now() - days * 86_400_000),
      until: new Date(now()),
      limit: 8,
      titles: options.titles?.(),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(report);
  });

  app.get('/queue', guard('reviewer'), async (c) => {
    const query = queueQuery(c.req.query());
    if (typeof query === 'string') return c.json({ error: query }, 400);
    try {
      return c.json(await store.reviewQueue(query));
    } catch (e) {
      if (e instanceof InvalidOptionError) return c.json({ error: e.message }, 400);
      throw e;
    }
  });

  app.get('/interactions/:id', guard('reviewer'), async (c) => {
    const id = c.req.param('id') ?? '';
    const interaction = await store.interaction(id);
    if (interaction === undefined) return c.json({ error: `no interaction ${JSON.stringify(id)}` }, 404);
    const records =
      interaction.conversationId === undefined
        ? await store.thread({ interactionId: id })
        : await store.thread({ conversationId: interaction.conversationId });
    return c.json({ interaction, records });
  });

  app.get('/conversations/:id', guard('reviewer'), async (c) => {
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

  app.post('/interactions/:id/reviews', guard('reviewer'), async (c) => {
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

  app.get('/reviews.jsonl', guard('reviewer'), async (c) => {
    const session = c.get('session');
    await audit(session, 'reviews.export');
    const lines: string[] = [];
    for await (const record of store.records()) if (record.kind === 'review') lines.push(`${JSON.stringify(record)}\n`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="reviews.jsonl"');
    return c.body(lines.join(''));
  });

  app.get('/audit', guard('admin'), async (c) => {
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

  app.notFound((c) => c.json({ error: 'not found' }, 404));

  return { fetch: (request) => Promise.resolve(app.fetch(request)), sessions, criteria };
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
