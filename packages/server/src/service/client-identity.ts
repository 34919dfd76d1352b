/**
 * Who a request comes from, for the limits: an authenticated user, an address a trusted proxy
 * set in a header, or the socket's address — with the IPv6 addresses of one /64 counted as one
 * client, because one host (or one customer's network) is given a whole /64 and can send from
 * any address in it.
 */

/** Options of the client identity the limits are keyed by (see `AnswerServiceOptions.clientIdentity`). */
export interface ClientIdentityOptions {
  /**
   * The authenticated user behind a request, from your own session or token: a stable id, or
   * `undefined` for an anonymous request (which falls back to the address). Signed-in users then
   * have their own allowance wherever they connect from, and many users behind one office's
   * address no longer share one.
   * @default none: every request is keyed by its address
   */
  readonly user?: ((request: Request) => string | undefined | Promise<string | undefined>) | undefined;
  /**
   * A header your proxy sets to the client's address (`x-forwarded-for`, `x-real-ip`,
   * `cf-connecting-ip`). Only set it when every request reaches the service through that proxy:
   * a client can send any header, and one trusted without a proxy picks its own identity. When
   * the header holds a list, the last entry (the one your proxy appended) is used.
   * @default none: the socket's address
   */
  readonly trustedHeader?: string | undefined;
  /**
   * How many leading bits of an IPv6 address identify a client. Addresses in one prefix share
   * every allowance. @default 64
   */
  readonly ipv6Prefix?: number | undefined;
}

/** Resolves a request's client identity; `env` is `@hono/node-server`'s (it holds the socket). */
export type ClientIdentity = (request: Request, env: unknown) => Promise<string>;

/**
 * The identity function for these options: `user:<id>` for an authenticated user, else
 * `ip:<address>` (IPv4, or the IPv6 prefix such as `ip:2001:db8:0:1::/64`), else `shared` when
 * the runtime gives no address (every such request then shares one allowance).
 *
 * @example
 * ```ts
 * const identify = clientIdentity({ trustedHeader: 'x-forwarded-for' });
 * await identify(new Request('http://x/', { headers: { 'x-forwarded-for': '2001:db8::1, 2001:db8::2' } }), undefined);
 * // 'ip:2001:db8:0:0::/64'
 * ```
 */
export function clientIdentity(options: ClientIdentityOptions = {}): ClientIdentity {
  const header = options.trustedHeader?.toLowerCase();
  const prefix = options.ipv6Prefix ?? 64;
  return async (request, env) => {
    const user = await options.user?.(request);
    if (user) return `user:${user}`;
    let address: string | undefined;
    if (header) address = request.headers.get(header)?.split(',').at(-1)?.trim() || undefined;
    address ??= socketAddress(env);
    return address ? `ip:${normalizeAddress(address, prefix)}` : 'shared';
  };
}

function socketAddress(env: unknown): string | undefined {
  return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}

/**
 * An address as the limits count it: IPv4 as is (also when written IPv4-mapped, `::ffff:1.2.3.4`),
 * IPv6 cut to its first `prefix` bits (`2001:db8:0:1::/64`), anything unparsable as given
 * (lowercased, at most 64 characters).
 *
 * @example
 * ```ts
 * normalizeAddress('::ffff:192.0.2.7'); // '192.0.2.7'
 * normalizeAddress('2001:DB8::8a2e:370:7334'); // '2001:db8:0:0::/64'
 * ```
 */
export function normalizeAddress(address: string, prefix = 64): string {
  let text = address.trim().toLowerCase();
  if (text.startsWith('[')) text = text.slice(1, text.indexOf(']') === -1 ? undefined : text.indexOf(']'));
  text = text.replace(/%.*$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups) return text.slice(0, 64);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  const bits = Math.max(0, Math.min(128, prefix));
  const kept = groups.map((g, i) => {
    const left = bits - i * 16;
    return left >= 16 ? g : left <= 0 ? 0 : g & (0xffff << (16 - left)) & 0xffff;
  });
  const shown = Math.ceil(bits / 16);
  return `${kept
    .slice(0, shown)
    .map((g) => g.toString(16))
    .join(':')}${shown < 8 ? '::' : ''}/${bits}`;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing IPv4 part), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  let body = text;
  const tail: number[] = [];
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(body);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    if (bytes.some((b) => b > 255)) return undefined;
    tail.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
    body = body.slice(0, v4.index);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const words = [...head, ...rest];
  if (words.some((w) => !/^[0-9a-f]{1,4}$/.test(w))) return undefined;
  const missing = 8 - tail.length - words.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [
    ...head.map((w) => parseInt(w, 16)),
    ...Array<number>(halves.length === 2 ? missing : 0).fill(0),
    ...rest.map((w) => parseInt(w, 16)),
    ...tail,
  ];
}
