import { EscalationDeliveryError } from '../errors.js';
import type { DeliveryReceipt, Escalation, EscalationDestination } from './escalation-destination.js';

/** The header carrying the body's HMAC-SHA256: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'kotae-signature';

/** Options of {@link webhookDestination}. */
export interface EscalationWebhook {
  /** Where escalations are POSTed as JSON (the product's ticket system, or a small adapter in front of it). */
  readonly url: string;
  /**
   * The shared secret the body is signed with: each request carries
   * `Kotae-Signature: sha256=<hex HMAC-SHA256 of the raw body>`; check it with
   * {@link verifyEscalationSignature}. Without a secret, requests are unsigned.
   */
  readonly secret?: string | undefined;
  /** Extra headers, such as an `Authorization` the ticket system wants. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Give up on one attempt after this long, in milliseconds. @default 10000 */
  readonly timeoutMs?: number | undefined;
  /** The fetch it calls. @default globalThis.fetch */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * A destination that POSTs each escalation ({@link Escalation}) as JSON to a webhook, signed with
 * HMAC-SHA256 when a `secret` is given. Headers: `Kotae-Signature`, `Kotae-Escalation-Id` (the same
 * on every attempt: drop duplicates by it) and `Kotae-Delivery-Attempt`. A 2xx is delivered (a
 * JSON answer's `ticket`, `id` or `url` is kept as the ticket); 408, 429, 5xx and network errors
 * are retried; any other status is a permanent failure.
 *
 * @example
 * ```ts
 * createAnswerHandler({
 *   bundle,
 *   escalations: { destinations: [webhookDestination({ url: 'https://tickets.example.com/hooks/kotae', secret: process.env.KOTAE_WEBHOOK_SECRET })] },
 * })
 * ```
 */
export function webhookDestination(webhook: EscalationWebhook): EscalationDestination {
  const url = new URL(webhook.url);
  const shown = `${url.origin}${url.pathname}`;
  return {
    name: 'webhook',
    describe: `webhook ${shown}${webhook.secret ? ' (HMAC-SHA256 signed)' : ' (unsigned)'}`,
    async deliver(escalation: Escalation, attempt: number): Promise<DeliveryReceipt> {
      const body = JSON.stringify(escalation);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'kotae-escalation-id': escalation.id,
        'kotae-delivery-attempt': String(attempt),
        ...webhook.headers,
      };
      if (webhook.secret) headers[SIGNATURE_HEADER] = await signEscalation(webhook.secret, body);
      let response: Response;
      try {
        response = await (webhook.fetch ?? fetch)(webhook.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new EscalationDeliveryError(
          'webhook',
          `${shown} could not be reached: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
      const answer: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const permanent = response.status < 500 && response.status !== 408 && response.status !== 429;
        throw new EscalationDeliveryError('webhook', `${shown} answered HTTP ${response.status}`, { status: response.status, permanent });
      }
      const ticket = ticketOf(answer);
      return { status: response.status, ...(ticket === undefined ? {} : { ticket }) };
    },
  };
}

/**
 * The `Kotae-Signature` value of a webhook body: `sha256=` and the hex HMAC-SHA256 of the raw
 * body under `secret` (Web Crypto: runs on Node, Deno, Bun and workers).
 *
 * @example
 * ```ts
 * await signEscalation('s3cret', '{"id":"…"}') // 'sha256=5d1f…'
 * ```
 */
export async function signEscalation(secret: string, body: string): Promise<string> {
  const key = await hmacKey(secret);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Whether `signature` (the `Kotae-Signature` header) is the HMAC-SHA256 of the raw `body` under
 * `secret`, compared in constant time. Check it on the raw body, before parsing it.
 *
 * @example
 * ```ts
 * const body = await request.text()
 * if (!(await verifyEscalationSignature(SECRET, body, request.headers.get('kotae-signature')))) return new Response(null, { status: 401 })
 * ```
 */
export async function verifyEscalationSignature(secret: string, body: string, signature: string | null | undefined): Promise<boolean> {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(signature?.trim() ?? '')?.[1];
  if (!hex) return false;
  const mac = new Uint8Array(hex.match(/../g)!.map((pair) => parseInt(pair, 16)));
  return crypto.subtle.verify('HMAC', await hmacKey(secret), mac, new TextEncoder().encode(body));
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

function ticketOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const key of ['ticket', 'id', 'url']) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 500);
  }
  return undefined;
}
