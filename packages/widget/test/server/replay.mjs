// A publish directory whose manifest an attacker can swap, as Koa middleware of web-test-runner's
// dev server: `packages/widget/.tmp/signed/manifest.json` is served from `manifest.v2.json` or
// `manifest.v1.json` (both validly signed; v1 has the older sequence), chosen with
// `POST /replay?version=v1`. Every other file of the directory is served as it is.
const MANIFEST = '/packages/widget/.tmp/signed/manifest.json';
let version = 'v2';

/** Koa middleware: the version switch, and the manifest rewrite. */
export async function replayManifest(ctx, next) {
  if (ctx.path === '/replay' && ctx.method === 'POST') {
    version = ctx.query.version === 'v1' ? 'v1' : 'v2';
    ctx.body = version;
    return;
  }
  if (ctx.path === MANIFEST) ctx.path = MANIFEST.replace('manifest.json', `manifest.${version}.json`);
  await next();
}
