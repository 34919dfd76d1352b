import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredSection } from '../src/index.js';
import { extractiveAnswer, splitSentences } from '../src/answer/extractive-answer.js';
import { refusalText } from '../src/answer/refusal.js';
import { retrievalConfidence } from '../src/answer/confidence.js';

const section = (id: string, locale: string, plain: string): StoredSection => ({
  id,
  articleId: id,
  anchor: '',
  title: id,
  headings: [],
  locale,
  text: plain,
  plain,
  tags: [],
  contexts: [],
  audience: 'public',
  line: 1,
});

describe('extractiveAnswer', () => {
  it("keeps the sentences that hold the question's words, in order, and cites them", () => {
    const s = section(
      'refunds',
      'en',
      'We ship worldwide. Refunds reach your card within 5 business days. Contact us any time. A refund for a gift goes to the giver.',
    );
    assert.deepEqual(extractiveAnswer('How long does a refund take?', 'en', [{ n: 1, section: s }]), [
      'Refunds reach your card within 5 business days. A refund for a gift goes to the giver. [1]',
    ]);
  });

  it('quotes several sources, best first, a paragraph each, and joins Japanese sentences without spaces', () => {
    const a = section('a', 'ja', '返金は5営業日以内に行います。配送は無料です。');
    const b = section('b', 'ja', 'ギフトの返金は購入者に行います。');
    assert.equal(
      extractiveAnswer('返金はいつですか', 'ja', [
        { n: 1, section: a },
        { n: 2, section: b },
      ]).join(''),
      '返金は5営業日以内に行います。 [1]\n\nギフトの返金は購入者に行います。 [2]',
    );
  });

  it('keeps link text without the link, and drops reference marks, so guidance cannot open links or fake citations', () => {
    const s = section('x', 'en', 'Click [here](javascript:alert(1)) to get a refund [3] *now*.');
    const [answer] = extractiveAnswer('refund', 'en', [{ n: 1, section: s }]);
    assert.equal(answer, 'Click here to get a refund *now*. [1]');
  });

  it('falls back to the opening sentence when no sentence holds a query word', () => {
    const s = section('x', 'en', 'Our store opens at nine. It closes at five.');
    assert.deepEqual(extractiveAnswer('hours', 'en', [{ n: 2, section: s }]), ['Our store opens at nine. [2]']);
  });
});

describe('splitSentences', () => {
  it('splits Japanese and English sentences and lines', () => {
    assert.deepEqual(splitSentences('一つ目です。二つ目です！\nThird one. Fourth?', 'ja'), [
      '一つ目です。',
      '二つ目です！',
      'Third one.',
      'Fourth?',
    ]);
  });
});

describe('retrievalConfidence', () => {
  it("is the share of the question's words the best results matched", () => {
    const result = (terms: string[]) => ({
      id: 'a',
      articleId: 'a',
      anchor: '',
      title: '',
      headings: [],
      locale: 'en',
      score: 1,
      snippet: '',
      highlights: [],
      terms,
    });
    assert.equal(retrievalConfidence('reset my password', [result(['password'])], 'en'), 0.5);
    assert.equal(retrievalConfidence('reset my password', [result(['password']), result(['reset'])], 'en'), 1);
    assert.equal(retrievalConfidence('passw', [result(['password'])], 'en'), 1);
    assert.equal(retrievalConfidence('anything', [], 'en'), 0);
  });
});

describe('refusalText', () => {
  it("speaks the user's language, with overrides by locale or language", () => {
    assert.match(refusalText('ja-JP'), /^申し訳ありません/);
    assert.match(refusalText('fr'), /^I don't know/);
    assert.equal(refusalText('fr-CA', { fr: 'Je ne sais pas.' }), 'Je ne sais pas.');
  });
});
