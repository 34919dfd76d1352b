import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { ARTICLES_DIR, LLMS_FULL_TXT, LLMS_TXT } from '@kotae/knowledge';

/** The content type of each kind of agent file. */
const TYPES = { txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8' } as const;

/**
 * Serves the files `kotae compile` writes for AI agents beside the bundle: `<prefix>/llms.txt`,
 * `<prefix>/llms-full.txt` (`text/plain`) and `<prefix>/articles/<locale>/<id>.md`
 * (`text/markdown`), all UTF-8. They change with every compile (they are not content-hashed), so
 * they are sent with `Cache-Control: no-cache` and an ETag. Nothing else of the directory is
 * reachable through these routes: a path with an empty, `.` or `..` segment is 404.
 *
 * Mount it before the bundle's own static route: that one answers with `immutable` caching.
 */
export function mountAgentFiles(app: Hono, prefix: string, dir: () => string): void {
  for (const name of [LLMS_TXT, LLMS_FULL_TXT]) app.get(`${prefix}/${name}`, (c) => sendFile(c.req.raw, join(dir(), name), TYPES.txt));
  app.get(`${prefix}/${ARTICLES_DIR}/*`, (c) => {
    let segments: string[];
    try {
      segments = c.req.path
        .slice(`${prefix}/${ARTICLES_DIR}/`.length)
        .split('/')
        .map((s) => decodeURIComponent(s));
    } catch {
      return c.notFound();
    }
    if (!segments.at(-1)?.endsWith('.md') || segments.some((s) => s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)))
      return c.notFound();
    const root = resolve(dir(), ARTICLES_DIR);
    const path = resolve(root, ...segments);
    if (!path.startsWith(`${root}/`)) return c.notFound();
    return sendFile(c.req.raw, path, TYPES.md);
  });
}

/** The file, or 404; 304 when the client's ETag still matches. */
async function sendFile(request: Request, path: string, type: string): Promise<Response> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return new Response('not found', { status: 404, headers: { 'content-type': TYPES.txt } });
  const etag = `W/"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  const headers = { 'content-type': type, 'cache-control': 'no-cache', etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const body = await readFile(path).catch(() => undefined);
  if (!body) return new Response('not found', { status: 404, headers: { 'content-type': TYPES.txt } });
  return new Response(new Uint8Array(body), { headers });
}
