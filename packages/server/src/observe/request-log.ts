import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { ServiceEvent, ServiceEventListener } from './service-events.js';

/** Options of {@link createRequestLog}. */
export interface RequestLogOptions {
  /**
   * `json`: one JSON object per line (pino's format, for a log shipper); `pretty`: one readable
   * line per request (for a terminal). @default 'json'
   */
  readonly format?: 'json' | 'pretty' | undefined;
  /** Where lines are written. @default process.stdout */
  readonly destination?: { write(line: string): unknown } | undefined;
  /** The lowest level written (`info` writes every request; `warn` only 4xx/5xx, failed model calls and the breaker). @default 'info' */
  readonly level?: Level | undefined;
  /** A pino logger of your own to write to instead (its format and destination apply). */
  readonly logger?: Logger | undefined;
}

/** The request log (see {@link createRequestLog}). */
export interface RequestLog {
  /** The pino logger it writes with. */
  readonly logger: Logger;
  /** Pass as the handler's `onEvent` (alone, or through `combineListeners`). */
  readonly onEvent: ServiceEventListener;
}

/**
 * A structured log of the answer service (`pino`; Node only): one line per request — its
 * `requestId` (the `x-request-id` header the client got), route, status, duration and, for an
 * answer, its mode, fallback reason, interaction id and time to first event — plus a line per
 * failed model call and per change of the circuit breaker. A question's text is never logged.
 *
 * @example
 * ```ts
 * import { createRequestLog } from '@kotae/server/node';
 *
 * const log = createRequestLog({ format: process.stdout.isTTY ? 'pretty' : 'json' });
 * const handler = createAnswerHandler({ bundle, onEvent: log.onEvent });
 * // {"level":30,"time":…,"msg":"request","requestId":"…","route":"answer","status":200,"durationMs":12.5,"mode":"extractive",…}
 * ```
 */
export function createRequestLog(options: RequestLogOptions = {}): RequestLog {
  const destination = options.destination ?? process.stdout;
  const logger =
    options.logger ??
    pino(
      { base: { service: 'kotae' }, level: options.level ?? 'info' },
      (options.format === 'pretty' ? prettyLines(destination) : destination) as DestinationStream,
    );
  const onEvent = (event: ServiceEvent) => {
    switch (event.type) {
      case 'request': {
        const { type: _type, ...fields } = event;
        const level = event.status >= 500 ? 'error' : event.status >= 400 ? 'warn' : 'info';
        logger[level](fields, 'request');
        break;
      }
      case 'model-error':
        logger.warn({ reason: event.reason, status: event.status }, 'model call failed');
        break;
      case 'breaker':
        logger.warn({ state: event.state, cooldownMs: event.cooldownMs }, `model circuit breaker ${event.state}`);
        break;
      case 'store-write':
        if (!event.ok) logger.error({ durationMs: event.durationMs, pending: event.pending }, 'store write failed');
        break;
    }
  };
  return { logger, onEvent };
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A destination that turns pino's JSON lines into readable ones: `12:00:01 INFO  POST answer 200 12ms extractive req=…`. */
function prettyLines(out: { write(line: string): unknown }): { write(line: string): void } {
  return {
    write(line) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const time = new Date(entry.time as number).toISOString().slice(11, 19);
      const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
      const text =
        entry.msg === 'request'
          ? [
              entry.method,
              entry.route,
              entry.status,
              `${Math.round(entry.durationMs as number)}ms`,
              entry.mode,
              entry.fallbackReason === undefined ? undefined : `(${String(entry.fallbackReason)})`,
              entry.firstEventMs === undefined ? undefined : `first event ${Math.round(entry.firstEventMs as number)}ms`,
              entry.limit === undefined ? undefined : `limit ${String(entry.limit)}`,
              `req=${String(entry.requestId)}`,
            ]
              .filter((part) => part !== undefined)
              .join(' ')
          : [entry.msg, entry.reason, entry.status, entry.state].filter((part) => part !== undefined).join(' ');
      out.write(`${time} ${level} ${text}\n`);
    },
  };
}
