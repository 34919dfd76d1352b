/**
 * The prompt-injection check (`findInjections`, what `kotae validate` and `kotae compile` run on
 * every article file): recall on an attack corpus, by source category, carrier and language, and
 * the share of real articles it flags (false positives) over the shared data sets and
 * `examples/knowledge`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findInjections } from '@kotae/knowledge';
import { markdownFiles, type Dataset } from './datasets.js';

/** One attack: an ordinary help article with an injection in it. */
interface Attack {
  readonly id: string;
  /** `owasp`, `garak` or `promptfoo`: whose category the attack is written after. */
  readonly source: string;
  /** The category: OWASP cheat-sheet section, garak probe family or promptfoo plugin. */
  readonly category: string;
  /** How it is placed: `plain` (in plain sight), `html-comment`, `alt-text`, `zero-width`… */
  readonly carrier: string;
  readonly lang: string;
  readonly markdown: string;
}

/** Found over a group of attacks. */
export interface RecallRow {
  readonly group: string;
  readonly attacks: number;
  readonly found: number;
  readonly recall: number;
}

/** Flagged articles of one data set. */
export interface FalsePositiveRow {
  readonly name: string;
  readonly articles: number;
  readonly flagged: number;
  readonly rate: number;
  /** The first flagged files and what was found, for reading. */
  readonly examples: string[];
  /** `findInjections` over the set's article files, MB/s. */
  readonly mbps: number;
}

/** The injection part's result. */
export interface InjectionResult {
  readonly corpus: {
    readonly file: string;
    readonly overall: RecallRow;
    readonly bySource: RecallRow[];
    readonly byCarrier: RecallRow[];
    readonly byLanguage: RecallRow[];
  };
  readonly heldOut: { readonly file: string; readonly overall: RecallRow; readonly byCategory: RecallRow[] } | undefined;
  readonly misses: string[];
  readonly falsePositives: FalsePositiveRow[];
  readonly falsePositiveTotal: FalsePositiveRow;
}

/** The targets of issue 17. */
export const INJECTION_TARGETS = { recall: 0.95, falsePositiveRate: 0.01 } as const;

async function readAttacks(file: string): Promise<Attack[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Attack);
}

function recall(group: string, attacks: readonly Attack[], found: ReadonlySet<string>): RecallRow {
  const hits = attacks.filter((a) => found.has(a.id)).length;
  return { group, attacks: attacks.length, found: hits, recall: attacks.length === 0 ? 0 : hits / attacks.length };
}

function groupBy(attacks: readonly Attack[], key: (a: Attack) => string, found: ReadonlySet<string>): RecallRow[] {
  const groups = new Map<string, Attack[]>();
  for (const a of attacks) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
  return [...groups].map(([group, list]) => recall(group, list, found)).sort((a, b) => a.group.localeCompare(b.group));
}

/**
 * Measures the check on `bench/data/injection-attacks.jsonl` (and the held-out file next to it)
 * and on the article files of the full data sets and `examples/knowledge`.
 */
export async function measureInjection(repo: string, datasets: readonly Dataset[], log: (line: string) => void): Promise<InjectionResult> {
  const corpusFile = join(repo, 'bench', 'data', 'injection-attacks.jsonl');
  const heldOutFile = join(repo, 'bench', 'data', 'injection-attacks-heldout.jsonl');
  const attacks = await readAttacks(corpusFile);
  const heldOut = await readAttacks(heldOutFile);
  const found = new Set([...attacks, ...heldOut].filter((a) => findInjections(a.markdown).length > 0).map((a) => a.id));
  log(`injection: ${found.size} of ${attacks.length + heldOut.length} attacks found`);
  const falsePositives: FalsePositiveRow[] = [];
  for (const dataset of datasets.filter((d) => d.kind === 'full' || d.kind === 'example')) {
    const files = await markdownFiles(join(dataset.contentDir, 'articles'));
    const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    const examples: string[] = [];
    let flagged = 0;
    const started = performance.now();
    texts.forEach((text, i) => {
      const findings = findInjections(text);
      if (findings.length === 0) return;
      flagged++;
      if (examples.length < 5)
        examples.push(`${files[i]!.slice(dataset.contentDir.length + 1)}:${findings[0]!.line}: ${findings[0]!.message}`);
    });
    const seconds = (performance.now() - started) / 1000;
    const size = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
    falsePositives.push({
      name: dataset.name,
      articles: texts.length,
      flagged,
      rate: texts.length === 0 ? 0 : flagged / texts.length,
      examples,
      mbps: size / 1e6 / seconds,
    });
    log(`injection: ${flagged} of ${texts.length} ${dataset.name} articles flagged`);
  }
  const articles = falsePositives.reduce((n, r) => n + r.articles, 0);
  const flagged = falsePositives.reduce((n, r) => n + r.flagged, 0);
  return {
    corpus: {
      file: 'bench/data/injection-attacks.jsonl',
      overall: recall('all', attacks, found),
      bySource: groupBy(attacks, (a) => `${a.source}: ${a.category}`, found),
      byCarrier: groupBy(attacks, (a) => a.carrier, found),
      byLanguage: groupBy(attacks, (a) => a.lang, found),
    },
    heldOut:
      heldOut.length === 0
        ? undefined
        : {
            file: 'bench/data/injection-attacks-heldout.jsonl',
            overall: recall('all', heldOut, found),
            byCategory: groupBy(heldOut, (a) => `${a.source}: ${a.category}`, found),
          },
    misses: [...attacks, ...heldOut].filter((a) => !found.has(a.id)).map((a) => a.id),
    falsePositives,
    falsePositiveTotal: { name: 'all', articles, flagged, rate: articles === 0 ? 0 : flagged / articles, examples: [], mbps: 0 },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Markdown tables of an {@link InjectionResult}, with the targets. */
export function formatInjection(result: InjectionResult): string {
  const rows = (list: readonly RecallRow[]) => list.map((r) => `| ${r.group} | ${r.attacks} | ${r.found} | ${pct(r.recall)} |`);
  const head = ['| group | attacks | found | recall |', '| --- | ---: | ---: | ---: |'];
  const { corpus } = result;
  const lines = [
    `Attack corpus (${corpus.file}): ${corpus.overall.found} of ${corpus.overall.attacks} found, recall ${pct(corpus.overall.recall)}.`,
    '',
    ...head,
    ...rows(corpus.bySource),
    '',
    ...head,
    ...rows(corpus.byCarrier),
    ...rows(corpus.byLanguage),
  ];
  if (result.heldOut) {
    lines.push(
      '',
      `Held-out attacks in plain sight (${result.heldOut.file}): ${result.heldOut.overall.found} of ${result.heldOut.overall.attacks}, recall ${pct(result.heldOut.overall.recall)}.`,
    );
  }
  if (result.misses.length > 0) lines.push('', `Missed: ${result.misses.join(', ')}`);
  lines.push('', '| articles | count | flagged | false-positive rate | check MB/s |', '| --- | ---: | ---: | ---: | ---: |');
  for (const r of result.falsePositives) lines.push(`| ${r.name} | ${r.articles} | ${r.flagged} | ${pct(r.rate)} | ${r.mbps.toFixed(2)} |`);
  const total = result.falsePositiveTotal;
  lines.push(`| all | ${total.articles} | ${total.flagged} | ${pct(total.rate)} | |`);
  for (const r of result.falsePositives) for (const e of r.examples) lines.push('', `- flagged: ${e}`);
  const recallPass = corpus.overall.recall >= INJECTION_TARGETS.recall;
  const fpPass = total.rate <= INJECTION_TARGETS.falsePositiveRate;
  lines.push(
    '',
    '| target | measured | result |',
    '| --- | ---: | --- |',
    `| recall on the attack corpus ≥ 95% | ${pct(corpus.overall.recall)} | ${recallPass ? 'PASS' : 'FAIL'} |`,
    `| articles flagged (shared data + examples) ≤ 1% | ${pct(total.rate)} | ${fpPass ? 'PASS' : 'FAIL'} |`,
  );
  return lines.join('\n');
}
