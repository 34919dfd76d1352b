import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { type InteractionRecord, type LoadedBundle } from '@kotae/knowledge';
import { answerPrompt } from '@kotae/knowledge/answer';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore } from '../src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { answerText, readEvents, serveHandler, type SseEvent } from './support/sse-client.js';

// End to end through the HTTP API on loopback, on the example knowledge (English and Japanese
// articles), compiled here: the asker's language, conversational acts and follow-ups.

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
let bundle: LoadedBundle;
let fake: FakeOpenAI;
let server: { url: string; close(): Promise<void> };
let store: MemoryInteractionStore;

before(async () => {
  const compiled = await compileContent(EXAMPLES);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  fake = await startFakeOpenAI();
  store = new MemoryInteractionStore();
  server = await serveHandler(createAnswerHandler({ bundle, store, rateLimit: false }));
});
after(async () => {
  await server.close();
  await fake.close();
});

interface Source {
  n: number;
  id: string;
  articleId: string;
  locale?: string;
}
interface Done {
  interactionId: string;
  mode: string;
  grounded: boolean;
  language?: string;
  act?: string;
}
interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/** Asks `url`'s service and reads the whole answer. */
async function ask(body: Record<string, unknown>, url = server.url) {
  const res = await fetch(`${url}/v1/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
  const { events } = await readEvents(res);
  const data = <T>(name: string) => events.find((e: SseEvent) => e.event === name)!.data as T;
  const sources = data<{ sources: Source[] }>('sources').sources;
  const citations = data<{ citations: { n: number; id: string }[] }>('citations').citations;
  const cited = citations.map((c) => sources[c.n - 1]!.articleId);
  return { sources, citations, cited, done: data<Done>('done'), text: answerText(events) };
}

async function stored(interactionId: string): Promise<InteractionRecord> {
  const record = await store.interaction(interactionId);
  assert.ok(record);
  return record;
}

describe('POST /v1/answer: the asker’s language', () => {
  it('answers an English question on a Japanese page from the English article, in English', async () => {
    const a = await ask({ query: 'I forgot my password and cannot sign in', locale: 'ja' });
    assert.equal(a.done.mode, 'extractive');
    assert.equal(a.done.language, 'en');
    assert.equal(a.cited[0], 'reset-password');
    assert.equal(a.sources[0]!.locale, 'en');
    assert.doesNotMatch(a.text, /[\p{Script=Hiragana}\p{Script=Katakana}]/u);
    const record = await stored(a.done.interactionId);
    assert.equal(record.locale, 'ja');
    assert.equal(record.language, 'en');
  });

  it('answers a Japanese question on an English page from the Japanese article', async () => {
    const a = await ask({ query: '登録しているクレジットカードを別のカードに変えたい', locale: 'en' });
    assert.equal(a.done.mode, 'extractive');
    assert.equal(a.done.language, 'ja');
    assert.equal(a.cited[0], 'ja-payment-method');
    assert.equal(a.sources[0]!.locale, 'ja');
  });

  it('refuses in the asker’s language, not the page’s', async () => {
    const en = await ask({ query: 'Write me a poem about the ocean', locale: 'ja' });
    assert.equal(en.done.mode, 'refusal');
    assert.match(en.text, /^I don't know/);
    const ja = await ask({ query: '株価の予想を教えて', locale: 'en' });
    assert.equal(ja.done.mode, 'refusal');
    assert.match(ja.text, /^申し訳ありません/);
  });

  it('asks the model to answer in the asker’s language', async () => {
    fake.script({ kind: 'stream', chunks: ['Open the sign-in page and choose "Forgot password" [1].'] });
    const calls = fake.calls.length;
    const model = await serveHandler(
      createAnswerHandler({
        bundle,
        rateLimit: false,
        openai: { client: new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }), timeoutMs: 3000 },
      }),
    );
    try {
      const a = await ask({ query: 'I forgot my password and cannot sign in', locale: 'ja' }, model.url);
      assert.equal(a.done.mode, 'openai');
      assert.equal(fake.calls.length, calls + 1);
      assert.match(String(fake.calls.at(-1)!.body.instructions), /Answer in English/);
    } finally {
      await model.close();
    }
  });
});

describe('SearchIndex.search: related terms', () => {
  it('adds related terms to the score of sections that match the query', () => {
    const alone = bundle.index.search('how long does it take?', { locale: 'en', limit: 3 });
    const related = bundle.index.search('how long does it take?', {
      locale: 'en',
      limit: 3,
      related: [{ term: 'refund', weight: 0.4 }],
    });
    assert.notEqual(alone[0]!.articleId, 'refund-timing');
    assert.equal(related[0]!.articleId, 'refund-timing');
  });

  it('never lets related terms match on their own', () => {
    assert.deepEqual(bundle.index.search('zzyzx', { locale: 'en', related: [{ term: 'refund', weight: 0.9 }] }), []);
    assert.deepEqual(
      bundle.index.search('配送', { locale: 'ja', related: [{ term: 'refund', weight: 0.9 }] }).filter((r) => r.locale === 'en'),
      [],
    );
  });
});

describe('answerPrompt', () => {
  it('asks for the asker’s language when a source is in another one', () => {
    const english = bundle.index.sections().find((s) => s.locale === 'en')!;
    const japanese = bundle.index.sections().find((s) => s.locale === 'ja')!;
    const mixed = answerPrompt('パスワードを忘れました', 'ja', [english]).instructions;
    assert.match(mixed, /Answer in Japanese/);
    assert.match(mixed, /Some sources are in another language: answer in Japanese all the same/);
    assert.doesNotMatch(answerPrompt('パスワードを忘れました', 'ja', [japanese]).instructions, /another language/);
  });
});

describe('POST /v1/answer: conversational acts', () => {
  for (const [query, locale] of [
    ['I want to talk to a human', 'en'],
    ['Can I speak to a real person please?', 'ja'],
    ['担当者と話したい', 'ja'],
    ['オペレーターにつないでください', 'en'],
  ] as const) {
    it(`answers "${query}" (page ${locale}) with the way to a person and no passage`, async () => {
      const a = await ask({ query, locale });
      assert.equal(a.done.act, 'handoff');
      assert.equal(a.done.mode, 'act');
      assert.equal(a.done.grounded, false);
      assert.deepEqual(a.sources, []);
      assert.deepEqual(a.citations, []);
      assert.match(a.text, /Contact support|サポートに問い合わせる/);
      const record = await stored(a.done.interactionId);
      assert.equal(record.act, 'handoff');
      assert.equal(record.mode, 'act');
      assert.deepEqual(record.sourceIds, []);
    });
  }

  it('does not take a question about the person in charge for a request for one', async () => {
    const a = await ask({ query: '担当者の変更方法', locale: 'ja' });
    assert.equal(a.done.act, undefined);
    assert.notEqual(a.done.mode, 'act');
  });

  it('calls no model for an act', async () => {
    const calls = fake.calls.length;
    const model = await serveHandler(
      createAnswerHandler({
        bundle,
        rateLimit: false,
        openai: { client: new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }) },
      }),
    );
    try {
      for (const query of ['talk to an agent', 'ありがとうございました', 'hello']) {
        const a = await ask({ query }, model.url);
        assert.equal(a.done.mode, 'act');
      }
      assert.equal(fake.calls.length, calls);
    } finally {
      await model.close();
    }
  });

  it('replies shortly to greetings and thanks, in their language', async () => {
    const hi = await ask({ query: 'こんにちは', locale: 'en' });
    assert.equal(hi.done.act, 'greeting');
    assert.match(hi.text, /^こんにちは/);
    const thanks = await ask({ query: 'thanks, that helped!', locale: 'ja' });
    assert.equal(thanks.done.act, 'thanks');
    assert.match(thanks.text, /welcome/);
    assert.deepEqual(thanks.sources, []);
  });

  it('uses the previous answer when it did not work: the next-best source, and a person', async () => {
    const history: Turn[] = [];
    const first = await ask({ query: 'My card keeps getting declined when I try to check out', locale: 'en' });
    assert.equal(first.cited[0], 'payment-declined');
    history.push({ role: 'user', text: 'My card keeps getting declined when I try to check out' }, { role: 'assistant', text: first.text });
    // With the calibrated threshold, the next-best section may not answer the question: then the
    // reply is the act's alone (sorry, and the way to a person), never the same passage again.
    const honest = await ask({ query: "I tried that and it still doesn't work", locale: 'en', history });
    assert.equal(honest.done.act, 'not-resolved');
    assert.ok(!honest.cited.includes('payment-declined'), 'the answer already given is not given again');
    assert.match(honest.text, /Contact support/);
    // A service that answers whatever it finds (minConfidence 0) shows the next-best source.
    const lenient = await serveHandler(createAnswerHandler({ bundle, store, rateLimit: false, minConfidence: 0 }));
    const again = await ask({ query: "I tried that and it still doesn't work", locale: 'en', history }, lenient.url).finally(() =>
      lenient.close(),
    );
    assert.equal(again.done.act, 'not-resolved');
    assert.equal(again.done.grounded, true);
    assert.ok(!again.sources.some((s) => s.articleId === 'payment-declined'), 'the answer already given is not given again');
    assert.match(again.text, /^I'm sorry that didn't help/);
    assert.match(again.text, /Contact support/);
    assert.equal((await stored(again.done.interactionId)).act, 'not-resolved');
  });

  it('asks for details and offers a person when nothing came before', async () => {
    const a = await ask({ query: 'うまくいきませんでした', locale: 'ja' });
    assert.equal(a.done.act, 'not-resolved');
    assert.equal(a.done.mode, 'act');
    assert.match(a.text, /サポートに問い合わせる/);
  });
});

describe('POST /v1/answer: follow-ups use history', () => {
  const cases: { locale: string; first: string; followUp: string; expected: string }[] = [
    { locale: 'en', first: 'My ACME Plus membership renews soon', followUp: 'can I change the date?', expected: 'acme-plus' },
    { locale: 'en', first: 'I want to return my jeans', followUp: 'is it free?', expected: 'return-an-item' },
    { locale: 'ja', first: '返金してほしい', followUp: '状況はどこで確認できますか？', expected: 'ja-refund-status' },
  ];
  for (const c of cases) {
    it(`searches "${c.followUp}" after "${c.first}" with the earlier turn's context`, async () => {
      const alone = await ask({ query: c.followUp, locale: c.locale });
      assert.notEqual(alone.sources[0]?.articleId, c.expected, 'the follow-up alone retrieves something else first');
      const first = await ask({ query: c.first, locale: c.locale });
      const history: Turn[] = [
        { role: 'user', text: c.first },
        { role: 'assistant', text: first.text },
      ];
      const followed = await ask({ query: c.followUp, locale: c.locale, history });
      assert.equal(followed.sources[0]!.articleId, c.expected);
      assert.notEqual(followed.done.mode, 'refusal');
      assert.equal(followed.cited[0], c.expected);
    });
  }

  /** A service with the model (the fake OpenAI server), for the model's rewrite. */
  async function withModel<T>(run: (url: string) => Promise<T>): Promise<T> {
    const modelStore = new MemoryInteractionStore();
    const s = await serveHandler(
      createAnswerHandler({
        bundle,
        store: modelStore,
        rateLimit: false,
        openai: { client: new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }), timeoutMs: 3000, stallTimeoutMs: 1000 },
      }),
    );
    try {
      return await run(s.url);
    } finally {
      await s.close();
    }
  }
  const dueHistory: Turn[] = [
    { role: 'user', text: 'My ACME Plus membership renews soon' },
    { role: 'assistant', text: 'Your membership renews on the date shown on your membership page. [1]' },
  ];

  it('lets the model rewrite a follow-up as a standalone question, and searches that', async () => {
    const calls = fake.calls.length;
    fake.script({
      kind: 'reply',
      reply: (body) =>
        body.stream
          ? 'The renewal is charged on the date shown on your membership page [1].'
          : 'When will my ACME Plus renewal be charged?',
    });
    const a = await withModel((url) => ask({ query: 'what about that?', locale: 'en', history: dueHistory }, url));
    const [rewrite, answer] = fake.calls.slice(calls);
    assert.equal(rewrite!.body.stream, undefined);
    assert.match(String(rewrite!.body.instructions), /standalone search query/);
    assert.match(JSON.stringify(rewrite!.body.input), /My ACME Plus membership renews soon.*what about that\?/);
    assert.equal(answer!.body.stream, true);
    assert.equal(a.sources[0]!.articleId, 'acme-plus-manage');
    assert.equal(a.done.mode, 'openai');
  });

  it('falls back to the weighted rewrite when the model cannot rewrite', async () => {
    const calls = fake.calls.length;
    fake.script({ kind: 'status', status: 500 }, { kind: 'stream', chunks: ['The renewal date is on your membership page [1].'] });
    const a = await withModel((url) => ask({ query: 'can I change the date?', locale: 'en', history: dueHistory }, url));
    assert.equal(fake.calls.length, calls + 2);
    assert.equal(a.sources[0]!.articleId, 'acme-plus');
    assert.equal(a.done.mode, 'openai');
  });

  it('leaves a question that stands on its own to its own words', async () => {
    const history: Turn[] = [
      { role: 'user', text: 'I want a refund' },
      { role: 'assistant', text: 'You can ask for a refund from your order page. [1]' },
    ];
    const a = await ask({ query: 'I forgot my password and cannot sign in', locale: 'en', history });
    assert.equal(a.cited[0], 'reset-password');
  });
});

describe('POST /v1/answer: whether a follow-up is answerable', () => {
  const billHistory: Turn[] = [
    { role: 'user', text: 'My ACME Plus renewal payment failed' },
    { role: 'assistant', text: 'We try the payment again after 3 and 7 days; update your card on the membership page. [1]' },
  ];
  const giftHistory: Turn[] = [
    { role: 'user', text: 'I got an ACME gift card' },
    { role: 'assistant', text: 'Redeem it under Account > Gift cards. [1]' },
  ];
  const cases: { history: Turn[]; followUp: string; expected: string; aloneRefused: boolean }[] = [
    { history: billHistory, followUp: 'can I pay it now?', expected: 'acme-plus-manage', aloneRefused: true },
    { history: giftHistory, followUp: 'does it expire?', expected: 'gift-cards', aloneRefused: false },
  ];
  for (const c of cases) {
    it(`answers "${c.followUp}" with what it leans on${c.aloneRefused ? ', though its own words alone are refused' : ', though alone it finds another article'}`, async () => {
      const alone = await ask({ query: c.followUp, locale: 'en' });
      if (c.aloneRefused) assert.equal(alone.done.mode, 'refusal', 'too few words of its own to answer alone');
      else assert.notEqual(alone.cited[0], c.expected, 'alone, it is read without what it leans on');
      const followed = await ask({ query: c.followUp, locale: 'en', history: c.history });
      assert.equal(followed.done.mode, 'extractive');
      assert.equal(followed.cited[0], c.expected);
    });
  }

  const offTopic: { locale: string; history: Turn[]; followUp: string }[] = [
    { locale: 'en', history: billHistory, followUp: 'what about the weather?' },
    { locale: 'en', history: billHistory, followUp: 'and my cat?' },
    {
      locale: 'en',
      history: [
        { role: 'user', text: 'How do I cancel my order?' },
        { role: 'assistant', text: 'You can cancel an order from your order page. [1]' },
      ],
      followUp: 'what about the weather tomorrow?',
    },
    {
      locale: 'ja',
      history: [
        { role: 'user', text: '割引コードが使えない' },
        { role: 'assistant', text: '割引コードの有効期限をご確認ください。[1]' },
      ],
      followUp: '猫は？',
    },
  ];
  for (const c of offTopic) {
    it(`refuses "${c.followUp}" however answerable the earlier question was`, async () => {
      const a = await ask({ query: c.followUp, locale: c.locale, history: c.history });
      assert.equal(a.done.mode, 'refusal');
      assert.deepEqual(a.citations, []);
    });
  }
});
