import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import OpenAI from 'openai';
import type { z } from 'zod';
import type { LoadedBundle } from '@kotae/knowledge';
import type { PrecedentIndex } from '@kotae/knowledge';
import { PLACEHOLDER_PATTERN } from '@kotae/knowledge';
import { redact } from '@kotae/knowledge';
import { StoreConnectionError } from '@kotae/knowledge/errors';
import type { SearchIndex } from '@kotae/knowledge';
import { buildSearchIndex } from '@kotae/knowledge';
import type { StoredSection } from '@kotae/knowledge';
import type { StoreRecord } from '@kotae/knowledge';
import { analyzeQuestion, latinLanguagesOf, type ActMessages, type LatinLanguageDetector } from '@kotae/knowledge/answer';
import { MemoryInteractionStore } from '../store/memory-store.js';
import type { InteractionStore } from '../store/interaction-store.js';
import { AnswerLogs } from './answer-logs.js';
import type { AnswerLog } from './answer-log.js';
import { finishAnswer, produceAnswer, type AnswerJob } from './answer-producer.js';
import { AnswerRequestSchema, EscalationRequestSchema, FeedbackRequestSchema, REQUEST_LIMITS } from '@kotae/knowledge/answer';
import { cleanStrings } from './clean-text.js';
import { latinLanguageDetector } from './latin-language.js';
import { bodyLimit } from './body-limit.js';
import { webhookDestination, type EscalationWebhook } from '../escalation/webhook-destination.js';
import { EscalationDesk, type EscalationOptions } from '../escalation/escalation-desk.js';
import { fileEscalation } from './escalations.js';
import type { ModelAnswerOptions } from '../model/model-answer.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../model/circuit-breaker.js';
import type { RateLimitOptions } from './rate-limiter.js';
import { clientIdentity, type ClientIdentityOptions } from './client-identity.js';
import { MemoryLimitStore, type LimitStore } from './limit-store.js';
import { maskSecrets, maskSecretsDeep } from './mask-secrets.js';
import { ServiceLimits, type WriteLimitOptions } from './write-limits.js';
import { KEEPALIVE, parseEventId } from './sse.js';
import { mcpEndpoint, type McpOptions } from './mcp-endpoint.js';
import { ReadinessTimeoutError } from '../errors.js';
import { mirrorLog, remoteStream, type AnswerEventStore } from './shared-answers.js';
import { ModelError } from '@kotae/knowledge/errors';
import type { ServiceEvent, ServiceEventListener } from '../observe/service-events.js';
import { observationOf, observeRequests, type RequestObservation } from '../observe/request-observer.js';

/** Options of the model answers (`openai` mode). */
export interface OpenAIAnswerOptions {
  /** The API key. Without a key (and without `client`), answers are extractive. */
  readonly apiKey?: string | undefined;
  /** Any OpenAI-compatible server (a local model server, a proxy). @default the OpenAI API */
  readonly baseURL?: string | undefined;
  /** The model. @default 'gpt-4.1-mini' */
  readonly model?: string | undefined;
  /** A ready client instead of `apiKey`/`baseURL` (tests, custom fetch, Azure). */
  readonly client?: OpenAI | undefined;
  /** Cap on an answer's length, in tokens. @default 600 */
  readonly maxOutputTokens?: number | undefined;
  /** Abort a stream that sends nothing for this long, in milliseconds. @default 10000 */
  readonly stallTimeoutMs?: number | undefined;
  /** Abort an answer that takes longer than this, in milliseconds. @default 30000 */
  readonly timeoutMs?: number | undefined;
  /**
   * Retries of a failed call (429, 5xx, connection errors) before falling back to the extractive
   * answer. The user is waiting; a quick fallback beats a slow retry. @default 0
   */
  readonly maxRetries?: number | undefined;
  /**
   * Rewrite a follow-up ("what about refunds?") as a standalone question with the model before
   * retrieval (one short extra call, at most 4 s; on any failure the weighted rewrite without a
   * model is used). Without a model, follow-ups always get the weighted rewrite. @default true
   */
  readonly rewriteFollowUps?: boolean | undefined;
  /**
   * The model's circuit breaker: after repeated failures (or a `Retry-After`) the model is not
   * called for a cool-down, and answers are extractive at once (`fallbackReason: 'circuit-open'`),
   * with a probe call now and then; `false` turns it off (every request waits for its own
   * timeout). @default { failureThreshold: 5, cooldownMs: 30000, maxCooldownMs: 300000 }
   */
  readonly circuitBreaker?: CircuitBreakerOptions | false | undefined;
}

/** Options of {@link createAnswerHandler}. */
export interface AnswerServiceOptions {
  /**
   * The compiled bundle to answer from, or a function returning the current one (called per
   * request, so a newly published bundle is used without a restart).
   */
  readonly bundle: LoadedBundle | (() => LoadedBundle);
  /** Where interactions, feedback and escalations are recorded. @default a {@link MemoryInteractionStore} */
  readonly store?: InteractionStore | undefined;
  /** Model answers. Without a key or client, every answer is extractive (the service still answers). */
  readonly openai?: OpenAIAnswerOptions | undefined;
  /**
   * How a Latin-script question's language is told when the bundle has two or more Latin-script
   * languages (English and French articles, say): the question is then searched in the language
   * it is written in first, whatever the page's locale. By default `tinyld`'s light model, loaded
   * on the first such question (see `latinLanguageDetector`); a function of your own instead; or
   * `false`, and the page's language decides. Japanese, Chinese, Korean and Cyrillic questions are
   * told by their script. @default tinyld's light model
   */
  readonly latinDetector?: LatinLanguageDetector | false | undefined;
  /**
   * The answerability score (0–1, see `assessAnswerability`) below which the service answers
   * "I don't know" without calling the model, for every language. Without it, the threshold
   * `kotae compile` calibrated for the question's language is used (the manifest's
   * `answerability`; `kotae eval` shows it and its trade-off curve), or
   * `DEFAULT_ANSWERABILITY_THRESHOLD` for a bundle built before calibration.
   * @default the bundle's calibrated threshold
   */
  readonly minConfidence?: number | undefined;
  /** How many sections are retrieved and given to the model as numbered sources. @default 5 */
  readonly maxSources?: number | undefined;
  /** The path the handler is mounted at, such as `/api/kotae`. @default '' */
  readonly basePath?: string | undefined;
  /** Requests per client on `POST /v1/answer`; `false` turns the limit off. @default { burst: 10, perMinute: 30 } */
  readonly rateLimit?: RateLimitOptions | false | undefined;
  /**
   * The limits on feedback, escalations and store growth, per client and per interaction (see
   * `WriteLimitOptions` for each default); `false` turns them off. A refused request gets 429 with
   * `Retry-After` and a body naming the `limit`.
   * @default every limit at its default
   */
  readonly limits?: WriteLimitOptions | false | undefined;
  /**
   * Who a request comes from, for every limit: an authenticated user (`user`), the address your
   * proxy sets in a header (`trustedHeader`, only when configured), or else the socket's address
   * on Node (`@hono/node-server`, `kotae serve`) — IPv6 addresses counted per /64, IPv4-mapped
   * ones as IPv4. Without any of them (another runtime, no header) all requests share one
   * allowance. @default the socket's address
   */
  readonly clientIdentity?: ClientIdentityOptions | undefined;
  /**
   * The client's key for every limit, computed by you instead of `clientIdentity` (which it
   * replaces when given).
   */
  readonly clientKey?: ((request: Request, env: unknown) => string) | undefined;
  /**
   * Where the limits keep their counts: per process by default; pass a shared implementation of
   * `LimitStore` to give a client one allowance across several instances.
   * @default a `MemoryLimitStore`
   */
  readonly limitStore?: LimitStore | undefined;
  /**
   * Strings that must never appear in what the service logs (`onError`), records or answers,
   * besides the OpenAI API key (always masked) and any bearer token: masked as `***`.
   */
  readonly secrets?: readonly string[] | undefined;
  /**
   * Past support conversations as precedents (`readPrecedentsDir` from `@kotae/knowledge/node`),
   * or a function returning the current ones. End users' model answers may use them as background
   * (never cited or shown); agent-assist requests may cite them.
   */
  readonly precedents?: PrecedentIndex | (() => PrecedentIndex | undefined) | undefined;
  /**
   * Internal guidance (the `audience: internal` articles, which `kotae compile` keeps out of the
   * public bundle): the sections `readGuidanceDir` from `@kotae/knowledge/node` returns, or a
   * function returning the current ones. Agent-assist requests search them together with the
   * bundle's articles (one index, so their scores compare); end users' requests never do.
   */
  readonly internalGuidance?: readonly StoredSection[] | (() => readonly StoredSection[] | undefined) | undefined;
  /**
   * Whether a request may ask for agent assist (`audience: "agent"`, which can show precedents):
   * check your own session or token here. Without it, agent requests get 403.
   */
  readonly authorizeAgent?: ((request: Request) => boolean | Promise<boolean>) | undefined;
  /**
   * What `POST /v1/escalations` does after it has recorded an escalation in the store (always, and
   * before it answers 202): the destinations it forwards to, the retries, the resume after a
   * restart. Without destinations an escalation is recorded only. @default { destinations: [] }
   */
  readonly escalations?: EscalationOptions | undefined;
  /** Shorthand for a {@link webhookDestination} among `escalations.destinations` (called with `fetch`). */
  readonly escalationWebhook?: EscalationWebhook | undefined;
  /** Values redaction leaves alone (the company's own support number or address). */
  readonly publicValues?: readonly string[] | undefined;
  /** "I don't know" messages by language or locale, replacing kotae's English and Japanese ones. */
  readonly refusalMessages?: Readonly<Record<string, string>> | undefined;
  /**
   * The replies to conversational acts (a request for a person, greeting, thanks, goodbye, "that
   * didn't work"), by language or locale, replacing kotae's English and Japanese ones: say here
   * how your users reach a person (`{ en: { handoff: 'Call 0120-000-000, 9:00–18:00.' } }`).
   */
  readonly actMessages?: ActMessages | undefined;
  /** The product's name, as the model's prompt calls it. @default 'the product' */
  readonly product?: string | undefined;
  /** Send a keepalive comment this often while an answer streams, in milliseconds. @default 15000 */
  readonly keepaliveMs?: number | undefined;
  /** How long an answer can be resumed with `Last-Event-ID`, in milliseconds. @default 300000 */
  readonly resumeTtlMs?: number | undefined;
  /**
   * Where every answer's events are also kept (for `resumeTtlMs`), so that a `Last-Event-ID`
   * resume works on any instance sharing it, not only on the one producing the answer:
   * `PostgresInteractionStore.answerEvents()`. `kotae serve` uses it with a PostgreSQL store.
   * @default none: an answer resumes only on its own instance
   */
  readonly answerEvents?: AnswerEventStore | undefined;
  /**
   * How long an answer keeps going after its client disconnects, waiting for a resume, before the
   * model call is aborted, in milliseconds. @default 2000
   */
  readonly disconnectGraceMs?: number | undefined;
  /**
   * The MCP endpoint at `<basePath>/v1/mcp` (Streamable HTTP): the tools `search`, `get_article`
   * and `answer` over the same bundle, public articles only, `answer` through `POST /v1/answer`
   * (same answers, limits and store). `false` turns it off. It shows nothing the public bundle
   * and the answer route do not already show, so it is on by default.
   * @default on, with every option at its default
   */
  readonly mcp?: McpOptions | false | undefined;
  /** Allowed origins for cross-origin widgets (CORS). @default same origin only */
  readonly corsOrigins?: readonly string[] | undefined;
  /** The fetch the `escalationWebhook` is called with. @default globalThis.fetch */
  readonly fetch?: typeof fetch | undefined;
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: (() => number) | undefined;
  /**
   * Told of every fallback and failure (a model error, a store error), for logs. A model error
   * carries only the HTTP status and the provider's error code, never its message or body.
   * @default nothing
   */
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * Told of every finished request (its id, route, status, duration, an answer's mode and time
   * to first event — never the question), every failed model call, every store write and every
   * change of the model's circuit breaker: for metrics (`createServiceMetrics` in
   * `@kotae/server/node`), logs (`createRequestLog`) or your own pipeline. A listener that throws
   * is reported to `onError`, never to the client. @default nothing
   */
  readonly onEvent?: ServiceEventListener | undefined;
}

/**
 * The answer service: a web-standard fetch handler. Pass it a `Request` (and, on Node through
 * `@hono/node-server`, its env) and get a `Response`; see {@link createAnswerHandler}.
 */
export interface AnswerHandler {
  (request: Request, env?: unknown): Promise<Response>;
  /** The store the handler records into. */
  readonly store: InteractionStore;
  /** Where escalations go: its destinations, `idle()` (deliveries finished) and `close()` (stop retrying). */
  readonly escalations: EscalationDesk;
  /**
   * Starts a graceful shutdown: `GET /v1/ready` answers 503 from now on (so the load balancer
   * stops sending traffic), new questions get `503 shutting_down` (resumes are still served), and
   * the answers under way go on. Resolves, once they are all recorded and complete or after
   * `timeoutMs`, to how many were still unfinished.
   */
  drain(timeoutMs: number): Promise<number>;
}

/** A JSON error body. */
interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Creates the answer service for a bundle: `POST /v1/answer` (a cited answer as a stream of
 * server-sent events), `POST /v1/feedback`, `POST /v1/escalations` and `GET /v1/health`, as a
 * `(Request) => Promise<Response>` handler that mounts in any backend (Node, Bun, Deno, workers,
 * Next.js route handlers).
 *
 * Without an OpenAI key, answers are extractive: the sentences of the best sections that match
 * the question, each cited. With one, a model writes the answer from numbered sources; its
 * citations are checked in code, and any failure (error, timeout, stall, bad citation) falls back
 * to the extractive answer — never to a 5xx. Below `minConfidence` the answer is "I don't know",
 * and the model is not called. Every interaction is recorded, redacted, before `done` is sent.
 *
 * @example
 * ```ts
 * import { readBundleDir } from '@kotae/knowledge/node';
 * import { createAnswerHandler } from '@kotae/server';
 *
 * const handler = createAnswerHandler({
 *   bundle: await readBundleDir('bundle'),
 *   basePath: '/api/kotae',
 *   openai: { apiKey: process.env.OPENAI_API_KEY },
 * });
 * // Next.js: export const POST = handler; export const GET = handler;
 * ```
 */
export function createAnswerHandler(options: AnswerServiceOptions): AnswerHandler {
  const store = options.store ?? new MemoryInteractionStore();
  const now = options.now ?? Date.now;
  const secrets = [options.openai?.apiKey, ...(options.secrets ?? [])];
  const logError = maskedErrors(options.onError ?? (() => {}), secrets);
  const emit = safeListener(options.onEvent, logError);
  const onError = (error: unknown) => {
    if (error instanceof ModelError) {
      // An open breaker is reported once, as a `breaker` event, not once per request it spares.
      if (error.reason === 'circuit-open') return;
      if (error.reason !== 'declined') emit({ type: 'model-error', reason: error.reason, status: error.status });
    }
    logError(error);
  };
  const record = timedWrites((value: StoreRecord) => store.append(maskSecretsDeep(value, secrets)), emit, now);
  const current = typeof options.bundle === 'function' ? options.bundle : () => options.bundle as LoadedBundle;
  const model = modelOptions(options.openai, now, (state, cooldownMs) => emit({ type: 'breaker', state, cooldownMs }));
  const clientKey = options.clientKey;
  const limits = new ServiceLimits({
    store: options.limitStore ?? new MemoryLimitStore({ now }),
    identify: clientKey ? (request, env) => Promise.resolve(clientKey(request, env)) : clientIdentity(options.clientIdentity),
    interactions: store,
    answers: options.rateLimit ?? {},
    writes: options.limits ?? {},
  });
  const resumeTtlMs = options.resumeTtlMs ?? 300_000;
  const logs = new AnswerLogs({ ttlMs: resumeTtlMs, max: 10_000, now });
  const shared = options.answerEvents;
  const keepaliveMs = options.keepaliveMs ?? 15_000;
  const graceMs = options.disconnectGraceMs ?? 2000;
  // A resume elsewhere gives up when its answer has not moved for this long: its producer is gone.
  const staleAfterMs = Math.max(15_000, (model?.stallTimeoutMs ?? 0) + graceMs + 5000);
  const redactText = (text: string) => redact(text, { allow: options.publicValues }).text;
  const sectionsOf = sectionLookup();
  const articlesOf = articleLookup();
  const desk = new EscalationDesk(
    store,
    {
      ...options.escalations,
      destinations: [
        ...(options.escalationWebhook ? [webhookDestination({ fetch: options.fetch, ...options.escalationWebhook })] : []),
        ...(options.escalations?.destinations ?? []),
      ],
    },
    now,
    onError,
  );
  const resumeWithinMs = options.escalations?.resumeWithinMs ?? 86_400_000;
  if (desk.destinations.length > 0 && resumeWithinMs > 0) void desk.resume(resumeWithinMs).catch(onError);
  const agentIndex = agentIndexCache();

  const app = new Hono().basePath(options.basePath ?? '');
  app.use('*', observeRequests(options.basePath ?? '', emit, now));
  if (options.corsOrigins?.length)
    app.use(
      '/v1/*',
      // Retry-After is not a CORS-safelisted response header: without exposing it a cross-origin
      // widget could not tell the user how long to wait after a 429.
      cors({
        origin: [...options.corsOrigins],
        allowHeaders: ['content-type', 'last-event-id', 'mcp-protocol-version'],
        exposeHeaders: ['Retry-After'],
        maxAge: 600,
      }),
    );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: REQUEST_LIMITS.bodyBytes,
      onError: (c) => c.json(errorBody('body_too_large', `the request body is larger than ${REQUEST_LIMITS.bodyBytes} bytes`), 413),
    }),
  );

  app.get('/v1/health', (c) => {
    const { manifest } = current();
    return c.json({
      status: 'ok',
      bundle: { id: manifest.id, version: manifest.version, locales: manifest.locales },
      mode: model ? 'openai' : 'extractive',
    });
  });

  // Liveness: the process answers. Readiness: it can serve — not draining, a bundle loaded, the store reachable.
  let draining = false;
  const running = new Set<AnswerLog>();
  app.get('/v1/live', (c) => c.json({ status: 'ok' }));
  app.get('/v1/ready', async (c) => {
    if (draining) return c.json({ status: 'unavailable', reason: 'shutting down' }, 503);
    try {
      const { manifest } = current();
      await withTimeout(store.interaction('kotae-readiness-probe'), 2000);
      return c.json({ status: 'ready', bundle: { id: manifest.id, version: manifest.version } });
    } catch (error) {
      onError(error);
      return c.json({ status: 'unavailable', reason: 'the bundle or the store is not available' }, 503);
    }
  });

  app.post('/v1/answer', async (c) => {
    const resume = parseEventId(c.req.header('last-event-id'));
    if (c.req.header('last-event-id') !== undefined) {
      const log = resume && logs.get(resume.interactionId);
      if (log) return sseResponse((signal) => log.read(resume.seq + 1, signal), keepaliveMs, undefined);
      // Produced by another instance: read it from the shared store.
      const stored = resume && (await shared?.read(resume.interactionId, resume.seq + 1));
      if (!stored) return c.json(errorBody('resume_unavailable', 'this answer can no longer be resumed; ask again'), 410);
      return sseResponse(
        (signal) => remoteStream(shared!, resume!.interactionId, resume!.seq + 1, stored, { pollMs: 100, staleMs: staleAfterMs, signal }),
        keepaliveMs,
        undefined,
      );
    }
    if (draining) {
      c.header('retry-after', '1');
      return c.json(errorBody('shutting_down', 'this instance is shutting down; ask again'), 503);
    }
    const body = await readJson(c, AnswerRequestSchema);
    if (body instanceof Response) return body;
    const query = body.query.normalize('NFKC').trim();
    if (!query) return c.json(errorBody('invalid_request', 'query: the question is empty'), 400);
    if (query.length > REQUEST_LIMITS.queryChars)
      return c.json(
        errorBody('query_too_long', `query: the question has ${query.length} characters; at most ${REQUEST_LIMITS.queryChars} are allowed`),
        400,
      );
    if (body.audience === 'agent' && !(await options.authorizeAgent?.(c.req.raw)))
      return c.json(errorBody('forbidden', 'audience: agent assist needs an authorized agent'), 403);
    const client = await limits.identity(c);
    const refused = await limits.admit(c, client);
    if (refused) return refused;

    const bundle = current();
    const locale = body.locale ?? bundle.manifest.locales[0] ?? 'en';
    const redacted = redactText(query);
    const searchQuery = redacted.replace(PLACEHOLDER_PATTERN, ' ');
    // Analysed once, on what is searched: personal data steers neither the language nor the act.
    const latinDetector =
      options.latinDetector === false || latinLanguagesOf(bundle.manifest.locales).length < 2
        ? undefined
        : (options.latinDetector ?? (await latinLanguageDetector()));
    const question = analyzeQuestion(searchQuery, {
      pageLocale: locale,
      locales: bundle.manifest.locales,
      latinDetector,
      history: (body.history ?? []).map((turn) => ({ role: turn.role, text: redactText(turn.text).replace(PLACEHOLDER_PATTERN, ' ') })),
    });
    const precedents = typeof options.precedents === 'function' ? options.precedents() : options.precedents;
    const guidance = typeof options.internalGuidance === 'function' ? options.internalGuidance() : options.internalGuidance;
    // Agent assist searches the public articles and the internal guidance as one index.
    const index = body.audience === 'agent' && guidance && guidance.length > 0 ? agentIndex(bundle.index, guidance) : bundle.index;
    const interactionId = crypto.randomUUID();
    const log = logs.create(interactionId);
    if (shared) mirrorLog(log, shared, resumeTtlMs, onError);
    const job: AnswerJob = {
      interactionId,
      request: body,
      query: redacted,
      searchQuery,
      locale,
      question,
      index,
      section: (id) => sectionsOf(index)(id) ?? precedents?.get(id),
      articleSections: articlesOf(index),
      precedents,
      maxSources: options.maxSources ?? 5,
      minConfidence: options.minConfidence,
      answerability: bundle.manifest.answerability,
      model,
      rewriteFollowUps: options.openai?.rewriteFollowUps ?? true,
      redact: redactText,
      product: options.product,
      refusalMessages: options.refusalMessages ?? {},
      actMessages: options.actMessages ?? {},
      startedAt: now(),
      now,
      onError,
    };
    const observation = observationOf(c);
    observation?.defer();
    run(job, log, client, observation);
    return sseResponse((signal) => log.read(0, signal), keepaliveMs, observation);
  });

  app.post('/v1/feedback', limits.feedback, async (c) => {
    const body = await readJson(c, FeedbackRequestSchema);
    if (body instanceof Response) return body;
    if (!(await store.interaction(body.interactionId)))
      return c.json(errorBody('unknown_interaction', `interactionId: no interaction "${body.interactionId}"`), 404);
    await record({
      kind: 'feedback',
      interactionId: body.interactionId,
      at: new Date(now()).toISOString(),
      helpful: body.helpful,
      ...(body.resolved === undefined ? {} : { resolved: body.resolved }),
      ...(body.reason === undefined ? {} : { reason: redactText(body.reason) }),
    });
    return c.body(null, 204);
  });

  app.post('/v1/escalations', limits.escalations, async (c) => {
    const body = await readJson(c, EscalationRequestSchema);
    if (body instanceof Response) return body;
    const reply = await fileEscalation({ store, desk, redact: redactText, now }, body);
    return c.json(reply.body, reply.status);
  });

  if (options.mcp !== false)
    app.all(
      '/v1/mcp',
      mcpEndpoint({
        bundle: current,
        ask: (c, body) => Promise.resolve(app.fetch(answerRequest(c.req.raw, body), c.env)),
        onError,
        options: options.mcp ?? {},
      }),
    );

  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((error, c) => {
    onError(error);
    // The store's server is down or restarting: say so at once, and when to try again.
    if (error instanceof StoreConnectionError) {
      c.header('retry-after', '1');
      return c.json(errorBody('store_unavailable', STORE_UNAVAILABLE), 503);
    }
    return c.json(errorBody('internal_error', 'the answer service failed; the error is logged'), 500);
  });

  /** Produces the answer in the background; the responses only read its log. */
  function run(job: AnswerJob, log: AnswerLog, client: string, observation: RequestObservation | undefined): void {
    const gone = new AbortController();
    running.add(log);
    let grace: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      if (log.readers > 0 || log.closed) return;
      // Someone reads it through the shared store (a resume on another instance): keep going.
      const ago = shared && (await shared.lastRead(log.interactionId).catch(() => undefined));
      if (ago !== undefined && ago < graceMs) grace = setTimeout(() => void check(), graceMs);
      else if (log.readers === 0 && !log.closed) gone.abort(new Error('the client disconnected'));
    };
    log.onIdle = () => {
      clearTimeout(grace);
      grace = setTimeout(() => void check(), graceMs);
    };
    produceAnswer(job, log, gone.signal)
      .then(async (interaction) => {
        await record(interaction);
        await limits.charge(client, new TextEncoder().encode(JSON.stringify(interaction)).length);
        if (interaction.aborted) log.close();
        else finishAnswer(log, interaction);
        observation?.finish({
          mode: interaction.mode,
          fallbackReason: interaction.fallbackReason,
          interactionId: interaction.id,
          ...(interaction.aborted ? { aborted: true } : {}),
        });
      })
      .catch((error: unknown) => {
        onError(error);
        log.push(
          'error',
          error instanceof StoreConnectionError
            ? { code: 'store_unavailable', message: STORE_UNAVAILABLE }
            : { code: 'internal_error', message: 'the answer could not be completed' },
        );
        log.close();
        observation?.finish({ interactionId: job.interactionId });
      })
      .finally(() => {
        clearTimeout(grace);
        running.delete(log);
        idle?.();
      });
  }

  let idle: (() => void) | undefined;
  async function drain(timeoutMs: number): Promise<number> {
    draining = true;
    const deadline = Date.now() + timeoutMs;
    while (running.size > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    idle = undefined;
    return running.size;
  }

  const handler = ((request: Request, env?: unknown) => Promise.resolve(app.fetch(request, env))) as AnswerHandler;
  Object.defineProperty(handler, 'store', { value: store, enumerable: true });
  Object.defineProperty(handler, 'escalations', { value: desk, enumerable: true });
  Object.defineProperty(handler, 'drain', { value: drain, enumerable: true });
  return handler;
}

function modelOptions(
  openai: OpenAIAnswerOptions | undefined,
  now: () => number,
  onBreaker: ConstructorParameters<typeof CircuitBreaker>[2],
): ModelAnswerOptions | undefined {
  if (!openai || (!openai.client && !openai.apiKey)) return undefined;
  const client = openai.client ?? new OpenAI({ apiKey: openai.apiKey, baseURL: openai.baseURL, maxRetries: openai.maxRetries ?? 0 });
  return {
    client,
    model: openai.model ?? 'gpt-4.1-mini',
    maxOutputTokens: openai.maxOutputTokens ?? 600,
    stallTimeoutMs: openai.stallTimeoutMs ?? 10_000,
    timeoutMs: openai.timeoutMs ?? 30_000,
    breaker: openai.circuitBreaker === false ? undefined : new CircuitBreaker(openai.circuitBreaker, now, onBreaker),
  };
}

/**
 * The index agent assist searches: the bundle's sections and the internal guidance, built once per
 * (bundle index, guidance) pair, so a reloaded bundle gets a new one.
 */
function agentIndexCache(): (index: SearchIndex, guidance: readonly StoredSection[]) => SearchIndex {
  const built = new WeakMap<SearchIndex, { guidance: readonly StoredSection[]; index: SearchIndex }>();
  return (index, guidance) => {
    const cached = built.get(index);
    if (cached && cached.guidance === guidance) return cached.index;
    const combined = buildSearchIndex([...index.sections(), ...guidance]);
    built.set(index, { guidance, index: combined });
    return combined;
  };
}

/** Section text by id, built once per index. */
function sectionLookup(): (index: SearchIndex) => (id: string) => StoredSection | undefined {
  const maps = new WeakMap<SearchIndex, Map<string, StoredSection>>();
  return (index) => {
    let map = maps.get(index);
    if (!map) {
      map = new Map(index.sections().map((s) => [s.id, s]));
      maps.set(index, map);
    }
    return (id) => map.get(id);
  };
}

/** What a client is told when the interaction store cannot be reached (nothing was recorded). */
const STORE_UNAVAILABLE = 'the interaction store is unavailable, so nothing was recorded; ask again in a moment';

/** The `onEvent` listener, or nothing; one that throws is reported to `onError`. */
function safeListener(listener: ServiceEventListener | undefined, onError: (error: unknown) => void): ServiceEventListener {
  if (!listener) return () => {};
  return (event: ServiceEvent) => {
    try {
      listener(event);
    } catch (error) {
      onError(error);
    }
  };
}

/** Store writes timed and counted for `store-write` events. */
function timedWrites<T>(write: (value: T) => Promise<void>, emit: ServiceEventListener, now: () => number): (value: T) => Promise<void> {
  let pending = 0;
  return async (value) => {
    const startedAt = now();
    pending++;
    let ok = false;
    try {
      await write(value);
      ok = true;
    } finally {
      pending--;
      emit({ type: 'store-write', durationMs: now() - startedAt, ok, pending });
    }
  };
}

/** The sections of each article of an index, in document order, built once per index. */
function articleLookup(): (index: SearchIndex) => (articleId: string) => readonly StoredSection[] {
  const maps = new WeakMap<SearchIndex, Map<string, StoredSection[]>>();
  return (index) => {
    let map = maps.get(index);
    if (!map) {
      const built = new Map<string, StoredSection[]>();
      for (const s of index.sections()) {
        const list = built.get(s.articleId);
        if (list) list.push(s);
        else built.set(s.articleId, [s]);
      }
      map = built;
      maps.set(index, map);
    }
    const found = map;
    return (articleId) => found.get(articleId) ?? [];
  };
}

/** `onError` told of errors whose message has every secret masked. */
function maskedErrors(onError: (error: unknown) => void, secrets: readonly (string | undefined)[]): (error: unknown) => void {
  return (error) => {
    if (error instanceof Error) {
      const message = maskSecrets(error.message, secrets);
      if (message !== error.message) {
        try {
          error.message = message;
        } catch {
          // A frozen error keeps its message; it is reported as text instead.
          onError(message);
          return;
        }
      }
      onError(error);
    } else onError(typeof error === 'string' ? maskSecrets(error, secrets) : error);
  };
}

/** Headers of an MCP request that are not passed on to the answer route it asks. */
const MCP_ONLY_HEADERS = [
  'content-type',
  'content-length',
  'transfer-encoding',
  'accept',
  'last-event-id',
  'mcp-session-id',
  'mcp-protocol-version',
];

/**
 * The `POST /v1/answer` request the MCP tool `answer` makes on behalf of an MCP request: the same
 * client (its other headers, so the limits count it as the same client), a public question.
 */
function answerRequest(mcp: Request, body: object): Request {
  const headers = new Headers(mcp.headers);
  for (const name of MCP_ONLY_HEADERS) headers.delete(name);
  headers.set('content-type', 'application/json');
  return new Request(new URL('v1/answer', mcp.url.replace(/\/v1\/mcp(\?.*)?$/, '/')), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: mcp.signal,
  });
}

/** `promise`, or a rejection after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Reads and checks a JSON body: 415 for another content type, 400 for bad JSON or a bad field. */
async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    return c.json(errorBody('unsupported_media_type', `content-type must be application/json, not "${type}"`), 415);
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text(), cleanStrings);
  } catch (error) {
    if (error instanceof Error && error.name === 'BodyLimitError') throw error;
    return c.json(errorBody('invalid_json', `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`), 400);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : 'body';
    return c.json(errorBody('invalid_request', `${field}: ${issue.message}`), 400);
  }
  return parsed.data;
}

/** The SSE response sending what `read` yields, with keepalive comments while it waits. */
function sseResponse(
  read: (signal: AbortSignal) => AsyncIterable<string>,
  keepaliveMs: number,
  observation: RequestObservation | undefined,
): Response {
  const encoder = new TextEncoder();
  const reader = new AbortController();
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          reader.abort();
        }
      };
      keepalive = setInterval(() => send(KEEPALIVE), keepaliveMs);
      void (async () => {
        try {
          for await (const chunk of read(reader.signal)) {
            observation?.firstEvent();
            send(chunk);
          }
          if (!reader.signal.aborted) controller.close();
        } catch {
          reader.abort();
        } finally {
          clearInterval(keepalive);
        }
      })();
    },
    cancel() {
      clearInterval(keepalive);
      reader.abort();
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}
