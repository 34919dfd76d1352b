import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { IncrementalIndex, buildSearchIndex, encodeBundle, type Section } from '../src/index.js';
import { loadContent } from '../src/node.js';

const examples = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));

/** A small deterministic PRNG, so that a failure is reproducible. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sections grouped by article, in order. */
function articlesOf(sections: readonly Section[]): Section[][] {
  const out: Section[][] = [];
  for (const s of sections) {
    const last = out.at(-1);
    if (last && last[0]!.articleId === s.articleId && last[0]!.locale === s.locale) last.push(s);
    else out.push([s]);
  }
  return out;
}

const QUERIES = [
  { query: 'reset my password', locale: 'en' },
  { query: 'refund order', locale: 'en' },
  { query: 'パスワードを忘れた', locale: 'ja' },
  { query: '請求書 ダウンロード', locale: 'ja' },
  { query: 'pasword', locale: 'en' },
];

/** The incremental index equals a fresh build: the serialized shards, the bundle bytes and the rankings. */
async function assertSameAsFresh(update: ReturnType<IncrementalIndex['update']>, sections: readonly Section[], what: string) {
  const fresh = buildSearchIndex(sections);
  assert.deepEqual(update.index.serialize(), fresh.serialize(), `${what}: serialized index`);
  const options = { id: 'kb', defaultLocale: 'en', articles: 1, now: () => new Date('2026-12-01T00:00:00Z') };
  const [a, b] = await Promise.all([encodeBundle(update.index, options), encodeBundle(fresh, options)]);
  assert.deepEqual(a.manifest, b.manifest, `${what}: manifest`);
  for (const q of QUERIES) {
    assert.deepEqual(
      update.index.search(q.query, { locale: q.locale }),
      fresh.search(q.query, { locale: q.locale }),
      `${what}: ${q.query}`,
    );
    assert.deepEqual(
      update.index.search(q.query.slice(0, 4), { locale: q.locale, prefix: true }),
      fresh.search(q.query.slice(0, 4), { locale: q.locale, prefix: true }),
      `${what}: prefix ${q.query}`,
    );
  }
}

describe('IncrementalIndex', () => {
  it('gives the index a fresh build gives, after edits, added and deleted articles and sections', async () => {
    const content = await loadContent(examples);
    let articles = articlesOf(content.sections);
    const live = new IncrementalIndex();
    await assertSameAsFresh(live.update(articles.flat()), articles.flat(), 'first build');
    const next = random(7);
    const pick = () => Math.floor(next() * articles.length);
    for (let round = 0; round < 12; round++) {
      const kind = round % 4;
      const at = pick();
      const article = articles[at]!;
      let what: string;
      if (kind === 0) {
        // An edit: new words in every section, one of them new to the knowledge.
        articles[at] = article.map((s) => ({ ...s, text: `${s.text}\n\nEdited ${round} zyxwordq${round} 変更しました${round}。` }));
        what = `edit ${article[0]!.articleId}`;
      } else if (kind === 1) {
        // A section more (the sections after it move).
        const extra: Section = {
          ...article[0]!,
          id: `${article[0]!.articleId}#extra-${round}`,
          anchor: `extra-${round}`,
          title: `Extra ${round}`,
          headings: [`Extra ${round}`],
          text: `More about refunds ${round} 返金`,
        };
        articles[at] = [...article, extra];
        what = `section added to ${article[0]!.articleId}`;
      } else if (kind === 2) {
        articles.splice(at, 1);
        what = `deleted ${article[0]!.articleId}`;
      } else {
        const copy = article.map((s) => ({ ...s, articleId: `${s.articleId}-copy${round}` }));
        articles.splice(pick(), 0, copy);
        what = `added ${copy[0]!.articleId}`;
      }
      const sections = articles.flat();
      const update = live.update(sections);
      assert.ok(update.changed.length > 0, `${what}: a locale changed`);
      await assertSameAsFresh(update, sections, what);
    }
    // Everything of one locale gone, then back.
    const en = articles.filter((a) => a[0]!.locale === 'en');
    const removed = live.update(en.flat());
    await assertSameAsFresh(removed, en.flat(), 'ja removed');
    assert.deepEqual(removed.index.locales, ['en']);
    articles = articlesOf(content.sections);
    await assertSameAsFresh(live.update(articles.flat()), articles.flat(), 'all back');
  });

  it('keeps the shard of a locale whose sections did not change', () => {
    const live = new IncrementalIndex();
    const en: Section = {
      id: 'a#x',
      articleId: 'a',
      anchor: 'x',
      title: 'Reset',
      headings: ['Reset'],
      text: 'Reset your password.',
      locale: 'en',
      audience: 'public',
      tags: [],
      contexts: [],
      line: 1,
    };
    const ja: Section = {
      ...en,
      id: 'b#x',
      articleId: 'b',
      locale: 'ja',
      title: '再設定',
      headings: ['再設定'],
      text: 'パスワードを再設定します。',
    };
    const first = live.update([en, ja]);
    assert.deepEqual(first.changed, ['en', 'ja']);
    const edited = { ...ja, text: 'パスワードを変更します。' };
    const second = live.update([en, edited]);
    assert.deepEqual(second.changed, ['ja']);
    assert.equal(second.shards[0], first.shards[0]);
    assert.notEqual(second.shards[1], first.shards[1]);
    const same = live.update([en, edited]);
    assert.deepEqual(same.changed, []);
  });
});
