import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LabelledExampleSchema, findCandidateTopics, parseJsonl, trainClassifier } from '../src/index.js';

const examples = parseJsonl(
  readFileSync(new URL('./fixtures/banking77/sample.jsonl', import.meta.url), 'utf8'),
  'sample.jsonl',
  LabelledExampleSchema,
);
const classifier = trainClassifier(examples);

// Two topics the banking intents do not have.
const CRYPTO = [
  'How do I buy bitcoin with my crypto wallet?',
  'Can I send bitcoin to my crypto wallet?',
  'Is there a fee to sell bitcoin from the crypto wallet?',
  'My crypto wallet does not show the bitcoin I bought',
  'Where can I see my crypto wallet balance in bitcoin?',
  'I want to move bitcoin out of my crypto wallet',
  'Why is my bitcoin purchase stuck in the crypto wallet?',
  'Can I buy ethereum and bitcoin in the crypto wallet?',
];
const INSURANCE = [
  'How do I file a travel insurance claim for my trip?',
  'My travel insurance claim was rejected after my trip',
  'Does the travel insurance cover a cancelled trip?',
  'What does travel insurance cover when my trip is delayed?',
  'I need to make a travel insurance claim for lost luggage on my trip',
  'How long does a travel insurance claim take after my trip?',
  'Can I add travel insurance before my trip?',
  'Is medical care on my trip covered by the travel insurance?',
];

describe('findCandidateTopics', () => {
  it('groups planted new topics apart, with their own words and typical examples', () => {
    const items = [...CRYPTO, ...INSURANCE].map((text) => ({ text }));
    const result = findCandidateTopics(classifier, items, { minConfidence: 1 });
    assert.equal(result.lowConfidence, 16);
    assert.equal(result.candidates.length, 2);
    const crypto = result.candidates.find((c) => c.members.includes(0))!;
    const insurance = result.candidates.find((c) => c.members.includes(8))!;
    assert.deepEqual(crypto.members, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(insurance.members, [8, 9, 10, 11, 12, 13, 14, 15]);
    assert.ok(crypto.terms.includes('bitcoin') && crypto.terms.includes('crypto wallet'), crypto.terms.join());
    assert.ok(insurance.terms.includes('travel insurance') && insurance.terms.includes('trip'), insurance.terms.join());
    assert.equal(crypto.examples.length, 3);
    for (const e of crypto.examples) assert.equal(e.text, CRYPTO[e.index]);
    assert.ok(crypto.examples[0]!.similarity >= crypto.examples[2]!.similarity);
    assert.ok(crypto.cohesion > 0 && crypto.cohesion <= 1);
  });

  it('clusters only the items the classifier is unsure of', () => {
    const known = examples.slice(0, 30).map((e) => ({ text: e.text }));
    const items = [...known, ...CRYPTO.map((text) => ({ text }))];
    const threshold = 0.6;
    const sure = new Set(items.flatMap((item, i) => (classifier.classify(item.text).confidence >= threshold ? [i] : [])));
    const result = findCandidateTopics(classifier, items, { minConfidence: threshold });
    assert.equal(result.lowConfidence, items.length - sure.size);
    for (const c of result.candidates) for (const m of c.members) assert.ok(!sure.has(m), `item ${m} is not low-confidence`);
    assert.equal(result.unclustered + result.candidates.reduce((s, c) => s + c.size, 0), result.lowConfidence);
  });

  it('reports no candidate when too few items are unsure, and is deterministic', () => {
    const items = CRYPTO.slice(0, 2).map((text) => ({ text }));
    assert.deepEqual(findCandidateTopics(classifier, items, { minConfidence: 1 }), { lowConfidence: 2, unclustered: 2, candidates: [] });
    const all = [...CRYPTO, ...INSURANCE].map((text) => ({ text }));
    assert.deepEqual(
      findCandidateTopics(classifier, all, { minConfidence: 1 }),
      findCandidateTopics(classifier, all, { minConfidence: 1 }),
    );
  });
});
