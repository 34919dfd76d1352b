import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { serve as serveNode, type ServerType } from '@hono/node-server';
import { encodeBundle, SearchIndex } from '@kotae/knowledge';
import { formatIssue, type ContentIssue } from '@kotae/knowledge/errors';
import { createAnswerHandler, MemoryInteractionStore, type AnswerServiceOptions } from '@kotae/server';
import { Hono } from 'hono';
import { positiveInteger } from '../internal/args.js';
import { defineCommand } from '../internal/command.js';
import { PORT_OPTION } from '../internal/listen-options.js';
import { DevBuilder, type DevBuildResult, type DevBundle } from '../internal/dev/dev-build.js';
import { plural } from '../internal/format.js';
import { assertDirectory } from '../internal/paths.js';
import { PREVIEW_PATHS } from '../internal/preview/preview-assets.js';
import { bundleThresholds, type PreviewData, type PreviewEval } from '../internal/preview/preview-data.js';
import { mountPreview } from '../internal/preview/preview-routes.js';
import { isHashedName, staticFiles } from '../internal/static-files.js';
import { STRICT_CSP } from '../strict-csp.js';
import { ANSWER_ENDPOINT } from './serve.js';

/** What `kotae dev` reports after each rebuild. */
export interface DevBuildEvent {
  /** True when the content built and the new version is served; false: the last good one is kept. */
  readonly ok: boolean;
  /** The version served (after a failed rebuild, still the last good one). */
  readonly version: string;
  /** The files that changed (relative to the content directory); empty for the first build. */
  readonly changed: readonly string[];
  /** The locales indexed again. */
  readonly locales: readonly string[];
  /** Every validation problem now. */
  readonly issues: readonly ContentIssue[];
  /** The problems that were not there before this rebuild. */
  readonly added: readonly ContentIssue[];
  /** Time from the first change seen to the page told to reload, in milliseconds. */
  readonly ms: number;
}

/** Options of {@link dev}. */
export interface DevCommandOptions {
  /** The content directory to watch: `kotae.config.json` (optional), `**\/*.md`, `evals/*.jsonl`. */
  readonly contentDir: string;
  /** The port. 0 picks a free one. @default 8787 */
  readonly port?: number | undefined;
  /** The interface to listen on. @default '127.0.0.1' */
  readonly host?: string | undefined;
  /** Quiet time after a change before rebuilding, in milliseconds (an editor's save is several events). @default 20 */
  readonly debounceMs?: number | undefined;
  /** Called after the first build and after each rebuild. */
  readonly onBuild?: ((event: DevBuildEvent) => void) | undefined;
  /** Called when a rebuild fails for a reason other than the content (the server keeps running). */
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Today, for review dates. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /** Model answers, as for `kotae serve`; without a key answers are extractive. */
  readonly openai?: AnswerServiceOptions['openai'];
}

/** A running `kotae dev`. */
export interface RunningDevServer {
  /** The preview page's URL, such as `http://127.0.0.1:8787/`. */
  readonly url: string;
  /** The answer service's URL (the widget's `endpoint`). */
  readonly endpoint: string;
  /** The first build. */
  readonly first: DevBuildEvent;
  /** The version served now. */
  version(): string;
  /** Resolves when the changes seen so far are built and the page was told (for tests and the bench). */
  settled(): Promise<void>;
  /** Stops watching and listening. */
  close(): Promise<void>;
}

/**
 * `kotae dev`: previews a content directory while it is written. Builds it in memory, serves the
 * preview page (the widget over the bundle and the answer service, the articles, the validation
 * problems, the eval summary) with the bundle at `/kb/` and the service at `/api/kotae`, watches
 * the directory, rebuilds what changed after each save and tells the page to reload (server-sent
 * events at `/_kotae/events`). Content with errors does not stop it: the last good bundle keeps
 * serving and the problems are shown. Interactions are kept in memory.
 *
 * Throws a `PathError` when the directory is missing.
 *
 * @example
 * ```ts
 * const server = await dev({ contentDir: 'content', port: 0, onBuild: (e) => console.log(e.version) })
 * console.log(server.url)
 * await server.close()
 * ```
 */
export async function dev(options: DevCommandOptions): Promise<RunningDevServer> {
  await assertDirectory(options.contentDir, 'content directory');
  const builder = new DevBuilder(options.contentDir, { now: options.now });
  const started = performance.now();
  let result = await builder.build();
  let bundle = result.bundle ?? (await emptyBundle(result));
  let evaluation = await builder.evaluate();
  let previous: DevBundle | undefined;
  /** Changes the page shows: a new bundle, or new problems. The page reloads when it differs. */
  let build = 1;
  const first = event(result, bundle, [], [], result.issues, started);
  options.onBuild?.(first);

  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const write = (client: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    try {
      client.enqueue(encoder.encode(text));
    } catch {
      // Closed by the browser going away: forget it.
      clients.delete(client);
    }
  };
  const send = (name: string, data: unknown) => {
    for (const client of clients) write(client, `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const state = () => `${bundle.loaded.manifest.version}.${build}`;
  // A comment now and then keeps proxies and browsers from dropping an idle stream.
  const ping = setInterval(() => {
    for (const client of clients) write(client, ': ping\n\n');
  }, 15_000);
  ping.unref();

  // Rebuilds run one at a time; changes seen meanwhile make one more.
  const pending = new Set<string>();
  let firstChange: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const rebuild = async () => {
    const changed = [...pending].sort();
    pending.clear();
    const since = firstChange ?? performance.now();
    firstChange = undefined;
    const before = result.issues;
    result = await builder.build(changed);
    const next = result.bundle;
    const known = new Set(before.map(issueKey));
    const added = result.issues.filter((i) => !known.has(issueKey(i)));
    const changedPage =
      (next !== undefined && next.loaded.manifest.version !== bundle.loaded.manifest.version) ||
      before.length !== result.issues.length ||
      added.length > 0;
    if (next) {
      if (next.loaded.manifest.version !== bundle.loaded.manifest.version) previous = bundle;
      bundle = next;
    }
    if (changedPage) {
      build++;
      reloadSent = performance.now();
      send('reload', { state: state() });
    }
    options.onBuild?.(event(result, bundle, changed, result.work.locales, added, since));
  };
  // The eval follows the reload: the page reloads once more when its summary changed. It waits
  // until the reloading page has fetched what it needs (no request for a while), so that it does
  // not compete with it, and stops when another save comes (the next rebuild's eval covers it).
  let stopEval: AbortController | undefined;
  const evaluate = async () => {
    if (pending.size > 0 || timer !== undefined) return;
    const controller = (stopEval = new AbortController());
    if (clients.size > 0) await pageLoaded(controller.signal);
    const next = await builder.evaluate({ signal: controller.signal });
    if (controller.signal.aborted) return;
    if (JSON.stringify(next) === JSON.stringify(evaluation)) return;
    evaluation = next;
    build++;
    send('reload', { state: state() });
  };
  /** When the page was last told to reload, and when the server last saw a request. */
  let reloadSent = 0;
  let lastRequest = 0;
  const pageLoaded = async (signal: AbortSignal) => {
    for (;;) {
      const now = performance.now();
      if (signal.aborted || now - reloadSent >= PAGE_LOAD_MAX_MS) return;
      const quietFor = lastRequest > reloadSent ? now - lastRequest : 0;
      if (quietFor >= PAGE_QUIET_MS) return;
      await new Promise((done) => setTimeout(done, Math.max(10, PAGE_QUIET_MS - quietFor)));
    }
  };
  const debounceMs = options.debounceMs ?? 20;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running = running
        .then(rebuild)
        .then(evaluate)
        .catch((error: unknown) => options.onError?.(error));
    }, debounceMs);
  };
  const watcher: FSWatcher = watch(options.contentDir, { recursive: true }, (_kind, filename) => {
    if (filename === null) return;
    const path = filename.toString().split(sep).join('/');
    if (ignored(path)) return;
    firstChange ??= performance.now();
    stopEval?.abort();
    pending.add(path);
    schedule();
  });

  const store = new MemoryInteractionStore();
  const handler = createAnswerHandler({
    bundle: () => bundle.loaded,
    store,
    openai: options.openai,
    basePath: ANSWER_ENDPOINT,
  });
  const widget = dirname(createRequire(import.meta.url).resolve('@kotae/widget/cdn/kotae-help.js'));
  const app = new Hono();
  app.use('*', async (c, next) => {
    lastRequest = performance.now();
    await next();
    lastRequest = performance.now();
    c.header('Content-Security-Policy', STRICT_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.all(`${ANSWER_ENDPOINT}/*`, (c) => handler(c.req.raw, c.env));
  app.get('/kb/:name', (c) => {
    const name = c.req.param('name');
    // The previous version's shards stay: a page loaded before the rebuild may still ask for them.
    const bytes = bundle.files.get(name) ?? (name === 'manifest.json' ? undefined : previous?.files.get(name));
    if (!bytes) return c.notFound();
    return new Response(bytes, {
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': name === 'manifest.json' ? 'no-cache' : 'public, max-age=31536000, immutable',
      },
    });
  });
  // Revalidated with an ETag: a reload after a save fetches none of the widget's code again.
  app.use('/widget/*', staticFiles({ root: widget, prefix: '/widget', immutable: isHashedName }));
  app.get(PREVIEW_PATHS.events, (c) => {
    let self: ReadableStreamDefaultController<Uint8Array> | undefined;
    const forget = () => {
      if (self) clients.delete(self);
    };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        self = controller;
        clients.add(controller);
        write(controller, `retry: 500\nevent: hello\ndata: ${JSON.stringify({ state: state() })}\n\n`);
      },
      cancel: forget,
    });
    c.req.raw.signal.addEventListener('abort', forget);
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' } });
  });
  // A reload after a save loads the widget's chunks in parallel, not as a chain of imports (the
  // entry is in the page already; the search worker runs in its own context).
  const preload = readdirSync(widget)
    .filter((name) => name.endsWith('.js') && name !== 'kotae-help.js' && name !== 'search-worker.js')
    .sort()
    .map((name) => `/widget/${name}`);
  mountPreview(app, () => ({ ...previewData(bundle, result, evaluation, state()), preload }));

  const host = options.host ?? '127.0.0.1';
  let server: ServerType;
  try {
    server = await listen(app, host, options.port ?? 8787);
  } catch (error) {
    watcher.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url,
    endpoint: new URL(ANSWER_ENDPOINT, url).href,
    first,
    version: () => bundle.loaded.manifest.version,
    async settled() {
      for (;;) {
        if (timer !== undefined) await new Promise((done) => setTimeout(done, debounceMs));
        const current = running;
        await current;
        if (current === running && timer === undefined) return;
      }
    },
    async close() {
      watcher.close();
      clearTimeout(timer);
      clearInterval(ping);
      for (const client of clients) {
        try {
          client.close();
        } catch {
          // Already closed by the browser.
        }
      }
      clients.clear();
      await running.catch(() => undefined);
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await store.close();
    },
  };
}

/**
 * The eval after a reload waits for the page: until it made a request and then none for this
 * long, or at most {@link PAGE_LOAD_MAX_MS} after the reload was sent.
 */
const PAGE_QUIET_MS = 300;
const PAGE_LOAD_MAX_MS = 3000;

/** Editor droppings and hidden folders: saving a file writes some, and none is content. */
function ignored(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  return (
    parts.some((p) => p.startsWith('.') || p === 'node_modules') ||
    name.endsWith('~') ||
    name.endsWith('.swp') ||
    /^\d+$/.test(name) ||
    name.startsWith('#')
  );
}

function issueKey(issue: ContentIssue): string {
  return `${issue.file}\0${issue.line ?? ''}\0${issue.severity}\0${issue.message}`;
}

function event(
  result: DevBuildResult,
  bundle: DevBundle,
  changed: readonly string[],
  locales: readonly string[],
  added: readonly ContentIssue[],
  since: number,
): DevBuildEvent {
  return {
    ok: result.bundle !== undefined,
    version: bundle.loaded.manifest.version,
    changed,
    locales,
    issues: result.issues,
    added,
    ms: Math.round(performance.now() - since),
  };
}

function previewData(bundle: DevBundle, result: DevBuildResult, evaluation: PreviewEval | undefined, state: string): PreviewData {
  const m = bundle.loaded.manifest;
  return {
    id: m.id,
    version: state,
    builtAt: m.builtAt,
    defaultLocale: m.defaultLocale,
    manifest: '/kb/manifest.json',
    endpoint: ANSWER_ENDPOINT,
    articles: result.articles,
    issues: result.issues,
    stale: result.bundle === undefined,
    eval: evaluation,
    thresholds: bundleThresholds(bundle.loaded),
    live: PREVIEW_PATHS.events,
  };
}

/** A bundle with no articles, served when the content has errors from the start. */
async function emptyBundle(result: DevBuildResult): Promise<DevBundle> {
  const index = SearchIndex.fromSerialized([]);
  const encoded = await encodeBundle(index, { id: 'kotae-dev', defaultLocale: result.articles[0]?.locale ?? 'en', articles: 0 });
  const files = new Map(encoded.files);
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(encoded.manifest)));
  return { files, loaded: { manifest: encoded.manifest, index } };
}

function listen(app: Hono, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolvePromise, reject) => {
    const server = serveNode({ fetch: app.fetch, hostname, port }, () => resolvePromise(server));
    server.once('error', reject);
  });
}

/** `kotae dev` on the command line: options, usage and output. */
export const devCommand = defineCommand({
  name: 'dev',
  summary: 'preview a content directory while you write: rebuilds on save and reloads the page',
  positionals: [{ name: 'contentDir', description: 'the content directory to watch (default: the current directory)', optional: true }],
  options: {
    port: PORT_OPTION,
    host: {
      type: 'string',
      value: '<addr>',
      description: 'interface to listen on (default 127.0.0.1)',
      doc: 'interface to listen on (default `127.0.0.1`)',
    },
  },
  exit: { 0: 'stopped by SIGINT or SIGTERM', 1: 'the port is taken', 3: 'the content directory is missing' },
  examples: ['kotae dev content', 'kotae dev examples/knowledge --port 0'],
  async run(args, io) {
    const port = args.string('port');
    const apiKey = io.env.OPENAI_API_KEY || undefined;
    const server = await dev({
      contentDir: args.positional('contentDir') ?? '.',
      port: port === undefined ? undefined : port.trim() === '0' ? 0 : positiveInteger('dev', 'port', port),
      host: args.string('host'),
      openai: apiKey ? { apiKey, baseURL: io.env.OPENAI_BASE_URL || undefined, model: io.env.KOTAE_MODEL || undefined } : undefined,
      onBuild: (e) => {
        if (e.changed.length > 0) io.err(formatBuild(e));
      },
      onError: (error) => io.err(`kotae dev: ${error instanceof Error ? error.message : String(error)}\n`),
    });
    const stopped = io.stopped();
    io.out(
      `kotae dev: ${server.url}\n  answers: ${server.endpoint}/v1/answer (${apiKey ? 'openai' : 'extractive'})\n  watching: ${args.positional('contentDir') ?? '.'}\n`,
    );
    io.err(formatBuild(server.first));
    await stopped;
    await server.close();
    return 0;
  },
});

/** The terminal lines of a build: the new problems in full, then one summary line. */
export function formatBuild(e: DevBuildEvent): string {
  const errors = e.issues.filter((i) => i.severity === 'error').length;
  const warnings = e.issues.length - errors;
  const lines = e.added.map(formatIssue);
  const what = e.changed.length === 0 ? 'built' : `rebuilt ${e.changed.join(', ')}`;
  const state = e.ok ? `serving ${e.version}` : `kept ${e.version} (the content has errors)`;
  lines.push(`kotae dev: ${what} in ${e.ms} ms: ${state}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}
