/**
 * The review queue's benchmark: how long one page of the console's review queue takes
 * (`InteractionStore.reviewQueue`), first page and pages after it (by cursor), for every filter and
 * order a reviewer uses, on a PostgreSQL store of 1,000,000 interactions and on a JSONL store of
 * 100,000.
 *
 * - PostgreSQL: a throwaway server on loopback (as the tests start one; needs Debian's `postgresql`),
 *   the schema made by `PostgresInteractionStore.open` (every migration), the rows inserted in SQL
 *   (`generate_series`, 100,000 a statement: appending a million records one by one would measure
 *   appends, which bench/store.ts does), then `ANALYZE`.
 * - JSONL: the records appended through `JsonlInteractionStore` (200 appenders), then reopened.
 * - The mix, per interaction n: a third have feedback (a third of those negative), 1 in 40 an
 *   escalation, 1 in 100 a review, 1 in 20 is a refusal, 1 in 50 flagged, answerability spread
 *   evenly over 0–1; timestamps 2 s apart.
 *
 *   node --import tsx bench/review-queue.ts [--postgres 1000000] [--jsonl 100000] [--pages 10]
 *
 * `--postgres 0` or `--jsonl 0` skips that store. Markdown tables on stdout, progress on stderr.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StoreRecord } from '@kotae/knowledge';
import type { InteractionStore, ReviewQueueQuery } from '@kotae/server';
import { JsonlInteractionStore } from '@kotae/server/node';
import { PostgresInteractionStore } from '@kotae/server/postgres';
import { startPostgres, type PostgresServer } from '../packages/server/test/support/postgres-server.js';
import { codeLine, codeVersion, currentLoad, machineInfo, machineLine } from './lib/machine.js';
import { percentile } from './lib/stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    postgres: { type: 'string', default: '1000000' },
    jsonl: { type: 'string', default: '100000' },
    pages: { type: 'string', default: '10' },
    'jsonl-pages': { type: 'string', default: '3' },
  },
});
const pgCount = Number(values.postgres);
const jsonlCount = Number(values.jsonl);
const pages = Number(values.pages);
const jsonlPages = Number(values['jsonl-pages']);

const started = performance.now();
const startLoad = currentLoad();
const log = (line: string) =>
  process.stderr.write(`[review-queue bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);

/** The queries a reviewer runs: every order, every signal, and the usual "unreviewed problems" view. */
const QUERIES: { readonly name: string; readonly query: ReviewQueueQuery }[] = [
  { name: 'all, newest', query: {} },
  { name: 'all, oldest', query: { sort: 'oldest' } },
  { name: 'all, lowest score', query: { sort: 'lowest-score' } },
  { name: 'thumbs-down', query: { signals: ['thumbs-down'] } },
  { name: 'escalated', query: { signals: ['escalated'] } },
  { name: 'refused', query: { signals: ['refused'] } },
  { name: 'low answerability', query: { signals: ['low-answerability'] } },
  { name: 'flagged', query: { signals: ['flagged'] } },
  { name: 'sample (5 %)', query: { signals: ['sample'] } },
  { name: 'problems, unreviewed', query: { signals: ['thumbs-down', 'escalated', 'flagged'], unreviewed: true } },
  { name: 'problems, lowest score', query: { signals: ['thumbs-down', 'escalated', 'refused'], sort: 'lowest-score' } },
];

interface QueueRun {
  readonly name: string;
  readonly first: number[];
  readonly later: number[];
  readonly items: number;
}

/** Reads `pageCount` pages of each query, following `next`, `rounds` times; latencies in ms. */
async function measure(store: InteractionStore, pageCount: number, rounds: number): Promise<QueueRun[]> {
  const runs: QueueRun[] = [];
  for (const { name, query } of QUERIES) {
    const first: number[] = [];
    const later: number[] = [];
    let items = 0;
    for (let round = 0; round < rounds; round++) {
      let cursor: string | undefined;
      for (let page = 0; page < pageCount; page++) {
        const t = performance.now();
        const result = await store.reviewQueue({ ...query, limit: 25, cursor });
        (page === 0 ? first : later).push(performance.now() - t);
        items += result.items.length;
        cursor = result.next;
        if (cursor === undefined) break;
      }
    }
    log(
      `${name}: first page p50 ${percentile(first, 50).toFixed(1)} ms, later p95 ${later.length > 0 ? percentile(later, 95).toFixed(1) : '–'} ms`,
    );
    runs.push({ name, first, later, items });
  }
  return runs;
}

function table(runs: readonly QueueRun[]): string[] {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const lines = [
    '| query | pages read | first page p50 / p95 | later pages p50 / p95 | all pages p95 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of runs) {
    const all = [...r.first, ...r.later];
    const later = r.later.length > 0 ? `${f(percentile(r.later, 50))} / ${f(percentile(r.later, 95))} ms` : '–';
    lines.push(
      `| ${r.name} | ${all.length} | ${f(percentile(r.first, 50))} / ${f(percentile(r.first, 95))} ms | ${later} | ${f(percentile(all, 95))} ms | ${f(Math.max(...all))} ms |`,
    );
  }
  const every = runs.flatMap((r) => [...r.first, ...r.later]);
  lines.push(`| **every page** | ${every.length} | | | **${f(percentile(every, 95))} ms** | ${f(Math.max(...every))} ms |`);
  return lines;
}

const ANSWER = 'To reset your password, open Settings → Account, choose "Reset password" and follow the link we email you.';

/** The records of interaction n (the same mix as the SQL fill). */
function recordsOf(n: number): StoreRecord[] {
  const ms = Date.UTC(2026, 0, 1) + n * 2000;
  const id = `i-${n}`;
  const records: StoreRecord[] = [
    {
      kind: 'interaction',
      id,
      at: new Date(ms).toISOString(),
      query: `how do I reset my password ${n}`,
      locale: 'en',
      conversationId: `c-${Math.floor(n / 3)}`,
      sourceIds: ['reset-password#steps', 'account#security'],
      topScore: ((n * 7919) % 1000) / 1000,
      mode: n % 20 === 0 ? 'refusal' : 'extractive',
      answer: ANSWER,
      citations: ['reset-password#steps'],
      latency: { firstEventMs: 14, totalMs: 380 },
      ...(n % 50 === 7 ? { flags: ['uncited'] } : {}),
    },
  ];
  const later = new Date(ms + 60_000).toISOString();
  if (n % 3 === 0) records.push({ kind: 'feedback', interactionId: id, at: later, helpful: n % 9 !== 0 });
  if (n % 40 === 1) records.push({ kind: 'escalation', interactionId: id, at: later, id: `e-${n}`, stage: 'filed', delivered: false });
  if (n % 100 === 3) {
    records.push({
      kind: 'review',
      interactionId: id,
      at: later,
      id: `r-${n}`,
      reviewer: 'ana',
      resolved: true,
      verdict: 'correct',
      scores: { accuracy: 5 },
    });
  }
  return records;
}

/** The same mix in SQL, for interactions `from` to `to` (inclusive). */
function fillSql(from: number, to: number): string {
  const iso = (expr: string) => `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `
    WITH s AS (
      SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '2 seconds' AS ts FROM generate_series(${from}::bigint, ${to}::bigint) g
    ), rows AS (
      SELECT g, 0 AS o, 'interaction' AS kind, ts AS at, 'c-' || (g / 3) AS conversation_id,
        jsonb_build_object('kind', 'interaction', 'id', 'i-' || g, 'at', ${iso('ts')},
          'query', 'how do I reset my password ' || g, 'locale', 'en', 'conversationId', 'c-' || (g / 3),
          'sourceIds', '["reset-password#steps", "account#security"]'::jsonb, 'topScore', ((g * 7919) % 1000) / 1000.0,
          'mode', CASE WHEN g % 20 = 0 THEN 'refusal' ELSE 'extractive' END, 'answer', ${pgString(ANSWER)},
          'citations', '["reset-password#steps"]'::jsonb, 'latency', '{"firstEventMs": 14, "totalMs": 380}'::jsonb)
          || CASE WHEN g % 50 = 7 THEN '{"flags": ["uncited"]}'::jsonb ELSE '{}'::jsonb END AS record
      FROM s
      UNION ALL
      SELECT g, 1, 'feedback', ts + interval '1 minute', NULL,
        jsonb_build_object('kind', 'feedback', 'interactionId', 'i-' || g, 'at', ${iso("ts + interval '1 minute'")}, 'helpful', g % 9 <> 0)
      FROM s WHERE g % 3 = 0
      UNION ALL
      SELECT g, 2, 'escalation', ts + interval '1 minute', NULL,
        jsonb_build_object('kind', 'escalation', 'interactionId', 'i-' || g, 'at', ${iso("ts + interval '1 minute'")},
          'id', 'e-' || g, 'stage', 'filed', 'delivered', false)
      FROM s WHERE g % 40 = 1
      UNION ALL
      SELECT g, 3, 'review', ts + interval '1 minute', NULL,
        jsonb_build_object('kind', 'review', 'interactionId', 'i-' || g, 'at', ${iso("ts + interval '1 minute'")},
          'id', 'r-' || g, 'reviewer', 'ana', 'resolved', true, 'verdict', 'correct', 'scores', '{"accuracy": 5}'::jsonb)
      FROM s WHERE g % 100 = 3
    )
    INSERT INTO kotae_interactions (kind, interaction_id, at, conversation_id, record)
    SELECT kind, 'i-' || g, at, conversation_id, record FROM rows ORDER BY g, o`;
}

function pgString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const out: string[] = [];
let pgServer: PostgresServer | undefined;
try {
  if (pgCount > 0) {
    log('starting PostgreSQL');
    pgServer = await startPostgres();
    const url = await pgServer.createDatabase('kotae_queue_bench');
    const db = new URL(url).pathname.slice(1);
    const store = await PostgresInteractionStore.open(url);
    const migrations = await pgServer.query<{ version: number; name: string }>(
      db,
      'SELECT version, name FROM kotae_migrations ORDER BY version',
    );
    const fillStart = performance.now();
    for (let from = 1; from <= pgCount; from += 100_000) {
      const to = Math.min(pgCount, from + 99_999);
      await pgServer.query(db, fillSql(from, to));
      log(`inserted interactions ${from}–${to}`);
    }
    await pgServer.query(db, 'ANALYZE kotae_interactions');
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const rows = await pgServer.query<{ n: string; bytes: string }>(
      db,
      "SELECT count(*) AS n, pg_total_relation_size('kotae_interactions') AS bytes FROM kotae_interactions",
    );
    log('warming up');
    await measure(store, 2, 1);
    log(`measuring ${pages} pages of each query, 3 rounds`);
    const runs = await measure(store, pages, 3);
    await store.close();
    out.push(
      `### PostgreSQL: ${pgCount.toLocaleString('en-US')} interactions`,
      '',
      `${Number(rows[0]!.n).toLocaleString('en-US')} rows (${(Number(rows[0]!.bytes) / 1e6).toFixed(0)} MB with indexes), filled in ${fillSeconds.toFixed(0)} s; schema version ${migrations.at(-1)?.version} (${migrations.at(-1)?.name}); PostgreSQL on loopback, shared_buffers 16 MB; 25 interactions a page.`,
      '',
      ...table(runs),
      '',
    );
  }
  if (jsonlCount > 0) {
    const dir = await mkdtemp(join(tmpdir(), 'kotae-queue-bench-'));
    try {
      log(`appending ${jsonlCount} interactions to a JSONL store`);
      const writer = await JsonlInteractionStore.open(dir);
      let next = 0;
      let records = 0;
      const fillStart = performance.now();
      await Promise.all(
        Array.from({ length: 200 }, async () => {
          while (next < jsonlCount) {
            for (const record of recordsOf(++next)) {
              records++;
              await writer.append(record);
            }
          }
        }),
      );
      await writer.close();
      const fillSeconds = (performance.now() - fillStart) / 1000;
      const store = await JsonlInteractionStore.open(dir);
      log(`measuring ${jsonlPages} pages of each query, 1 round`);
      const runs = await measure(store, jsonlPages, 1);
      await store.close();
      out.push(
        `### JSONL: ${jsonlCount.toLocaleString('en-US')} interactions`,
        '',
        `${records.toLocaleString('en-US')} records, appended in ${fillSeconds.toFixed(0)} s; store files in ${tmpdir()}; 25 interactions a page.`,
        '',
        ...table(runs),
        '',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  await pgServer?.stop();
}
const machine = machineInfo(startLoad);
process.stdout.write(`Machine: ${machineLine(machine)}\n\nCode: ${codeLine(codeVersion(repo))}\n\n${out.join('\n')}`);
log('done');
