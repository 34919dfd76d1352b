import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ModelError } from '../src/index.js';
import { secondOpinions } from '../src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';

const LABELS = ['billing', 'card', 'login'];
const linear = (label: string, confidence = 0.3) => ({ label, confidence, alternatives: [] });

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());

function client(): OpenAI {
  return new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 });
}

describe('secondOpinions', () => {
  it('asks the Responses API for one label of the taxonomy, redacted, without storing, and reports agreement', async () => {
    fake.script({
      kind: 'reply',
      reply: (body) => {
        const input = String(body.input);
        if (input.includes('charged')) return '{"label":"billing"}';
        if (input.includes('password')) return '{"label":"login"}';
        return '{"label":"none"}';
      },
    });
    fake.calls.length = 0;
    const opinions = await secondOpinions(
      [
        { text: 'I was charged twice, mail me at jane.doe@gmail.com', classification: linear('card') },
        { text: 'I forgot my password', classification: linear('login') },
        { text: 'Do you sell pet insurance?', classification: linear('billing') },
      ],
      { client: client(), model: 'gpt-test', labels: LABELS },
    );
    assert.deepEqual(
      opinions.map((o) => ({ model: o.model, linear: o.linear.label, agrees: o.agrees })),
      [
        { model: 'billing', linear: 'card', agrees: false },
        { model: 'login', linear: 'login', agrees: true },
        { model: null, linear: 'billing', agrees: false },
      ],
    );
    assert.equal(opinions[0]!.text, 'I was charged twice, mail me at [EMAIL]');
    assert.equal(fake.calls.length, 3);
    for (const call of fake.calls) {
      assert.equal(call.body.store, false);
      assert.equal(call.body.model, 'gpt-test');
      assert.equal(call.body.stream, undefined);
      assert.ok(!String(call.body.input).includes('jane.doe@gmail.com'));
      const format = (call.body.text as { format: { type: string; schema: { properties: { label: { enum: string[] } } } } }).format;
      assert.equal(format.type, 'json_schema');
      assert.deepEqual(format.schema.properties.label.enum, [...LABELS, 'none']);
    }
  });

  it("records an answer that is no label, or a failed call, as that item's error and goes on", async () => {
    fake.script(
      { kind: 'reply', reply: () => '{"label":"shipping"}' },
      { kind: 'status', status: 500 },
      { kind: 'reply', reply: () => 'card' },
    );
    const opinions = await secondOpinions(
      ['a', 'b', 'c'].map((text) => ({ text, classification: linear('card') })),
      { client: client(), model: 'm', labels: LABELS, concurrency: 1 },
    );
    assert.equal(opinions[0]!.model, undefined);
    assert.equal(opinions[0]!.error, 'the model answered "{\\"label\\":\\"shipping\\"}", which is no label');
    assert.equal(opinions[1]!.model, undefined);
    assert.match(opinions[1]!.error!, /500/);
    assert.deepEqual(
      { model: opinions[2]!.model, agrees: opinions[2]!.agrees, error: opinions[2]!.error },
      { model: 'card', agrees: true, error: undefined },
    );
  });

  it('throws a ModelError when the API refuses the key', async () => {
    fake.script({ kind: 'status', status: 401 });
    await assert.rejects(
      secondOpinions([{ text: 'x', classification: linear('card') }], { client: client(), model: 'm', labels: LABELS }),
      (e: unknown) => e instanceof ModelError && e.status === 401 && e.reason === 'http-error',
    );
  });
});
