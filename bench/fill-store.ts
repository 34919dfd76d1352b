/**
 * Fills an interaction store with a few thousand realistic interactions over simulated weeks, by
 * driving the real answer service over real HTTP, then makes the insights report of it.
 *
 *   node --import tsx bench/fill-store.ts [--out <dir>] [--days 42] [--per-day 70] [--seed 7] [--end <date>]
 *
 * - The service is `createAnswerHandler` (extractive: no model) on a bundle compiled from
 *   `examples/knowledge`, with a `JsonlInteractionStore` and an injected clock, served by
 *   `@hono/node-server` on 127.0.0.1; escalations go to a webhook receiver on loopback that
 *   answers with a ticket id.
 * - Questions: the example eval cases (English and Japanese), the first customer message of each
 *   ABCD chat, Banking77 messages (questions this knowledge base does not cover: content gaps) and
 *   a few off-topic ones, some with personal data (redacted before it is stored) and one that tries
 *   HTML injection (escaped in the report). From `../shared/data` when present, else the
 *   subsets in `test/fixtures` (no Banking77 then).
 * - Users: each question starts a conversation; some people rephrase within hours (a repeat: "not
 *   solved"), some give feedback, some ask for a person — more often after "I don't know". The
 *   last week brings a surge of card-delivery questions (a trending topic).
 *
 * Writes `<out>/store` (the store), `<out>/bundle`, `<out>/insights.html` and `<out>/insights.json`.
 */
import { serve } from '@hono/node-server';
import { compileContent, readBundleDir } from '@kotae/knowledge/node';
import { JsonlInteractionStore } from '@kotae/server/node';
import { createAnswerHandler } from '@kotae/server';
import { execFile } from 'node:child_process';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { rng } from './lib/stats.js';

const repo = resolve(import.meta.dirname, '..');
const DAY = 86_400_000;
const MINUTE = 60_000;

interface Question {
  readonly query: string;
  readonly locale: string;
  readonly kind: 'kb' | 'ja' | 'banking' | 'off-topic' | 'card';
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function jsonl<T>(file: string): Promise<T[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

async function questions(rand: () => number): Promise<{ pools: Record<Question['kind'], Question[]>; sources: string[] }> {
  const shared = resolve(repo, '..', 'shared', 'data');
  const sources: string[] = [];
  const cases = await jsonl<{ query: string; locale?: string }>(join(repo, 'examples/knowledge/evals/cases.jsonl'));
  sources.push(`examples/knowledge/evals/cases.jsonl (${cases.length})`);
  const abcdDir = (await exists(join(shared, 'abcd/conversations')))
    ? join(shared, 'abcd/conversations')
    : join(repo, 'test/fixtures/abcd/conversations');
  const firsts: string[] = [];
  for (const name of await readdir(abcdDir)) {
    if (!name.endsWith('.jsonl')) continue;
    for (const chat of await jsonl<{ messages: { role: string; text: string }[] }>(join(abcdDir, name))) {
      // The first customer message that says something ("hi" alone does not).
      const first = chat.messages.find((m) => m.role === 'customer' && m.text.split(/\s+/).length >= 5);
      if (first) firsts.push(first.text);
    }
  }
  sources.push(`${abcdDir} first customer messages (${firsts.length})`);
  const banking: { text: string; label: string }[] = [];
  const bankingFile = join(shared, 'banking77/train.jsonl');
  if (await exists(bankingFile)) {
    const all = await jsonl<{ text: string; label: string }>(bankingFile);
    for (const row of all) if (rand() < 0.06) banking.push(row);
    sources.push(`${bankingFile} (${banking.length} of ${all.length} sampled)`);
  }
  const kb: Question[] = [
    ...cases.filter((c) => (c.locale ?? 'en') === 'en').map((c) => ({ query: c.query, locale: 'en', kind: 'kb' as const })),
    ...firsts.map((query) => ({ query, locale: 'en', kind: 'kb' as const })),
    // Personal data people type into help boxes: redacted before it is stored.
    { query: 'I changed my email to jane.doe@example.com, how do I update my account?', locale: 'en', kind: 'kb' },
    { query: 'my order for 090-1234-5678 never arrived, where is my shipping status?', locale: 'en', kind: 'kb' },
    // Someone trying HTML injection: the report must show it as text.
    { query: '<script>alert(1)</script> how do I reset my password?', locale: 'en', kind: 'kb' },
  ];
  const ja = cases.filter((c) => c.locale === 'ja').map((c) => ({ query: c.query, locale: 'ja', kind: 'ja' as const }));
  const offTopic: Question[] = [
    'what is the weather tomorrow in Osaka',
    'write me a poem about autumn',
    'who won the football game last night',
    'can you recommend a good pizza place',
    'what is the meaning of life',
    '"><img src=x onerror=alert(1)> hello',
  ].map((query) => ({ query, locale: 'en', kind: 'off-topic' as const }));
  offTopic.push({ query: '株価の予想を教えて', locale: 'ja', kind: 'off-topic' });
  const card = banking.filter((b) => b.label === 'card_arrival' || b.label === 'card_delivery_estimate');
  return {
    pools: {
      kb,
      ja,
      banking: banking.filter((b) => !card.includes(b)).map((b) => ({ query: b.text, locale: 'en', kind: 'banking' as const })),
      'off-topic': offTopic,
      card: card.map((b) => ({ query: b.text, locale: 'en', kind: 'card' as const })),
    },
    sources,
  };
}

interface Ask {
  readonly at: number;
  readonly question: Question;
  readonly conversationId: string;
  /** A rephrase of an earlier question in the same conversation. */
  readonly repeat: boolean;
  readonly agent: boolean;
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)]!;
}

function schedule(pools: Record<Question['kind'], Question[]>, start: number, days: number, perDay: number, rand: () => number): Ask[] {
  const asks: Ask[] = [];
  let conversation = 0;
  for (let d = 0; d < days; d++) {
    const dayStart = start + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const lastWeek = d >= days - 7;
    // Fewer questions at weekends, a little growth over the weeks.
    const n = Math.round(perDay * (weekday === 0 || weekday === 6 ? 0.6 : 1.15) * (0.85 + (0.3 * d) / days) * (0.9 + 0.2 * rand()));
    for (let i = 0; i < n; i++) {
      const r = rand();
      let kind: Question['kind'] =
        r < 0.5 ? 'kb' : r < 0.58 ? 'ja' : r < 0.92 ? (pools.banking.length > 0 ? 'banking' : 'kb') : r < 0.97 ? 'off-topic' : 'card';
      if (lastWeek && rand() < 0.12) kind = 'card';
      if (pools[kind].length === 0) kind = 'kb';
      const question = pick(pools[kind], rand);
      const at = dayStart + Math.floor(rand() * DAY);
      const conversationId = `sim-${++conversation}`;
      asks.push({ at, question, conversationId, repeat: false, agent: rand() < 0.02 });
    }
  }
  return asks.sort((a, b) => a.at - b.at);
}

function parseDone(sse: string): { interactionId: string; mode: string } {
  const match = /event: done\ndata: (.*)\n/.exec(sse);
  if (!match) throw new Error(`no done event in ${JSON.stringify(sse.slice(0, 300))}`);
  return JSON.parse(match[1]!) as { interactionId: string; mode: string };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      days: { type: 'string', default: '42' },
      'per-day': { type: 'string', default: '70' },
      seed: { type: 'string', default: '7' },
      end: { type: 'string' },
    },
  });
  const out = resolve(values.out ?? join(tmpdir(), 'kotae-fill-store'));
  const days = Number(values.days);
  const perDay = Number(values['per-day']);
  const rand = rng(Number(values.seed));
  // The simulated weeks end at the start of today (UTC), so the last day is "too recent to tell".
  const end = values.end ? Date.parse(values.end) : Math.floor(Date.now() / DAY) * DAY;
  const start = end - days * DAY;
  await rm(out, { recursive: true, force: true });

  const bundleDir = join(out, 'bundle');
  await compileContent(join(repo, 'examples/knowledge'), { out: bundleDir });
  const bundle = await readBundleDir(bundleDir);
  const storeDir = join(out, 'store');
  const store = await JsonlInteractionStore.open(storeDir);

  let tickets = 0;
  const webhook = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ticket: `T-${++tickets}` }));
    });
  });
  await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/tickets`;

  let clock = start;
  const handler = createAnswerHandler({
    bundle,
    store,
    // Thousands of simulated users, all from 127.0.0.1: the per-client limits would count them as one.
    rateLimit: false,
    limits: false,
    now: () => clock,
    escalationWebhook: { url: webhookUrl },
    authorizeAgent: () => true,
  });
  const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const { pools, sources } = await questions(rand);
  const asks = schedule(pools, start, days, perDay, rand);
  const counts = { asks: 0, feedback: 0, escalations: 0, repeats: 0, modes: {} as Record<string, number> };
  const began = performance.now();
  // Rephrases come later in time: keep them in a queue merged with the schedule.
  const later: Ask[] = [];
  let next = 0;
  while (next < asks.length || later.length > 0) {
    later.sort((a, b) => a.at - b.at);
    const ask = later.length > 0 && (next >= asks.length || later[0]!.at <= asks[next]!.at) ? later.shift()! : asks[next++]!;
    clock = ask.at;
    const response = await post('/v1/answer', {
      query: ask.question.query,
      locale: ask.question.locale,
      conversationId: ask.conversationId,
      ...(ask.agent ? { audience: 'agent' } : {}),
    });
    if (!response.ok) throw new Error(`POST /v1/answer: HTTP ${response.status} ${await response.text()}`);
    const done = parseDone(await response.text());
    counts.asks++;
    counts.modes[done.mode] = (counts.modes[done.mode] ?? 0) + 1;
    if (counts.asks % 500 === 0) process.stderr.write(`  ${counts.asks} questions…\n`);
    if (ask.agent) continue;
    const answered = done.mode !== 'refusal';
    const r = rand();
    const kind = ask.question.kind;
    // Questions outside what the guidance covers are answered worse, even when "answered".
    const good = kind === 'kb' || kind === 'ja' ? 0.75 : 0.3;
    if (!answered ? r < 0.4 : r < (1 - good) * 0.25) {
      clock = ask.at + (2 + rand() * 8) * MINUTE;
      const escalation = await post('/v1/escalations', { interactionId: done.interactionId, message: 'I still need help' });
      if (escalation.status !== 202) throw new Error(`POST /v1/escalations: HTTP ${escalation.status}`);
      counts.escalations++;
      continue;
    }
    if (answered && !ask.repeat && rand() < (1 - good) * 0.3) {
      // Not solved: the person rephrases (here: asks the same thing) an hour or two later.
      later.push({ ...ask, at: ask.at + (30 + rand() * 150) * MINUTE, repeat: true });
      counts.repeats++;
      continue;
    }
    if (rand() < 0.3) {
      clock = ask.at + (1 + rand() * 4) * MINUTE;
      const helpful = answered && rand() < good + 0.1;
      const feedback = await post('/v1/feedback', {
        interactionId: done.interactionId,
        helpful,
        ...(helpful && rand() < 0.7 ? { resolved: true } : {}),
        ...(!helpful && rand() < 0.3 ? { reason: 'this is not what I asked, call me at 03-1234-5678' } : {}),
      });
      if (feedback.status !== 204) throw new Error(`POST /v1/feedback: HTTP ${feedback.status}`);
      counts.feedback++;
    }
  }
  const seconds = (performance.now() - began) / 1000;
  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise<void>((done) => server.close(() => done()));
  await new Promise<void>((done) => webhook.close(() => done()));
  await store.close();

  const kotae = join(repo, 'packages/cli/dist/bin.js');
  const run = promisify(execFile);
  const html = join(out, 'insights.html');
  const { stdout } = await run(process.execPath, [kotae, 'insights', storeDir, '--bundle', bundleDir, '--out', html]);
  const json = await run(process.execPath, [kotae, 'insights', storeDir, '--bundle', bundleDir, '--json'], { maxBuffer: 64 * 2 ** 20 });
  await import('node:fs/promises').then((fs) => fs.writeFile(join(out, 'insights.json'), json.stdout));
  process.stdout.write(
    [
      `questions from: ${sources.join('; ')}`,
      `simulated ${days} days from ${new Date(start).toISOString().slice(0, 10)} to ${new Date(end).toISOString().slice(0, 10)}`,
      `asked ${counts.asks} questions (${Object.entries(counts.modes)
        .map(([m, n]) => `${m} ${n}`)
        .join(
          ', ',
        )}), ${counts.repeats} rephrased, ${counts.feedback} feedback, ${counts.escalations} escalations (${tickets} tickets) in ${seconds.toFixed(1)} s over HTTP`,
      `store: ${storeDir}`,
      stdout.trimEnd(),
      '',
    ].join('\n'),
  );
}

await main();
