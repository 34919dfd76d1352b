import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvalCaseSchema, parseArticle, parseJsonl, type EvalCase, type Section } from '@kotae/knowledge';

/** A content set the bench measures. */
export interface Dataset {
  /** Short name for tables: `jsquad`, `stackfaq (fixture)`, `examples/knowledge`. */
  readonly name: string;
  /** `full`: a set of `../shared/data`; `fixture`: a subset in `test/fixtures`; `example`: an example content repo. */
  readonly kind: 'full' | 'fixture' | 'example';
  /** The base name of the set (`jsquad`), the key of its quality target. */
  readonly key: string;
  /** Where the articles came from. */
  readonly source: string;
  /** A content directory `compileContent` can read (with a `kotae.config.json`). */
  readonly contentDir: string;
  /** Locale of articles without `locale` (the config's `defaultLocale`). */
  readonly defaultLocale: string;
  /** Retrieval eval cases (empty when the set has none). */
  readonly cases: EvalCase[];
  /** The file the cases came from, if any. */
  readonly casesFile?: string | undefined;
}

/** The sets of `../shared/data` the bench uses, and the locale of their articles (which carry none). */
export const SHARED_SETS = [
  { key: 'jsquad', locale: 'ja' },
  { key: 'stackfaq', locale: 'en' },
  { key: 'abcd', locale: 'en' },
] as const;

/** What {@link findDatasets} found, and notices about what it did not. */
export interface FoundDatasets {
  readonly datasets: Dataset[];
  readonly notices: string[];
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function readCases(file: string): Promise<EvalCase[]> {
  return parseJsonl(await readFile(file, 'utf8'), file, EvalCaseSchema);
}

/**
 * Copies a set's `articles/` into a fresh content directory under `tmp` with a `kotae.config.json`
 * (the shared sets have none, and JSQuAD's articles carry no `locale`). Copied, not symlinked:
 * the content loader walks real files and directories only.
 */
async function prepareContent(tmp: string, slug: string, articlesDir: string, locale: string): Promise<string> {
  const dir = join(tmp, 'content', slug);
  await mkdir(dir, { recursive: true });
  await cp(articlesDir, join(dir, 'articles'), { recursive: true });
  // These are public corpora (Wikipedia, StackExchange, ABCD's guidelines) whose example emails
  // (foo@bar.com) and ids are no one's personal data: the PII gate reports them as warnings
  // instead of failing the compile, and still runs, so compile times include it.
  const privacy = { gate: 'warn' };
  await writeFile(join(dir, 'kotae.config.json'), `${JSON.stringify({ id: slug, defaultLocale: locale, privacy })}\n`);
  return dir;
}

/**
 * Finds the data sets: the full sets in `dataDir` when it exists, otherwise the subsets in
 * `test/fixtures` (with a notice); and `examples/knowledge` when present. Prepares a compilable
 * content directory for each under `tmp`.
 */
export async function findDatasets(repo: string, dataDir: string, tmp: string): Promise<FoundDatasets> {
  const datasets: Dataset[] = [];
  const notices: string[] = [];
  const haveData = await isDir(dataDir);
  if (!haveData) notices.push(`${dataDir} not found: skipping the full data sets; using the subsets in test/fixtures`);
  for (const { key, locale } of SHARED_SETS) {
    const base = haveData ? join(dataDir, key) : join(repo, 'test', 'fixtures', key);
    const kind = haveData ? 'full' : 'fixture';
    if (!(await isDir(join(base, 'articles')))) {
      if (haveData) notices.push(`${join(base, 'articles')} not found: skipping ${key}`);
      continue;
    }
    const name = kind === 'full' ? key : `${key} (fixture)`;
    const casesFile = join(base, 'dev-cases.jsonl');
    const hasCases = await isFile(casesFile);
    if (!hasCases) notices.push(`${key}: no dev-cases.jsonl, so no retrieval quality for it`);
    datasets.push({
      name,
      kind,
      key,
      source: base,
      contentDir: await prepareContent(tmp, `${key}-${kind}`, join(base, 'articles'), locale),
      defaultLocale: locale,
      cases: hasCases ? await readCases(casesFile) : [],
      casesFile: hasCases ? casesFile : undefined,
    });
  }
  const example = join(repo, 'examples', 'knowledge');
  if (await isFile(join(example, 'kotae.config.json'))) {
    const config = JSON.parse(await readFile(join(example, 'kotae.config.json'), 'utf8')) as { defaultLocale?: string };
    const evalsDir = join(example, 'evals');
    const evalFiles = (await isDir(evalsDir)) ? (await readdir(evalsDir)).filter((f) => f.endsWith('.jsonl')).sort() : [];
    const cases = (await Promise.all(evalFiles.map((f) => readCases(join(evalsDir, f))))).flat();
    datasets.push({
      name: 'examples/knowledge',
      kind: 'example',
      key: 'examples/knowledge',
      source: example,
      contentDir: example,
      defaultLocale: config.defaultLocale ?? 'en',
      cases,
      casesFile: evalFiles.length > 0 ? join(evalsDir, evalFiles.join(',')) : undefined,
    });
  }
  // Real articles (and two written for kotae with every kind of markup) that extractive answers
  // are held to: no artefacts, no passage cut mid-sentence. See test/fixtures/README.md.
  const extractive = join(repo, 'test', 'fixtures', 'extractive');
  if (await isFile(join(extractive, 'cases.jsonl'))) {
    datasets.push({
      name: 'extractive fixtures',
      kind: 'fixture',
      key: 'extractive',
      source: extractive,
      contentDir: extractive,
      defaultLocale: 'en',
      cases: await readCases(join(extractive, 'cases.jsonl')),
      casesFile: join(extractive, 'cases.jsonl'),
    });
  }
  return { datasets, notices };
}

/** Every `.md` file under `dir`, sorted, recursively. */
export async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Parses a data set's articles into sections with `parseArticle` (the way `compileContent` does). */
export async function datasetSections(dataset: Dataset): Promise<Section[]> {
  const sections: Section[] = [];
  for (const file of await markdownFiles(join(dataset.contentDir, 'articles'))) {
    const parsed = parseArticle(await readFile(file, 'utf8'), file, { defaultLocale: dataset.defaultLocale });
    sections.push(...parsed.sections);
  }
  return sections;
}
