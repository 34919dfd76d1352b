// `pnpm --filter @kotae/example-node-server run start`: compiles examples/knowledge and starts the
// app with kotae mounted. OPENAI_API_KEY (and OPENAI_BASE_URL) turn on model answers; the key
// stays in this process. `--port N` (default 3000, 0 = any free port).
// Escalations (the widget's "Contact support" form) are recorded in the store, then posted,
// signed, to a support inbox on loopback that prints them (support-inbox.ts); with KOTAE_SMTP_URL
// and SUPPORT_EMAIL set they are emailed to that inbox too.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileContent } from '@kotae/knowledge/node';
import { webhookDestination } from '@kotae/server';
import { JsonlInteractionStore, smtpDestination } from '@kotae/server/node';
import { startAppServer } from './server.js';
import { startSupportInbox } from './support-inbox.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' } } });
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bundleDir = here('../../.tmp/node-server-kb');

const compiled = await compileContent(here('../knowledge'), { out: bundleDir });
console.error(`compiled ${compiled.stats.articles} articles (${compiled.stats.locales.join(', ')}) into ${bundleDir}`);
const apiKey = process.env.OPENAI_API_KEY || undefined;
const store = await JsonlInteractionStore.open(here('../../.tmp/node-server-interactions'));
const secret = randomBytes(32).toString('hex');
const inbox = await startSupportInbox(secret, (e) =>
  console.log(
    `\n[support inbox] escalation ${e.id} (${e.reason}) from ${e.contact?.email ?? 'an anonymous user'}:\n  ${e.message ?? '(no message)'}\n  question: ${e.question ?? '—'}${e.conversation ? `\n  answer (${e.conversation.mode}): ${e.conversation.answer.slice(0, 200)}` : ''}`,
  ),
);
const smtpUrl = process.env.KOTAE_SMTP_URL;
const supportEmail = process.env.SUPPORT_EMAIL;
const destinations = [
  webhookDestination({ url: inbox.url, secret }),
  ...(smtpUrl && supportEmail ? [smtpDestination({ url: smtpUrl, to: supportEmail })] : []),
];
const app = await startAppServer({
  bundleDir,
  port: Number(values.port),
  store,
  openai: apiKey ? { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined } : undefined,
  escalations: { destinations },
});
console.log(`ACME Store (node:http) with kotae mounted: ${app.url}  (orders API: ${app.url}api/orders)`);
console.log(`Escalations: recorded in the store, then sent to ${destinations.map((d) => d.describe).join(' and ')}\nPress Ctrl+C to stop.`);
const stop = () =>
  void app
    .close()
    .then(() => inbox.close())
    .then(() => store.close())
    .then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
