// Writes dist/app/index.html (the page `kotae serve --console` serves at /api/kotae/console/) and
// copies the page's stylesheet next to it. The page has no inline script or style: it passes the
// strict CSP as it is. Its URLs are relative, so it works under any mount.
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';

const app = new URL('../dist/app/', import.meta.url);
const script = readdirSync(app).find((name) => /^kotae-console-[0-9a-f]{8,}\.js$/.test(name));
if (script === undefined) throw new Error('write-app: rollup wrote no kotae-console-<hash>.js');
copyFileSync(new URL('../app/console.css', import.meta.url), new URL('console.css', app));
writeFileSync(
  new URL('index.html', app),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>kotae console</title>
    <link rel="stylesheet" href="console.css" />
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <kotae-console api="../v1/console/" articles="/kb/articles/"></kotae-console>
  </body>
</html>
`,
);
