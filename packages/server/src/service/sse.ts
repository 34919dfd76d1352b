import type { AnswerEventMap, AnswerEventName } from '@kotae/knowledge';

/** The comment line a stream sends to keep proxies from closing an idle connection. */
export const KEEPALIVE = ': keepalive\n\n';

/**
 * One server-sent event, encoded: `id`, `event` and one `data` line of JSON. JSON never holds a
 * raw newline, so a single `data:` line is always enough.
 */
export function encodeEvent<K extends AnswerEventName>(id: string, event: K, data: AnswerEventMap[K]): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The id of the `seq`-th event of an answer: `<interactionId>.<seq>`. Clients treat it as opaque. */
export function eventId(interactionId: string, seq: number): string {
  return `${interactionId}.${seq}`;
}

/** Splits a `Last-Event-ID` into the interaction and the sequence number, or `undefined` if it is not one of ours. */
export function parseEventId(value: string | null | undefined): { interactionId: string; seq: number } | undefined {
  const match = /^([\w-]{1,100})\.(\d{1,6})$/.exec(value?.trim() ?? '');
  return match ? { interactionId: match[1]!, seq: Number(match[2]) } : undefined;
}
