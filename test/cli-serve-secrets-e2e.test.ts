/**
 * End to end: the API key never leaves `kotae serve` — not on stdout or stderr, not in the
 * store's files, not in any HTTP response — even when the model provider (or a proxy in front
 * of it) echoes the request's headers, `Authorization` included, in its error body.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { startServe, stopServe } from './support/kotae-bin.js';

describe('kotae serve with a provider that echoes headers', () => {
  let dir: string;
  let fake: FakeOpenAI;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-secrets-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    fake = await startFakeOpenAI({ kind: 'status', status: 401, echoHeaders: true });
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the API key and the agent token nowhere: stdout, stderr, the store, the responses', async () => {
    // Not shaped like an OpenAI key, so only the configured value can mask it.
    const key = `kt-live-${randomBytes(18).toString('hex')}`;
    const token = `agent-${randomBytes(12).toString('hex')}`;
    const store = join(dir, 'store');
    const { child, url, out, err } = await startServe([join(dir, 'kb'), '--port', '0', '--store', store], {
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: fake.baseURL,
      KOTAE_AGENT_TOKEN: token,
    });
    const responses: string[] = [];
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(new URL(`api/kotae/v1/${path}`, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      responses.push(JSON.stringify([...res.headers]), text);
      return text;
    };
    try {
      const answer = await post('answer', { query: 'How do I reset my password?', locale: 'en' });
      const done = /event: done\ndata: (.*)/.exec(answer)![1]!;
      const { interactionId, mode } = JSON.parse(done) as { interactionId: string; mode: string };
      assert.equal(mode, 'fallback');
      await post('answer', { query: 'How do I reset my password?', locale: 'en', audience: 'agent' }, { authorization: `Bearer ${token}` });
      await post('feedback', { interactionId, helpful: false, reason: `the key is ${key}` });
      await post('escalations', { interactionId });
    } finally {
      assert.equal(await stopServe(child), 0);
    }
    // The provider did receive the key, and echoed it: the test is not vacuous.
    assert.equal(fake.calls.at(-1)!.headers.authorization, `Bearer ${key}`);
    const echoed = await fetch(`${fake.baseURL}/responses`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{}' });
    assert.ok((await echoed.text()).includes(key), 'the fake provider echoes the key');
    assert.match(err(), /HTTP 401/);
    const files = await readdir(store, { recursive: true });
    const stored = await Promise.all(files.filter((f) => f.endsWith('.jsonl')).map((f) => readFile(join(store, f), 'utf8')));
    assert.match(stored.join(''), /"kind":"feedback"/);
    for (const [where, text] of [
      ['stdout', out()],
      ['stderr', err()],
      ['store', stored.join('\n')],
      ['responses', responses.join('\n')],
    ] as const) {
      assert.ok(!text.includes(key), `the key is in ${where}`);
      assert.ok(!text.includes(token), `the agent token is in ${where}`);
    }
  });
});
