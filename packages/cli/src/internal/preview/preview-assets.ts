/**
 * The preview page's static files: its script, its styles and the favicon. Kept as strings so
 * that the CLI's build (tsc) ships them without a copy step; served as files, so the strict CSP
 * (`script-src 'self'`, `style-src 'self'`, no inline code) holds.
 */

/** Where the preview page's files are served. */
export const PREVIEW_PATHS = {
  script: '/_kotae/preview.js',
  styles: '/_kotae/preview.css',
  favicon: '/_kotae/favicon.svg',
  events: '/_kotae/events',
} as const;

/**
 * The page's script: an article link (`#article=<id>`) opens that article in the widget, the
 * article the widget shows is kept in the address (so a reload shows it again), and with
 * `data-live` on `<html>` the page reloads when the server says the content was rebuilt (or, on
 * reconnecting, that the version changed). It writes no HTML (Trusted Types need no policy).
 */
export const PREVIEW_SCRIPT = `const root = document.documentElement;
const help = document.querySelector('kotae-help');

async function openFromHash() {
  const id = new URLSearchParams(location.hash.slice(1)).get('article');
  if (!help || !id) return;
  await customElements.whenDefined('kotae-help');
  await help.openArticle(id);
}

if (help) {
  help.addEventListener('kotae-article', (event) => {
    const hash = '#article=' + encodeURIComponent(event.articleId);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  });
  help.addEventListener('kotae-search', () => {
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  });
}
addEventListener('hashchange', () => void openFromHash());
void openFromHash();

if (root.dataset.live) {
  const events = new EventSource(root.dataset.live);
  const check = (event) => {
    if (JSON.parse(event.data).state !== root.dataset.version) location.reload();
  };
  events.addEventListener('hello', check);
  events.addEventListener('reload', () => location.reload());
}
`;

/** The page's styles: a two-column layout on wide screens, one column on a phone; light and dark. */
export const PREVIEW_STYLES = `:root {
  color-scheme: light dark;
  --bg: #f7f7f5;
  --card: #ffffff;
  --fg: #1d1d1f;
  --muted: #5f6368;
  --border: #dadce0;
  --accent: #0b57d0;
  --bad: #b3261e;
  --warn: #8a5300;
  --good: #146c2e;
  font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK JP', 'Hiragino Sans', sans-serif;
  line-height: 1.5;
  background: var(--bg);
  color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #151517;
    --card: #1f1f22;
    --fg: #e8e8ea;
    --muted: #a8abb0;
    --border: #3a3b3f;
    --accent: #a8c7fa;
    --bad: #f2b8b5;
    --warn: #f0c36d;
    --good: #8fd19e;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem; max-width: 80rem; margin-inline: auto; }
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem; margin-bottom: 1rem; }
.top h1 { font-size: 1.5rem; margin: 0; overflow-wrap: anywhere; }
.brand { display: flex; align-items: center; gap: 0.4rem; margin: 0; font-weight: 600; }
.brand img { display: block; }
.brand span { color: var(--muted); font-weight: 400; }
.meta { margin: 0; color: var(--muted); font-size: 0.875rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
.meta span:first-child { font-family: ui-monospace, monospace; }
.live { color: var(--good); }
.stale { border: 1px solid var(--bad); color: var(--bad); background: var(--card); padding: 0.5rem 0.75rem; border-radius: 0.5rem; }
.layout { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 60rem) {
  .layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  .articles { grid-column: 1 / -1; }
}
section { background: var(--card); border: 1px solid var(--border); border-radius: 0.75rem; padding: 1rem; min-width: 0; }
.side { display: grid; gap: 1rem; align-content: start; min-width: 0; }
h2 { font-size: 1.05rem; margin: 0 0 0.75rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.25rem; }
.count { color: var(--muted); font-weight: 400; }
kotae-help { display: block; --kotae-panel-height: 32rem; }
.issues { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; max-height: 24rem; overflow: auto; }
.issues li { border-inline-start: 3px solid var(--warn); padding-inline-start: 0.5rem; overflow-wrap: anywhere; }
.issues li.error { border-color: var(--bad); }
.issues code { display: block; font-size: 0.8rem; color: var(--muted); }
.ok, .good { color: var(--good); }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); }
.metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(6rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
.metrics div { border: 1px solid var(--border); border-radius: 0.5rem; padding: 0.4rem 0.6rem; }
.metrics dt { color: var(--muted); font-size: 0.8rem; }
.metrics dd { margin: 0; font-size: 1.25rem; font-variant-numeric: tabular-nums; }
.thresholds, .misses { margin: 0; padding-inline-start: 1.2rem; }
.misses small { color: var(--muted); }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: start; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td code { font-size: 0.75rem; color: var(--muted); overflow-wrap: anywhere; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; }
  section { padding: 0.75rem; }
  th:nth-child(3), td:nth-child(3) { display: none; }
}
`;

/** The favicon: 答 on a blue tile. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">答</text></svg>
`;
