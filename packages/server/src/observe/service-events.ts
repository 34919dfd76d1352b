import type { AnswerMode } from '@kotae/knowledge';

/**
 * The routes of the answer service, as metrics and logs name them: a fixed set, so a label never
 * takes a value from the request (no unbounded series from probes of random paths).
 */
export const SERVICE_ROUTES = ['answer', 'feedback', 'escalations', 'health', 'other'] as const;

/** One of {@link SERVICE_ROUTES}. */
export type ServiceRoute = (typeof SERVICE_ROUTES)[number];

/**
 * One request the service finished: for `POST /v1/answer` when its answer was complete (or
 * abandoned), for every other route when its response was ready. Never carries the question or
 * any other text of the request.
 */
export interface RequestEvent {
  readonly type: 'request';
  /** The request's id: the `x-request-id` it came with (when well formed), or a new UUID; also sent back as `x-request-id`. */
  readonly requestId: string;
  /** The HTTP method. */
  readonly method: string;
  /** Which route answered. */
  readonly route: ServiceRoute;
  /** The response's HTTP status. */
  readonly status: number;
  /** From the request's arrival to its end (an answer's last event), in milliseconds. */
  readonly durationMs: number;
  /** An answer's mode (`openai`, `extractive`, `refusal`, `act`, `fallback`); only on `answer`. */
  readonly mode?: AnswerMode | undefined;
  /** Why a model answer fell back to the extractive one (a `ModelError` reason, or `circuit-open`). */
  readonly fallbackReason?: string | undefined;
  /** The interaction recorded for an answer. */
  readonly interactionId?: string | undefined;
  /** From the request's arrival to the answer's first server-sent event, in milliseconds. */
  readonly firstEventMs?: number | undefined;
  /** Whether the client went away before the answer was complete. */
  readonly aborted?: boolean | undefined;
  /** On a 429: which limit refused the request (the body's `limit`). */
  readonly limit?: string | undefined;
}

/** A model call failed (the answer falls back to the extractive one, or a follow-up rewrite is skipped). */
export interface ModelErrorEvent {
  readonly type: 'model-error';
  /** The `ModelError` reason: `timeout`, `stall`, `rate-limited`, `http-error`, `model-error`, `network`… */
  readonly reason: string;
  /** The model API's HTTP status, when it answered with an error. */
  readonly status?: number | undefined;
}

/** The service wrote a record (an interaction or feedback) to the store. */
export interface StoreWriteEvent {
  readonly type: 'store-write';
  /** How long the write took until the store acknowledged it (or failed), in milliseconds. */
  readonly durationMs: number;
  /** Whether the store acknowledged it. */
  readonly ok: boolean;
  /** Writes of this handler still waiting for the store, this one excluded: the write queue's depth. */
  readonly pending: number;
}

/** The model's circuit breaker changed state (see `CircuitBreakerOptions`). */
export interface BreakerEvent {
  readonly type: 'breaker';
  /** `open`: the model is not called; `half-open`: one probe call is let through; `closed`: calls flow. */
  readonly state: 'open' | 'half-open' | 'closed';
  /** For `open`: how long the model is left alone, in milliseconds. */
  readonly cooldownMs?: number | undefined;
}

/**
 * What the answer service tells `onEvent`: each finished request, each failed model call, each
 * store write and each change of the model's circuit breaker. The Prometheus metrics and the JSON
 * request log of `@kotae/server/node` are built on these; a team with its own pipeline can take
 * them as they are.
 */
export type ServiceEvent = RequestEvent | ModelErrorEvent | StoreWriteEvent | BreakerEvent;

/** A receiver of {@link ServiceEvent}s. */
export type ServiceEventListener = (event: ServiceEvent) => void;

/**
 * One listener that passes every event to each of `listeners` in turn (the metrics, the log and
 * your own), skipping `undefined` ones.
 *
 * @example
 * ```ts
 * createAnswerHandler({ bundle, onEvent: combineListeners(metrics.onEvent, log.onEvent) });
 * ```
 */
export function combineListeners(...listeners: readonly (ServiceEventListener | undefined)[]): ServiceEventListener {
  const present = listeners.filter((listener): listener is ServiceEventListener => listener !== undefined);
  return (event) => {
    for (const listener of present) listener(event);
  };
}
