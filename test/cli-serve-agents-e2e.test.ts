/**
 * End to end: what AI agents get from `kotae compile` and `kotae serve` — the built binary, real
 * HTTP on loopback, and the official MCP SDK's client (Streamable HTTP) against the running server.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';

const CONTENT: Record<string, string> = {
  'kotae.config.json': JSON.stringify({ id: 'acme-help', llms: { title: 'Acme Help', summary: 'How to use Acme.' } }),
  'en/reset-password.md':
    '---\nid: reset-password\ntitle: Reset your password\ntags: [account]\n---\nOpen the sign-in page and choose "Forgot password". We email you a reset link.\n',
  'en/refunds.md': '---\nid: billing/refunds\ntitle: Refunds\ntags: [billing]\n---\nRefunds take five business days to arrive.\n',
  'ja/password.md':
    '---\nid: パスワード\ntitle: パスワードの再設定\nlocale: ja\n---\nログイン画面で「パスワードをお忘れですか」を選ぶと、再設定用のリンクをメールで送ります。\n',
  'internal/override.md':
    '---\nid: refund-override\ntitle: Overriding refund limits\naudience: internal\n---\nSupervisors override refund limits with the zebracode ledger tool.\n',
};

/** The status of a GET of `path` sent exactly as written (no URL normalization). */
function statusOf(base: string, path: string): Promise<number | undefined> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('kotae compile and serve for AI agents', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-agents-'));
    for (const [path, body] of Object.entries(CONTENT)) {
      await mkdir(dirname(join(dir, 'content', path)), { recursive: true });
      await writeFile(join(dir, 'content', path), body);
    }
    const run = await kotae(['compile', join(dir, 'content'), '--out', join(dir, 'kb'), '--internal-out', join(dir, 'internal')]);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('serves llms.txt, llms-full.txt and the articles as markdown, with their content types, and no internal article', async () => {
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0', '--precedents', join(dir, 'internal')]);
    try {
      assert.match(out(), /\n {2}mcp: http:\/\/127\.0\.0\.1:\d+\/api\/kotae\/v1\/mcp\n/);
      const llms = await fetch(new URL('kb/llms.txt', url));
      assert.equal(llms.status, 200);
      assert.equal(llms.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(llms.headers.get('cache-control'), 'no-cache');
      const index = await llms.text();
      assert.match(index, /^# Acme Help\n\n> How to use Acme\.\n/);
      assert.match(index, /\n- \[Refunds\]\(articles\/en\/billing\/refunds\.md\): Refunds take five business days to arrive\.\n/);
      assert.match(index, /\n- \[パスワードの再設定\]\(articles\/ja\/%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89\.md\)/);

      // Every link of llms.txt resolves against it, as an agent would follow it.
      const links = [...index.matchAll(/\]\(([^)]+)\)/g)].map((m) => new URL(m[1]!, llms.url));
      assert.equal(links.length, 4);
      for (const link of links) {
        const res = await fetch(link);
        assert.equal(res.status, 200, link.href);
        assert.equal(
          res.headers.get('content-type'),
          link.pathname.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8',
          link.href,
        );
        const body = await res.text();
        assert.ok(!body.includes('zebracode'), `${link.href} holds internal guidance`);
      }
      const article = await fetch(new URL('kb/articles/en/reset-password.md', url));
      assert.equal(
        await article.text(),
        '# Reset your password\n\nOpen the sign-in page and choose "Forgot password". We email you a reset link.\n',
      );
      const etag = article.headers.get('etag')!;
      assert.equal((await fetch(new URL('kb/articles/en/reset-password.md', url), { headers: { 'if-none-match': etag } })).status, 304);

      assert.equal(await statusOf(url, '/kb/articles/en/refund-override.md'), 404);
      // Sent as they are (fetch would resolve the dots): nothing outside articles/ is reachable,
      // not even the internal article's source file beside the bundle directory.
      for (const path of [
        '/kb/articles/en/..%2F..%2F..%2Fcontent%2Finternal%2Foverride.md',
        '/kb/articles/..%2F..%2Finternal%2Fguidance%2Fmanifest.json',
        '/kb/articles/%2E%2E%2F%2E%2E%2Fcontent%2Fen%2Frefunds.md',
      ])
        assert.equal(await statusOf(url, path), 404, path);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('answers the MCP client: tools/list, and tools/call of search, get_article and answer, never internal guidance', async () => {
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0', '--precedents', join(dir, 'internal')]);
    const client = new Client({ name: 'kotae-e2e', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL('api/kotae/v1/mcp', url)));
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['answer', 'get_article', 'search']);

      const search = (await client.callTool({ name: 'search', arguments: { query: 'refunds', locale: 'en' } })) as CallToolResult;
      assert.equal((search.structuredContent as { results: { articleId: string }[] }).results[0]?.articleId, 'billing/refunds');

      const article = (await client.callTool({ name: 'get_article', arguments: { id: 'パスワード' } })) as CallToolResult;
      assert.equal(
        text(article),
        '# パスワードの再設定\n\nログイン画面で「パスワードをお忘れですか」を選ぶと、再設定用のリンクをメールで送ります。\n',
      );
      // The same text as the file llms.txt links.
      const file = await fetch(new URL('kb/articles/ja/パスワード.md', url));
      assert.equal(await file.text(), text(article));

      const internal = (await client.callTool({ name: 'get_article', arguments: { id: 'refund-override' } })) as CallToolResult;
      assert.deepEqual([internal.isError, text(internal)], [true, 'id: no public article "refund-override"']);

      const answer = (await client.callTool({ name: 'answer', arguments: { question: 'How long do refunds take?' } })) as CallToolResult;
      assert.equal(answer.isError, undefined);
      assert.deepEqual(
        [(answer.structuredContent as { mode: string }).mode, (answer.structuredContent as { grounded: boolean }).grounded],
        ['extractive', true],
      );
      assert.match(text(answer), /five business days/);

      const bad = (await client.callTool({ name: 'get_article', arguments: { id: '' } })) as CallToolResult;
      assert.equal(bad.isError, true);
      assert.match(text(bad), /Input validation error: Invalid arguments for tool get_article/);
    } finally {
      await client.close();
      assert.equal(await stopServe(child), 0);
    }
  });

  it('has no MCP endpoint with --no-mcp', async () => {
    const { child, url, out } = await startServe([join(dir, 'kb'), '--port', '0', '--no-mcp']);
    try {
      assert.doesNotMatch(out(), /mcp:/);
      const res = await fetch(new URL('api/kotae/v1/mcp', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(res.status, 404);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });
});
