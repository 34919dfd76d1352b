import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { AnswerServiceError } from '../src/index.js';
import { askCases, checkAnswerService, scoreAnswer, type EvalCase } from '@kotae/knowledge';
import { createAnswerGrader, createAnswerHandler, GRADER_RUBRIC } from '../src/index.js';
import { compileContent } from '@kotae/knowledge/node';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';
import { serveHandler } from './support/sse-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));

describe('askCases', () => {
  let fake: FakeOpenAI;
  let server: { url: string; close(): Promise<void> };
  before(async () => {
    fake = await startFakeOpenAI({ kind: 'stream', chunks: ['Open **Settings** ', 'and choose Reset [7].'] });
    const compiled = await compileContent(EXAMPLES);
    const bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
    const client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 0 });
    server = await serveHandler(createAnswerHandler({ bundle, openai: { client }, rateLimit: false }));
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  it('reports a model answer that cited a source it was not given as what the service did: a fallback', async () => {
    const cases: EvalCase[] = [
      {
        id: 'pw',
        query: 'パスワードを忘れてログインできません',
        locale: 'ja',
        relevant: ['ja-password-reset'],
        answers: ['新しいパスワード'],
      },
    ];
    const [outcome] = await askCases(cases, { endpoint: server.url });
    assert.ok(outcome && 'sources' in outcome);
    // The service streamed the model's text up to the bad mark, then reset to the extractive answer.
    assert.equal(outcome.resets, 1);
    assert.equal(outcome.done?.mode, 'fallback');
    assert.equal(outcome.done?.fallbackReason, 'invalid-citation');
    const r = scoreAnswer(cases[0]!, outcome);
    assert.deepEqual([r.mode, r.citationsValid, r.grounded, r.phraseRecall], ['fallback', true, true, 1]);
    assert.deepEqual(r.problems, ["the model's answer was replaced by the extractive one (invalid-citation)"]);
  });

  it('throws an AnswerServiceError naming the URL when nothing listens there', async () => {
    // A port that was just free: nothing listens there.
    const closed = await serveHandler(() => Promise.resolve(new Response()));
    await closed.close();
    const url = `${closed.url}/api/kotae`;
    await assert.rejects(checkAnswerService({ endpoint: url }), (e: unknown) => {
      assert.ok(e instanceof AnswerServiceError);
      assert.equal(e.url, `${url}/v1/health`);
      assert.equal(
        e.message,
        `${url}/v1/health: cannot reach the answer service (connect ECONNREFUSED ${closed.url.slice('http://'.length)})`,
      );
      return true;
    });
  });

  it('says so when the URL is not an answer service', async () => {
    await assert.rejects(
      checkAnswerService({ endpoint: `${fake.baseURL}/nope` }),
      /\/v1\/health: not a kotae answer service \(HTTP 200; expected \{"status":"ok"\} from \/v1\/health\)$/,
    );
  });
});

describe('createAnswerGrader', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({
      kind: 'reply',
      reply: (body) => {
        const input = String(body.input);
        const wrongLanguage = input.includes('Language: ja') && !/[ぁ-ん]/.test(input.split('Answer:\n')[1] ?? '');
        return JSON.stringify({ correct: true, grounded: true, answersQuestion: true, language: !wrongLanguage, reason: 'checked' });
      },
    });
  });
  after(() => fake.close());

  it('grades through the Responses API with store: false, a strict JSON schema and redacted inputs', async () => {
    const grader = createAnswerGrader({ apiKey: 'test', baseURL: fake.baseURL, model: 'grader-1' });
    const grade = await grader.grade({
      question: 'Reset for jane@example.com please',
      locale: 'en',
      sources: [{ n: 1, title: 'Reset', text: 'Open Settings.' }],
      answer: 'Open Settings [1].',
    });
    assert.deepEqual(grade, { correct: true, grounded: true, answersQuestion: true, language: true, reason: 'checked', verdict: 'pass' });
    const body = fake.calls.at(-1)!.body as {
      store: boolean;
      model: string;
      instructions: string;
      input: string;
      text: { format: Record<string, unknown> };
    };
    assert.deepEqual([body.store, body.model, body.instructions], [false, 'grader-1', GRADER_RUBRIC]);
    assert.deepEqual([body.text.format.type, body.text.format.strict], ['json_schema', true]);
    assert.ok(!body.input.includes('jane@example.com') && body.input.includes('[EMAIL]'), body.input);
    assert.match(body.input, /\[1\] Reset\nOpen Settings\./);
  });

  it('rejects output that does not match the schema', async () => {
    const bad = await startFakeOpenAI({ kind: 'reply', reply: () => JSON.stringify({ correct: 'yes' }) });
    try {
      const grader = createAnswerGrader({ apiKey: 'test', baseURL: bad.baseURL, maxRetries: 0 });
      await assert.rejects(grader.grade({ question: 'q', locale: 'en', sources: [], answer: 'a' }), { name: 'ZodError' });
    } finally {
      await bad.close();
    }
  });

  it('fails an answer when any criterion fails', async () => {
    const grader = createAnswerGrader({ apiKey: 'test', baseURL: fake.baseURL });
    const grade = await grader.grade({ question: 'パスワード', locale: 'ja', sources: [], answer: 'Open Settings [1].' });
    assert.deepEqual([grade.language, grade.verdict], [false, 'fail']);
  });
});
