/**
 * The interaction store's benchmark: durable appends per second with 1, 10 and 50 concurrent
 * appenders (group commit), then on a store of many records: open (verify every line, build the
 * id index), the index's memory per interaction, a full `records()` scan and `interaction(id)`.
 * JSONL by default; with `--postgres`, the same against `PostgresInteractionStore` on a throwaway
 * PostgreSQL server started on loopback (as the tests do; needs PostgreSQL installed).
 *
 * Run from the repository root after building `@kotae/knowledge`:
 *   node --import tsx bench/store.ts [--records 100000] [--seconds 3] [--dir DIR] [--postgres]
 * Markdown tables go to stdout, progress to stderr. See bench/README.md.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StoreRecord } from '@kotae/knowledge';
import type { InteractionStore } from '@kotae/server';
import { JsonlInteractionStore } from '@kotae/server/node';
import { PostgresInteractionStore } from '@kotae/server/postgres';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import { codeLine, codeVersion, currentLoad, machineInfo, machineLine } from './lib/machine.js';
import { collectGarbage, percentile, rng } from './lib/stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '3' },
    dir: { type: 'string', default: tmpdir() },
    postgres: { type: 'boolean', default: false },
  },
});
const total = Number(values.records);
const seconds = Number(values.seconds);
if (!Number.isInteger(total) || total < 1 || !(seconds > 0)) {
  process.stderr.write('usage: node --import tsx bench/store.ts [--records 100000] [--seconds 3] [--dir DIR] [--postgres]\n');
  process.exit(2);
}

/** Where a run's store lives: a directory (JSONL) or a fresh database (PostgreSQL). */
interface Backend {
  readonly name: string;
  /** A new, empty place for a store. */
  create(): Promise<string>;
  open(where: string): Promise<InteractionStore>;
  /** Bytes the store takes (files, or the table with its indexes). */
  bytes(where: string): Promise<number>;
  remove(where: string): Promise<void>;
}

let pgServer: PostgresServer | undefined;
const backend: Backend = values.postgres
  ? {
      name: 'PostgresInteractionStore',
      async create() {
        pgServer ??= await startPostgres();
        return pgServer.createDatabase();
      },
      open: (url) => PostgresInteractionStore.open(url),
      async bytes(url) {
        const rows = await pgServer!.query<{ n: string }>(
          new URL(url).pathname.slice(1),
          "SELECT pg_total_relation_size('kotae_interactions') AS n",
        );
        return Number(rows[0]!.n);
      },
      async remove(url) {
        await pgServer!.query('postgres', `DROP DATABASE ${new URL(url).pathname.slice(1)}`);
      },
    }
  : {
      name: 'JsonlInteractionStore',
      create: () => mkdtemp(join(values.dir, 'kotae-store-bench-')),
      open: (dir) => JsonlInteractionStore.open(dir),
      bytes: (dir) => dirBytes(dir),
      remove: (dir) => rm(dir, { recursive: true, force: true }),
    };

const started = performance.now();
const startLoad = currentLoad();
const log = (line: string) =>
  process.stderr.write(`[store bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
const random = rng(7);
const ANSWER = 'To reset your password, open Settings → Account, choose "Reset password" and follow the link we email you. '.repeat(5);

/** The n-th record of a realistic mix: 6 interactions, 3 feedbacks, 1 escalation in 10. */
function record(n: number): StoreRecord {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const id = `i-${Math.floor(n / 10)}-${n % 10}-${Math.floor(random() * 1e9).toString(36)}`;
  const kind = n % 10;
  if (kind < 6) {
    return {
      kind: 'interaction',
      id,
      at,
      query: `how do I reset my password ${n}`,
      locale: n % 2 ? 'en' : 'ja',
      context: '/settings/account',
      conversationId: `c-${Math.floor(n / 3)}`,
      sourceIds: ['reset-password#steps', 'account#security', 'login#locked'],
      topScore: 11.25,
      mode: 'extractive',
      answer: ANSWER,
      citations: ['reset-password#steps'],
      latency: { firstEventMs: 14, totalMs: 380 },
    };
  }
  if (kind < 9) return { kind: 'feedback', interactionId: id, at, helpful: n % 3 === 0, resolved: n % 3 === 0 };
  return { kind: 'escalation', interactionId: id, at, delivered: true, status: 201, ticket: `T-${n}` };
}

interface AppendRun {
  readonly appenders: number;
  readonly appends: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly lineBytes: number;
}

/** `appenders` loops, each appending and awaiting one record at a time, for `seconds`. */
async function measureAppends(appenders: number): Promise<AppendRun> {
  const dir = await backend.create();
  try {
    const store = await backend.open(dir);
    const latencies: number[] = [];
    let n = 0;
    const until = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: appenders }, async () => {
        while (performance.now() < until) {
          const r = record(n++);
          const t = performance.now();
          await store.append(r);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    await store.close();
    const bytes = await backend.bytes(dir);
    return {
      appenders,
      appends: latencies.length,
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lineBytes: bytes / latencies.length,
    };
  } finally {
    await backend.remove(dir);
  }
}

async function dirBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
  return bytes;
}

const appendRuns: AppendRun[] = [];
for (const appenders of [1, 10, 50]) {
  log(`appends with ${appenders} concurrent appender(s) for ${seconds} s`);
  appendRuns.push(await measureAppends(appenders));
}

// A large store, written through the store itself (200 appenders: group commit keeps it quick).
const bigDir = await backend.create();
try {
  log(`writing ${total} records`);
  const writer = await backend.open(bigDir);
  const ids: string[] = [];
  let next = 0;
  const writeStart = performance.now();
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      while (next < total) {
        const r = record(next++);
        if (r.kind === 'interaction') ids.push(r.id);
        await writer.append(r);
      }
    }),
  );
  const writeSeconds = (performance.now() - writeStart) / 1000;
  await writer.close();
  const bytes = await backend.bytes(bigDir);
  const segments = values.postgres ? '–' : (await readdir(bigDir)).filter((n) => n.endsWith('.jsonl')).length;

  log('opening it');
  await collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const openStart = performance.now();
  const store = await backend.open(bigDir);
  const openMs = performance.now() - openStart;
  await collectGarbage();
  const indexBytes = process.memoryUsage().heapUsed - heapBefore;

  log('scanning it');
  const scanStart = performance.now();
  let scanned = 0;
  for await (const _ of store.records()) scanned++;
  const scanMs = performance.now() - scanStart;

  log('looking up interactions');
  const lookups: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const id = ids[Math.floor(random() * ids.length)]!;
    const t = performance.now();
    const found = await store.interaction(id);
    lookups.push(performance.now() - t);
    if (found?.id !== id) throw new Error(`lookup of ${id} found ${found?.id}`);
  }
  await store.close();

  const machine = machineInfo(startLoad);
  const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
  const f2 = (x: number) => x.toFixed(2);
  const lines = [
    `Machine: ${machineLine(machine)}`,
    '',
    `Code: ${codeLine(codeVersion(repo))}; ${backend.name}, ${values.postgres ? `PostgreSQL on loopback (this machine)` : `store files in ${values.dir}`}`,
    '',
    '| appenders | appends | appends/s | append p50 | append p99 | bytes/record |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...appendRuns.map(
      (r) => `| ${r.appenders} | ${f0(r.appends)} | ${f0(r.perSecond)} | ${f2(r.p50)} ms | ${f2(r.p99)} ms | ${f0(r.lineBytes)} |`,
    ),
    '',
    '| records | interactions | segments | bytes | write (200 appenders) | open | index memory | records() scan | interaction(id) p50 / p99 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${f0(total)} | ${f0(ids.length)} | ${segments} | ${(bytes / 1e6).toFixed(1)} MB | ${f0(total / writeSeconds)} rec/s | ${f0(openMs)} ms (${f0(total / (openMs / 1000))} rec/s) | ${values.postgres ? 'n/a (in the server)' : `${f0(indexBytes / ids.length)} B/interaction`} | ${f0(scanMs)} ms (${f0(scanned / (scanMs / 1000))} rec/s) | ${f2(percentile(lookups, 50))} / ${f2(percentile(lookups, 99))} ms |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  log('done');
} finally {
  await backend.remove(bigDir);
  await pgServer?.stop();
}
