/**
 * End to end: `kotae serve` as a user runs it — the built binary, real HTTP on loopback, the
 * JSONL store on disk, and the real `openai` SDK against a fake Responses API server when
 * OPENAI_API_KEY and OPENAI_BASE_URL are set.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { startFakeOpenAI, type FakeOpenAI } from '../packages/server/test/support/fake-openai.js';
import { answerText, parseSse } from '../packages/server/test/support/sse-client.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';

const ask = async (url: string, body: unknown) => {
  const res = await fetch(new URL('api/kotae/v1/answer', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
  return parseSse(await res.text());
};

describe('kotae serve', () => {
  let dir: string;
  let fake: FakeOpenAI;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-serve-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    fake = await startFakeOpenAI({ kind: 'stream', chunks: ['Open **Settings** ', 'and choose *Reset password* [1].'] });
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page, the widget, the bundle and extractive answers without a key, and records them on disk', async () => {
    const store = join(dir, 'store-a');
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0', '--store', store]);
    try {
      assert.match(out(), /\(extractive\)/);
      for (const path of ['', 'widget/kotae-help.js', 'kb/manifest.json', 'api/kotae/v1/health']) {
        const res = await fetch(new URL(path, url));
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-security-policy')!, /require-trusted-types-for 'script'/);
        await res.arrayBuffer();
      }
      const events = await ask(url, { query: '返金はいつ届きますか', locale: 'ja' });
      const done = events.at(-1)!.data as { interactionId: string; mode: string };
      assert.equal(done.mode, 'extractive');
      const feedback = await fetch(new URL('api/kotae/v1/feedback', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ interactionId: done.interactionId, helpful: true, resolved: true }),
      });
      assert.equal(feedback.status, 204);
      const files = await readdir(store);
      const text = (await Promise.all(files.filter((f) => f.endsWith('.jsonl')).map((f) => readFile(join(store, f), 'utf8')))).join('');
      assert.match(text, new RegExp(done.interactionId));
      assert.match(text, /"kind":"feedback"/);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('answers through an OpenAI-compatible server from OPENAI_API_KEY, OPENAI_BASE_URL and KOTAE_MODEL', async () => {
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0'], {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      KOTAE_MODEL: 'local-model',
    });
    try {
      assert.match(out(), /\(openai\)/);
      assert.match(out(), /interactions: memory/);
      // No destination configured: escalations are still recorded, and the output says where they go.
      assert.match(
        out(),
        /\n {2}escalations: recorded in memory only \(lost when the server stops; add --store\); forwarded nowhere \(add --escalation-webhook or --escalation-email, or handle kotae-request-escalate in the page\)\n/,
      );
      const events = await ask(url, { query: 'How do I reset my password?', locale: 'en' });
      assert.equal(answerText(events), 'Open **Settings** and choose *Reset password* [1].');
      assert.equal((events.at(-1)!.data as { mode: string }).mode, 'openai');
      assert.equal(fake.calls.at(-1)!.body['model'], 'local-model');
      assert.equal(fake.calls.at(-1)!.headers['authorization'], 'Bearer sk-test');
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('fails with a clear message when the bundle directory is missing', async () => {
    const run = await kotae(['serve', join(dir, 'nope'), '--port', '0']);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /nope: bundle directory not found/);
  });

  it('rejects a bad port as a usage error', async () => {
    const run = await kotae(['serve', join(dir, 'kb'), '--port', 'eighty']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid --port "eighty"/);
  });
});
