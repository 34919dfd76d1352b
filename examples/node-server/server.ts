// An existing product backend on plain `node:http` — its own routes (`/`, `/api/orders`, its
// static files) — with kotae added next to them: the answer service at /api/kotae/, the compiled
// bundle at /kb/ and the widget's embed build at /widget/. Nothing else changes in the app.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { readBundleDir } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore, type AnswerServiceOptions } from '@kotae/server';

/** The strict policy the widget is built for: no inline script or style, Trusted Types required. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types kotae lit-html',
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** The app's own data: what `GET /api/orders` returns. */
export const ORDERS = [
  { id: 'A-1042', placed: '2026-11-18', status: 'shipped', total: 167 },
  { id: 'A-1037', placed: '2026-11-02', status: 'delivered', total: 54 },
] as const;

export interface AppServerOptions {
  /** The compiled bundle directory (`kotae compile … --out`). */
  readonly bundleDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where interactions go. @default in memory */
  readonly store?: AnswerServiceOptions['store'];
  /** OpenAI settings, server side only; without a key the service answers extractively. */
  readonly openai?: AnswerServiceOptions['openai'];
  /** Where escalations (the widget's contact form) are forwarded once recorded. @default recorded only */
  readonly escalations?: AnswerServiceOptions['escalations'];
}

export interface RunningApp {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the app with kotae mounted; resolves once it listens. */
export async function startAppServer(options: AppServerOptions): Promise<RunningApp> {
  // kotae: the web-standard handler, adapted to Node's (req, res) by @hono/node-server.
  const kotae = getRequestListener(
    createAnswerHandler({
      bundle: await readBundleDir(options.bundleDir),
      basePath: '/api/kotae',
      store: options.store ?? new MemoryInteractionStore(),
      openai: options.openai,
      escalations: options.escalations,
    }),
  );
  const publicDir = fileURLToPath(new URL('./public', import.meta.url));
  const widgetDir = dirname(createRequire(import.meta.url).resolve('@kotae/widget/cdn/kotae-help.js'));
  const bundleDir = resolve(options.bundleDir);

  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;

    // kotae's three mounts.
    if (path.startsWith('/api/kotae/')) return void kotae(req, res);
    if (path.startsWith('/kb/')) return void sendFile(req, res, bundleDir, path.slice('/kb/'.length));
    if (path.startsWith('/widget/')) return void sendFile(req, res, widgetDir, path.slice('/widget/'.length));

    // The app's own routes, as they were.
    if (path === '/api/orders' && req.method === 'GET') return json(res, 200, { orders: ORDERS });
    if (path.startsWith('/api/')) return json(res, 404, { error: { code: 'not_found', message: `no route ${path}` } });
    return void sendFile(req, res, publicDir, path === '/' ? 'index.html' : path.slice(1));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', done);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Sends a file under `root`, or 404; never a file outside it (`..`, encoded or not). */
async function sendFile(req: IncomingMessage, res: ServerResponse, root: string, relative: string): Promise<void> {
  const notFound = () => json(res, 404, { error: { code: 'not_found', message: 'not found' } });
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: { code: 'method_not_allowed', message: req.method } });
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return notFound();
  }
  const file = resolve(root, decoded);
  if (!file.startsWith(root + sep) || decoded.includes('\0')) return notFound();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound();
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    // Bundle shards and widget chunks are content-hashed; the manifest and the pages are not.
    'cache-control': /\.[0-9a-f]{16}\.json$|-[\w-]{8}\.js$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
