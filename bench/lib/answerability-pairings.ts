import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSearchIndex, parseArticle, type SearchIndex, type Section } from '@kotae/knowledge';
import { markdownFiles } from './datasets.js';

/** A question of a pairing, and whether the knowledge answers it. */
export interface PairingQuestion {
  readonly query: string;
  readonly locale: string;
  readonly answerable: boolean;
  /** Where it came from (`stackfaq rephrasing`, `banking77`, …), for the report. */
  readonly source: string;
}

/**
 * A dev pairing for out-of-scope detection: a knowledge base from one data set, its own questions
 * as answerable, and support-like questions about another product (or general knowledge) as
 * must-refuse. Each side is split into a calibration half and a test half by a hash of the
 * question, so every run splits the same way.
 */
export interface Pairing {
  readonly name: string;
  readonly language: 'en' | 'ja';
  readonly index: SearchIndex;
  readonly calibration: PairingQuestion[];
  readonly test: PairingQuestion[];
  /** What the pairing is made of, for the report. */
  readonly notes: string;
}

interface Jsonl {
  readonly [key: string]: unknown;
}

async function jsonl(file: string): Promise<Jsonl[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Jsonl);
}

async function sectionsOf(dir: string, locale: string): Promise<Section[]> {
  const sections: Section[] = [];
  for (const file of await markdownFiles(dir)) {
    if (!file.endsWith('.md') || /\/(LICENSE|NOTICE|README)\.md$/i.test(file)) continue;
    const parsed = parseArticle(await readFile(file, 'utf8'), file, { defaultLocale: locale });
    sections.push(...parsed.sections);
  }
  return sections;
}

/** A stable hash of a string (FNV-1a), for splitting and sampling without randomness. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** At most `n` items, chosen by hash (the same every run). */
function sample<T>(items: readonly T[], n: number, key: (t: T) => string): T[] {
  return [...items].sort((a, b) => hash(key(a)) - hash(key(b))).slice(0, n);
}

/** Halves of each class (answerable, out of scope): ordered by hash, then alternately one to each half, so that even a class of 12 splits 6 / 6. */
function split(questions: readonly PairingQuestion[]): { calibration: PairingQuestion[]; test: PairingQuestion[] } {
  const calibration: PairingQuestion[] = [];
  const test: PairingQuestion[] = [];
  for (const answerable of [true, false]) {
    const ordered = questions
      .filter((q) => q.answerable === answerable)
      .sort((a, b) => hash(`split:${a.query}`) - hash(`split:${b.query}`));
    ordered.forEach((q, i) => (i % 2 === 0 ? calibration : test).push(q));
  }
  return { calibration, test };
}

/** The first customer turn of an ABCD chat that says something (not a greeting or a name). */
function firstCustomerTurn(messages: readonly { role: string; text: string }[]): string | undefined {
  for (const m of messages) {
    if (m.role !== 'customer') continue;
    if (m.text.split(/\s+/).length >= 4) return m.text;
  }
  return undefined;
}

/**
 * Builds the dev pairings from `dataDir` (`../shared/data`) and the example knowledge under
 * `repo`. Pairings whose data is missing are left out.
 *
 * - `stackfaq ← banking77 + abcd`: StackFAQ's threads as knowledge, its rephrasings answerable,
 *   Banking77 messages and ABCD customers' first turns out of scope.
 * - `abcd ← stackfaq + banking77`: ABCD's guidelines as knowledge; answerable are ABCD customers'
 *   first turns whose chat's topic names a guideline (ABCD labels every chat with its flow and
 *   subflow, which is a guideline's id); StackFAQ rephrasings and Banking77 messages out of scope.
 * - `examples ja ← jsquad`: the Japanese example articles as knowledge, their eval questions
 *   answerable, JSQuAD's general-knowledge questions out of scope.
 * - `jsquad ← examples ja`: JSQuAD's paragraphs as knowledge, its questions answerable, the
 *   Japanese example eval questions (support questions about a shop) out of scope.
 */
export async function buildPairings(dataDir: string, repo: string): Promise<Pairing[]> {
  const stackfaqCases = (await jsonl(join(dataDir, 'stackfaq', 'dev-cases.jsonl'))).map((c) => String(c.query));
  const banking = (await jsonl(join(dataDir, 'banking77', 'train.jsonl'))).map((c) => String(c.text));
  const jsquadCases = (await jsonl(join(dataDir, 'jsquad', 'dev-cases.jsonl'))).map((c) => String(c.query));
  const abcdChats: { topic: string; turn: string }[] = [];
  for (const file of ['conversations'].map((d) => join(dataDir, 'abcd', d))) {
    const { readdir } = await import('node:fs/promises');
    for (const name of (await readdir(file)).filter((f) => f.endsWith('.jsonl')).sort()) {
      for (const chat of await jsonl(join(file, name))) {
        const turn = firstCustomerTurn(chat.messages as { role: string; text: string }[]);
        if (turn) abcdChats.push({ topic: String(chat.topic), turn });
      }
    }
  }
  const exampleCases = (await jsonl(join(repo, 'examples', 'knowledge', 'evals', 'cases.jsonl'))).filter(
    (c) => c.refuse !== true && Array.isArray(c.relevant) && c.relevant.length > 0,
  );
  const exampleJa = exampleCases.filter((c) => String(c.locale).startsWith('ja')).map((c) => String(c.query));

  const q = (query: string, locale: string, answerable: boolean, source: string): PairingQuestion => ({
    query,
    locale,
    answerable,
    source,
  });
  const pairings: Pairing[] = [];
  const add = (name: string, language: 'en' | 'ja', index: SearchIndex, questions: PairingQuestion[], notes: string) =>
    pairings.push({ name, language, index, ...split(questions), notes });

  const stackfaq = buildSearchIndex(await sectionsOf(join(dataDir, 'stackfaq', 'articles'), 'en'));
  add(
    'stackfaq ← banking77 + abcd',
    'en',
    stackfaq,
    [
      ...stackfaqCases.map((t) => q(t, 'en', true, 'stackfaq rephrasing')),
      ...sample(banking, 800, (t) => t).map((t) => q(t, 'en', false, 'banking77')),
      ...abcdChats.map((c) => q(c.turn, 'en', false, 'abcd customer')),
    ],
    'StackFAQ threads; its rephrasings answerable; 800 Banking77 messages and ABCD first customer turns out of scope',
  );

  const abcdSections = await sectionsOf(join(dataDir, 'abcd', 'articles'), 'en');
  const abcdIds = new Set(abcdSections.map((s) => s.articleId));
  const abcd = buildSearchIndex(abcdSections);
  const mapped = abcdChats.filter((c) => abcdIds.has(`abcd-${c.topic.replace('/', '-')}`));
  add(
    'abcd ← stackfaq + banking77',
    'en',
    abcd,
    [
      ...mapped.map((c) => q(c.turn, 'en', true, 'abcd customer')),
      ...sample(stackfaqCases, 300, (t) => t).map((t) => q(t, 'en', false, 'stackfaq rephrasing')),
      ...sample(banking, 300, (t) => `b:${t}`).map((t) => q(t, 'en', false, 'banking77')),
    ],
    `ABCD guidelines; ${mapped.length} ABCD first customer turns whose chat topic is a guideline answerable; StackFAQ and Banking77 out of scope`,
  );

  const exampleSections = (await sectionsOf(join(repo, 'examples', 'knowledge', 'articles'), 'en')).filter((s) =>
    s.locale.startsWith('ja'),
  );
  const examples = buildSearchIndex(exampleSections);
  add(
    'examples ja ← jsquad',
    'ja',
    examples,
    [
      ...exampleJa.map((t) => q(t, 'ja', true, 'example eval')),
      ...sample(jsquadCases, 400, (t) => t).map((t) => q(t, 'ja', false, 'jsquad')),
    ],
    `the ${exampleSections.length} sections of the Japanese example articles; their ${exampleJa.length} eval questions answerable; 400 JSQuAD questions out of scope`,
  );

  const jsquad = buildSearchIndex(await sectionsOf(join(dataDir, 'jsquad', 'articles'), 'ja'));
  add(
    'jsquad ← examples ja',
    'ja',
    jsquad,
    [...jsquadCases.map((t) => q(t, 'ja', true, 'jsquad')), ...exampleJa.map((t) => q(t, 'ja', false, 'example eval'))],
    `JSQuAD paragraphs; its questions answerable; the ${exampleJa.length} Japanese example eval questions (shop support) out of scope`,
  );
  return pairings;
}
