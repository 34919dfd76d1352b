import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { fileURLToPath } from 'node:url';

/**
 * The strict Content-Security-Policy the demo page is served with: no inline script or style,
 * no eval, Trusted Types required. The widget's own policy is `kotae`; Lit's is `lit-html`.
 */
export const STRICT_CSP = [
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

/** Where the demo's files come from. */
export interface DemoDirs {
  /** The compiled bundle, served at `/kb/`. */
  readonly bundle: string;
  /** The widget's embed build (`packages/widget/dist/cdn`), served at `/widget/`. */
  readonly widget?: string | undefined;
  /** The page, served at `/`. */
  readonly page?: string | undefined;
}

/** The demo site: the product page, the widget and the bundle, every response under {@link STRICT_CSP}. */
export function demoApp(dirs: DemoDirs): Hono {
  const widget = dirs.widget ?? fileURLToPath(new URL('../../packages/widget/dist/cdn', import.meta.url));
  const page = dirs.page ?? fileURLToPath(new URL('./public', import.meta.url));
  const strip = (prefix: string) => (path: string) => path.slice(prefix.length);
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', STRICT_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.use('/kb/*', serveStatic({ root: dirs.bundle, rewriteRequestPath: strip('/kb') }));
  app.use('/widget/*', serveStatic({ root: widget, rewriteRequestPath: strip('/widget') }));
  app.use('/*', serveStatic({ root: page }));
  return app;
}

/** A running demo server. */
export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves {@link demoApp} on loopback; port 0 picks a free one. */
export function startDemoServer(dirs: DemoDirs, port = 0): Promise<DemoServer> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: demoApp(dirs).fetch, hostname: '127.0.0.1', port }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
    server.once('error', reject);
  });
}
