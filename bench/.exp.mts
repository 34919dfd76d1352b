import { readFileSync, readdirSync } from 'node:fs';
import { parseArticle } from '../packages/knowledge/src/content/article.ts';
import { SearchIndex } from '../packages/knowledge/src/search/search-index.ts';
import { evaluateRetrieval } from '../packages/knowledge/src/eval/retrieval-metrics.ts';
for (const set of (process.argv[2] ?? 'jsquad,stackfaq').split(',')) {
  const dir = `/work/shared/data/${set}`;
  const sections = [];
  for (const f of readdirSync(dir + '/articles')) {
    const p = parseArticle(readFileSync(`${dir}/articles/${f}`, 'utf8'), f, { defaultLocale: set === 'jsquad' ? 'ja' : 'en' });
    sections.push(...p.sections);
  }
  let t = performance.now();
  const index = SearchIndex.build(sections);
  const buildMs = performance.now() - t;
  const cases = readFileSync(`${dir}/dev-cases.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  t = performance.now();
  const r = await evaluateRetrieval(cases, (c) => index.search(c.query, { locale: c.locale, limit: 10, maxPerArticle: Number(process.env.PER ?? 1) }).map((x) => x.articleId));
  console.log(set, sections.length, 'sections', buildMs.toFixed(0), 'ms build', ((performance.now() - t) / cases.length).toFixed(2), 'ms/q', JSON.stringify(r.retrieval));
  if (process.env.MISS) for (const m of r.misses.slice(0, Number(process.env.MISS))) console.log(JSON.stringify(m));
}
