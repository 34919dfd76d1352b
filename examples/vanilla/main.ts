// The README's main command ends here: compile the example knowledge, serve the product page
// with the widget on localhost and print the URL. `--check` fetches the page and the bundle
// once and exits (CI); `--port N` picks the port (default 4173, 0 = any free port).
import { compileContent } from '@kotae/knowledge/node';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from './server.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, port: { type: 'string', default: '4173' } } });
const content = fileURLToPath(new URL('../knowledge', import.meta.url));
const bundle = fileURLToPath(new URL('../../.tmp/demo-bundle', import.meta.url));

const compiled = await compileContent(content, { out: bundle });
console.error(
  `compiled ${compiled.stats.articles} articles (${compiled.stats.sections} sections, ${compiled.stats.locales.join(', ')}) into ${bundle}`,
);
const server = await startDemoServer({ bundle }, Number(values.port));
if (values.check) {
  for (const path of ['', 'ja.html', 'widget/kotae-help.js', 'kb/manifest.json']) {
    const response = await fetch(new URL(path, server.url));
    if (!response.ok) throw new Error(`${path || '/'}: HTTP ${response.status}`);
  }
  console.log(`ok: ${server.url} serves the page, the widget and the bundle`);
  await server.close();
} else {
  console.log(`\nThe demo product page with <kotae-help> is at ${server.url}  (日本語: ${server.url}ja.html)\nPress Ctrl+C to stop.`);
}
