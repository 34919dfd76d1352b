import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { serve as serveNode, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { channelManifestFile, readGuidanceDir, readPrecedentsDir, watchBundleDir } from '@kotae/knowledge/node';
import {
  combineListeners,
  createAnswerHandler,
  ConsoleSessions,
  createConsoleApi,
  discoverOidc,
  maskLocation,
  MemoryInteractionStore,
  type AnswerServiceOptions,
  type InteractionStore,
  type RemovedCounts,
  webhookDestination,
  type EscalationDestination,
  type JwtAuthOptions,
  type ConsoleSessionStore,
  type OidcSignInOptions,
} from '@kotae/server';
import type { LoadedBundle } from '@kotae/knowledge';
import { applyConnectionLimits, connectionServerOptions, type ConnectionLimitOptions } from '@kotae/server/node';
import { Hono } from 'hono';
import { fraction, positiveInteger } from '../internal/args.js';
import { defineCommand } from '../internal/command.js';
import { PORT_OPTION } from '../internal/listen-options.js';
import { bundleArticles, bundleThresholds, type PreviewData } from '../internal/preview/preview-data.js';
import { mountPreview } from '../internal/preview/preview-routes.js';
import { mountAgentFiles } from '../internal/agent-files-routes.js';
import { assertDirectory } from '../internal/paths.js';
import { MIN_SEQUENCE_OPTION, PUBLIC_KEY_OPTION, trustFrom } from '../internal/signing.js';
import { formatRemoved } from '../internal/store-maintenance.js';
import { isHashedName, staticFiles } from '../internal/static-files.js';
import { STRICT_CSP } from '../strict-csp.js';
import {
  consoleOidcOptions,
  OIDC_CLIENT_ID_OPTION,
  OIDC_DEFAULT_ROLE_OPTION,
  OIDC_ISSUER_OPTION,
  OIDC_REDIRECT_URL_OPTION,
  OIDC_ROLE_CLAIM_OPTION,
  OIDC_ROLE_MAP_OPTION,
  OIDC_SCOPE_OPTION,
} from '../internal/serve-console.js';
import { JWKS_URL_OPTION, JWT_AUDIENCE_OPTION, JWT_ISSUER_OPTION, jwtOptions, serveAuth } from '../internal/serve-auth.js';
import {
  LOG_OPTION,
  logFormat,
  METRICS_OPTION,
  METRICS_PORT_OPTION,
  serveObservability,
  type ServeObserveOptions,
} from '../internal/serve-observe.js';

const DAY_MS = 86_400_000;

export type { ServeObserveOptions, ServeLogFormat } from '../internal/serve-observe.js';

/** Where `kotae serve` mounts the answer service; the widget's `endpoint`. */
export const ANSWER_ENDPOINT = '/api/kotae';

/** Where `kotae serve --console` serves the review console's page. */
const CONSOLE_PATH = `${ANSWER_ENDPOINT}/console/`;

/** A new manifest `kotae serve` noticed: swapped in (`ok`), or rejected with the old bundle kept. */
export type ReloadEvent =
  | { readonly ok: true; readonly version: string; readonly previous: string }
  | { readonly ok: false; readonly version: string; readonly error: string };

/** Options of {@link serve}. */
export interface ServeCommandOptions {
  /**
   * A bundle directory written by `kotae compile`, or a publish target written by
   * `kotae publish`: served at `/kb/` and answered from. A new manifest published there is
   * verified and picked up without a restart.
   */
  readonly bundleDir: string;
  /**
   * The channel of a publish target to answer from and to show on the default page
   * (`manifest.<channel>.json`). @default 'production' (`manifest.json`)
   */
  readonly channel?: string | undefined;
  /**
   * Ed25519 public keys (base64url) the manifest must be signed by: the bundle is verified before
   * the server starts (a tampered, unsigned or foreign-signed one stops it), every new version
   * before it is swapped in, and a version older than the one served (its `sequence`) is refused.
   * The default page's widget gets them as its `public-key`. @default signatures not checked
   */
  readonly publicKeys?: readonly string[] | undefined;
  /** Refuse a manifest whose `sequence` is lower (rollback protection across restarts). @default the current one's, once running */
  readonly minSequence?: number | undefined;
  /** Called when a new manifest was swapped in or rejected. */
  readonly onReload?: ((event: ReloadEvent) => void) | undefined;
  /** How often the manifest is checked besides file-system events, in milliseconds. @default 1000 */
  readonly pollMs?: number | undefined;
  /** The port. 0 picks a free one. @default 8787 */
  readonly port?: number | undefined;
  /** The interface to listen on. @default '127.0.0.1' */
  readonly host?: string | undefined;
  /**
   * On `close()` (SIGTERM, SIGINT), how long the answers under way may take to finish before their
   * connections are closed, in milliseconds. @default 10000
   */
  readonly shutdownTimeoutMs?: number | undefined;
  /**
   * Where interactions are recorded: a directory for the JSONL store, a `postgres://` or
   * `postgresql://` URL for the PostgreSQL store (see `openInteractionStore`), or an
   * {@link InteractionStore}. @default in memory (nothing kept after the process ends)
   */
  readonly store?: string | InteractionStore | undefined;
  /**
   * Retention, in days: records older than this are removed from the store (`store.compact`) when
   * the server starts and every 24 hours while it runs. A whole number, at least 1.
   * @default keep everything
   */
  readonly retentionDays?: number | undefined;
  /**
   * Turn on the review console at `/api/kotae/console/` (its API at `/api/kotae/v1/console/`) and
   * print a one-time sign-in link (an admin session, usable once within 15 minutes). See
   * `docs/console.md`. @default false
   */
  readonly console?: boolean | undefined;
  /**
   * With `console`: sign users in to the console through this OpenID Connect provider (the
   * authorization code flow with PKCE; see `discoverOidc`) instead of printing a one-time link.
   * With a PostgreSQL store, console sessions are kept in the database and shared by every
   * instance. @default sign-in by a one-time link only
   */
  readonly consoleOidc?: OidcSignInOptions | undefined;
  /**
   * With `console`: the console's sessions, so an embedding program (or a test) can make sign-in
   * links for other users and roles with `sessions.link(user, role)`. @default new in-memory sessions
   */
  readonly consoleSessions?: ConsoleSessions | undefined;
  /**
   * A directory of pages served at `/` (such as `examples/vanilla/public`). @default the preview
   * page: the widget inline, the bundle's articles and its refusal thresholds
   */
  readonly page?: string | undefined;
  /**
   * An internal bundle of precedents (`kotae compile --internal-out`): background for model
   * answers, and sources for agent assist; its `guidance/` subdirectory (the `audience: internal`
   * articles) is searched by agent assist only. Never served as files. @default none
   */
  readonly precedents?: string | undefined;
  /**
   * A secret that agent-assist requests (`audience: "agent"`) must send as
   * `Authorization: Bearer <token>`; without it, agent assist is off. The binary reads
   * `KOTAE_AGENT_TOKEN`.
   */
  readonly agentToken?: string | undefined;
  /**
   * Accept JWTs from your product's sign-in (see `jwtAuth`): a valid token's user keys the
   * limits, and one with the `kotae:agent` scope may ask for agent assist. @default JWTs not accepted
   */
  readonly jwt?: JwtAuthOptions | undefined;
  /**
   * Model answers. The binary fills it from `OPENAI_API_KEY`, `OPENAI_BASE_URL` and `KOTAE_MODEL`;
   * without a key answers are extractive.
   */
  readonly openai?: AnswerServiceOptions['openai'];
  /**
   * Timeouts and the connection cap of the HTTP server, so that slow or stalled clients cannot hold
   * it hostage. @default `DEFAULT_CONNECTION_LIMITS` (10 s for headers, 30 s for the request,
   * 5 s keep-alive, 30 s idle, 1000 connections)
   */
  readonly connections?: ConnectionLimitOptions | undefined;
  /**
   * Where escalations (`POST /api/kotae/v1/escalations`, the widget's contact form) are forwarded
   * once recorded in the store: a signed webhook, a support inbox over SMTP, or both. Without
   * any, escalations are recorded in the store only, and the startup lines say so.
   */
  readonly escalations?: ServeEscalations | undefined;
  /**
   * The MCP endpoint at `/api/kotae/v1/mcp` (tools `search`, `get_article`, `answer` over the
   * public articles, `answer` under the same limits as the widget's questions). @default true
   */
  readonly mcp?: boolean | undefined;
  /**
   * Further options of the answer service (threshold, rate limit, write `limits`,
   * `clientIdentity`, retries of escalations…). The limits are on at their defaults unless set here.
   */
  readonly service?: Omit<AnswerServiceOptions, 'bundle' | 'store' | 'openai' | 'basePath'> | undefined;
  /** Prometheus metrics at `/metrics` and the request log. @default neither */
  readonly observe?: ServeObserveOptions | undefined;
}

/** Where `kotae serve` forwards escalations (see {@link ServeCommandOptions.escalations}). */
export interface ServeEscalations {
  /** POST each escalation here as JSON; with `secret`, signed (`Kotae-Signature: sha256=…`, HMAC-SHA256 of the body). */
  readonly webhook?: { readonly url: string; readonly secret?: string | undefined } | undefined;
  /** Email each escalation to `to` through the SMTP server at `smtpUrl` (`smtp://user:pass@host:587`). */
  readonly email?: { readonly to: string; readonly smtpUrl: string; readonly from?: string | undefined } | undefined;
}

/** A running `kotae serve`. */
export interface RunningServer {
  /** The page's URL, such as `http://127.0.0.1:8787/`. */
  readonly url: string;
  /** The answer service's URL (the widget's `endpoint`). */
  readonly endpoint: string;
  /** The MCP endpoint's URL; `undefined` when it is off. */
  readonly mcp: string | undefined;
  /** `openai` when a key is set, else `extractive`. */
  readonly mode: 'openai' | 'extractive';
  /** Where interactions are recorded: the store directory, the PostgreSQL URL (password masked), or `memory`. */
  readonly storage: string;
  /** The id of the key whose signature was verified at start; `undefined` when no key was configured. */
  readonly signedBy: string | undefined;
  /** Where escalations go, for people: `recorded in memory only; …` or the store and the destinations. */
  readonly escalations: string;
  /** With metrics on: their URL (`http://127.0.0.1:8787/metrics`). */
  readonly metrics: string | undefined;
  /** With `retentionDays`: the days, and what the compaction at start removed. */
  readonly retention: { readonly days: number; readonly removedAtStart: RemovedCounts } | undefined;
  /** With `console`: the one-time sign-in link (an admin session), or with `consoleOidc` the single sign-on URL. */
  readonly consoleSignIn?: string | undefined;
  /**
   * Shuts down gracefully: `/ready` answers 503 and new questions `503 shutting_down`, the server
   * stops accepting connections, the answers under way finish (within `shutdownTimeoutMs`, then
   * their connections are closed), and the store is flushed and closed.
   */
  close(): Promise<void>;
}

/**
 * `kotae serve`: the answer service on Node, with the bundle at `/kb/`, the widget's embed build
 * at `/widget/` and a page at `/`, every response under a strict CSP. The service is mounted at
 * `/api/kotae` (`POST /api/kotae/v1/answer`, …).
 *
 * Throws a `PathError` when a directory is missing, and the library's bundle errors when the
 * bundle is not readable.
 *
 * @example
 * ```ts
 * const server = await serve({ bundleDir: 'dist/kb', port: 0 })
 * console.log(server.url) // http://127.0.0.1:43117/
 * await server.close()
 * ```
 */
export async function serve(options: ServeCommandOptions): Promise<RunningServer> {
  await assertDirectory(options.bundleDir, 'bundle directory');
  if (options.page !== undefined) await assertDirectory(options.page, 'page directory');
  if (options.precedents !== undefined) await assertDirectory(options.precedents, 'precedents directory');
  const days = options.retentionDays;
  if (days !== undefined && (!Number.isSafeInteger(days) || days < 1)) {
    throw new InvalidOptionError('retentionDays', `retentionDays must be a whole number of days, at least 1 (got ${JSON.stringify(days)})`);
  }
  const channel = options.channel ?? 'production';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(channel)) {
    throw new InvalidOptionError('channel', `channel must be lowercase letters, digits and dashes (got ${JSON.stringify(channel)})`);
  }
  const manifestFile = channelManifestFile(channel);
  const kb = await watchBundleDir(options.bundleDir, {
    manifest: manifestFile,
    pollMs: options.pollMs,
    publicKeys: options.publicKeys,
    minSequence: options.minSequence,
    onChange: (next, previous) => options.onReload?.({ ok: true, version: next.manifest.version, previous: previous.manifest.version }),
    onError: (error) =>
      options.onReload?.({
        ok: false,
        version: kb.current().manifest.version,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  let precedents: Awaited<ReturnType<typeof readPrecedentsDir>> | undefined;
  let guidance: Awaited<ReturnType<typeof readGuidanceDir>> | undefined;
  let opened: Awaited<ReturnType<typeof openStore>>;
  try {
    precedents = options.precedents === undefined ? undefined : await readPrecedentsDir(options.precedents);
    // The internal articles compiled alongside the precedents (`<dir>/guidance`): agent assist only.
    guidance = options.precedents === undefined ? undefined : await readGuidanceDir(options.precedents);
    opened = await openStore(options.store);
  } catch (error) {
    kb.close();
    throw error;
  }
  const { store, storage, shared } = opened;
  const now = options.service?.now ?? Date.now;
  const compact = (d: number) => store.compact({ olderThan: new Date(now() - d * DAY_MS) });
  let retention: RunningServer['retention'];
  let daily: ReturnType<typeof setInterval> | undefined;
  if (days !== undefined) {
    try {
      retention = { days, removedAtStart: (await compact(days)).removed };
    } catch (error) {
      kb.close();
      await store.close();
      throw error;
    }
    const onError = options.service?.onError ?? (() => undefined);
    daily = setInterval(() => void compact(days).catch(onError), DAY_MS);
    daily.unref();
  }
  const token = options.agentToken;
  const destinations: EscalationDestination[] = [];
  const wanted = options.escalations;
  if (wanted?.webhook) destinations.push(webhookDestination({ url: wanted.webhook.url, secret: wanted.webhook.secret }));
  if (wanted?.email) {
    const { smtpDestination } = await import('@kotae/server/node');
    destinations.push(smtpDestination({ url: wanted.email.smtpUrl, to: wanted.email.to, from: wanted.email.from }));
  }
  const observing = serveObservability(options.observe);
  const { user, ...auth } = serveAuth(token, options.jwt);
  const handler = createAnswerHandler({
    ...options.service,
    onEvent:
      observing.onEvent && options.service?.onEvent
        ? combineListeners(observing.onEvent, options.service.onEvent)
        : (observing.onEvent ?? options.service?.onEvent),
    escalations: {
      ...options.service?.escalations,
      destinations: [...destinations, ...(options.service?.escalations?.destinations ?? [])],
    },
    // Taken once per request: an answer in flight finishes on the version it started with.
    bundle: () => kb.current(),
    store,
    // With PostgreSQL, what every instance on the database shares (unless the caller gave its own).
    limitStore: options.service?.limitStore ?? shared.limitStore,
    answerEvents: options.service?.answerEvents ?? shared.answerEvents,
    precedents,
    internalGuidance: guidance,
    ...auth,
    ...(user ? { clientIdentity: { ...options.service?.clientIdentity, user } } : {}),
    secrets: [...(options.service?.secrets ?? []), ...(token ? [token] : [])],
    openai: options.openai,
    basePath: ANSWER_ENDPOINT,
    ...(options.mcp === false ? { mcp: false as const } : {}),
  });
  const widget = dirname(createRequire(import.meta.url).resolve('@kotae/widget/cdn/kotae-help.js'));

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', STRICT_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  let consoleApi: ReturnType<typeof createConsoleApi> | undefined;
  if (options.console) {
    try {
      const oidc = options.consoleOidc === undefined ? undefined : await discoverOidc(options.consoleOidc);
      const sessions =
        options.consoleSessions ?? new ConsoleSessions({ now, ...(shared.consoleSessions ? { store: shared.consoleSessions } : {}) });
      consoleApi = createConsoleApi({ store, basePath: ANSWER_ENDPOINT, sessions, oidc, now, titles: () => titlesOf(kb.current()) });
    } catch (error) {
      clearInterval(daily);
      kb.close();
      await store.close();
      throw error;
    }
  }
  if (consoleApi) {
    app.all(`${ANSWER_ENDPOINT}/v1/console/*`, (c) => consoleApi.fetch(c.req.raw));
    // The console's page and its script (named by its content hash: immutable; the page and its
    // stylesheet revalidate by ETag), under the same strict CSP as everything else.
    const consoleApp = join(dirname(createRequire(import.meta.url).resolve('@kotae/console/package.json')), 'dist', 'app');
    app.get(CONSOLE_PATH.slice(0, -1), (c) => c.redirect(CONSOLE_PATH, 308));
    app.use(
      `${CONSOLE_PATH}*`,
      staticFiles({ root: consoleApp, prefix: CONSOLE_PATH.slice(0, -1), immutable: isHashedName, index: 'index.html' }),
    );
    app.get(`${CONSOLE_PATH}*`, (c) => c.text('not found', 404));
  }
  app.all(`${ANSWER_ENDPOINT}/*`, (c) => handler(c.req.raw, c.env));
  // For load balancers and orchestrators: the handler's readiness and liveness at the root.
  for (const probe of ['ready', 'live'])
    app.get(`/${probe}`, (c) => handler(new Request(new URL(`${ANSWER_ENDPOINT}/v1/${probe}`, c.req.url)), c.env));
  const metricsPort = typeof options.observe?.metrics === 'object' ? options.observe.metrics.port : undefined;
  if (observing.metrics && metricsPort === undefined) app.get('/metrics', () => observing.metrics!.handler());
  // Shards are named by their hash and never change; manifests change with every publish, so
  // browsers and CDNs revalidate them (ETag). Each file goes out as the `.br` or `.gz` that
  // `kotae compile` wrote beside it, when the client takes it. The history and the lock are not served.
  // llms.txt, llms-full.txt and articles/…: not hashed, so not immutable (before /kb/* below).
  mountAgentFiles(app, '/kb', () => options.bundleDir);
  app.use(
    '/kb/*',
    staticFiles({
      root: options.bundleDir,
      prefix: '/kb',
      immutable: (name) => !/^manifest(\.[a-z0-9-]+)?\.json$/.test(name) && isHashedName(name),
      allow: (name) => !name.startsWith('history/'),
    }),
  );
  app.get('/kb/*', (c) => c.notFound());
  app.use('/widget/*', staticFiles({ root: widget, prefix: '/widget', immutable: isHashedName }));
  if (options.page !== undefined) app.use('/*', serveStatic({ root: resolve(options.page) }));
  else mountPreview(app, () => previewOf(kb.current(), `/kb/${manifestFile}`, options.publicKeys));

  const server = await listen(app, options.host ?? '127.0.0.1', options.port ?? 8787, options.connections ?? {}).catch((error: unknown) => {
    kb.close();
    throw error;
  });
  const host = options.host ?? '127.0.0.1';
  const urlOf = (listening: ServerType, fallback: number | undefined) => {
    const address = listening.address();
    return `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : fallback}/`;
  };
  const url = urlOf(server, options.port);
  let metricsServer: ServerType | undefined;
  if (observing.metrics && metricsPort !== undefined) {
    const metricsApp = new Hono();
    metricsApp.get('/metrics', () => observing.metrics!.handler());
    metricsServer = await listen(metricsApp, host, metricsPort, {}).catch(async (error: unknown) => {
      kb.close();
      await new Promise((done) => server.close(done));
      throw error;
    });
  }
  return {
    url,
    endpoint: new URL(ANSWER_ENDPOINT, url).href,
    mcp: options.mcp === false ? undefined : new URL(`${ANSWER_ENDPOINT}/v1/mcp`, url).href,
    mode: options.openai?.apiKey || options.openai?.client ? 'openai' : 'extractive',
    storage,
    escalations: describeEscalations(storage, handler.escalations.destinations),
    retention,
    ...(consoleApi
      ? {
          consoleSignIn: new URL(
            options.consoleOidc
              ? `${ANSWER_ENDPOINT}/v1/console/oidc/login`
              : `${ANSWER_ENDPOINT}/v1/console/sign-in?token=${consoleApi.sessions.link('local-admin', 'admin')}`,
            url,
          ).href,
        }
      : {}),
    metrics: observing.metrics ? new URL('metrics', metricsServer ? urlOf(metricsServer, metricsPort) : url).href : undefined,
    signedBy: kb.current().signedBy,
    async close() {
      clearInterval(daily);
      // Not ready any more, no new questions; stop accepting connections; let the answers finish.
      const drained = handler.drain(options.shutdownTimeoutMs ?? 10_000);
      const closed = new Promise<void>((done) => server.close(() => done()));
      const node = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      node.closeIdleConnections?.();
      await drained;
      node.closeAllConnections?.();
      await closed;
      kb.close();
      // Retries still waiting stay unfinished in the store and resume at the next start.
      handler.escalations.close();
      if (metricsServer) await new Promise((done) => metricsServer.close(done));
      await handler.escalations.idle();
      await store.close();
    },
  };
}

const previews = new WeakMap<LoadedBundle, PreviewData>();
const titles = new WeakMap<LoadedBundle, ReadonlyMap<string, string>>();

/** Article titles by id, for the console's insights (computed once per bundle version). */
function titlesOf(bundle: LoadedBundle): ReadonlyMap<string, string> {
  let map = titles.get(bundle);
  if (!map) titles.set(bundle, (map = new Map(bundleArticles(bundle).map((a) => [a.id, a.title]))));
  return map;
}

/** The preview page's data for a compiled bundle (no validation problems: the content is not at hand). */
function previewOf(bundle: LoadedBundle, manifest: string, publicKeys: readonly string[] | undefined): PreviewData {
  let data = previews.get(bundle);
  if (!data) {
    const m = bundle.manifest;
    data = {
      id: m.id,
      version: m.version,
      builtAt: m.builtAt,
      defaultLocale: m.defaultLocale,
      manifest,
      endpoint: ANSWER_ENDPOINT,
      articles: bundleArticles(bundle),
      thresholds: bundleThresholds(bundle),
      publicKeys,
    };
    previews.set(bundle, data);
  }
  return data;
}

function describeEscalations(storage: string, destinations: readonly EscalationDestination[]): string {
  const where = storage === 'memory' ? 'recorded in memory only (lost when the server stops; add --store)' : `recorded in ${storage}`;
  if (destinations.length === 0)
    return `${where}; forwarded nowhere (add --escalation-webhook or --escalation-email, or handle kotae-request-escalate in the page)`;
  return `${where}; forwarded to ${destinations.map((d) => d.describe).join(' and ')}`;
}

/** The state several instances share through a PostgreSQL store (nothing for the other stores). */
type SharedState = Pick<AnswerServiceOptions, 'limitStore' | 'answerEvents'> & { consoleSessions?: ConsoleSessionStore };

async function openStore(store: ServeCommandOptions['store']): Promise<{ store: InteractionStore; storage: string; shared: SharedState }> {
  if (store === undefined) return { store: new MemoryInteractionStore(), storage: 'memory', shared: {} };
  if (typeof store !== 'string') return { store, storage: 'custom', shared: await sharedState(store) };
  const { openInteractionStore, isPostgresUrl } = await import('@kotae/server/node');
  const opened = await openInteractionStore(store);
  return { store: opened, storage: isPostgresUrl(store) ? maskLocation(store) : resolve(store), shared: await sharedState(opened) };
}

/** A PostgreSQL store's limits, answer events and console sessions: instances on one database share every allowance, resume each other's answers and share console sign-ins. */
async function sharedState(store: InteractionStore): Promise<SharedState> {
  if (!('limitStore' in store) || typeof store.limitStore !== 'function') return {};
  const { PostgresInteractionStore } = await import('@kotae/server/postgres');
  if (!(store instanceof PostgresInteractionStore) || store.readOnly) return {};
  return { limitStore: store.limitStore(), answerEvents: store.answerEvents(), consoleSessions: store.consoleSessionStore() };
}

function listen(app: Hono, hostname: string, port: number, connections: ConnectionLimitOptions): Promise<ServerType> {
  const serverOptions = connectionServerOptions(connections);
  return new Promise((resolvePromise, reject) => {
    const server = serveNode({ fetch: app.fetch, hostname, port, serverOptions }, () => resolvePromise(server));
    applyConnectionLimits(server as Server, connections);
    server.once('error', reject);
  });
}

/** `kotae serve` on the command line: options, usage and output. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'run the answer service with the bundle, the widget and a page on localhost',
  positionals: [
    {
      name: 'bundleDir',
      description: 'a bundle directory (kotae compile) or a publish target (kotae publish); new versions are picked up live',
    },
  ],
  options: {
    channel: {
      type: 'string',
      value: '<name>',
      description: 'the channel of a publish target to serve (default production: manifest.json)',
      doc: 'the channel of a publish target to answer from and to show on the default page: `manifest.<name>.json` (default `production`: `manifest.json`)',
    },
    port: PORT_OPTION,
    host: {
      type: 'string',
      value: '<addr>',
      description: 'interface to listen on (default 127.0.0.1)',
      doc: 'interface to listen on (default `127.0.0.1`; use `0.0.0.0` only behind your own proxy)',
    },
    store: {
      type: 'string',
      value: '<dir|url>',
      description: 'record interactions in this JSONL store directory, or in PostgreSQL at a postgres:// URL (default: in memory)',
      doc: 'record interactions, feedback and escalations in this JSONL store directory, or in PostgreSQL at a `postgres://` or `postgresql://` URL (for several instances sharing one store; see [PostgreSQL](interaction-store.md#postgresql)); without it they are kept in memory only. The startup lines show the URL with its password masked (`interactions: postgres://kotae:***@db/kotae`), and so does every error; a database that cannot be reached, refuses the login or has a newer schema stops it with exit status 5',
    },
    page: {
      type: 'string',
      value: '<dir>',
      description: 'serve this directory at / (default: a page with the widget inline)',
      doc: 'serve this directory at `/`, such as `examples/vanilla/public`',
    },
    precedents: {
      type: 'string',
      value: '<dir>',
      description:
        'internal bundle (kotae compile --internal-out): precedents for model background and agent assist, internal guidance for agent assist',
      doc: 'the internal bundle written by `kotae compile --internal-out`: its precedents are background for model answers (never shown to end users) and sources for agent assist; its `guidance/` (the `audience: internal` articles) is searched by agent assist only. Never served as files',
    },
    'min-confidence': {
      type: 'string',
      value: '<0..1>',
      description: `answer "I don't know" below this answerability score, for every language (0 to 1, default: the bundle's calibrated threshold)`,
    },
    'escalation-webhook': {
      type: 'string',
      value: '<url>',
      description: 'POST each escalation as JSON to this URL, signed with KOTAE_WEBHOOK_SECRET (HMAC-SHA256)',
      doc: 'POST each escalation as JSON here (your ticket system), retried with backoff and dead-lettered in the store when it keeps failing. With `KOTAE_WEBHOOK_SECRET` set, each request carries `Kotae-Signature: sha256=<HMAC-SHA256 of the body>` (see [escalations](answer-service.md#escalations))',
    },
    'escalation-email': {
      type: 'string',
      value: '<address>',
      description: 'email each escalation to this support inbox through the SMTP server in KOTAE_SMTP_URL',
      doc: "email each escalation to this support inbox (`Reply-To` is the user's address when they gave one) through the SMTP server in `KOTAE_SMTP_URL` (`smtp://user:pass@host:587`, or `smtps://…:465`); the sender is `KOTAE_SMTP_FROM` (default `kotae <kotae@localhost>`). Without either flag, escalations are recorded in the store only, and the startup lines say so",
    },
    'client-header': {
      type: 'string',
      value: '<name>',
      description: 'key the limits by the client address your proxy sets in this header (only behind that proxy)',
      doc: "key every limit by the client address your proxy sets in this header (`x-forwarded-for`, `x-real-ip`, `cf-connecting-ip`; of a list, the last entry). Set it only when every request comes through that proxy: a client can send any header. Without it the limits are keyed by the socket's address, IPv6 per /64",
    },
    'answers-per-minute': {
      type: 'string',
      value: '<n>',
      description: 'questions per client per minute after a burst of 10 (default 30)',
    },
    'feedback-per-interaction': {
      type: 'string',
      value: '<n>',
      description: 'feedback a client may record on one answer in a day; the latest counts (default 5)',
    },
    'escalations-per-conversation': {
      type: 'string',
      value: '<n>',
      description: 'escalations of one conversation in a day (default 3)',
    },
    'daily-quota-mb': {
      type: 'string',
      value: '<n>',
      description: 'megabytes of records a client may add to the store in a day (default 5; 2000 records)',
    },
    'no-mcp': {
      type: 'boolean',
      description: 'turn off the MCP endpoint (/api/kotae/v1/mcp)',
      doc: 'turn off the MCP endpoint at `/api/kotae/v1/mcp` (Streamable HTTP; tools `search`, `get_article` and `answer` over the public articles, `answer` under the same limits as the widget). It is on by default: it shows nothing the public bundle and the answer route do not already show. See [Knowledge for AI agents](agents.md#the-mcp-endpoint)',
    },
    console: {
      type: 'boolean',
      description: 'turn on the review console and print a one-time sign-in link (admin, 15 minutes)',
      doc: 'turn on the review console at `/api/kotae/console/` (its API at `/api/kotae/v1/console/`) and print a one-time sign-in link for an admin session, usable once within 15 minutes (see [the console](console.md))',
    },
    'oidc-issuer': OIDC_ISSUER_OPTION,
    'oidc-client-id': OIDC_CLIENT_ID_OPTION,
    'oidc-redirect-url': OIDC_REDIRECT_URL_OPTION,
    'oidc-role-claim': OIDC_ROLE_CLAIM_OPTION,
    'oidc-role-map': OIDC_ROLE_MAP_OPTION,
    'oidc-default-role': OIDC_DEFAULT_ROLE_OPTION,
    'oidc-scope': OIDC_SCOPE_OPTION,
    'no-limits': {
      type: 'boolean',
      description: 'turn off every per-client limit (for load tests, or behind your own limiter)',
    },
    'headers-timeout': {
      type: 'string',
      value: '<ms>',
      description: 'close a connection whose request headers take longer than this (default 10000)',
    },
    'request-timeout': {
      type: 'string',
      value: '<ms>',
      description: 'close a connection whose whole request takes longer than this (default 30000)',
    },
    'keep-alive-timeout': {
      type: 'string',
      value: '<ms>',
      description: 'close an idle keep-alive connection after this (default 5000)',
    },
    'idle-timeout': {
      type: 'string',
      value: '<ms>',
      description: 'close a connection on which nothing moves for this long: a stalled body, an unread answer (default 30000)',
    },
    'max-connections': {
      type: 'string',
      value: '<n>',
      description: 'connections held at once; more are closed on arrival (default 1000)',
    },
    'shutdown-timeout': {
      type: 'string',
      value: '<ms>',
      description: 'on SIGTERM or SIGINT, let answers under way finish for this long (default 10000)',
      doc: 'on SIGTERM or SIGINT, shut down gracefully: `/ready` answers 503 (so the load balancer stops sending traffic) and new questions `503 shutting_down`, no new connections are accepted, answers under way get this long to finish (then their connections are closed), the store is flushed and closed, and the exit status is 0. `GET /live` answers 200 while the process runs; `GET /ready` 200 when the bundle is loaded and the store answers (default 10000)',
    },
    'retention-days': {
      type: 'string',
      value: '<n>',
      description: 'remove records older than n days from the store at start and every 24 hours',
      doc: 'remove records older than `n` days from the store when the server starts and every 24 hours (the same as [`kotae store compact`](#kotae-store-compact), which cannot run while the server has a store directory open; on PostgreSQL it can); prints `  retention: 90 days (removed at start: …)`',
    },
    'public-key': {
      ...PUBLIC_KEY_OPTION,
      doc: `${PUBLIC_KEY_OPTION.doc}. The bundle is verified before the server starts and every new version before it is swapped in; one older than the version served (by \`sequence\`) is refused and the current one keeps serving. The default page's widget gets the keys as its \`public-key\``,
    },
    'min-sequence': MIN_SEQUENCE_OPTION,
    'jwks-url': JWKS_URL_OPTION,
    'jwt-issuer': JWT_ISSUER_OPTION,
    'jwt-audience': JWT_AUDIENCE_OPTION,
    metrics: METRICS_OPTION,
    'metrics-port': METRICS_PORT_OPTION,
    log: LOG_OPTION,
  },
  exit: {
    0: 'stopped by SIGINT or SIGTERM',
    1: 'the port is taken',
    3: 'the bundle directory is missing, or the OpenID Connect provider (--oidc-issuer) cannot be discovered',
    4: 'the bundle is unreadable or damaged, or its signature does not verify with --public-key',
    5: 'the store is in use, damaged, unreachable or of a newer schema',
  },
  examples: [
    'kotae serve dist/kb',
    'kotae serve site/kb --channel staging',
    'kotae serve site/kb --public-key=MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4',
    'OPENAI_API_KEY=sk-… KOTAE_MODEL=gpt-4.1-mini kotae serve dist/kb --store .kotae/interactions',
    'OPENAI_BASE_URL=http://127.0.0.1:11434/v1 OPENAI_API_KEY=local kotae serve dist/kb --port 0',
    'kotae serve dist/kb --host 0.0.0.0 --store "$KOTAE_STORE_URL"   # postgres://kotae:…@db.internal/kotae',
    'KOTAE_OIDC_CLIENT_SECRET=… kotae serve dist/kb --store "$KOTAE_STORE_URL" --console --oidc-issuer https://login.example.com --oidc-client-id kotae-console --oidc-redirect-url https://help.example.com/api/kotae/v1/console/oidc/callback --oidc-role-claim groups --oidc-role-map support-leads=admin,support=reviewer',
    'KOTAE_SMTP_URL=smtp://mail.internal:587 kotae serve dist/kb --store .kotae/interactions --escalation-email support@example.com',
  ],
  async run(args, io) {
    const port = args.string('port');
    const minConfidence = args.string('min-confidence');
    const webhook = args.string('escalation-webhook');
    const inbox = args.string('escalation-email');
    const smtpUrl = io.env.KOTAE_SMTP_URL || undefined;
    if (inbox !== undefined && smtpUrl === undefined)
      throw new InvalidOptionError(
        'escalation-email',
        'kotae serve: --escalation-email needs the SMTP server in KOTAE_SMTP_URL (smtp://user:pass@host:587)',
      );
    const retentionDays = args.string('retention-days');
    const apiKey = io.env.OPENAI_API_KEY || undefined;
    const integer = (name: Parameters<typeof args.string>[0]) => {
      const value = args.string(name);
      return value === undefined ? undefined : positiveInteger('serve', name, value);
    };
    const answersPerMinute = integer('answers-per-minute');
    const quotaMb = integer('daily-quota-mb');
    const header = args.string('client-header');
    const trust = await trustFrom('serve', args.string('public-key'), args.string('min-sequence'), io.env);
    const metricsPortText = args.string('metrics-port');
    const metricsPort =
      metricsPortText === undefined
        ? undefined
        : metricsPortText.trim() === '0'
          ? 0
          : positiveInteger('serve', 'metrics-port', metricsPortText);
    // `auto` asks whether stdout (where the log goes) is a terminal; io.tty is about stderr.
    const log = logFormat(args.string('log'), process.stdout.isTTY === true);
    const server = await serve({
      bundleDir: args.positional('bundleDir')!,
      publicKeys: trust.publicKeys,
      minSequence: trust.minSequence,
      channel: args.string('channel'),
      onReload: (event) => io.err(formatReload(event)),
      port: port === undefined ? undefined : port.trim() === '0' ? 0 : positiveInteger('serve', 'port', port),
      host: args.string('host'),
      shutdownTimeoutMs: integer('shutdown-timeout'),
      store: args.string('store'),
      page: args.string('page'),
      precedents: args.string('precedents'),
      agentToken: io.env.KOTAE_AGENT_TOKEN || undefined,
      mcp: !args.flag('no-mcp'),
      jwt: jwtOptions(args.string('jwks-url'), args.string('jwt-issuer'), args.string('jwt-audience')),
      retentionDays: retentionDays === undefined ? undefined : positiveInteger('serve', 'retention-days', retentionDays),
      console: args.flag('console'),
      consoleOidc: consoleOidcOptions(
        {
          issuer: args.string('oidc-issuer'),
          clientId: args.string('oidc-client-id'),
          redirectUrl: args.string('oidc-redirect-url'),
          roleClaim: args.string('oidc-role-claim'),
          roleMap: args.string('oidc-role-map'),
          defaultRole: args.string('oidc-default-role'),
          scope: args.string('oidc-scope'),
        },
        args.flag('console'),
        io.env.KOTAE_OIDC_CLIENT_SECRET || undefined,
      ),
      connections: {
        headersTimeoutMs: integer('headers-timeout'),
        requestTimeoutMs: integer('request-timeout'),
        keepAliveTimeoutMs: integer('keep-alive-timeout'),
        idleTimeoutMs: integer('idle-timeout'),
        maxConnections: integer('max-connections'),
      },
      escalations: {
        ...(webhook === undefined ? {} : { webhook: { url: webhook, secret: io.env.KOTAE_WEBHOOK_SECRET || undefined } }),
        ...(inbox === undefined || smtpUrl === undefined
          ? {}
          : { email: { to: inbox, smtpUrl, from: io.env.KOTAE_SMTP_FROM || undefined } }),
      },
      observe: {
        metrics: metricsPort !== undefined ? { port: metricsPort } : args.flag('metrics'),
        log: { format: log, write: io.out },
      },
      openai: apiKey ? { apiKey, baseURL: io.env.OPENAI_BASE_URL || undefined, model: io.env.KOTAE_MODEL || undefined } : undefined,
      service: {
        ...(minConfidence === undefined ? {} : { minConfidence: fraction('serve', 'min-confidence', minConfidence) }),
        ...(header === undefined ? {} : { clientIdentity: { trustedHeader: header } }),
        ...(args.flag('no-limits')
          ? { rateLimit: false, limits: false }
          : {
              ...(answersPerMinute === undefined ? {} : { rateLimit: { perMinute: answersPerMinute } }),
              limits: {
                feedbackPerInteraction: integer('feedback-per-interaction'),
                escalationsPerConversation: integer('escalations-per-conversation'),
                ...(quotaMb === undefined ? {} : { dailyQuota: { bytes: quotaMb * 1_000_000 } }),
              },
            }),
        onError: (error) => io.err(`kotae serve: ${error instanceof Error ? error.message : String(error)}\n`),
      },
    });
    // Listen for SIGINT/SIGTERM before saying the server is up: whoever reads that line may stop
    // it at once, and a signal with no listener yet would kill the process instead of closing it.
    const stopped = io.stopped();
    io.out(formatServing(server));
    await stopped;
    await server.close();
    return 0;
  },
});

/** The stderr line of a reload. */
function formatReload(event: ReloadEvent): string {
  return event.ok
    ? `kotae serve: now serving ${event.version} (was ${event.previous})\n`
    : `kotae serve: kept ${event.version}: the new manifest was rejected: ${event.error}\n`;
}

/** What `kotae serve` prints once it listens. */
function formatServing(server: RunningServer): string {
  const signed = server.signedBy === undefined ? '' : `  signature: verified (key ${server.signedBy})\n`;
  const mcp = server.mcp === undefined ? '' : `  mcp: ${server.mcp}\n`;
  const signIn =
    server.consoleSignIn === undefined
      ? ''
      : server.consoleSignIn.includes('/oidc/login')
        ? `  console sign-in (single sign-on): ${server.consoleSignIn}\n`
        : `  console sign-in (once, within 15 minutes): ${server.consoleSignIn}\n`;
  const metrics = server.metrics === undefined ? '' : `  metrics: ${server.metrics}\n`;
  const lines = `kotae serve: ${server.url}\n  answers: ${server.endpoint}/v1/answer (${server.mode})\n${mcp}  interactions: ${server.storage}\n  escalations: ${server.escalations}\n${signed}${metrics}${signIn}`;
  if (!server.retention) return lines;
  return `${lines}  retention: ${server.retention.days} days (removed at start: ${formatRemoved(server.retention.removedAtStart)})\n`;
}
