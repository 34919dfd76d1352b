import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SearchIndex, buildSearchIndex, tokenize, type SearchResult } from '../src/index.js';
import { normalizeText } from '../src/search/tokenizer.js';
import { CORPUS, sectionsOf } from './support/corpus.js';
import { isWellFormed } from './support/content.js';

const index = buildSearchIndex(sectionsOf(CORPUS));

function ids(results: readonly SearchResult[]): string[] {
  return results.map((r) => r.id);
}

/** Every highlighted range of every result covers a word that tokenizes to one of the result's terms. */
function assertHighlightsPointAtTerms(results: readonly SearchResult[]): void {
  for (const r of results) {
    for (const h of r.highlights) {
      assert.ok(h.start >= 0 && h.start < h.end && h.end <= r.snippet.length, `${JSON.stringify(h)} in ${JSON.stringify(r.snippet)}`);
      const highlighted = r.snippet.slice(h.start, h.end);
      const terms = tokenize(highlighted, r.locale);
      assert.ok(
        terms.some((t) => r.terms.includes(t)),
        `${r.id}: highlight ${JSON.stringify(highlighted)} (${JSON.stringify(normalizeText(highlighted))}) is none of ${JSON.stringify(r.terms)}`,
      );
    }
  }
}

describe('SearchIndex', () => {
  it('indexes every section under its locale', () => {
    assert.deepEqual(index.locales.sort(), ['en', 'ja']);
    assert.equal(index.size, sectionsOf(CORPUS).length);
    assert.deepEqual(new Set(index.sections().map((s) => s.id)), new Set(sectionsOf(CORPUS).map((s) => s.id)));
  });

  it('finds the Japanese section for a Japanese question', () => {
    for (const options of [{}, { locale: 'ja' }, { locale: 'ja-JP' }]) {
      const results = index.search('パスワードを忘れました', options);
      assert.equal(results[0]?.id, 'ja-reset-password', JSON.stringify(options));
      assert.equal(results[0]?.locale, 'ja');
    }
    assert.equal(index.search('請求書 ダウンロード', { locale: 'ja' })[0]?.id, 'ja-invoice');
  });

  it('matches English words by their stem', () => {
    const plural = index.search('passwords', { locale: 'en' });
    const singular = index.search('password', { locale: 'en' });
    assert.equal(plural[0]?.articleId, 'reset-password');
    assert.deepEqual(ids(plural), ids(singular));
    assert.deepEqual(plural[0]?.terms, ['password']);
    assert.equal(index.search('invoice', { locale: 'en' })[0]?.id, 'billing');
  });

  it('ranks first the section with a sentence that says what the question says', () => {
    // The same words in both sections; only one of them has them in one sentence, in order.
    const phrase = buildSearchIndex(
      sectionsOf({
        'a.md': '---\nid: apart\ntitle: 梅雨\nlocale: ja\n---\n梅雨は雨が多い季節である。その期間には、ふつう一か月程度の長い雨が続く。\n',
        'b.md': '---\nid: together\ntitle: 梅雨\nlocale: ja\n---\n梅雨の期間は、ふつう一か月程度である。雨が多い季節で、長い雨が続く。\n',
      }),
    );
    assert.equal(phrase.search('梅雨の期間はどのくらい？', { locale: 'ja' })[0]?.articleId, 'together');
  });

  it('ranks first, among sections that restate a Japanese question alike, the one that holds what it asks for', () => {
    // Each pair restates the question in one sentence; the longer section (second by BM25 and
    // phrase overlap alone) holds an answer of the asked type: a time for いつ, a naming for 何という.
    const typed = buildSearchIndex(
      sectionsOf({
        'a.md': '---\nid: reason\ntitle: 祭り\nlocale: ja\n---\n港町の祭りが始まったのは漁のためである。\n',
        'b.md': '---\nid: date\ntitle: 祭り\nlocale: ja\n---\n港町の祭りが始まったのは1890年の夏のころで、漁師たちの発案による。\n',
        'c.md': '---\nid: plain\ntitle: 梅雨\nlocale: ja\n---\n中国では梅雨の時期の長い雨が多い。\n',
        'd.md':
          '---\nid: named\ntitle: 梅雨\nlocale: ja\n---\n中国では梅雨の時期の長い雨を「梅雨(メイユー)」と呼び、各地で降水量が多い。\n',
      }),
    );
    const first = (query: string) => typed.search(query, { locale: 'ja' })[0]?.articleId;
    assert.equal(first('港町の祭りが始まったのはいつ？'), 'date');
    assert.equal(first('中国では梅雨の時期の長い雨を何という？'), 'named');
    // A question that asks for no type keeps the order of BM25 and phrase overlap.
    assert.equal(first('港町の祭りが始まったのはなぜ？'), 'reason');
  });

  it('prefers, among equal matches, the section with more of the query word forms', () => {
    // `backups` matches neither section as a word; its trigrams find `back up` in one of them.
    const forms = buildSearchIndex(
      sectionsOf({
        'c.md': '---\nid: backup\ntitle: Help\n---\nTo back up your email, open the archive page.\n',
        'd.md': '---\nid: change\ntitle: Help\n---\nTo change your email, open the account page.\n',
      }),
    );
    assert.deepEqual(
      forms.search('email backups', { locale: 'en' }).map((r) => r.articleId),
      ['backup', 'change'],
    );
    // While typing there is no rerank: the shorter section comes first.
    assert.deepEqual(
      forms.search('email backups', { locale: 'en', prefix: true }).map((r) => r.articleId),
      ['change', 'backup'],
    );
  });

  it('matches katakana words written with or without their final long-vowel mark', () => {
    const kana = buildSearchIndex(
      sectionsOf({ 's.md': '---\nid: server\ntitle: サーバーの設定\nlocale: ja\n---\nユーザーごとに設定します。\n' }),
    );
    assert.equal(kana.search('サーバ ユーザ', { locale: 'ja' })[0]?.articleId, 'server');
    assert.equal(kana.search('サーバー', { locale: 'ja', prefix: true })[0]?.articleId, 'server');
  });

  it('matches full-width input like ASCII', () => {
    assert.deepEqual(ids(index.search('ＩＮＶＯＩＣＥＳ', { locale: 'en' })), ids(index.search('invoices', { locale: 'en' })));
  });

  it('completes the last word only with prefix: true', () => {
    assert.deepEqual(index.search('passw', { locale: 'en' }), []);
    const results = index.search('passw', { locale: 'en', prefix: true });
    assert.ok(results.length > 0);
    for (const r of results) assert.ok(r.terms.includes('password'), `${r.id}: ${JSON.stringify(r.terms)}`);
    assert.ok(!ids(results).includes('passage'));
  });

  it('ranks a completion below an exact match', () => {
    const exact = index.search('password', { locale: 'en' })[0]!;
    const completed = index.search('passw', { locale: 'en', prefix: true })[0]!;
    assert.equal(completed.id, exact.id);
    assert.ok(completed.score < exact.score);
  });

  it('boosts sections whose contexts match where the user is', () => {
    assert.deepEqual(ids(index.search('export csv')), ['export-reports', 'export-orders']);
    assert.deepEqual(ids(index.search('export csv', { context: '/orders/42?tab=items' })), ['export-orders', 'export-reports']);
    assert.deepEqual(ids(index.search('export csv', { context: '/reports/weekly' })), ['export-reports', 'export-orders']);
    assert.deepEqual(ids(index.search('export csv', { context: '/somewhere/else' })), ['export-reports', 'export-orders']);
  });

  it('returns one section per article unless maxPerArticle allows more', () => {
    const one = index.search('password', { locale: 'en' });
    assert.equal(one.filter((r) => r.articleId === 'reset-password').length, 1);
    const two = index.search('password', { locale: 'en', maxPerArticle: 2 });
    assert.deepEqual(
      two
        .filter((r) => r.articleId === 'reset-password')
        .map((r) => r.id)
        .sort(),
      ['reset-password', 'reset-password#password-rules'],
    );
  });

  it('leaves internal sections out unless asked for', () => {
    assert.ok(!index.search('password', { locale: 'en' }).some((r) => r.articleId === 'escalation-playbook'));
    assert.deepEqual(index.search('identity check agents', { locale: 'en' }), []);
    const withInternal = index.search('identity check agents', { locale: 'en', includeInternal: true });
    assert.equal(withInternal[0]?.id, 'escalation-playbook');
  });

  it('returns at most limit results, best first', () => {
    const all = index.search('export data csv invoices password', { locale: 'en' });
    assert.ok(all.length >= 3);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.score >= all[i]!.score);
    assert.deepEqual(ids(index.search('export data csv invoices password', { locale: 'en', limit: 2 })), ids(all).slice(0, 2));
  });

  it('returns nothing for an empty or stop-word-only query', () => {
    assert.deepEqual(index.search(''), []);
    assert.deepEqual(index.search('the and of it'), []);
    assert.deepEqual(index.search('。、！'), []);
  });

  it('searches every locale when the query locale has no index', () => {
    assert.equal(index.search('invoices', { locale: 'fr' })[0]?.id, 'billing');
  });

  it('picks the locales a search reads by one rule: the exact locale, else its language, else all', () => {
    assert.deepEqual(SearchIndex.searchLocales(['en', 'ja'], 'ja'), ['ja']);
    assert.deepEqual(SearchIndex.searchLocales(['en', 'ja'], 'en-US'), ['en']);
    assert.deepEqual(SearchIndex.searchLocales(['en-GB', 'en-US', 'ja'], 'en'), ['en-GB', 'en-US']);
    assert.deepEqual(SearchIndex.searchLocales(['en', 'ja'], 'fr'), ['en', 'ja']);
    assert.deepEqual(SearchIndex.searchLocales(['en', 'ja'], undefined), ['en', 'ja']);
  });

  it('searches a union of per-locale indexes as the index they were split from', () => {
    const [en, ja] = ['en', 'ja'].map((locale) => SearchIndex.fromSerialized(index.serialize().filter((s) => s.locale === locale)));
    const both = SearchIndex.union([en!, ja!]);
    assert.deepEqual(both.locales, ['en', 'ja']);
    assert.equal(both.size, index.size);
    for (const [query, locale] of [
      ['reset password', undefined],
      ['パスワードを忘れました', 'ja'],
      ['refund', 'fr'],
    ] as const) {
      assert.deepEqual(both.search(query, { locale }), index.search(query, { locale }), query);
    }
  });

  it('describes each result with its section', () => {
    const [r] = index.search('password rules', { locale: 'en' });
    assert.ok(r);
    assert.equal(r.id, 'reset-password#password-rules');
    assert.equal(r.articleId, 'reset-password');
    assert.equal(r.anchor, 'password-rules');
    assert.equal(r.title, 'Reset your password');
    assert.deepEqual(r.headings, ['Password rules']);
    assert.equal(r.locale, 'en');
    assert.equal(r.snippet, 'Passwords need twelve characters, one of them a digit.');
  });

  it('highlights the matched words in snippets', () => {
    for (const [query, locale] of [
      ['passwords', 'en'],
      ['export csv', 'en'],
      ['invoices billing', 'en'],
      ['パスワードを忘れました', 'ja'],
      ['請求書', 'ja'],
    ] as const) {
      const results = index.search(query, { locale });
      assert.ok(results.length > 0, query);
      assert.ok(results[0]!.highlights.length > 0, `${query}: no highlights in ${JSON.stringify(results[0]!.snippet)}`);
      assertHighlightsPointAtTerms(results);
    }
    const [top] = index.search('passwords', { locale: 'en' });
    assert.deepEqual(top?.highlights, [{ start: 0, end: 9 }]);
  });

  it('highlights something in every result it returns', () => {
    for (const [query, locale] of [
      ['パスワードを忘れました', 'ja'],
      ['ダウンロード', 'ja'],
      ['password', 'en'],
    ] as const) {
      for (const r of index.search(query, { locale })) {
        assert.ok(
          r.highlights.length > 0,
          `${query} → ${r.id} matched ${JSON.stringify(r.terms)} but highlights nothing in ${JSON.stringify(r.snippet)}`,
        );
      }
    }
  });

  it('cuts snippets without splitting a surrogate pair', () => {
    const emoji = buildSearchIndex(
      sectionsOf({
        'e.md': `---\nid: e\ntitle: Emoji\n---\n${'😀'.repeat(50)}password${'𠮷'.repeat(50)} and ${'🇯🇵'.repeat(30)} password ${'👍🏽'.repeat(30)}\n`,
      }),
    );
    for (let length = 4; length <= 60; length++) {
      const [r] = emoji.search('password', { snippetLength: length });
      assert.ok(r, `length ${length}`);
      assert.ok(isWellFormed(r.snippet), `length ${length}: ${JSON.stringify(r.snippet)}`);
      assertHighlightsPointAtTerms([r]);
    }
  });

  it('gives well-formed snippets and accurate highlights for any section text', () => {
    const word = fc.constantFrom(
      'password',
      'Passwords',
      'reset',
      '😀',
      '👍🏽',
      '𠮷',
      'パスワード',
      'ﾊﾟｽﾜｰﾄﾞ',
      '。',
      ' ',
      '\n',
      'e\u0301',
      'x',
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 80 }), fc.integer({ min: 8, max: 120 }), (words, snippetLength) => {
        const body = `${words.join('')} password パスワード`;
        const small = buildSearchIndex(
          sectionsOf({ 'p.md': `---\nid: p\ntitle: T\n---\n${body}\n`, 'q.md': `---\nid: q\ntitle: T\nlocale: ja\n---\n${body}\n` }),
        );
        for (const [query, locale] of [
          ['password', 'en'],
          ['パスワード', 'ja'],
        ] as const) {
          const results = small.search(query, { locale, snippetLength });
          assert.ok(results.length > 0);
          for (const r of results) assert.ok(isWellFormed(r.snippet), JSON.stringify(r.snippet));
          assertHighlightsPointAtTerms(results);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on any query', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), fc.constantFrom(undefined, 'en', 'ja', 'fr'), (query, prefix, locale) => {
        assert.ok(Array.isArray(index.search(query, { prefix, locale })));
      }),
      { numRuns: 150 },
    );
  });

  it('serializes to JSON and restores an index that searches the same', () => {
    const restored = SearchIndex.fromSerialized(JSON.parse(JSON.stringify(index.serialize())));
    for (const query of ['password', 'passw', 'パスワードを忘れました', 'export csv', '請求書']) {
      assert.deepEqual(restored.search(query, { prefix: true }), index.search(query, { prefix: true }), query);
    }
    assert.equal(restored.size, index.size);
  });
});
