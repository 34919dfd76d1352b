import { timingSafeEqual } from 'hono/utils/buffer';

/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerOf(request: Request): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * An `authorizeAgent` that admits a request whose `Authorization: Bearer <token>` is one of
 * `tokens`, compared in constant time (Hono's `timingSafeEqual`: both sides hashed with SHA-256,
 * then compared without an early exit), so a client cannot guess a token byte by byte from how
 * fast it is refused. Several tokens allow a rotation: add the new one, move the agents over,
 * remove the old one.
 *
 * @example
 * ```ts
 * createAnswerHandler({ bundle, authorizeAgent: bearerToken(process.env.KOTAE_AGENT_TOKEN!) });
 * ```
 */
export function bearerToken(tokens: string | readonly string[]): (request: Request) => Promise<boolean> {
  const accepted = (typeof tokens === 'string' ? [tokens] : [...tokens]).filter((token) => token.length > 0);
  return async (request) => {
    const given = bearerOf(request);
    if (given === undefined) return false;
    // Every token is compared, so the time does not tell which one matched.
    const matches = await Promise.all(accepted.map((token) => timingSafeEqual(given, token)));
    return matches.includes(true);
  };
}
