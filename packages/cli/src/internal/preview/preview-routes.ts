import type { Hono } from 'hono';
import { FAVICON_SVG, PREVIEW_PATHS, PREVIEW_SCRIPT, PREVIEW_STYLES } from './preview-assets.js';
import type { PreviewData } from './preview-data.js';
import { pageLanguage, previewPage } from './preview-page.js';

/**
 * Mounts the preview page at `/` (its language from `?lang=en|ja`, else the bundle's default
 * locale), its script, styles and favicon (also at `/favicon.ico`, where browsers look when a
 * page names none). `data` is called per request, so the page always shows the current build.
 */
export function mountPreview(app: Hono, data: () => PreviewData): void {
  app.get('/', (c) => {
    const current = data();
    c.header('Cache-Control', 'no-store');
    return c.html(previewPage(current, pageLanguage(current, c.req.query('lang'))));
  });
  const file = (body: string, type: string) => () => new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } });
  app.get(PREVIEW_PATHS.script, file(PREVIEW_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get(PREVIEW_PATHS.styles, file(PREVIEW_STYLES, 'text/css; charset=utf-8'));
  app.get(PREVIEW_PATHS.favicon, file(FAVICON_SVG, 'image/svg+xml'));
  app.get('/favicon.ico', file(FAVICON_SVG, 'image/svg+xml'));
}
