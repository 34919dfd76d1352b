// Reads server-sent events the way a browser would (per the HTML spec's parsing rules, for the
// fields kotae sends), from real HTTP responses.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: unknown;
}

/** Parses a complete event-stream text into events; comment lines are skipped. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let id = '';
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ id, event, data: JSON.parse(data.join('\n')) });
  }
  return events;
}

/** Reads a streaming response event by event; when `until` returns true, stops reading (cancels the body). */
export async function readEvents(
  response: Response,
  until?: (events: SseEvent[]) => boolean,
): Promise<{ events: SseEvent[]; raw: string }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    const complete = raw.slice(0, raw.lastIndexOf('\n\n') + 2);
    const events = parseSse(complete);
    if (until?.(events)) {
      await reader.cancel();
      return { events, raw: complete };
    }
  }
  return { events: parseSse(raw), raw };
}

/** The answer text of a list of events: deltas concatenated, honouring `reset`. */
export function answerText(events: readonly SseEvent[]): string {
  let text = '';
  for (const e of events) {
    if (e.event !== 'delta') continue;
    const d = e.data as { text: string; reset?: boolean };
    if (d.reset) text = '';
    text += d.text;
  }
  return text;
}

/** Serves a fetch handler on a loopback port. */
export async function serveHandler(
  fetch: (request: Request, env?: unknown) => Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
