/** One event of a `text/event-stream`. */
export interface SseEvent {
  /** The last `id:` seen so far in the stream (it carries over to later events, as in `EventSource`). */
  readonly id: string | undefined;
  /** The `event:` field, `message` when there is none. */
  readonly event: string;
  /** The `data:` lines, joined with `\n`. */
  readonly data: string;
}

/**
 * An incremental `text/event-stream` parser (the WHATWG algorithm without `retry:`, which a
 * fetch-based client has no use for): feed it decoded text in pieces of any size, cut anywhere,
 * and it calls `onEvent` once per complete event. Comments (`: keepalive`) and unknown fields are
 * ignored; an event the stream ends in the middle of is never dispatched. A few hundred bytes
 * where eventsource-parser 4 is ~24 KB of source (most of it defensive buffering).
 *
 * @example
 * ```ts
 * const feed = sseParser((event) => console.log(event.event, JSON.parse(event.data)));
 * feed('id: 0\nevent: delta\nda');
 * feed('ta: {"text":"Hi"}\n\n'); // logs: delta { text: 'Hi' }
 * ```
 */
export function sseParser(onEvent: (event: SseEvent) => void): (text: string) => void {
  let rest = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  return (text) => {
    // A CR at the very end may be the first half of a CRLF cut by the chunking: keep it for later.
    const lines = (rest + text).split(/\r\n|\r(?!$)|\n/);
    rest = lines.pop()!;
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) onEvent({ id, event: event || 'message', data: data.join('\n') });
        data = [];
        event = '';
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue;
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  };
}
