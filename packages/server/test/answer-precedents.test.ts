import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { makePrecedent, PrecedentIndex, type Conversation, type LoadedBundle, type StoredSection } from '@kotae/knowledge';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileContent, readGuidanceDir } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore } from '../src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { parseSse } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
const conversation: Conversation = {
  id: 'chat-77',
  channel: 'chat',
  locale: 'en',
  outcome: 'resolved',
  topic: 'account_access',
  messages: [
    { role: 'customer', text: 'I forgot my password and the reset email never arrives. My email is kim@example.org' },
    {
      role: 'agent',
      text: 'Sorry about that! Check your spam folder for the reset email, then request a new reset link from the sign-in page.',
    },
    { role: 'customer', text: 'Found it in spam, thanks.' },
  ],
};

let bundle: LoadedBundle;
let precedents: PrecedentIndex;
let fake: FakeOpenAI;
let guidance: StoredSection[];
let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kotae-guidance-'));
  const compiled = await compileContent(EXAMPLES, { internalOut: join(tmp, 'internal') });
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  guidance = await readGuidanceDir(join(tmp, 'internal'));
  const made = makePrecedent(conversation);
  assert.ok(made.precedent);
  precedents = PrecedentIndex.fromPrecedents([made.precedent]);
  fake = await startFakeOpenAI({ kind: 'stream', chunks: ['Check your spam folder [1].'] });
});
after(async () => {
  await fake.close();
  await rm(tmp, { recursive: true, force: true });
});

const ask = async (handler: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) => {
  const res = await handler(
    new Request('http://host/v1/answer', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
  return {
    status: res.status,
    events: res.status === 200 ? parseSse(await res.text()) : [],
    body: res.status === 200 ? undefined : await res.json(),
  };
};
const sourceIds = (events: ReturnType<typeof parseSse>) => (events[0]!.data as { sources: { id: string }[] }).sources.map((s) => s.id);
const question = { query: 'the password reset email never arrives', locale: 'en' };

describe('createAnswerHandler with precedents', () => {
  it('never shows precedents to end users, but gives them to the model as background it must not cite', async () => {
    const handler = createAnswerHandler({
      bundle,
      precedents,
      openai: { client: new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }) },
    });
    const { events } = await ask(handler, question);
    assert.ok(sourceIds(events).length > 0);
    assert.ok(sourceIds(events).every((id) => !id.startsWith('precedent-')));
    const input = JSON.stringify(fake.calls.at(-1)!.body['input']);
    assert.match(input, /Background \(past conversations, not to be cited or quoted\)/);
    assert.match(input, /spam folder/);
    assert.doesNotMatch(input, /kim@example\.org/);
    assert.match(String(fake.calls.at(-1)!.body['instructions']), /never cite it/);
  });

  it('refuses agent assist without authorization', async () => {
    const handler = createAnswerHandler({ bundle, precedents });
    const { status, body } = await ask(handler, { ...question, audience: 'agent' });
    assert.equal(status, 403);
    assert.equal((body as { error: { code: string } }).error.code, 'forbidden');
  });

  it('lets an authorized agent see and cite precedents, and records the draft as agent assist', async () => {
    const store = new MemoryInteractionStore();
    const handler = createAnswerHandler({
      bundle,
      precedents,
      store,
      authorizeAgent: (r) => r.headers.get('authorization') === 'Bearer agent',
    });
    const { events } = await ask(handler, { ...question, audience: 'agent' }, { authorization: 'Bearer agent' });
    assert.ok(sourceIds(events).includes('precedent-chat-77'), sourceIds(events).join(', '));
    const done = events.at(-1)!.data as { interactionId: string; mode: string };
    assert.equal(done.mode, 'extractive');
    const record = await store.interaction(done.interactionId);
    assert.equal(record?.audience, 'agent');
    assert.doesNotMatch(JSON.stringify(events), /kim@example\.org/);
  });
});

describe('createAnswerHandler with internal guidance (agent assist)', () => {
  // The ABCD agent guidelines in examples/knowledge are `audience: internal`: a support agent's
  // draft may use them, an end user's answer never does.
  const returnQuestion = { query: 'return a shirt that is the wrong size and get a shipping label', locale: 'en' };
  const isInternal = (id: string) => id.startsWith('abcd-');

  it('keeps the internal articles out of the public bundle, in the internal guidance bundle', () => {
    assert.deepEqual(
      bundle.index.sections().filter((s) => isInternal(s.id) || s.audience === 'internal'),
      [],
    );
    assert.ok(guidance.length > 0);
    assert.ok(guidance.every((s) => s.audience === 'internal' && isInternal(s.id)));
  });

  it('never gives internal guidance to an end user', async () => {
    const handler = createAnswerHandler({ bundle, internalGuidance: guidance });
    const { events } = await ask(handler, returnQuestion);
    const ids = sourceIds(events);
    assert.ok(ids.length > 0);
    assert.deepEqual(ids.filter(isInternal), []);
    assert.ok(
      ids.some((id) => id.startsWith('return-an-item')),
      ids.join(', '),
    );
    assert.doesNotMatch(JSON.stringify(events), /the customer/i);
  });

  it('gives an authorized agent the internal guidance as sources, next to the public articles', async () => {
    const handler = createAnswerHandler({
      bundle: () => bundle,
      internalGuidance: () => guidance,
      authorizeAgent: (r) => r.headers.get('authorization') === 'Bearer agent',
    });
    const { events } = await ask(handler, { ...returnQuestion, audience: 'agent' }, { authorization: 'Bearer agent' });
    const ids = sourceIds(events);
    assert.ok(
      ids.some((id) => id.startsWith('abcd-product_defect-return_size')),
      ids.join(', '),
    );
    const done = events.at(-1)!.data as { mode: string };
    assert.equal(done.mode, 'extractive');
  });
});
