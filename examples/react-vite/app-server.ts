// The product's backend, small: one Hono app on Node that serves the built React app (dist/),
// the compiled knowledge bundle (/kb/) and the answer service (/api/kotae/), all on one origin,
// so the page needs no CORS and the OpenAI key (if any) never leaves this process.
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Hono } from 'hono';
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

export interface AppServerOptions {
  /** The compiled bundle directory (`kotae compile … --out`). */
  readonly bundleDir: string;
  /** The built app (`vite build`'s outDir). */
  readonly appDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where interactions go. @default in memory */
  /** Where escalations are forwarded once recorded. @default recorded only */
  readonly escalations?: AnswerServiceOptions['escalations'];
  readonly store?: AnswerServiceOptions['store'];
  /** OpenAI settings; without a key the service answers extractively. */
  readonly openai?: AnswerServiceOptions['openai'];
}

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the app's server; resolves once it listens. */
export async function startAppServer(options: AppServerOptions): Promise<RunningApp> {
  const kotae = createAnswerHandler({
    bundle: await readBundleDir(options.bundleDir),
    basePath: '/api/kotae',
    store: options.store ?? new MemoryInteractionStore(),
    openai: options.openai,
    escalations: options.escalations,
  });
  const appDir = resolve(options.appDir);
  const indexHtml = await readFile(join(appDir, 'index.html'), 'utf8');
  // serveStatic takes a root relative to the working directory.
  const root = (dir: string) => relative(process.cwd(), resolve(dir)) || '.';

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.all('/api/kotae/*', (c) => kotae(c.req.raw, c.env));
  app.use('/kb/*', serveStatic({ root: root(options.bundleDir), rewriteRequestPath: (p) => p.slice('/kb'.length) }));
  app.use('/*', serveStatic({ root: root(appDir) }));
  // Client-side routes (/account/payment…) get the app's page; the router takes it from there.
  app.get('/account/*', (c) => c.html(indexHtml));
  app.get('/', (c) => c.redirect('/account/address'));

  const server = await new Promise<ServerType>((done, fail) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port }, () => done(s));
    s.once('error', fail);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}
