// Counts what the widget fetches, as Koa middleware of web-test-runner's dev server: a bundle under
// `/fetch-log/<run>/…` is served from `packages/widget/.tmp/bundle/…` (a fresh URL per run, so no
// HTTP cache hides a request), and every request under it is logged with its body's size.
// `GET /fetch-log/<run>` answers the run's log as JSON: `[{ file, status, bytes }]`, in order.
const PREFIX = '/fetch-log/';
const BUNDLE = '/packages/widget/.tmp/bundle/';
/** run → its requests */
const logs = new Map();

/** Koa middleware: the log, and the rewrite to the bundle directory. */
export async function fetchLog(ctx, next) {
  if (!ctx.path.startsWith(PREFIX)) return next();
  const [run, ...rest] = ctx.path.slice(PREFIX.length).split('/');
  if (rest.length === 0) {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(logs.get(run) ?? []);
    return;
  }
  const file = rest.join('/');
  ctx.path = BUNDLE + file;
  await next();
  const log = logs.get(run) ?? [];
  log.push({ file, status: ctx.status, bytes: ctx.length ?? 0 });
  logs.set(run, log);
}
