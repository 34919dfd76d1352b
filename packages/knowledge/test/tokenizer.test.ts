import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isWellFormed } from './support/content.js';
import { languageOf, tokenize } from '../src/index.js';
import { TOKENIZER, normalizeText, tokenSpans } from '../src/search/tokenizer.js';

/**
 * Strings that stress a tokenizer: any UTF-16 (lone surrogates included), whole graphemes
 * (emoji, flags, combining sequences), and mixes of the characters where Japanese and Unicode
 * normalization get tricky (half-width katakana with separate voicing marks, compatibility
 * ideographs that expand to several characters, ligatures, final sigma, dotted I).
 */
const tricky = fc.constantFrom(
  'a',
  'B',
  'Pass',
  'words',
  ' ',
  '。',
  '、',
  '!',
  "'s",
  '1',
  '２',
  'パ',
  'ﾊ',
  'ﾟ',
  'ﾞ',
  'ｰ',
  'ﾄ',
  'を',
  'は',
  'ました',
  '漢',
  '字',
  '𠮷',
  '々',
  '😀',
  '👍🏽',
  '🇯🇵',
  '\u0301',
  '\u200d',
  '\uD800',
  '\uDC00',
  '㍿',
  '㌀',
  '㈱',
  '⑴',
  'ﬁ',
  'Σ',
  'İ',
  'ß',
  'Å',
  '①',
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.array(tricky, { maxLength: 30 }).map((parts) => parts.join('')),
);
const locale = fc.constantFrom('ja', 'en', 'ja-JP', 'en-US', 'fr', 'zh-Hant', 'xx-invalid');

describe('tokenize', () => {
  it('never throws, on any string in any locale', () => {
    fc.assert(
      fc.property(anyText, locale, (text, loc) => {
        assert.ok(Array.isArray(tokenize(text, loc)));
      }),
      { numRuns: 500 },
    );
  });

  for (const loc of ['ja', 'en'] as const) {
    it(`gives the same terms for a text and its NFKC form (${loc})`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          assert.deepEqual(tokenize(text, loc), tokenize(text.normalize('NFKC'), loc));
        }),
        { numRuns: 500 },
      );
    });
  }

  it('outputs only NFKC-normalized, lowercase, non-empty terms', () => {
    fc.assert(
      fc.property(anyText, locale, (text, loc) => {
        for (const term of tokenize(text, loc)) {
          assert.notEqual(term, '');
          assert.equal(term, term.normalize('NFKC'));
          assert.equal(term, term.toLowerCase());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('decides whether a segment is a word from the segment alone, not from its neighbours', () => {
    // ICU's dictionary breaker calls every character of a kana or kanji run word-like: the CJK
    // radical '⺀' (a symbol) was a term after 'ぁ' or '漢' and none on its own; '々' the reverse.
    assert.deepEqual(tokenize('⺀', 'en'), []);
    assert.deepEqual(tokenize('ぁ⺀', 'en'), []);
    assert.deepEqual(tokenize('漢⺀', 'ja'), ['漢']);
    assert.deepEqual(tokenize('々', 'ja'), ['々']);
    assert.deepEqual(tokenize('ぁ々', 'ja'), ['々']);
    assert.deepEqual(tokenize('❶ step', 'en'), ['❶', 'step']);
  });

  it('returns no terms for empty or punctuation-only text', () => {
    assert.deepEqual(tokenize('', 'en'), []);
    assert.deepEqual(tokenize('  ...!?  ', 'en'), []);
    assert.deepEqual(tokenize('「」。、！', 'ja'), []);
  });

  it('keeps Japanese particles and auxiliaries out', () => {
    const terms = tokenize('パスワードを忘れました', 'ja');
    assert.ok(terms.includes('パスワード'), `got ${JSON.stringify(terms)}`);
    for (const grammar of ['を', 'ました', 'まし', 'た']) assert.ok(!terms.includes(grammar), `${grammar} in ${JSON.stringify(terms)}`);
    const more = tokenize('設定画面で言語を変更する方法', 'ja');
    for (const word of ['設定', '画面', '言語', '変更', '方法'])
      assert.ok(more.includes(word), `${word} missing from ${JSON.stringify(more)}`);
    for (const grammar of ['で', 'を', 'する']) assert.ok(!more.includes(grammar), `${grammar} in ${JSON.stringify(more)}`);
  });

  it('drops lone hiragana, which are particles or inflection fragments', () => {
    for (const term of tokenize('アカウントを削除したいのですが、どうすればよいですか', 'ja')) {
      assert.ok(!/^[\p{Script=Hiragana}]$/u.test(term), `lone hiragana ${term}`);
    }
  });

  it('drops the fragments the segmenter cuts from conjugated verbs', () => {
    assert.deepEqual(tokenize('使用できません', 'ja'), ['使用']);
    assert.deepEqual(tokenize('試験が行われている', 'ja'), ['試験', '行']);
    assert.deepEqual(tokenize('表示されません', 'ja'), ['表示']);
  });

  it('drops the final long-vowel mark of katakana words of 4+ characters', () => {
    assert.deepEqual(tokenize('サーバー', 'ja'), ['サーバ']);
    assert.deepEqual(tokenize('ユーザーとユーザ', 'ja'), ['ユーザ', 'ユーザ']);
    assert.deepEqual(tokenize('メール', 'ja'), ['メール']);
  });

  it('reads typographic apostrophes as ASCII ones', () => {
    assert.deepEqual(tokenize('user’s settings', 'en'), tokenize("user's settings", 'en'));
    assert.deepEqual(tokenize('I’m here', 'en'), []);
  });

  it('drops English stop words and stems the rest', () => {
    assert.deepEqual(tokenize('How do I reset my passwords?', 'en'), ['reset', 'password']);
    assert.deepEqual(tokenize('The foxes are jumping over the lazy dogs', 'en'), ['fox', 'jump', 'over', 'lazi', 'dog']);
  });

  it('gives "passwords" the same term as "password"', () => {
    assert.deepEqual(tokenize('passwords', 'en'), tokenize('password', 'en'));
    assert.deepEqual(tokenize('Passwords', 'en'), ['password']);
  });

  it('strips the possessive before stemming', () => {
    assert.deepEqual(tokenize("user's settings", 'en'), ['user', 'set']);
  });

  it('stems English words inside Japanese text', () => {
    const terms = tokenize('passwordsを変更', 'ja');
    assert.ok(terms.includes('password'), `got ${JSON.stringify(terms)}`);
  });

  it('treats full-width Latin like ASCII', () => {
    assert.deepEqual(tokenize('ＰａｓｓＷｏｒｄ', 'en'), tokenize('password', 'en'));
    assert.deepEqual(tokenize('ＰａｓｓＷｏｒｄ', 'en'), ['password']);
    assert.deepEqual(tokenize('ＡＢＣ１２３', 'en'), ['abc123']);
  });

  it('treats half-width katakana like full-width', () => {
    assert.deepEqual(tokenize('ﾊﾟｽﾜｰﾄﾞ', 'ja'), tokenize('パスワード', 'ja'));
    assert.deepEqual(tokenize('ﾊﾟｽﾜｰﾄﾞを変更する', 'ja'), tokenize('パスワードを変更する', 'ja'));
  });

  it('falls back to a working segmenter for an unknown locale', () => {
    assert.deepEqual(tokenize('Reset passwords', 'xx-invalid'), ['reset', 'passwords']);
  });
});

describe('tokenSpans', () => {
  it('returns spans that lie within the text, with start < end', () => {
    fc.assert(
      fc.property(anyText, locale, (text, loc) => {
        for (const span of tokenSpans(text, loc)) {
          assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), JSON.stringify(span));
          assert.ok(
            span.start >= 0 && span.start < span.end && span.end <= text.length,
            `${JSON.stringify(span)} in ${JSON.stringify(text)}`,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives a word from inside a compatibility character the whole character as its span', () => {
    // '㈱' (U+3231) is one character whose NFKC form '(株)' has the word '株' in its middle.
    assert.deepEqual(tokenSpans('㈱', 'ja'), [{ term: '株', word: '株', start: 0, end: 1 }]);
  });

  it('returns spans in text order', () => {
    fc.assert(
      fc.property(anyText, locale, (text, loc) => {
        const spans = tokenSpans(text, loc);
        for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1]!.start <= spans[i]!.start, JSON.stringify(spans));
      }),
      { numRuns: 300 },
    );
  });

  it('never cuts a surrogate pair of well-formed text', () => {
    fc.assert(
      fc.property(anyText.filter(isWellFormed), locale, (text, loc) => {
        for (const span of tokenSpans(text, loc)) {
          assert.ok(isWellFormed(text.slice(span.start, span.end)), `${JSON.stringify(span)} in ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps spans back to the original text of full-width and half-width input', () => {
    const text = 'ＰａｓｓＷｏｒｄ と ﾊﾟｽﾜｰﾄﾞ';
    const spans = tokenSpans(text, 'ja');
    const password = spans.find((s) => s.term === 'password');
    const katakana = spans.find((s) => s.term === 'パスワード');
    assert.ok(password && katakana, JSON.stringify(spans));
    assert.equal(text.slice(password.start, password.end), 'ＰａｓｓＷｏｒｄ');
    assert.equal(text.slice(katakana.start, katakana.end), 'ﾊﾟｽﾜｰﾄﾞ');
  });

  it('keeps the unstemmed word next to the stemmed term', () => {
    const [span] = tokenSpans('Passwords', 'en');
    assert.deepEqual(span, { term: 'password', word: 'passwords', start: 0, end: 9 });
  });

  it('gives the same terms as tokenize', () => {
    fc.assert(
      fc.property(anyText, locale, (text, loc) => {
        assert.deepEqual(
          tokenSpans(text, loc).map((s) => s.term),
          tokenize(text, loc),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('normalizeText', () => {
  it('folds full-width letters, half-width katakana and case', () => {
    assert.equal(normalizeText('ＰａｓｓＷｏｒｄ ﾊﾟｽﾜｰﾄﾞ'), 'password パスワード');
    assert.equal(normalizeText('ﬁle Ⅻ'), 'file xii');
  });

  it('is idempotent and yields NFKC lowercase text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeText(text);
        assert.equal(normalizeText(once), once);
        assert.equal(once, once.normalize('NFKC'));
        assert.equal(once, once.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});

describe('languageOf', () => {
  it('returns the lowercased primary subtag', () => {
    assert.equal(languageOf('ja-JP'), 'ja');
    assert.equal(languageOf('EN_us'), 'en');
    assert.equal(languageOf('fr'), 'fr');
  });
});

describe('TOKENIZER', () => {
  it('names the tokenizer with an integer version', () => {
    assert.equal(TOKENIZER.name, 'kotae-intl');
    assert.ok(Number.isInteger(TOKENIZER.version) && TOKENIZER.version >= 1);
  });
});
