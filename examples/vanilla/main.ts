// The README's main command ends here: compile the example knowledge and run `kotae serve` on
// it with this product page: the widget searches the bundle in the browser and asks the answer
// service (extractive without OPENAI_API_KEY) on localhost. `--check` fetches the page, the
// widget and the bundle, asks one question in English and one in Japanese, and exits (CI);
// `--port N` picks the port (default 4173, 0 = any free port).
import { serve } from '@kotae/cli';
import type { EscalationDestination } from '@kotae/server';
import { compileContent } from '@kotae/knowledge/node';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, port: { type: 'string', default: '4173' } } });
const content = fileURLToPath(new URL('../knowledge', import.meta.url));
const bundle = fileURLToPath(new URL('../../.tmp/demo-bundle', import.meta.url));
const store = fileURLToPath(new URL('../../.tmp/demo-interactions', import.meta.url));

const compiled = await compileContent(content, { out: bundle });
console.error(
  `compiled ${compiled.stats.articles} articles (${compiled.stats.sections} sections, ${compiled.stats.locales.join(', ')}) into ${bundle}`,
);
const apiKey = process.env.OPENAI_API_KEY || undefined;
// Where "Contact support" goes in the demo: each message is recorded in the store (before the
// widget says "sent"), then shown here, in the terminal — the demo's support inbox. A product
// forwards it to its ticket system or inbox instead (kotae serve --escalation-webhook / --escalation-email).
const terminal: EscalationDestination = {
  name: 'terminal',
  describe: 'this terminal',
  deliver: async (e) => {
    console.log(
      `\n[support] escalation ${e.id} (${e.reason}) from ${e.contact?.email ?? 'an anonymous user'}: ${e.message ?? '(no message)'}\n  question: ${e.question ?? '—'}${e.conversation ? ' (conversation attached)' : ''}`,
    );
    return {};
  },
};
const server = await serve({
  bundleDir: bundle,
  port: Number(values.port),
  page: fileURLToPath(new URL('./public', import.meta.url)),
  store,
  service: { escalations: { destinations: [terminal] } },
  openai: apiKey ? { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model: process.env.KOTAE_MODEL || undefined } : undefined,
});
if (values.check) {
  for (const path of ['', 'ja.html', 'widget/kotae-help.js', 'kb/manifest.json', 'api/kotae/v1/health']) {
    const response = await fetch(new URL(path, server.url));
    if (!response.ok) throw new Error(`${path || '/'}: HTTP ${response.status}`);
  }
  for (const [query, locale] of [
    ['Where is my refund?', 'en'],
    ['パスワードを忘れました', 'ja'],
  ] as const) {
    const response = await fetch(`${server.endpoint}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, locale }),
    });
    const events = await response.text();
    if (!/^event: done$/m.test(events) || !/"grounded":true/.test(events)) throw new Error(`no grounded answer to ${query}:\n${events}`);
  }
  console.log(`ok: ${server.url} serves the page, the widget and the bundle, and answers (${server.mode})`);
  await server.close();
} else {
  console.log(`\nThe demo product page with <kotae-help> is at ${server.url}  (日本語: ${server.url}ja.html)`);
  console.log(
    `Answers: ${server.endpoint}/v1/answer (${server.mode}); interactions are recorded in ${server.storage}\nEscalations: ${server.escalations}\nPress Ctrl+C to stop.`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
