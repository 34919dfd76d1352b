import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';

/** Changing files up to this size get an ETag from their content (manifests); others from size and time. */
const HASHED_ETAG_MAX_BYTES = 1 << 20;

/** The cache policy of a file that is named by its content hash: cached for a year, never revalidated. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** The cache policy of a file that changes in place (a manifest, a page): revalidated on every use. */
export const REVALIDATE_CACHE = 'no-cache';

/** Content types by extension; anything else is `application/octet-stream`. */
const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** The precompressed siblings tried, best first, with the `Content-Encoding` each one is. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Whether a file name carries a content hash (`index.en.7d44cb91f0e781ac.json`,
 * `kotae-help-panel-C7-Crath.js` is not: only hex runs of 8 or more count), so that it never changes.
 */
export function isHashedName(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return /(^|[.\-_])[0-9a-f]{8,}([.\-_]|$)/.test(base);
}

/** Options of {@link staticFiles}. */
export interface StaticFilesOptions {
  /** The directory served. */
  readonly root: string;
  /** The URL prefix the files are under, such as `/kb`. */
  readonly prefix: string;
  /** Whether a file (its path under the root) never changes: immutable caching instead of revalidation. */
  readonly immutable: (path: string) => boolean;
  /** Whether a path may be served at all (hidden files never are). @default every path */
  readonly allow?: ((path: string) => boolean) | undefined;
  /** The file served for the prefix itself (`<prefix>/`), such as `index.html`. @default none: the prefix falls through */
  readonly index?: string | undefined;
}

/**
 * Serves a directory as a CDN would: the precompressed sibling (`.br`, then `.gz`) that the
 * request's `Accept-Encoding` allows, with `Vary: Accept-Encoding`, the original file's
 * `Content-Type` and the sent file's `Content-Length`; `Cache-Control: public, max-age=31536000,
 * immutable` for files that never change and `no-cache` with an ETag (304 on `If-None-Match`)
 * for the others. Paths with a segment starting with `.` are not served. Unknown paths fall
 * through to the next handler.
 */
export function staticFiles(options: StaticFilesOptions): MiddlewareHandler {
  const root = resolve(options.root);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(c.req.path.slice(options.prefix.length).replace(/^\/+/, ''));
      if (path === '' && options.index !== undefined && c.req.path.endsWith('/')) path = options.index;
    } catch {
      return next();
    }
    const parts = path.split('/');
    if (path === '' || parts.some((p) => p === '' || p.startsWith('.') || p.includes('\\')) || options.allow?.(path) === false)
      return next();
    const file = join(root, ...parts);
    if (!file.startsWith(root + sep)) return next();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return next();

    const accepted = acceptedEncodings(c.req.header('accept-encoding') ?? '');
    let sent = { file, size: info.size, encoding: undefined as string | undefined };
    for (const encoding of ENCODINGS) {
      if (!accepted.has(encoding.name)) continue;
      const sibling = await stat(file + encoding.suffix).catch(() => undefined);
      if (sibling?.isFile() && sibling.mtimeMs >= info.mtimeMs - 1000) {
        sent = { file: file + encoding.suffix, size: sibling.size, encoding: encoding.name };
        break;
      }
    }
    const immutable = options.immutable(path);
    // A changing file's ETag is its content's hash (a rename or copy keeps it); a hashed file's
    // name already is one, so its size and time do.
    const base =
      !immutable && info.size <= HASHED_ETAG_MAX_BYTES
        ? createHash('sha256')
            .update(await readFile(file))
            .digest('base64url')
            .slice(0, 22)
        : `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`;
    const etag = `"${base}${sent.encoding ? `-${sent.encoding}` : ''}"`;
    const headers = new Headers({
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
      Vary: 'Accept-Encoding',
      ETag: etag,
    });
    if (notModified(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    if (sent.encoding) headers.set('Content-Encoding', sent.encoding);
    headers.set('Content-Length', String(sent.size));
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(sent.file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}

/** The encodings an `Accept-Encoding` header allows (q > 0), `*` standing for any. */
export function acceptedEncodings(header: string): Set<string> {
  const allowed = new Set<string>();
  const refused = new Set<string>();
  let any = false;
  for (const item of header.split(',')) {
    const [token = '', ...params] = item.trim().toLowerCase().split(';');
    const name = token.trim();
    if (name === '') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name === '*') any = weight > 0;
    else if (weight > 0) allowed.add(name);
    else refused.add(name);
  }
  if (any) for (const e of ENCODINGS) if (!refused.has(e.name)) allowed.add(e.name);
  return allowed;
}

/** Whether `If-None-Match` names the ETag (weak comparison, as RFC 9110 asks for GET). */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}
