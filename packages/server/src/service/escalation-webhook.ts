/** What a webhook made of an escalation. */
export interface EscalationOutcome {
  readonly delivered: boolean;
  readonly status?: number;
  readonly error?: string;
  readonly ticket?: string;
}

/** Options of {@link forwardEscalation}. */
export interface EscalationWebhook {
  /** Where transcripts are POSTed (the product's ticket system, or a small adapter in front of it). */
  readonly url: string;
  /** Extra headers, such as an `Authorization` the ticket system wants. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Give up after this long, in milliseconds. @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/**
 * POSTs an escalation's transcript as JSON to the webhook. A 2xx is delivered; a JSON answer's
 * `ticket`, `id` or `url` (the first that is a string or number) is kept as the ticket reference.
 * Never throws: a refused or unreachable webhook is an outcome with `delivered: false`.
 */
export async function forwardEscalation(webhook: EscalationWebhook, payload: unknown, fetchImpl: typeof fetch): Promise<EscalationOutcome> {
  try {
    const response = await fetchImpl(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhook.headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return { delivered: false, status: response.status, error: `the webhook answered HTTP ${response.status}` };
    const ticket = ticketOf(body);
    return { delivered: true, status: response.status, ...(ticket === undefined ? {} : { ticket }) };
  } catch (error) {
    return { delivered: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function ticketOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const key of ['ticket', 'id', 'url']) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 500);
  }
  return undefined;
}
