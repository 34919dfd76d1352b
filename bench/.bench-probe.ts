import { readBundle, SearchIndex, encodeBundle, EvalCaseSchema, parseJsonl } from '@kotae/knowledge';
import MiniSearch from '/work/main/packages/knowledge/node_modules/minisearch/dist/es/index.js';
import { readFile } from 'node:fs/promises';
import { findDatasets, datasetSections } from '/work/main/bench/lib/datasets.ts';
import { scaleCorpus } from '/work/main/bench/lib/scaled-corpus.ts';
import { mkdtemp } from 'node:fs/promises';
const tmp = await mkdtemp('/tmp/kb-');
const { datasets } = await findDatasets('/work/main', '/work/shared/data', tmp);
const full = datasets.filter(d => d.kind === 'full');
const base = (await Promise.all(full.map(datasetSections))).flat();
const corpus = scaleCorpus(base, 10000);
const idx = SearchIndex.build(corpus.sections);
const ser = idx.serialize();
for (const s of ser) {
  let t = performance.now();
  MiniSearch.loadJS(s.index as any, { idField: 'i', fields: ['title','headings','tags','body'], tokenize: (x: string) => x.split(' ') });
  const l = performance.now() - t;
  t = performance.now();
  let n = 0; for (const [term, fields] of (s.index as any).index) { const d = new Set(); for (const p of Object.values(fields)) for (const id of Object.keys(p as any)) d.add(id); n += d.size; }
  console.log(s.locale, 'loadJS', Math.round(l), 'vocabularyOf-like', Math.round(performance.now() - t));
}
const cases = full.flatMap(d => d.cases.map(c => ({...c, locale: c.locale ?? d.defaultLocale})));
for (const fuzzy of [true, false]) for (const loc of ['en','ja']) {
  const qs = cases.filter(c => c.locale === loc).slice(0, 300);
  for (const q of qs.slice(0, 30)) idx.search(q.query, { locale: loc, fuzzy });
  const t = performance.now();
  for (const q of qs) idx.search(q.query, { locale: loc, fuzzy });
  console.log('fuzzy', fuzzy, loc, ((performance.now() - t) / qs.length).toFixed(2), 'ms/query');
}
for (const loc of ['en','ja']) {
  const qs = cases.filter(c => c.locale === loc).slice(0, 300);
  const t = performance.now();
  for (const q of qs) idx.search(q.query, { locale: loc, snippetLength: 1 });
  console.log('tiny snippet', loc, ((performance.now() - t) / qs.length).toFixed(2));
}
