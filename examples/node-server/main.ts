// `pnpm --filter @kotae/example-node-server run start`: compiles examples/knowledge and starts the
// app with kotae mounted. OPENAI_API_KEY (and OPENAI_BASE_URL) turn on model answers; the key
// stays in this process. `--port N` (default 3000, 0 = any free port).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileContent } from '@kotae/knowledge/node';
import { JsonlInteractionStore } from '@kotae/server/node';
import { startAppServer } from './server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' } } });
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bundleDir = here('../../.tmp/node-server-kb');

const compiled = await compileContent(here('../knowledge'), { out: bundleDir });
console.error(`compiled ${compiled.stats.articles} articles (${compiled.stats.locales.join(', ')}) into ${bundleDir}`);
const apiKey = process.env.OPENAI_API_KEY || undefined;
const store = await JsonlInteractionStore.open(here('../../.tmp/node-server-interactions'));
const app = await startAppServer({
  bundleDir,
  port: Number(values.port),
  store,
  openai: apiKey ? { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined } : undefined,
});
console.log(`ACME Store (node:http) with kotae mounted: ${app.url}  (orders API: ${app.url}api/orders)\nPress Ctrl+C to stop.`);
const stop = () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
