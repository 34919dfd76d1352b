// `pnpm run start`: compiles examples/knowledge, builds nothing (the script ran `vite build`
// first) and serves the app with the answer service. `--port N` (default 5174, 0 = any free port).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileContent } from '@kotae/knowledge/node';
import { JsonlInteractionStore } from '@kotae/server/node';
import { startAppServer } from './app-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '5174' } } });
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bundleDir = here('../../.tmp/react-vite-kb');

const compiled = await compileContent(here('../knowledge'), { out: bundleDir });
console.error(`compiled ${compiled.stats.articles} articles (${compiled.stats.locales.join(', ')}) into ${bundleDir}`);
const apiKey = process.env.OPENAI_API_KEY || undefined;
const store = await JsonlInteractionStore.open(here('../../.tmp/react-vite-interactions'));
const app = await startAppServer({
  bundleDir,
  appDir: here('./dist'),
  port: Number(values.port),
  store,
  // "Contact support" (the app's own form) posts to the answer service: recorded in the store,
  // then shown here, the example's support inbox. A product forwards it to its ticket system
  // (`webhookDestination`) or inbox (`smtpDestination`) instead.
  escalations: {
    destinations: [
      {
        name: 'terminal',
        describe: 'this terminal',
        deliver: async (e) => {
          console.log(`\n[support] ${e.contact?.name ?? 'someone'} <${e.contact?.email ?? '—'}> (${e.reason}): ${e.message ?? ''}`);
          return {};
        },
      },
    ],
  },
  openai: apiKey ? { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined } : undefined,
});
console.log(`ACME Store's settings (React + Vite) with <kotae-help>: ${app.url}\nPress Ctrl+C to stop.`);
const stop = () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
