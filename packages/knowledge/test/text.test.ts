import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AnchorSet, slugify } from '../src/content/slug.js';
import { markdownToPlainText } from '../src/content/plain-text.js';

describe('slugify', () => {
  it('makes GitHub-style anchors', () => {
    assert.equal(slugify('Reset your password!'), 'reset-your-password');
    assert.equal(slugify('  What is 2FA?  '), 'what-is-2fa');
    assert.equal(slugify('a_b-c  d'), 'a_b-c-d');
    assert.equal(slugify('C++ & C'), 'c-c');
  });

  it('keeps letters of every script and folds full-width text', () => {
    assert.equal(slugify('パスワードの再設定'), 'パスワードの再設定');
    assert.equal(slugify('ＦＡＱ（よくある質問）'), 'faqよくある質問');
    assert.equal(slugify('Café crème'), 'café-crème');
  });

  it('is its own slug when dropping a symbol leaves combining marks behind', () => {
    // U+1FED and U+1D15E decompose (NFKC) into a space or a symbol followed by marks of different
    // combining classes; found by the property below.
    const slug = slugify('\u1fed\u{1d15e}');
    assert.equal(slugify(slug), slug);
  });

  it('returns an empty string for punctuation only', () => {
    assert.equal(slugify('!!!'), '');
  });

  it('produces only letters, marks, digits, "_" and "-", and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (heading) => {
        const slug = slugify(heading);
        assert.match(slug, /^[\p{L}\p{M}\p{N}_-]*$/u);
        assert.equal(slugify(slug), slug);
      }),
    );
  });
});

describe('AnchorSet', () => {
  it('numbers repeated headings like GitHub', () => {
    const anchors = new AnchorSet();
    assert.deepEqual(
      ['Setup', 'Setup', 'setup', 'Setup-1'].map((h) => anchors.anchorFor(h)),
      ['setup', 'setup-1', 'setup-2', 'setup-1-1'],
    );
  });

  it('names headings without letters "section"', () => {
    const anchors = new AnchorSet();
    assert.deepEqual(
      ['???', '!!!', ''].map((h) => anchors.anchorFor(h)),
      ['section', 'section-1', 'section-2'],
    );
  });

  it('never hands out the same anchor twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'A', 'a-1', 'a-1-1', 'b', '?', 'section', 'section-1', ''), { maxLength: 30 }),
        (headings) => {
          const anchors = new AnchorSet();
          const out = headings.map((h) => anchors.anchorFor(h));
          assert.equal(new Set(out).size, out.length, JSON.stringify(out));
        },
      ),
    );
  });

  it('is independent per instance', () => {
    const a = new AnchorSet();
    const b = new AnchorSet();
    assert.equal(a.anchorFor('Intro'), 'intro');
    assert.equal(b.anchorFor('Intro'), 'intro');
  });
});

describe('markdownToPlainText', () => {
  it('removes syntax and keeps link texts', () => {
    assert.equal(markdownToPlainText('Use **[the form](https://x.test)**.'), 'Use the form.');
    assert.equal(markdownToPlainText('~~old~~ _new_ and <https://auto.test>'), 'old new and https://auto.test');
  });

  it('keeps code and decodes entities in it', () => {
    assert.equal(markdownToPlainText('Run `a &lt; b` or `<tag>`.'), 'Run a < b or <tag>.');
    assert.equal(markdownToPlainText('```js\nconst x = 1 < 2;\n```'), 'const x = 1 < 2;');
  });

  it('separates headings, paragraphs, list items and table cells', () => {
    assert.equal(markdownToPlainText('# Title\n## Sub\ntext'), 'Title\n\nSub\n\ntext');
    assert.equal(markdownToPlainText('- one\n- two\n\nafter'), 'one\ntwo\n\nafter');
    assert.equal(markdownToPlainText('| a | b |\n|---|---|\n| 1 | 2 |'), 'a b\n1 2');
  });

  it('keeps a nested list apart from its parent item', () => {
    assert.equal(markdownToPlainText('1. one\n   - nested\n2. two'), 'one\nnested\n\ntwo');
  });

  it('drops HTML blocks and tags, keeps image alt text', () => {
    assert.equal(markdownToPlainText('<div class="x">hidden</div>\n\nshown'), 'shown');
    assert.equal(markdownToPlainText('a <b>bold</b> c'), 'a bold c');
    assert.equal(markdownToPlainText('![A cat](cat.png)'), 'A cat');
  });

  it('keeps Japanese text as is', () => {
    assert.equal(markdownToPlainText('**パスワード**を[再設定](/reset)します。'), 'パスワードを再設定します。');
  });

  it('never throws and never starts or ends with whitespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (markdown) => {
        const plain = markdownToPlainText(markdown);
        assert.equal(plain, plain.trim());
        assert.doesNotMatch(plain, /\n{3,}/);
      }),
    );
  });
});
