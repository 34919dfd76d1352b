/* global setTimeout, setInterval, clearInterval, Buffer */
// The answer endpoints of the browser tests, as Koa middleware of web-test-runner's dev server:
// real HTTP on loopback, same origin as the test pages.
//
// - `/answer-service/…`: the real answer service (`createAnswerHandler` from
//   @kotae/server) over the example knowledge, compiled at startup (extractive
//   answers, refusals, feedback). `GET /answer-records` lists what its store recorded.
// - `/scripted/<scenario>/<token>/v1/answer`: a scripted stream in the same wire format, for what
//   the real service does not do on demand: a stream that drops mid-way (and its resume), a slow
//   one (Stop), an `error` event, a 429, a `reset` delta. `/scripted/…/v1/feedback` answers 204;
//   `/scripted/down|flaky|ok/…/v1/escalations` answers 503 always, 503 then 202, or 202.
//   `GET /scripted/log?token=…` lists what those requests were and saw (bodies, Last-Event-ID,
//   whether the client went away).
import { getRequestListener } from '@hono/node-server';
import { readBundle } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler } from '@kotae/server';
import { fileURLToPath } from 'node:url';

/** Where the widget's `endpoint` points for the real service. */
export const SERVICE = '/answer-service';

const { bundle: encoded } = await compileContent(fileURLToPath(new URL('../../../../examples/knowledge', import.meta.url)));
const bundle = await readBundle(JSON.stringify(encoded.manifest), async (path) => encoded.files.get(path));
// Every test asks from the same loopback address: no rate limit here (the scripted `rate` is the 429).
// Every test's browser asks from 127.0.0.1: the per-client limits would count the whole suite as one client.
const handler = createAnswerHandler({ bundle, basePath: SERVICE, rateLimit: false, limits: false });
const service = getRequestListener(handler, { overrideGlobalObjects: false });

const SOURCES = [
  {
    n: 1,
    id: 'refund-timing',
    articleId: 'refund-timing',
    anchor: '',
    title: "When you'll get your refund",
    snippet: 'We refund you as soon as a return reaches our warehouse or an order is cancelled.',
  },
  {
    n: 2,
    id: 'cancel-order',
    articleId: 'cancel-order',
    anchor: '',
    title: 'Cancel an order',
    snippet: 'You can cancel a whole order, or single items in it, until it is packed.',
  },
];

/** The scripted answers: their events, and how each first connection ends. */
const SCENARIOS = {
  // Breaks off in the middle of its fourth event; a resume gets the rest.
  drop: {
    events: [
      ['sources', { sources: SOURCES }],
      ['delta', { text: 'Refunds reach your card ' }],
      ['delta', { text: 'within **5 business days** [1].' }],
      ['delta', { text: '\n\nTo cancel an order instead, see [2].' }],
      [
        'citations',
        {
          citations: [
            { n: 1, id: SOURCES[0].id },
            { n: 2, id: SOURCES[1].id },
          ],
        },
      ],
      ['done', { mode: 'openai', grounded: true }],
    ],
    end: { dropAfter: 3 },
  },
  // Sends a little, then nothing but keepalives until the client goes away.
  slow: {
    events: [
      ['sources', { sources: SOURCES }],
      ['delta', { text: 'Refunds reach your card ' }],
    ],
    end: 'hang',
  },
  error: {
    events: [
      ['sources', { sources: SOURCES }],
      ['delta', { text: 'Refunds reach ' }],
      ['error', { code: 'internal_error', message: 'the answer could not be completed' }],
    ],
    end: 'close',
  },
  // A model's answer that fails midway gives way to the extractive one.
  reset: {
    events: [
      ['sources', { sources: SOURCES }],
      ['delta', { text: 'Refunds take thirty days ' }],
      ['delta', { text: 'and need a form [2].' }],
      ['delta', { reset: true, text: 'Refunds reach your card within 5 business days. [1]' }],
      ['citations', { citations: [{ n: 1, id: SOURCES[0].id }] }],
      ['done', { mode: 'fallback', grounded: true, fallbackReason: 'stall' }],
    ],
    end: 'close',
  },
};

/** What the scripted endpoints saw, by token. */
const log = new Map();
const record = (token, entry) => {
  if (!log.has(token)) log.set(token, []);
  log.get(token).push(entry);
  return entry;
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const json = (ctx, status, body, headers = {}) => {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = body;
};

/** Ids as the service writes them, `<interactionId>.<n>`, with a leading zero a numeric client would lose. */
const eventId = (interactionId, n) => `${interactionId}.0${n}`;

async function scripted(ctx, scenario, token, route) {
  const body = await readBody(ctx.req);
  const lastEventId = ctx.get('last-event-id') || undefined;
  const entry = record(token, { scenario, route, body: body ? JSON.parse(body) : undefined, lastEventId, clientLeft: false });
  if (route === 'feedback') return json(ctx, 204, null);
  if (route === 'escalations') {
    // `down`: always 503; `flaky`: 503 the first time, then acknowledged.
    const tries = log.get(token).filter((e) => e.route === 'escalations').length;
    if (scenario === 'down' || (scenario === 'flaky' && tries === 1))
      return json(ctx, 503, { error: { code: 'unavailable', message: 'the service is restarting' } });
    return json(ctx, 202, { id: `esc-${token}`, recorded: true, destinations: [] });
  }
  if (route !== 'answer') return json(ctx, 404, { error: { code: 'not_found', message: route } });
  if (scenario === 'rate') {
    return json(ctx, 429, { error: { code: 'rate_limited', message: 'too many questions; try again in 7 s' } }, { 'retry-after': '7' });
  }
  const script = SCENARIOS[scenario];
  if (!script) return json(ctx, 404, { error: { code: 'not_found', message: scenario } });
  const interactionId = `q_${token}-A`;
  const events = script.events.map(([name, data]) => (name === 'done' ? [name, { interactionId, ...data }] : [name, data]));
  let from = 0;
  if (lastEventId !== undefined) {
    const seq = events.findIndex((_, n) => eventId(interactionId, n) === lastEventId);
    if (seq < 0)
      return json(ctx, 410, { error: { code: 'resume_unavailable', message: 'this answer can no longer be resumed; ask again' } });
    from = seq + 1;
  }
  ctx.respond = false;
  const { res } = ctx;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let open = true;
  res.on('close', () => {
    if (!res.writableFinished) entry.clientLeft = true;
    open = false;
  });
  const encode = (n) => `id: ${eventId(interactionId, n)}\nevent: ${events[n][0]}\ndata: ${JSON.stringify(events[n][1])}\n\n`;
  for (let n = from; n < events.length && open; n++) {
    if (lastEventId === undefined && script.end.dropAfter === n) {
      // Half an event, then the connection is cut: the client must not use the half.
      res.write(encode(n).slice(0, 30));
      await sleep(30);
      ctx.req.socket.destroy();
      return;
    }
    res.write(encode(n));
    await sleep(30);
  }
  if (script.end === 'hang' && open) {
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), 200);
    await new Promise((resolve) => res.once('close', resolve));
    clearInterval(keepalive);
    return;
  }
  res.end();
}

/** The middleware for web-test-runner's `middleware` option. */
export async function answerEndpoints(ctx, next) {
  if (ctx.path.startsWith(`${SERVICE}/`)) {
    ctx.respond = false;
    await service(ctx.req, ctx.res);
    return;
  }
  if (ctx.path === '/answer-records') {
    const records = [];
    for await (const r of handler.store.records()) records.push(r);
    return json(ctx, 200, records);
  }
  if (ctx.path === '/scripted/log') return json(ctx, 200, log.get(ctx.query.token) ?? []);
  const match = /^\/scripted\/([\w-]+)\/([\w-]+)\/v1\/(\w+)$/.exec(ctx.path);
  if (match && ctx.method === 'POST') return scripted(ctx, match[1], match[2], match[3]);
  return next();
}
