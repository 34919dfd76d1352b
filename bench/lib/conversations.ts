/**
 * Part 3 of the bench (`--only conversations`): conversation ingest. The compile of generated CSV
 * exports of 200 MB (and smaller) in a child process — peak RSS and throughput — and whether
 * precedents, merged with article results at their weight, push the right article down on the
 * ABCD chats. (Redaction throughput is measured with the quality part: `lib/redaction.ts`.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  makePrecedent,
  mergeWithPrecedents,
  PRECEDENT_WEIGHT,
  PrecedentIndex,
  type Conversation,
  type SearchResult,
} from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { bytes, ms } from './report.js';
import { rng } from './stats.js';

/** The export sizes compiled by default, in MB (10⁶ bytes). */
export const EXPORT_SIZES_MB = [50, 200];

/** Peak RSS and time of one compile in a child process. */
export interface ChildCompile {
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly cpuMs: number;
  readonly articles: number;
  readonly warnings: number;
  readonly conversations: {
    readonly files: number;
    readonly inputBytes: number;
    readonly read: number;
    readonly precedents: number;
    readonly dropped: number;
    readonly badLines: number;
    readonly bytes: number;
    readonly skipped: Record<string, number>;
  };
}

/** One generated export and its compile. */
export interface ExportRun {
  readonly targetMB: number;
  readonly bytes: number;
  readonly rows: number;
  readonly conversations: number;
  readonly generateMs: number;
  readonly compile: ChildCompile;
  /** Input bytes per second of compile wall time, in MB/s. */
  readonly mbPerSecond: number;
}

/** What part 3 measured. */
export interface ConversationsResult {
  readonly source: string;
  /** The same content without conversations, compiled the same way: the base the exports add to. */
  readonly baseline: ChildCompile;
  readonly exports: ExportRun[];
  readonly weighting: WeightingResult | undefined;
}

/** Article retrieval on ABCD chats with and without precedents merged in. */
export interface WeightingResult {
  /** Chats whose topic has an ABCD article (the query is the chat's problem statement). */
  readonly cases: number;
  readonly weight: number;
  /** MRR@10 of the topic's article in article results alone. */
  readonly articleMrr: number;
  /** MRR@10 of the topic's article once up to 2 precedents (not the chat's own) are merged in. */
  readonly mergedMrr: number;
  /** Share of cases where a precedent ranks first in the merged list. */
  readonly precedentFirst: number;
  /** The same at weight 1 (no down-weighting), to show what the weight does. */
  readonly unweighted: { readonly mergedMrr: number; readonly precedentFirst: number };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs part 3. `sizesMB` are the export sizes to generate and compile. */
export async function measureConversations(
  dataDir: string,
  tmp: string,
  sizesMB: readonly number[],
  log: (line: string) => void,
): Promise<ConversationsResult | undefined> {
  const shared = join(dataDir, 'abcd');
  const fixture = join(repoRoot, 'test', 'fixtures', 'abcd');
  const base = (await isFile(join(shared, 'conversations', 'abcd-sample.jsonl'))) ? shared : fixture;
  if (!(await isFile(join(base, 'conversations', 'abcd-sample.jsonl')))) {
    log('notice: no ABCD conversations found: skipping the conversations part');
    return undefined;
  }
  const chats = (await readFile(join(base, 'conversations', 'abcd-sample.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Conversation);

  const content = join(tmp, 'conversations', 'content');
  await mkdir(join(content, 'conversations'), { recursive: true });
  await cp(join(base, 'articles'), join(content, 'articles'), { recursive: true });
  await writeFile(join(content, 'kotae.config.json'), `${JSON.stringify({ id: 'abcd', defaultLocale: 'en' })}\n`);

  log('conversations: weighting on the ABCD chats');
  const weighting = await measureWeighting(content, chats, tmp);

  log('conversations: baseline compile (articles only) in a child process');
  const baseline = await compileInChild(content, join(tmp, 'conversations', 'out-base'), undefined);
  const exports: ExportRun[] = [];
  for (const mb of sizesMB) {
    const file = join(content, 'conversations', 'export.csv');
    log(`conversations: generating a ${mb} MB CSV export`);
    const started = performance.now();
    const generated = await generateExport(file, chats, mb * 1e6);
    const generateMs = performance.now() - started;
    log(`conversations: compiling it (${generated.conversations.toLocaleString('en-US')} conversations) in a child process`);
    const out = join(tmp, 'conversations', `out-${mb}`);
    const compile = await compileInChild(content, out, join(tmp, 'conversations', `internal-${mb}`));
    exports.push({ targetMB: mb, ...generated, generateMs, compile, mbPerSecond: generated.bytes / 1e6 / (compile.ms / 1000) });
    await rm(file, { force: true });
    await rm(join(tmp, 'conversations', `internal-${mb}`), { recursive: true, force: true });
  }
  return { source: base === shared ? shared : 'test/fixtures/abcd', baseline, exports, weighting };
}

/** The ABCD article of a chat's topic (`product_defect/return_size` → `abcd-product_defect-return_size`). */
function articleOf(topic: string | undefined): string | undefined {
  return topic ? `abcd-${topic.replace('/', '-')}` : undefined;
}

async function measureWeighting(content: string, chats: readonly Conversation[], tmp: string): Promise<WeightingResult | undefined> {
  const { index } = await compileContent(content, { out: join(tmp, 'conversations', 'out-weighting') });
  const articleIds = new Set(index.sections().map((s) => s.articleId));
  const made = chats.map((c) => ({ chat: c, precedent: makePrecedent(c).precedent }));
  const precedents = PrecedentIndex.fromPrecedents(made.flatMap((m) => (m.precedent ? [m.precedent] : [])));
  const cases = made.filter((m) => m.precedent && articleIds.has(articleOf(m.chat.topic) ?? ''));
  if (cases.length === 0) return undefined;
  const rr = (list: readonly { articleId: string }[], relevant: string) => {
    const i = list.slice(0, 10).findIndex((r) => r.articleId === relevant);
    return i < 0 ? 0 : 1 / (i + 1);
  };
  const run = (weight: number) => {
    let article = 0;
    let merged = 0;
    let first = 0;
    for (const { chat, precedent } of cases) {
      // The chat's problem is the question; its own precedent is left out (it would be a perfect match).
      const query = precedent!.text.split('\n\n')[0]!.replace(/^Customer: /, '');
      const relevant = articleOf(chat.topic)!;
      const articles: SearchResult[] = index.search(query, { locale: 'en', limit: 10 });
      const hits = precedents.search(query, { locale: 'en', limit: 3, weight }).filter((h) => h.id !== precedent!.id);
      const list = mergeWithPrecedents(articles, hits, { limit: 10, maxPrecedents: 2 });
      article += rr(articles, relevant);
      merged += rr(list, relevant);
      if (list[0] && 'problem' in list[0]) first++;
    }
    return { articleMrr: article / cases.length, mergedMrr: merged / cases.length, precedentFirst: first / cases.length };
  };
  const weighted = run(PRECEDENT_WEIGHT);
  const unweighted = run(1);
  return {
    cases: cases.length,
    weight: PRECEDENT_WEIGHT,
    ...weighted,
    unweighted: { mergedMrr: unweighted.mergedMrr, precedentFirst: unweighted.precedentFirst },
  };
}

async function compileInChild(contentDir: string, out: string, internalOut: string | undefined): Promise<ChildCompile> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench', 'lib', 'compile-child.ts'), contentDir, out, internalOut ?? ''],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`compile child exited ${code}: ${stderr.slice(-2000)}`);
  return JSON.parse(stdout) as ChildCompile;
}

const FIRST = [
  'Aiko',
  'Ben',
  'Chloe',
  'Diego',
  'Emma',
  'Farah',
  'Goro',
  'Hana',
  'Ivan',
  'Jun',
  'Kira',
  'Liam',
  'Mei',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Ravi',
  'Sara',
  'Taro',
];
const LAST = [
  'Abe',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fujita',
  'Garcia',
  'Hayashi',
  'Ito',
  'Jones',
  'Kim',
  'Lopez',
  'Mori',
  'Nakamura',
  'Ortiz',
  'Patel',
  'Quint',
  'Rossi',
  'Sato',
  'Tanaka',
];

/**
 * Writes a CSV export of about `target` bytes (`conversation_id,time,role,text,topic,customer_name`),
 * made of the ABCD chats with new ids, names, emails, usernames, phone and order numbers, light
 * typos (so that the vocabulary grows), and rows of a dozen conversations interleaved in time
 * order, as a helpdesk export sorted by time has them. One row in 10,000 has a role no mapping
 * knows (a bad row, reported). Deterministic (seeded).
 */
export async function generateExport(
  file: string,
  chats: readonly Conversation[],
  target: number,
): Promise<{ bytes: number; rows: number; conversations: number }> {
  const random = rng(20261124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const stream = createWriteStream(file);
  let written = 0;
  let buffer = '';
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 20) {
      written += Buffer.byteLength(buffer);
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };
  await write('conversation_id,time,role,text,topic,customer_name\n');
  let time = Date.parse('2025-01-01T00:00:00Z');
  let next = 0;
  let rows = 0;
  const live: { id: string; name: string; topic: string; messages: { role: string; text: string }[]; at: number }[] = [];
  const start = () => {
    const chat = pick(chats);
    const first = pick(FIRST);
    const last = pick(LAST);
    const original = /pulled up for ([A-Z][a-z]+) ([A-Z][a-z]+)/.exec(chat.messages.map((m) => m.text).join('\n'));
    const user = `${first.toLowerCase()}${last[0]!.toLowerCase()}${digits(3)}`;
    const vary = (text: string) => {
      let t = text
        .replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, () => `${user}@example.com`)
        .replace(/\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}/g, () => `(${digits(3)}) ${digits(3)}-${digits(4)}`)
        .replace(/\b\d{10}\b/g, () => digits(10))
        .replace(/\b[a-z]+\d{3}\b/g, user);
      if (original) t = t.replaceAll(original[1]!, first).replaceAll(original[2]!, last);
      // A typo in one word of five letters or more, now and then.
      return t.replace(/\b[a-z]{5,}\b/g, (w) => {
        if (random() >= 0.05) return w;
        const i = 1 + Math.floor(random() * (w.length - 2));
        return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      });
    };
    live.push({
      id: `gen-${(next++).toString(36)}`,
      name: `${first} ${last}`,
      topic: chat.topic ?? '',
      messages: chat.messages.map((m) => ({ role: random() < 1e-4 ? 'visitor' : m.role, text: vary(m.text) })),
      at: 0,
    });
  };
  while (written + buffer.length < target) {
    while (live.length < 12) start();
    const i = Math.floor(random() * live.length);
    const conversation = live[i]!;
    const message = conversation.messages[conversation.at++]!;
    time += 1000 + Math.floor(random() * 20_000);
    await write(
      `${conversation.id},${new Date(time).toISOString()},${message.role},${csvField(message.text)},${conversation.topic},${csvField(conversation.name)}\n`,
    );
    rows++;
    if (conversation.at >= conversation.messages.length) live.splice(i, 1);
  }
  written += Buffer.byteLength(buffer);
  stream.end(buffer);
  await once(stream, 'finish');
  return { bytes: (await stat(file)).size, rows, conversations: next };
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** The markdown tables of part 3. */
export function formatConversations(result: ConversationsResult): string {
  const mib = (x: number) => `${(x / 2 ** 20).toFixed(0)} MiB`;
  const lines = [
    '| export | rows | conversations | precedents kept / made | bad rows | compile | CPU | throughput | peak RSS | internal bundle |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| none (articles only) | – | – | – | – | ${ms(result.baseline.ms)} | ${ms(result.baseline.cpuMs)} | – | ${mib(result.baseline.maxRssBytes)} | – |`,
  ];
  for (const run of result.exports) {
    const c = run.compile.conversations;
    lines.push(
      `| ${bytes(run.bytes)} CSV | ${run.rows.toLocaleString('en-US')} | ${c.read.toLocaleString('en-US')} | ${c.precedents.toLocaleString('en-US')} / ${(c.precedents + c.dropped).toLocaleString('en-US')} | ${c.badLines} | ${ms(run.compile.ms)} | ${ms(run.compile.cpuMs)} | ${run.mbPerSecond.toFixed(1)} MB/s (${(run.bytes / 1e6 / (run.compile.cpuMs / 1000)).toFixed(1)} MB/s of CPU) | ${mib(run.compile.maxRssBytes)} | ${bytes(c.bytes)} |`,
    );
  }
  const w = result.weighting;
  if (w) {
    lines.push(
      '',
      `Precedent weight on the ABCD chats (${w.cases} chats whose topic has an article; the query is the chat's redacted problem, its own precedent left out; up to 2 precedents merged into the top 10):`,
      '',
      '| | article MRR@10 | precedent ranked first |',
      '| --- | ---: | ---: |',
      `| articles only | ${w.articleMrr.toFixed(3)} | – |`,
      `| merged, weight ${w.weight} | ${w.mergedMrr.toFixed(3)} | ${(w.precedentFirst * 100).toFixed(0)}% |`,
      `| merged, weight 1 | ${w.unweighted.mergedMrr.toFixed(3)} | ${(w.unweighted.precedentFirst * 100).toFixed(0)}% |`,
    );
  }
  return lines.join('\n');
}
