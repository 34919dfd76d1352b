import type { Server, ServerOptions } from 'node:http';
import { InvalidOptionError } from '@kotae/knowledge/errors';

/**
 * How long a Node HTTP server waits for a client, and how many clients it holds at once, so that
 * slow or stalled clients cannot hold it hostage. All times in milliseconds.
 */
export interface ConnectionLimitOptions {
  /** A client must send its whole request head (line and headers) within this. @default 10000 */
  readonly headersTimeoutMs?: number | undefined;
  /** A client must send its whole request, body included, within this. @default 30000 */
  readonly requestTimeoutMs?: number | undefined;
  /** An idle keep-alive connection is closed after this. @default 5000 */
  readonly keepAliveTimeoutMs?: number | undefined;
  /**
   * A connection on which nothing arrives or leaves for this long is closed: a body that stalls
   * midway, a client that stops reading its answer. Longer than the answer stream's keepalive
   * (15 s) so a streaming answer is never cut. @default 30000
   */
  readonly idleTimeoutMs?: number | undefined;
  /** Connections held at once; further ones are closed as soon as they are accepted. @default 1000 */
  readonly maxConnections?: number | undefined;
}

/** The limits `kotae serve` sets when none are given. */
export const DEFAULT_CONNECTION_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1_000,
} as const satisfies Required<ConnectionLimitOptions>;

/** The limits with their defaults filled in and checked. */
function resolved(options: ConnectionLimitOptions): Required<{ [K in keyof ConnectionLimitOptions]: number }> {
  const limits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const [name, value] of Object.entries(options) as [keyof ConnectionLimitOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new InvalidOptionError(name, `${name} must be a whole number, at least 1 (got ${JSON.stringify(value)})`);
    limits[name] = value as never;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new InvalidOptionError(
      'headersTimeoutMs',
      `headersTimeoutMs (${limits.headersTimeoutMs}) must not be longer than requestTimeoutMs (${limits.requestTimeoutMs})`,
    );
  return limits;
}

/**
 * The `node:http` server options for these limits (`headersTimeout`, `requestTimeout`,
 * `keepAliveTimeout`, and how often Node checks them), for `http.createServer(options)` or
 * `@hono/node-server`'s `serverOptions`. The idle timeout and the connection cap are set on the
 * server itself: see {@link applyConnectionLimits}.
 *
 * @throws `InvalidOptionError` for a value that is not a whole number of at least 1, or a header
 * timeout longer than the request timeout.
 *
 * @example
 * ```ts
 * const server = http.createServer(connectionServerOptions({ headersTimeoutMs: 5000 }), listener);
 * applyConnectionLimits(server, { headersTimeoutMs: 5000 });
 * ```
 */
export function connectionServerOptions(options: ConnectionLimitOptions = {}): ServerOptions {
  const limits = resolved(options);
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the header and request timeouts every 30 s by default: a 10 s limit could hold for 40 s.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * Sets the limits on a `node:http` server: the three timeouts of {@link connectionServerOptions}
 * (for a server created without them), the idle timeout (`server.setTimeout`: the socket is
 * destroyed) and the connection cap (`server.maxConnections`). Returns the server.
 *
 * @throws `InvalidOptionError` as {@link connectionServerOptions}.
 */
export function applyConnectionLimits<S extends Server>(server: S, options: ConnectionLimitOptions = {}): S {
  const limits = resolved(options);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // With no 'timeout' listener on the server, Node destroys the idle socket.
  server.setTimeout(limits.idleTimeoutMs);
  return server;
}
