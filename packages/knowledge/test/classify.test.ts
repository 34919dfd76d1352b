import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  LabelledExampleSchema,
  TopicClassifier,
  conversationExample,
  evaluateClassifier,
  parseJsonl,
  splitHoldout,
  trainClassifier,
  type LabelledExample,
} from '../src/index.js';
import { ClassifierFormatError, ClassifierInputError } from '../src/errors.js';
import { ClassificationSchema } from '../src/classify/classify-schema.js';

const SAMPLE = new URL('./fixtures/banking77/sample.jsonl', import.meta.url);
const examples = parseJsonl(readFileSync(SAMPLE, 'utf8'), 'sample.jsonl', LabelledExampleSchema);
const { train, test } = splitHoldout(examples, 0.2, 7);
const classifier = trainClassifier(train);

const JA: LabelledExample[] = [
  { text: 'パスワードを忘れました', label: 'login' },
  { text: 'パスワードを再設定したい', label: 'login' },
  { text: 'ログインできません', label: 'login' },
  { text: 'ログインするとエラーが出ます', label: 'login' },
  { text: '二段階認証のコードが届かない', label: 'login' },
  { text: 'パスワードが違うと言われてログインできない', label: 'login' },
  { text: '請求書を発行してください', label: 'billing' },
  { text: '二重に請求されています', label: 'billing' },
  { text: '返金してほしい', label: 'billing' },
  { text: 'クレジットカードの請求額が違う', label: 'billing' },
  { text: '支払い方法を変更したい', label: 'billing' },
  { text: '返金はいつ届きますか', label: 'billing' },
  { text: '荷物がまだ届きません', label: 'shipping' },
  { text: '配送状況を確認したい', label: 'shipping' },
  { text: 'お届け先の住所を変更したい', label: 'shipping' },
  { text: '配送が遅れています', label: 'shipping' },
  { text: '商品が届かない', label: 'shipping' },
  { text: '配送業者を教えてください', label: 'shipping' },
];

describe('splitHoldout', () => {
  it('holds out the fraction of every label, the same way for the same seed', () => {
    assert.equal(test.length, 72); // 12 labels × 6 of 30
    for (const label of new Set(examples.map((e) => e.label))) {
      assert.equal(test.filter((e) => e.label === label).length, 6, label);
    }
    assert.equal(train.length + test.length, examples.length);
    assert.deepEqual(splitHoldout(examples, 0.2, 7), { train, test });
    assert.notDeepEqual(splitHoldout(examples, 0.2, 8).test, test);
  });

  it('keeps a label with a single example in train', () => {
    const { train: t, test: h } = splitHoldout([{ label: 'a' }, { label: 'b' }, { label: 'b' }], 0.5, 1);
    assert.deepEqual(t.map((e) => e.label).sort(), ['a', 'b']);
    assert.deepEqual(h, [{ label: 'b' }]);
  });

  it('rejects a fraction outside 0…1', () => {
    assert.throws(() => splitHoldout(examples, 1.5), {
      name: 'InvalidOptionError',
      option: 'fraction',
      message: 'splitHoldout: fraction must be between 0 and 1 (got 1.5)',
    });
  });
});

describe('trainClassifier', () => {
  it('is deterministic: the same examples and seed give the same model', () => {
    assert.deepEqual(trainClassifier(train).toJSON(), classifier.toJSON());
    assert.notDeepEqual(trainClassifier(train, { seed: 2 }).toJSON().weights, classifier.toJSON().weights);
  });

  it('classifies held-out Banking77 messages well', () => {
    const report = evaluateClassifier(classifier, test);
    // 12 intents, 24 training messages each: the bench measures the full set (0.91).
    assert.ok(report.accuracy >= 0.85, `accuracy ${report.accuracy}`);
    assert.ok(report.macroF1 >= 0.85, `macro-F1 ${report.macroF1}`);
    assert.equal(report.examples, 72);
    assert.equal(report.perLabel.length, 12);
  });

  it('classifies Japanese text', () => {
    const ja = trainClassifier(JA);
    assert.equal(ja.classify('パスワードを忘れてログインできない').label, 'login');
    assert.equal(ja.classify('請求が二重になっている').label, 'billing');
    assert.equal(ja.classify('注文した商品がまだ届いていません').label, 'shipping');
  });

  it('learns from conversations with a topic: the customer messages are the text', () => {
    const conversation = {
      locale: 'en',
      topic: 'billing',
      messages: [
        { role: 'agent' as const, text: 'Hi! How can I help?' },
        { role: 'customer' as const, text: 'I was charged twice.' },
        { role: 'customer' as const, text: 'Can I get a refund?' },
      ],
    };
    assert.deepEqual(conversationExample(conversation), {
      text: 'I was charged twice.\nCan I get a refund?',
      label: 'billing',
      locale: 'en',
    });
    assert.equal(conversationExample({ ...conversation, topic: undefined }), undefined);
  });

  it('throws ClassifierInputError without examples or with a single label', () => {
    assert.throws(() => trainClassifier([]), {
      name: 'ClassifierInputError',
      message: 'no labelled examples to train a topic classifier on',
    });
    assert.throws(
      () =>
        trainClassifier([
          { text: 'a', label: 'x' },
          { text: 'b', label: 'x' },
        ]),
      (e: unknown) =>
        e instanceof ClassifierInputError &&
        e.message === 'a topic classifier needs at least 2 distinct labels; every example is labelled "x"',
    );
  });
});

describe('TopicClassifier', () => {
  it('gives the label, its confidence and the next best labels', () => {
    const result = classifier.classify('My new card still has not arrived, when will it come?');
    assert.equal(result.label, 'card_arrival');
    assert.ok(result.confidence > 0.5);
    assert.equal(result.alternatives.length, 2);
    assert.ok(result.alternatives[0]!.confidence <= result.confidence);
    assert.ok(result.alternatives[1]!.confidence <= result.alternatives[0]!.confidence);
    assert.equal(classifier.classify('x', { alternatives: 5 }).alternatives.length, 5);
  });

  it('round-trips through JSON: the saved model is identical and classifies alike', () => {
    const saved = JSON.parse(JSON.stringify(classifier)) as unknown;
    const loaded = TopicClassifier.fromJSON(saved);
    assert.deepEqual(loaded.toJSON(), classifier.toJSON());
    for (const e of test) assert.deepEqual(loaded.classify(e.text), classifier.classify(e.text));
  });

  it('never throws, and its confidences add up to at most 1', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.lorem({ maxCount: 20 })), (text) => {
        const result = classifier.classify(text, { alternatives: 3 });
        assert.ok(ClassificationSchema.safeParse(result).success);
        assert.ok(classifier.labels.includes(result.label));
        const sum = result.confidence + result.alternatives.reduce((s, a) => s + a.confidence, 0);
        assert.ok(sum <= 1 + 1e-9, `sum ${sum}`);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a model of another format version, another tokenizer, or damaged arrays, naming the source and field', () => {
    const json = classifier.toJSON();
    const error = (data: unknown): string => {
      try {
        TopicClassifier.fromJSON(data, 'topics.model.json');
      } catch (e) {
        assert.ok(e instanceof ClassifierFormatError);
        assert.equal(e.source, 'topics.model.json');
        return e.message;
      }
      assert.fail('no error');
    };
    assert.equal(error({ ...json, version: 9 }), 'topics.model.json: unsupported classifier format version 9 (this release reads 1)');
    assert.match(
      error({ ...json, tokenizer: { name: 'kotae-intl', version: 1 } }),
      /^topics\.model\.json: trained with tokenizer kotae-intl v1, this release has kotae-intl v3/,
    );
    assert.equal(error({ ...json, bias: json.bias.slice(0, 8) }), 'topics.model.json: "bias" has 6 bytes, expected 48 (12 float32 values)');
    assert.equal(error({ ...json, weights: '!!' }), 'topics.model.json: "weights" is not base64');
    assert.equal(
      error({ ...json, labels: 'x' }),
      'topics.model.json: not a kotae topic classifier: "labels" Invalid input: expected array, received string',
    );
    assert.match(error([]), /^topics\.model\.json: not a kotae topic classifier: /);
  });
});

describe('evaluateClassifier', () => {
  it('reports precision, recall, F1, support and confusions per label, worst first', () => {
    const tiny = trainClassifier([
      { text: 'refund my money', label: 'refund' },
      { text: 'I want a refund', label: 'refund' },
      { text: 'card not arrived', label: 'card' },
      { text: 'where is my card', label: 'card' },
    ]);
    const report = evaluateClassifier(tiny, [
      { text: 'refund please', label: 'refund' },
      { text: 'my card has not arrived', label: 'card' },
      { text: 'refund my card money', label: 'card' },
    ]);
    const predicted = ['refund please', 'my card has not arrived', 'refund my card money'].map((t) => tiny.classify(t).label);
    assert.deepEqual(predicted, ['refund', 'card', 'refund']);
    assert.equal(report.accuracy, 0.6667);
    assert.deepEqual(report.perLabel, [
      { label: 'card', precision: 1, recall: 0.5, f1: 0.6667, support: 2, confusedWith: [{ label: 'refund', count: 1 }] },
      { label: 'refund', precision: 0.5, recall: 1, f1: 0.6667, support: 1, confusedWith: [] },
    ]);
    assert.equal(report.macroF1, 0.6667);
  });
});
