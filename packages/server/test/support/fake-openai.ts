// A fake OpenAI-compatible server on loopback that speaks the Responses API's streaming wire
// format (`response.created` … `response.output_text.delta` … `response.completed`, and
// `error`), so the real `openai` SDK is tested against real HTTP. Each request takes the next
// scripted behaviour (the last one repeats).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request. */
export type FakeBehaviour =
  /** Stream these text chunks, `delayMs` apart, then complete. */
  | { kind: 'stream'; chunks: string[]; delayMs?: number }
  /**
   * Answer with an HTTP error before streaming; with `echoHeaders`, its message quotes every
   * request header, `Authorization` included (as some proxies and providers do).
   */
  | { kind: 'status'; status: number; retryAfter?: number; echoHeaders?: boolean }
  /** Stream these chunks, then an `error` event. */
  | { kind: 'error-event'; chunks: string[] }
  /** Stream these chunks, then send nothing more and keep the connection open. */
  | { kind: 'stall'; chunks: string[] }
  /** Stream these chunks, then drop the connection (no `response.completed`, no end of the chunked body). */
  | { kind: 'disconnect'; chunks: string[] }
  /** Accept the request and never send headers. */
  | { kind: 'hang' }
  /**
   * Answer with the text `reply` computes from the request body: streamed (in one delta) when the
   * request asks for `stream: true`, else one JSON Response object (as for structured output).
   */
  | { kind: 'reply'; reply: (body: Record<string, unknown>) => string };

/** One request the fake received. */
export interface FakeCall {
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
  /** Resolves when the client closed the connection before the fake finished. */
  readonly aborted: Promise<void>;
  wasAborted: boolean;
}

export interface FakeOpenAI {
  readonly baseURL: string;
  readonly calls: FakeCall[];
  script(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(...initial: FakeBehaviour[]): Promise<FakeOpenAI> {
  let behaviours = initial.length ? initial : [{ kind: 'stream', chunks: ['Hello [1].'] } as FakeBehaviour];
  let next = 0;
  const calls: FakeCall[] = [];
  const open = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const behaviour = behaviours[Math.min(next++, behaviours.length - 1)]!;
      let finished = false;
      let onAbort!: () => void;
      const call: FakeCall = {
        body: JSON.parse(raw || '{}'),
        headers: req.headers,
        aborted: new Promise((r) => (onAbort = r)),
        wasAborted: false,
      };
      calls.push(call);
      open.add(res);
      res.on('close', () => {
        open.delete(res);
        if (!finished) {
          call.wasAborted = true;
          onAbort();
        }
      });
      void respond(behaviour, res, call.body, req.headers).then(() => {
        finished = true;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    calls,
    script(...list) {
      behaviours = list;
      next = 0;
    },
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function respond(
  behaviour: FakeBehaviour,
  res: import('node:http').ServerResponse,
  body: Record<string, unknown>,
  requestHeaders: IncomingMessage['headers'],
): Promise<void> {
  if (behaviour.kind === 'hang') return new Promise(() => {});
  if (behaviour.kind === 'reply' && body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(responseObject(`resp_${Math.random().toString(36).slice(2)}`, 'completed', behaviour.reply(body))));
    return;
  }
  if (behaviour.kind === 'status') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter);
    res.writeHead(behaviour.status, headers);
    const message = behaviour.echoHeaders
      ? `fake ${behaviour.status}: you sent ${JSON.stringify(requestHeaders)}`
      : `fake ${behaviour.status}`;
    res.end(JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let seq = 0;
  const id = `resp_${Math.random().toString(36).slice(2)}`;
  const response = (status: string, text = '') => responseObject(id, status, text);
  const send = (type: string, data: Record<string, unknown>) => {
    if (!res.writableEnded && !res.destroyed)
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  };
  send('response.created', { response: response('in_progress') });
  send('response.in_progress', { response: response('in_progress') });
  send('response.output_item.added', {
    output_index: 0,
    item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] },
  });
  send('response.content_part.added', {
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [] },
  });
  const chunks = behaviour.kind === 'reply' ? [behaviour.reply(body)] : behaviour.chunks;
  let text = '';
  for (const delta of chunks) {
    if ('delayMs' in behaviour && behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (res.destroyed) return;
    text += delta;
    send('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta, logprobs: [] });
  }
  if (behaviour.kind === 'stall') return new Promise(() => {});
  if (behaviour.kind === 'disconnect') {
    res.socket?.destroy();
    return;
  }
  if (behaviour.kind === 'error-event') {
    send('error', { code: 'server_error', message: 'The model failed midway.', param: null });
    res.end();
    return;
  }
  send('response.output_text.done', { item_id: 'msg_1', output_index: 0, content_index: 0, text, logprobs: [] });
  send('response.completed', { response: response('completed', text) });
  res.end();
}

/** A Responses API `Response` object holding one assistant message with `text`. */
function responseObject(id: string, status: string, text: string) {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: 'fake-model',
    output: text
      ? [
          {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
        ]
      : [],
    store: false,
  };
}
