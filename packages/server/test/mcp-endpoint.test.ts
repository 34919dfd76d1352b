import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { collectAnswer, type LoadedBundle, type StoredSection } from '@kotae/knowledge';
import { compileContent, readGuidanceDir } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore, type AnswerServiceOptions } from '../src/index.js';
import { serveHandler } from './support/sse-client.js';

const BASE = '/api/kotae';

const CONTENT: Record<string, string> = {
  'account/reset-password.md':
    '---\nid: reset-password\ntitle: Reset your password\ntags: [account]\n---\nOpen the sign-in page and choose "Forgot password". We email you a reset link.\n\n## If the email never arrives\n\nCheck your spam folder, then request a new reset link.\n',
  'billing/refunds.md':
    '---\nid: billing/refunds\ntitle: Refunds\ntags: [billing]\n---\nRefunds go back to the card you paid with and take five business days to arrive.\n',
  'ja/password.md':
    '---\nid: ja-password\ntitle: パスワードの再設定\nlocale: ja\n---\nログイン画面で「パスワードをお忘れですか」を選ぶと、再設定用のリンクをメールで送ります。\n',
  'internal/refund-override.md':
    '---\nid: refund-override\ntitle: Overriding refund limits\naudience: internal\n---\nSupervisors override refund limits with the zebracode ledger tool after checking the card.\n',
};

let tmp: string;
let bundle: LoadedBundle;
let guidance: StoredSection[];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kotae-mcp-'));
  const content = join(tmp, 'content');
  for (const [path, text] of Object.entries(CONTENT)) {
    await mkdir(dirname(join(content, path)), { recursive: true });
    await writeFile(join(content, path), text);
  }
  const compiled = await compileContent(content, { internalOut: join(tmp, 'internal') });
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
  guidance = await readGuidanceDir(join(tmp, 'internal'));
  assert.equal(guidance[0]?.articleId, 'refund-override', 'the internal guidance is there to be leaked');
});
after(() => rm(tmp, { recursive: true, force: true }));

/**
 * The answer service on loopback (mounted at /api/kotae, with the internal guidance and an agent
 * authorization, as `kotae serve --precedents` runs it) and the MCP SDK's own client connected to it.
 */
async function connect(options: Partial<AnswerServiceOptions> = {}) {
  const store = new MemoryInteractionStore();
  const handler = createAnswerHandler({
    bundle,
    store,
    basePath: BASE,
    internalGuidance: guidance,
    authorizeAgent: () => true,
    ...options,
  });
  const server = await serveHandler(handler);
  const client = new Client({ name: 'kotae-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}${BASE}/v1/mcp`)));
  return {
    client,
    store,
    url: server.url,
    call: (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('MCP endpoint', () => {
  it('lists the three tools with their input schemas', async () => {
    const s = await connect();
    try {
      assert.equal(s.client.getServerVersion()?.name, 'kotae');
      const { tools } = await s.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['answer', 'get_article', 'search']);
      const byName = new Map(tools.map((t) => [t.name, t]));
      assert.deepEqual(byName.get('search')!.inputSchema.required, ['query']);
      assert.deepEqual(Object.keys(byName.get('search')!.inputSchema.properties!).sort(), ['limit', 'locale', 'query']);
      assert.deepEqual(byName.get('get_article')!.inputSchema.required, ['id']);
      assert.deepEqual(byName.get('answer')!.inputSchema.required, ['question']);
      assert.deepEqual(Object.keys(byName.get('answer')!.inputSchema.properties!).sort(), ['history', 'locale', 'question']);
      assert.equal(byName.get('search')!.annotations?.readOnlyHint, true);
    } finally {
      await s.close();
    }
  });

  it('search finds public sections, best first, in the locale asked for', async () => {
    const s = await connect();
    try {
      const result = await s.call('search', { query: 'reset email never arrives', limit: 3 });
      assert.equal(result.isError, undefined);
      const { results } = result.structuredContent as { results: { id: string; articleId: string; path: string; locale: string }[] };
      assert.equal(results[0]?.id, 'reset-password#if-the-email-never-arrives');
      assert.equal(results[0]?.path, 'articles/en/reset-password.md');
      assert.ok(results.length <= 3);
      assert.match(
        textOf(result),
        /^1\. Reset your password › If the email never arrives \(id: reset-password#if-the-email-never-arrives\)/,
      );

      const ja = await s.call('search', { query: 'パスワード', locale: 'ja' });
      const jaResults = (ja.structuredContent as { results: { articleId: string; locale: string }[] }).results;
      assert.deepEqual(
        jaResults.map((r) => [r.articleId, r.locale]),
        [['ja-password', 'ja']],
      );
    } finally {
      await s.close();
    }
  });

  it('get_article returns the article as markdown, by article or section id', async () => {
    const s = await connect();
    try {
      const result = await s.call('get_article', { id: 'reset-password' });
      assert.equal(result.isError, undefined);
      const expected =
        '# Reset your password\n\nOpen the sign-in page and choose "Forgot password". We email you a reset link.\n\n## If the email never arrives\n\nCheck your spam folder, then request a new reset link.\n';
      assert.equal(textOf(result), expected);
      assert.deepEqual(result.structuredContent, {
        id: 'reset-password',
        title: 'Reset your password',
        locale: 'en',
        tags: ['account'],
        markdown: expected,
        sections: [
          { id: 'reset-password', anchor: '', headings: [] },
          {
            id: 'reset-password#if-the-email-never-arrives',
            anchor: 'if-the-email-never-arrives',
            headings: ['If the email never arrives'],
          },
        ],
        path: 'articles/en/reset-password.md',
      });
      const bySection = await s.call('get_article', { id: 'billing/refunds#whatever', locale: 'en' });
      assert.equal((bySection.structuredContent as { id: string }).id, 'billing/refunds');
      const wrongLocale = await s.call('get_article', { id: 'billing/refunds', locale: 'ja' });
      assert.equal(wrongLocale.isError, true);
      assert.equal(textOf(wrongLocale), 'id: no public article "billing/refunds" in locale "ja"');
    } finally {
      await s.close();
    }
  });

  it('never finds internal guidance, though the service has it for agent assist', async () => {
    const s = await connect();
    try {
      const article = await s.call('get_article', { id: 'refund-override' });
      assert.equal(article.isError, true);
      assert.equal(textOf(article), 'id: no public article "refund-override"');
      const search = await s.call('search', { query: 'zebracode ledger supervisors override' });
      assert.deepEqual((search.structuredContent as { results: unknown[] }).results, []);
      const answer = await s.call('answer', { question: 'How do supervisors use the zebracode ledger to override refund limits?' });
      assert.ok(!textOf(answer).includes('zebracode'), textOf(answer));
      assert.ok(!JSON.stringify(answer.structuredContent).includes('refund-override'));
    } finally {
      await s.close();
    }
  });

  it('answer gives the cited extractive answer of POST /v1/answer and records it', async () => {
    const s = await connect();
    try {
      const result = await s.call('answer', { question: 'The password reset email never arrives, what do I do?', locale: 'en' });
      assert.equal(result.isError, undefined);
      const answer = result.structuredContent as {
        answer: string;
        mode: string;
        grounded: boolean;
        interactionId: string;
        sources: { id: string }[];
      };
      assert.equal(answer.mode, 'extractive');
      assert.equal(answer.grounded, true);
      // The section that answers the question (not the article's lead) is quoted.
      assert.match(answer.answer, /spam folder.*\[1\]/);
      assert.equal(answer.sources[0]?.id.split('#')[0], 'reset-password');
      assert.match(textOf(result), /\n\nSources:\n\[1\] Reset your password \(id: reset-password/);
      const records = [];
      for await (const r of s.store.records()) records.push(r);
      const interaction = records.find((r) => r.kind === 'interaction');
      assert.equal(interaction?.kind === 'interaction' && interaction.id, answer.interactionId);
      assert.equal(interaction?.kind === 'interaction' && interaction.query, 'The password reset email never arrives, what do I do?');

      // The same question over HTTP gets the same answer.
      const http = await fetch(`${s.url}${BASE}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'The password reset email never arrives, what do I do?', locale: 'en' }),
      });
      assert.equal((await collectAnswer(http.body!)).text, answer.answer);
    } finally {
      await s.close();
    }
  });

  it('answer says "I don\'t know" when the articles do not answer, as a result, not an error', async () => {
    const s = await connect();
    try {
      const result = await s.call('answer', { question: 'What is the boiling point of tungsten on Mars?' });
      assert.equal(result.isError, undefined);
      const answer = result.structuredContent as { mode: string; grounded: boolean; answer: string };
      assert.deepEqual([answer.mode, answer.grounded], ['refusal', false]);
      assert.ok(answer.answer.length > 0);
    } finally {
      await s.close();
    }
  });

  it('answer counts against the per-client answer rate, and a refusal is a tool error', async () => {
    const s = await connect({ rateLimit: { burst: 1, perMinute: 1 } });
    try {
      assert.equal((await s.call('answer', { question: 'How long do refunds take?' })).isError, undefined);
      const limited = await s.call('answer', { question: 'How long do refunds take?' });
      assert.equal(limited.isError, true);
      assert.match(textOf(limited), /^rate_limited: too many questions; try again in \d+ s$/);
      // The HTTP route shares the allowance: the client has none left there either.
      const http = await fetch(`${s.url}${BASE}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'How long do refunds take?' }),
      });
      assert.equal(http.status, 429);
    } finally {
      await s.close();
    }
  });

  it('answers a bad argument with a tool error naming it', async () => {
    const s = await connect();
    try {
      const result = await s.call('search', { query: 42 });
      assert.equal(result.isError, true);
      assert.equal(
        textOf(result),
        'MCP error -32602: Input validation error: Invalid arguments for tool search: Invalid input: expected string, received number at query',
      );
      const tooMany = await s.call('search', { query: 'refund', limit: 500 });
      assert.equal(tooMany.isError, true);
      const blank = await s.call('search', { query: '   ' });
      assert.deepEqual([blank.isError, textOf(blank)], [true, 'query: the query is empty']);
      const noQuestion = await s.call('answer', {});
      assert.equal(noQuestion.isError, true);
      assert.match(textOf(noQuestion), /question/);
    } finally {
      await s.close();
    }
  });

  it('is off with mcp: false', async () => {
    const store = new MemoryInteractionStore();
    const server = await serveHandler(createAnswerHandler({ bundle, store, basePath: BASE, mcp: false }));
    try {
      const res = await fetch(`${server.url}${BASE}/v1/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(res.status, 404);
    } finally {
      await server.close();
    }
  });
});
