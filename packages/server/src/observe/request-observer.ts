import type { Context, MiddlewareHandler } from 'hono';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RequestEvent, ServiceEventListener, ServiceRoute } from './service-events.js';

/** The header a request id comes in and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An id a client or a proxy may set: short, and nothing a log line could be forged with. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const tracer = trace.getTracer('@kotae/server');

/** What an answer adds to its request's event when it finishes. */
export type AnswerOutcome = Pick<RequestEvent, 'mode' | 'fallbackReason' | 'interactionId' | 'aborted'>;

/**
 * One request being observed: its id, its route, its trace span. A streamed answer `defer`s its
 * end to `finish`, called when the answer is complete.
 */
export class RequestObservation {
  readonly requestId: string;
  readonly route: ServiceRoute;
  readonly #method: string;
  readonly #startedAt: number;
  readonly #span: Span;
  readonly #emit: ServiceEventListener;
  readonly #now: () => number;
  #firstEventMs: number | undefined;
  #deferred = false;
  #status = 0;
  #done = false;

  constructor(request: Request, route: ServiceRoute, emit: ServiceEventListener, now: () => number) {
    const given = request.headers.get(REQUEST_ID_HEADER);
    this.requestId = given && SAFE_ID.test(given) ? given : crypto.randomUUID();
    this.route = route;
    this.#method = request.method;
    this.#emit = emit;
    this.#now = now;
    this.#startedAt = now();
    // A no-op span unless the host registered a tracer provider (and a propagator for `traceparent`).
    const parent = propagation.extract(context.active(), request.headers, headerGetter);
    this.#span = tracer.startSpan(
      `kotae ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route, 'kotae.request_id': this.requestId },
      },
      parent,
    );
  }

  /** The answer's first server-sent event went out. */
  firstEvent(): void {
    this.#firstEventMs ??= this.#now() - this.#startedAt;
  }

  /** The response is a stream whose end {@link finish} reports. */
  defer(): void {
    this.#deferred = true;
  }

  /** The response is ready; reported now unless deferred. */
  responded(status: number, limit: string | undefined): void {
    this.#status = status;
    if (!this.#deferred || status !== 200) this.#end({ ...(limit === undefined ? {} : { limit }) });
  }

  /** The streamed answer ended. */
  finish(outcome: AnswerOutcome): void {
    this.#end(outcome);
  }

  #end(extra: Partial<RequestEvent>): void {
    if (this.#done) return;
    this.#done = true;
    const event: RequestEvent = {
      type: 'request',
      requestId: this.requestId,
      method: this.#method,
      route: this.route,
      status: this.#status,
      durationMs: this.#now() - this.#startedAt,
      ...(this.#firstEventMs === undefined ? {} : { firstEventMs: this.#firstEventMs }),
      ...extra,
    };
    this.#span.setAttribute('http.response.status_code', event.status);
    if (event.mode) this.#span.setAttribute('kotae.mode', event.mode);
    if (event.fallbackReason) this.#span.setAttribute('kotae.fallback_reason', event.fallbackReason);
    if (event.status >= 500) this.#span.setStatus({ code: SpanStatusCode.ERROR });
    this.#span.end();
    this.#emit(event);
  }
}

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

const observations = new WeakMap<Request, RequestObservation>();

/** The observation of the request `c` handles (set by {@link observeRequests}). */
export function observationOf(c: Context): RequestObservation | undefined {
  return observations.get(c.req.raw);
}

/** The route a path (below the base path) belongs to. */
function routeOf(path: string): ServiceRoute {
  switch (path) {
    case '/v1/answer':
      return 'answer';
    case '/v1/feedback':
      return 'feedback';
    case '/v1/escalations':
      return 'escalations';
    case '/v1/health':
      return 'health';
    default:
      return 'other';
  }
}

/**
 * The middleware that gives every request an id (sent back as `x-request-id`), a trace span
 * (through `@opentelemetry/api`: a no-op unless the host registered a provider) and one
 * `request` event when it ends.
 */
export function observeRequests(basePath: string, emit: ServiceEventListener, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const observation = new RequestObservation(
      c.req.raw,
      routeOf(path.startsWith(basePath) ? path.slice(basePath.length) : path),
      emit,
      now,
    );
    observations.set(c.req.raw, observation);
    await next();
    c.header(REQUEST_ID_HEADER, observation.requestId);
    observation.responded(c.res.status, c.res.status === 429 ? await limitOf(c.res) : undefined);
  };
}

/** The `limit` a 429's body names. */
async function limitOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: { limit?: unknown } };
    return typeof body.error?.limit === 'string' ? body.error.limit : undefined;
  } catch {
    return undefined;
  }
}
