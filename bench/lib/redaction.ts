/**
 * Redaction throughput: `redact()` over real support text (message by message, article by
 * article), and the two content checks `kotae compile` runs on every article file (the PII gate's
 * `findGatedPii` and `findHiddenInstructions`), in MB of UTF-8 per second.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findGatedPii, findHiddenInstructions, redact } from '@kotae/knowledge';
import { markdownFiles, type Dataset } from './datasets.js';
import { bytes } from './report.js';
import { collectGarbage, median, rng, round3 } from './stats.js';

/** The check digit of a 12-digit My Number from its first 11 digits (the published algorithm). */
function myNumberCheckDigit(first11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += (first11.charCodeAt(11 - n) - 48) * (n <= 6 ? n + 1 : n - 5);
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** Timed passes per text (the median is reported); each pass covers at least `minBytes`. */
export const REDACTION_RUNS = { passes: 5, minBytes: 2_000_000 } as const;

/** Throughput of one kind of text. */
export interface RedactionResult {
  readonly name: string;
  readonly locale: string;
  /** `message` (one `redact` call per chat message or line) or `article` (per article file). */
  readonly unit: 'message' | 'article';
  readonly units: number;
  /** UTF-8 bytes of the text. */
  readonly bytes: number;
  /** Values `redact` replaced in one pass over the text. */
  readonly found: number;
  /** `redact(unit)`, MB/s (10⁶ bytes), median of the passes. */
  readonly redactMBps: number;
  /** For article files: `findGatedPii(file)`, MB/s. */
  readonly gateMBps?: number;
  /** For article files: `findHiddenInstructions(file)`, MB/s. */
  readonly hiddenMBps?: number;
}

interface Corpus {
  readonly name: string;
  readonly locale: string;
  readonly unit: 'message' | 'article';
  readonly texts: string[];
}

const NOT_ARTICLES = /(?:^|[/\\])(?:readme|license|notice|changelog)\.md$/i;

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/**
 * Chat messages and tickets full of personal data, as the service and `kotae redact` see them:
 * about one value in three messages, in English and Japanese, from a seeded PRNG.
 */
function piiDenseMessages(count: number): string[] {
  const random = rng(20261124);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const myNumber = () => {
    const body = digits(11);
    return `${body}${myNumberCheckDigit(body)}`;
  };
  const values = [
    () => `090-${digits(4)}-${digits(4)}`,
    () => `０３ー${digits(4)}ー${digits(4)}`,
    () => `+1 (415) ${digits(3)}-${digits(4)}`,
    () => `taro.${digits(3)}@mail${digits(2)}.co.jp`,
    () => `4111 1111 1111 1111`,
    () => myNumber(),
    () => `〒${digits(3)}-${digits(4)} 東京都千代田区千代田${1 + Math.floor(random() * 9)}-${1 + Math.floor(random() * 9)}-1`,
    () => `https://app.acme.jp/reset?token=${digits(12)}`,
  ];
  const plain = [
    'Hi, my order has not arrived yet and the tracking page shows nothing since Monday.',
    'ご注文の商品がまだ届きません。追跡番号を確認しても更新がありません。',
    'I was charged twice for the same subscription this month, can you refund one?',
    'ログインできなくなりました。パスワードを再設定するメールが届きません。',
    'Thanks, that solved it. Have a nice day!',
  ];
  return Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `${pick(plain)} ${pick(values)()} ${pick(plain)}` : pick(plain)));
}

/**
 * The texts to redact: each data set's article files, the ABCD support chats (message by
 * message) and the Banking77 customer messages when `dataDir` has them, and synthetic messages
 * dense with personal data.
 */
async function corpora(datasets: readonly Dataset[], dataDir: string): Promise<Corpus[]> {
  const out: Corpus[] = [];
  for (const dataset of datasets) {
    // The files `kotae compile` reads: README, NOTICE and the like are not articles.
    const files = (await markdownFiles(dataset.contentDir)).filter((f) => !NOT_ARTICLES.test(f));
    const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    const locales = new Set(texts.map((t) => /^locale:\s*([\w-]+)/m.exec(t)?.[1] ?? dataset.defaultLocale));
    out.push({ name: dataset.name, locale: [...locales].sort().join(', '), unit: 'article', texts });
  }
  const chats = join(dataDir, 'abcd', 'conversations');
  if (await exists(chats)) {
    const messages: string[] = [];
    for (const file of (await readdir(chats)).filter((f) => f.endsWith('.jsonl')).sort()) {
      for (const line of (await readFile(join(chats, file), 'utf8')).split('\n')) {
        if (line.trim() === '') continue;
        const conversation = JSON.parse(line) as { messages?: { text?: string }[] };
        for (const m of conversation.messages ?? []) if (typeof m.text === 'string') messages.push(m.text);
      }
    }
    out.push({ name: 'abcd chats', locale: 'en', unit: 'message', texts: messages });
  }
  const banking = join(dataDir, 'banking77', 'train.jsonl');
  if (await exists(banking)) {
    const lines = (await readFile(banking, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    out.push({ name: 'banking77', locale: 'en', unit: 'message', texts: lines.map((l) => (JSON.parse(l) as { text: string }).text) });
  }
  out.push({ name: 'pii-dense (synthetic)', locale: 'en, ja', unit: 'message', texts: piiDenseMessages(20_000) });
  return out;
}

/** MB/s of `fn` over `texts`: each timed pass repeats the texts until it has covered `minBytes`. */
async function throughput(texts: readonly string[], size: number, fn: (text: string) => unknown): Promise<number> {
  const rounds = Math.max(1, Math.ceil(REDACTION_RUNS.minBytes / Math.max(1, size)));
  for (const text of texts) fn(text); // warm-up
  const rates: number[] = [];
  for (let pass = 0; pass < REDACTION_RUNS.passes; pass++) {
    await collectGarbage();
    const start = performance.now();
    for (let r = 0; r < rounds; r++) for (const text of texts) fn(text);
    const seconds = (performance.now() - start) / 1000;
    rates.push((size * rounds) / 1e6 / seconds);
  }
  return round3(median(rates));
}

/** Measures redaction (and, on article files, the compile-time content checks) on every corpus. */
export async function measureRedaction(
  datasets: readonly Dataset[],
  dataDir: string,
  log: (line: string) => void,
): Promise<RedactionResult[]> {
  const results: RedactionResult[] = [];
  for (const corpus of await corpora(datasets, dataDir)) {
    const size = corpus.texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    log(`redaction: ${corpus.name} (${corpus.texts.length} ${corpus.unit}s, ${bytes(size)})`);
    const found = corpus.texts.reduce((n, t) => n + redact(t).found.length, 0);
    const result: RedactionResult = {
      name: corpus.name,
      locale: corpus.locale,
      unit: corpus.unit,
      units: corpus.texts.length,
      bytes: size,
      found,
      redactMBps: await throughput(corpus.texts, size, (t) => redact(t)),
    };
    results.push(
      corpus.unit === 'article'
        ? {
            ...result,
            gateMBps: await throughput(corpus.texts, size, (t) => findGatedPii(t)),
            hiddenMBps: await throughput(corpus.texts, size, (t) => findHiddenInstructions(t)),
          }
        : result,
    );
  }
  return results;
}

function rate(x: number | undefined): string {
  return x === undefined ? '–' : x.toFixed(x >= 10 ? 1 : 2);
}

/** The redaction table, markdown. */
export function formatRedaction(results: readonly RedactionResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.locale,
    `${r.units.toLocaleString('en-US')} ${r.unit}s`,
    bytes(r.bytes),
    r.found.toLocaleString('en-US'),
    rate(r.redactMBps),
    rate(r.gateMBps),
    rate(r.hiddenMBps),
  ]);
  const head = ['text', 'locale', 'units', 'size', 'values redacted', 'redact MB/s', 'PII gate MB/s', 'hidden-text MB/s'];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']), ...rows.map(line)].join('\n');
}
