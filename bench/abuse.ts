/**
 * The abuse bench: `kotae serve` (the built binary, default limits) under a client that floods
 * feedback and escalations, a client that rotates its IPv6 address within one /64, and 2,000
 * slow connections (half stalled mid-header, half mid-body). Prints what got through, what was
 * stored, and how fast the slow clients were cut off.
 *
 * Run from the repository root after `pnpm run build`:
 *   node --import tsx bench/abuse.ts [--seconds 10] [--slow 2000] [--max-connections 1000] [--slow-only]
 * Markdown tables go to stdout, progress to stderr. See bench/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileContent } from '@kotae/knowledge/node';
import { codeLine, codeVersion, currentLoad, machineInfo, machineLine } from './lib/machine.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    slow: { type: 'string', default: '2000' },
    'max-connections': { type: 'string', default: '1000' },
    'slow-only': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const slow = Number(values.slow);
const startLoad = currentLoad();
const log = (text: string) => process.stderr.write(`${text}\n`);

const dir = await mkdtemp(join(tmpdir(), 'kotae-abuse-'));
await compileContent(join(repo, 'examples/knowledge'), { out: join(dir, 'kb') });

// The ticket system the escalations go to: accepts everything.
const hook = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ticket":"T-1"}'));
});
await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;

/** Starts `kotae serve` with these flags; resolves with its URL. */
async function serve(flags: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(repo, 'packages/cli/dist/bin.js'), 'serve', join(dir, 'kb'), '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const url = /^kotae serve: (http:\S+)$/m.exec(out)?.[1];
      if (url && out.includes('interactions:')) resolvePromise({ child, url: `${url}api/kotae/v1/` });
    });
    child.on('close', (code) => reject(new Error(`kotae serve exited ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('close');
  await new Promise<void>((r) => {
    child.on('close', () => r());
    child.kill('SIGTERM');
  });
}

const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function ask(url: string, headers: Record<string, string> = {}): Promise<string> {
  const text = await (
    await post(url, 'answer', { query: 'How do I reset my password?', locale: 'en', conversationId: 'c-1' }, headers)
  ).text();
  return (JSON.parse(/event: done\ndata: (.*)/.exec(text)![1]!) as { interactionId: string }).interactionId;
}

/** `concurrency` loops sending `request` for `seconds`; counts by status. */
async function flood(request: () => Promise<Response>, concurrency = 20): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const res = await request();
        await res.arrayBuffer();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return counts;
}

async function storedCounts(store: string): Promise<{ kinds: Record<string, number>; bytes: number }> {
  const kinds: Record<string, number> = {};
  let bytes = 0;
  for (const file of await readdir(store, { recursive: true })) {
    if (!file.endsWith('.jsonl')) continue;
    const text = await readFile(join(store, file), 'utf8');
    bytes += Buffer.byteLength(text);
    for (const m of text.matchAll(/"kind":"(\w+)"/g)) kinds[m[1]!] = (kinds[m[1]!] ?? 0) + 1;
  }
  return { kinds, bytes };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const rows: string[] = [];

// 1. Feedback and escalation floods from one client (the socket's address), default limits.
if (!values['slow-only']) {
  const store = join(dir, 'store-flood');
  const { child, url } = await serve(['--store', store, '--escalation-webhook', hookUrl]);
  const one = await ask(url);
  const many: string[] = [];
  for (let i = 0; i < 9; i++) many.push(await ask(url));
  log('flooding feedback on one answer…');
  const a = await flood(() => post(url, 'feedback', { interactionId: one, helpful: Math.random() < 0.5 }));
  log('flooding escalations of one conversation…');
  const b = await flood(() => post(url, 'escalations', { interactionId: many[0] }));
  await stop(child);
  const stored = await storedCounts(store);
  const sent = (m: Map<number, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  rows.push(
    `| feedback on one answer, 20 loops for ${seconds} s | ${fmt(sent(a))} | ${fmt(a.get(204) ?? 0)} | ${fmt(a.get(429) ?? 0)} | ${fmt(stored.kinds.feedback ?? 0)} |`,
    `| escalations of one conversation, 20 loops for ${seconds} s | ${fmt(sent(b))} | ${fmt(b.get(202) ?? 0)} | ${fmt(b.get(429) ?? 0)} | ${fmt(stored.kinds.escalation ?? 0)} |`,
  );
  log(`store: ${JSON.stringify(stored)}`);
}

// 2. A client rotating its IPv6 address within one /64 (through a trusted proxy header).
if (!values['slow-only']) {
  const { child, url } = await serve(['--client-header', 'x-forwarded-for']);
  let admitted = 0;
  let limited = 0;
  const n = 1000;
  for (let i = 0; i < n; i++) {
    const from = `2001:db8:1:2:${(i * 7919).toString(16).slice(-4)}:${i.toString(16)}:abcd:${(i % 65536).toString(16)}`;
    const res = await post(url, 'answer', { query: 'password' }, { 'x-forwarded-for': from });
    await res.arrayBuffer();
    if (res.status === 200) admitted++;
    else if (res.status === 429) limited++;
  }
  // The same client once more from a mapped IPv4 address and a fresh /64: its own allowances.
  const other = await post(url, 'answer', { query: 'password' }, { 'x-forwarded-for': '2001:db8:1:3::1' });
  await other.arrayBuffer();
  await stop(child);
  rows.push(`| questions from ${fmt(n)} addresses in one IPv6 /64 | ${fmt(n)} | ${fmt(admitted)} | ${fmt(limited)} | – |`);
  log(`a fresh /64 afterwards: ${other.status}`);
}

// 3. Slow clients: half stalled mid-header, half mid-body; the connection cap at its default (1000).
let slowRow: string;
{
  const headersMs = 2000;
  const idleMs = 3000;
  const { child, url } = await serve([
    '--headers-timeout',
    String(headersMs),
    '--idle-timeout',
    String(idleMs),
    '--request-timeout',
    '10000',
    '--max-connections',
    values['max-connections'],
  ]);
  const { port } = new URL(url);
  /**
   * Milliseconds from a socket's creation to its close, and whether the server refused it: it
   * closed the connection without reading what was sent (a reset) or, for a socket stalled
   * mid-header, without the 408 that the header timeout sends.
   */
  const closedAfter = (socket: Socket, kind: 'header' | 'body') =>
    new Promise<{ ms: number; refused: boolean }>((r) => {
      const created = Date.now();
      let reset = false;
      let received = '';
      socket.on('error', (error: NodeJS.ErrnoException) => (reset ||= error.code === 'ECONNRESET'));
      // Read what the server sends (a 408): a paused socket never sees the end of the stream.
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () =>
        r({ ms: Date.now() - created, refused: reset || (kind === 'header' && !received.startsWith('HTTP/1.1 408')) }),
      );
    });
  const sockets: { kind: 'header' | 'body'; closed: Promise<{ ms: number; refused: boolean }> }[] = [];
  for (let i = 0; i < slow; i++) {
    const socket = connect(Number(port), '127.0.0.1');
    const kind = i % 2 === 0 ? 'header' : 'body';
    socket.on('connect', () =>
      socket.write(
        kind === 'header'
          ? 'POST /api/kotae/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-'
          : 'POST /api/kotae/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"interactionId":',
      ),
    );
    sockets.push({ kind, closed: closedAfter(socket, kind) });
  }
  const times = await Promise.all(sockets.map(async (s) => ({ kind: s.kind, ...(await s.closed) })));
  await stop(child);
  const refused = times.filter((t) => t.refused).length;
  const by = (kind: string) => times.filter((t) => t.kind === kind && !t.refused).map((t) => t.ms);
  const max = (list: number[]) => (list.length ? Math.max(...list) : 0);
  slowRow = `| ${fmt(slow)} (${fmt(slow / 2)} mid-header, ${fmt(slow / 2)} mid-body) | ${fmt(refused)} | ${fmt(by('header').length)}, all by ${(max(by('header')) / 1000).toFixed(1)} s (timeout ${headersMs / 1000} s) | ${fmt(by('body').length)}, all by ${(max(by('body')) / 1000).toFixed(1)} s (idle ${idleMs / 1000} s) | 0 |`;
}

hook.close();
await rm(dir, { recursive: true, force: true });
const machine = machineInfo(startLoad);
process.stdout.write(
  [
    `Machine: ${machineLine(machine)}`,
    `Code: ${codeLine(codeVersion(repo))}; kotae serve with its default limits, --max-connections ${values['max-connections']}`,
    '',
    '| client | requests | accepted | 429 | stored |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '| slow connections | refused at once (over the cap) | stalled mid-header: closed | stalled mid-body: closed | still open |',
    '| --- | ---: | ---: | ---: | ---: |',
    slowRow,
    '',
  ].join('\n'),
);
