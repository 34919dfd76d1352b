/**
 * The page `kotae serve` shows at `/` when no `--page` directory is given: the widget inline,
 * over the served bundle and answer service. No inline script or style (the strict CSP holds).
 */
export function defaultPage(title: string, locale: string, manifest = '/kb/manifest.json', publicKeys?: readonly string[]): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="${escape(locale)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)} — kotae</title>
    <script type="module" src="/widget/kotae-help.js"></script>
  </head>
  <body>
    <main>
      <h1>${escape(title)}</h1>
      <kotae-help mode="inline" src="${escape(manifest)}" endpoint="/api/kotae" locale="${escape(locale)}"${publicKeys?.length ? ` public-key="${escape(publicKeys.join(' '))}"` : ''}></kotae-help>
    </main>
  </body>
</html>
`;
}
