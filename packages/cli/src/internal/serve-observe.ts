/**
 * What `kotae serve` observes: the Prometheus metrics (`--metrics`, `--metrics-port`) and the
 * request log (`--log`), as one `onEvent` listener and the `/metrics` route.
 */
import { combineListeners, type ServiceEventListener } from '@kotae/server';
import { createRequestLog, createServiceMetrics, type ServiceMetrics } from '@kotae/server/node';
import { UsageError } from '../errors.js';
import type { OptionSpec } from './command.js';

/** The formats of `--log`. */
export const LOG_FORMATS = ['auto', 'json', 'pretty', 'off'] as const;

/** How `kotae serve` logs its requests: JSON lines, readable lines, or not at all. */
export type ServeLogFormat = 'json' | 'pretty' | 'off';

/** What `kotae serve` observes (see `ServeCommandOptions.observe`). */
export interface ServeObserveOptions {
  /**
   * Serve Prometheus metrics at `/metrics`: `true` on the server's own port, `{ port }` on a port
   * of its own (on the same interface) that only your Prometheus needs to reach. @default off
   */
  readonly metrics?: boolean | { readonly port: number } | undefined;
  /** One line per request (and per model failure and breaker change), written by `write`. @default no request log */
  readonly log?: { readonly format: ServeLogFormat; readonly write: (line: string) => void } | undefined;
}

/** The listener and the metrics of a `kotae serve`. */
export interface ServeObservability {
  readonly onEvent: ServiceEventListener | undefined;
  readonly metrics: ServiceMetrics | undefined;
}

/** The metrics and the log `options` ask for. */
export function serveObservability(options: ServeObserveOptions | undefined): ServeObservability {
  const metrics = options?.metrics ? createServiceMetrics() : undefined;
  const log =
    options?.log && options.log.format !== 'off'
      ? createRequestLog({ format: options.log.format, destination: { write: options.log.write } })
      : undefined;
  return { onEvent: metrics || log ? combineListeners(metrics?.onEvent, log?.onEvent) : undefined, metrics };
}

/** `--log`'s value: `auto` is JSON lines unless stdout is a terminal. */
export function logFormat(value: string | undefined, stdoutIsTerminal: boolean): ServeLogFormat {
  const format = value ?? 'auto';
  if (!(LOG_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`invalid --log ${JSON.stringify(format)} (expected ${LOG_FORMATS.join(', ')})`, 'serve');
  if (format === 'auto') return stdoutIsTerminal ? 'pretty' : 'json';
  return format as ServeLogFormat;
}

/** `--metrics`. */
export const METRICS_OPTION = {
  type: 'boolean',
  description: 'serve Prometheus metrics at /metrics (on --metrics-port if given)',
  doc: 'serve Prometheus metrics at `/metrics`: requests and latency per route and answer mode, time to first event, refusals, escalations, model errors and fallbacks, the circuit breaker, store write latency and queue depth, rate-limited requests (see [operations](operations.md)). Off by default; on a public interface prefer `--metrics-port`',
} as const satisfies OptionSpec;

/** `--metrics-port <n>`. */
export const METRICS_PORT_OPTION = {
  type: 'string',
  value: '<n>',
  description: 'serve the metrics on this port instead of the main one; 0 picks a free one (implies --metrics)',
  doc: 'serve `/metrics` on this port (same `--host`) instead of the main one, so only your Prometheus needs to reach it; implies `--metrics`',
} as const satisfies OptionSpec;

/** `--log <format>`. */
export const LOG_OPTION = {
  type: 'string',
  value: '<format>',
  description: 'request log on stdout: auto (JSON lines, readable on a terminal), json, pretty or off',
  doc: 'one line per request on stdout (request id — also sent back as `x-request-id` — route, status, duration, answer mode, time to first event; never the question), plus failed model calls and circuit breaker changes: `json` (pino JSON lines), `pretty` (readable lines), `off`, or `auto` (the default: `pretty` when stdout is a terminal, else `json`)',
} as const satisfies OptionSpec;
