import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServiceEvent, ServiceEventListener } from './service-events.js';

/** Options of {@link createServiceMetrics}. */
export interface ServiceMetricsOptions {
  /** The registry the metrics are registered in (share one with your own metrics). @default a new `Registry` */
  readonly registry?: Registry | undefined;
  /** The prefix of every metric's name. @default 'kotae_' */
  readonly prefix?: string | undefined;
  /** Also collect prom-client's process metrics (CPU, memory, event loop lag, GC), with the same prefix. @default true */
  readonly processMetrics?: boolean | undefined;
}

/** The answer service's Prometheus metrics (see {@link createServiceMetrics}). */
export interface ServiceMetrics {
  /** The registry holding them. */
  readonly registry: Registry;
  /** Pass as the handler's `onEvent` (alone, or through `combineListeners`). */
  readonly onEvent: ServiceEventListener;
  /** A fetch handler answering every request with the metrics in Prometheus' text format. */
  readonly handler: (request?: Request) => Promise<Response>;
}

/** Seconds: from a millisecond to half a minute (a model answer's timeout). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: store writes are fast or in trouble. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The answer service's Prometheus metrics, fed by its `onEvent` (`prom-client`; Node only):
 *
 * - `kotae_requests_total{route,method,status,mode}` and `kotae_request_duration_seconds{route,mode}`
 *   (an answer's duration runs to its last event);
 * - `kotae_answer_first_event_seconds{mode}`: time to the answer's first server-sent event;
 * - `kotae_refusals_total`, `kotae_escalations_total`;
 * - `kotae_model_errors_total{reason}`, `kotae_model_fallbacks_total{reason}`,
 *   `kotae_model_breaker_state` (0 closed, 1 half-open, 2 open), `kotae_model_breaker_opened_total`;
 * - `kotae_store_write_duration_seconds{ok}`, `kotae_store_writes_pending` (the write queue);
 * - `kotae_rate_limited_total{route,limit}`;
 * - prom-client's process metrics, `kotae_process_*` and `kotae_nodejs_*`.
 *
 * Every label takes its values from a fixed set, never from the request.
 *
 * @example
 * ```ts
 * import { createServiceMetrics } from '@kotae/server/node';
 *
 * const metrics = createServiceMetrics();
 * const handler = createAnswerHandler({ bundle, onEvent: metrics.onEvent });
 * // serve `metrics.handler` at GET /metrics, on a port only Prometheus reaches
 * ```
 */
export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'kotae_';
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const requests = new Counter({
    name: `${prefix}requests_total`,
    help: 'Requests the answer service finished, by route, method, HTTP status and answer mode.',
    labelNames: ['route', 'method', 'status', 'mode'] as const,
    registers,
  });
  const duration = new Histogram({
    name: `${prefix}request_duration_seconds`,
    help: "Time from a request's arrival to its end (an answer's last event), by route and answer mode.",
    labelNames: ['route', 'mode'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const firstEvent = new Histogram({
    name: `${prefix}answer_first_event_seconds`,
    help: "Time from an answer request's arrival to its first server-sent event, by answer mode.",
    labelNames: ['mode'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const refusals = new Counter({ name: `${prefix}refusals_total`, help: `Answers that said "I don't know".`, registers });
  const escalations = new Counter({ name: `${prefix}escalations_total`, help: 'Escalations recorded (202).', registers });
  const modelErrors = new Counter({
    name: `${prefix}model_errors_total`,
    help: 'Failed model calls, by reason (timeout, stall, rate-limited, http-error, model-error, network, circuit-open…).',
    labelNames: ['reason'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: `${prefix}model_fallbacks_total`,
    help: 'Model answers that fell back to the extractive answer, by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: `${prefix}model_breaker_state`,
    help: "The model's circuit breaker: 0 closed, 1 half-open (probing), 2 open (the model is not called).",
    registers,
  });
  const breakerOpened = new Counter({ name: `${prefix}model_breaker_opened_total`, help: 'Times the circuit breaker opened.', registers });
  const storeWrites = new Histogram({
    name: `${prefix}store_write_duration_seconds`,
    help: 'Time the store took to acknowledge a write (interactions, feedback), by outcome.',
    labelNames: ['ok'] as const,
    buckets: STORE_BUCKETS,
    registers,
  });
  const storePending = new Gauge({
    name: `${prefix}store_writes_pending`,
    help: 'Writes waiting for the store: the depth of its write queue.',
    registers,
  });
  const rateLimited = new Counter({
    name: `${prefix}rate_limited_total`,
    help: 'Requests refused with 429, by route and the limit that refused them.',
    labelNames: ['route', 'limit'] as const,
    registers,
  });
  breakerState.set(0);

  const onEvent = (event: ServiceEvent) => {
    switch (event.type) {
      case 'request': {
        const mode = event.mode ?? '';
        requests.inc({ route: event.route, method: event.method, status: String(event.status), mode });
        duration.observe({ route: event.route, mode }, event.durationMs / 1000);
        if (event.firstEventMs !== undefined) firstEvent.observe({ mode }, event.firstEventMs / 1000);
        if (event.mode === 'refusal') refusals.inc();
        if (event.mode === 'fallback') fallbacks.inc({ reason: event.fallbackReason ?? 'unknown' });
        if (event.route === 'escalations' && event.status === 202) escalations.inc();
        if (event.status === 429) rateLimited.inc({ route: event.route, limit: event.limit ?? 'unknown' });
        break;
      }
      case 'model-error':
        modelErrors.inc({ reason: event.reason });
        break;
      case 'store-write':
        storeWrites.observe({ ok: String(event.ok) }, event.durationMs / 1000);
        storePending.set(event.pending);
        break;
      case 'breaker':
        breakerState.set(BREAKER_STATES[event.state]);
        if (event.state === 'open') breakerOpened.inc();
        break;
    }
  };
  const handler = async () =>
    new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
  return { registry, onEvent, handler };
}
