/**
 * End to end: `audience: internal` articles (the ABCD agent guidelines of examples/knowledge) are
 * never in the public bundle — no id, title or sentence of theirs in any byte of any file that
 * `kotae compile --out` writes or `kotae publish` copies — while `kotae serve` gives them to an
 * authorized agent over HTTP, and never to an end user.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { parseSse } from '../packages/server/test/support/sse-client.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';

const EXAMPLES = fileURLToPath(new URL('../examples/knowledge', import.meta.url));

/** Every markdown file under `dir`, recursively. */
async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => join(e.parentPath, e.name));
}

/** Every file under `dir`, recursively, as text (gzip and brotli files decompressed). */
async function filesText(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    let bytes = await readFile(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    else if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
    texts.set(path, bytes.toString('utf8'));
  }
  return texts;
}

/**
 * What would give an internal article away: its id, its title, and every run of 20 or more
 * letters, digits and spaces of its body (what survives JSON and HTML escaping verbatim) that no
 * public article's source also contains.
 */
async function internalNeedles(): Promise<{ ids: string[]; needles: Set<string> }> {
  const files = await markdownFiles(EXAMPLES);
  const internal: string[] = [];
  let publicText = '';
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    if (/^audience: internal$/m.test(text)) internal.push(text);
    else publicText += `${text}\n`;
  }
  const ids: string[] = [];
  const needles = new Set<string>();
  for (const text of internal) {
    const id = /^id: (.+)$/m.exec(text)![1]!.trim();
    const title = /^title: "?(.+?)"?$/m.exec(text)![1]!.trim();
    ids.push(id);
    needles.add(id);
    needles.add(title);
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const line of body.split('\n')) {
      for (const run of line.split(/[^\p{L}\p{N} ]+/u)) {
        const piece = run.trim();
        if (piece.length >= 20 && !publicText.includes(piece)) needles.add(piece);
      }
    }
  }
  return { ids, needles };
}

/** The needles found in any file under `dir`, with the file. */
async function leaks(dir: string, needles: Set<string>): Promise<string[]> {
  const found: string[] = [];
  for (const [path, text] of await filesText(dir)) {
    for (const needle of needles) if (text.includes(needle)) found.push(`${path}: ${needle}`);
  }
  return found;
}

const ask = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(new URL('api/kotae/v1/answer', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, events: res.status === 200 ? parseSse(await res.text()) : [] };
};
const sourceIds = (events: ReturnType<typeof parseSse>) => (events[0]!.data as { sources: { id: string }[] }).sources.map((s) => s.id);

describe('internal guidance (audience: internal)', () => {
  let dir: string;
  let ids: string[];
  let needles: Set<string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-internal-'));
    ({ ids, needles } = await internalNeedles());
    const run = await kotae(['compile', EXAMPLES, '-o', join(dir, 'kb'), '--internal-out', join(dir, 'internal'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { articles: number; guidance: { articles: number; out: string } };
    assert.equal(result.guidance.articles, ids.length);
    assert.equal(result.guidance.out, join(dir, 'internal', 'guidance'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('compiles no id, title or sentence of an internal article into any file of the public bundle', async () => {
    assert.equal(ids.length, 55);
    assert.ok(needles.size > 500, `${needles.size} needles`);
    assert.deepEqual(await leaks(join(dir, 'kb'), needles), []);
    // The needles are real: every one of them is in the internal guidance bundle.
    const guidance = [...(await filesText(join(dir, 'internal', 'guidance'))).values()].join('\n');
    assert.deepEqual(
      [...needles].filter((n) => !guidance.includes(n)),
      [],
    );
  });

  it('publishes the public bundle without them, and refuses to publish the internal guidance bundle', async () => {
    const site = join(dir, 'site');
    const published = await kotae(['publish', join(dir, 'kb'), '--to', site]);
    assert.equal(published.code, 0, published.stderr);
    assert.deepEqual(await leaks(site, needles), []);
    // (The examples have no conversations, so the precedents bundle beside it is empty; a bundle
    // of precedents is refused the same way: every precedent is an internal section.)
    const target = join(dir, 'site-internal');
    const refused = await kotae(['publish', join(dir, 'internal', 'guidance'), '--to', target]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /never published/);
    assert.deepEqual(await leaks(target, needles).catch(() => []), []);
  });

  it('gives an authorized agent the internal guidance over HTTP, and an end user never', async () => {
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0', '--precedents', join(dir, 'internal')], {
      KOTAE_AGENT_TOKEN: 'agent-secret',
    });
    try {
      const question = { query: 'return a shirt that is the wrong size and get a shipping label', locale: 'en' };
      const user = await ask(url, question);
      assert.equal(user.status, 200);
      const userIds = sourceIds(user.events);
      assert.ok(userIds.length > 0);
      assert.ok(
        userIds.every((id) => !ids.some((internal) => id.startsWith(internal))),
        userIds.join(', '),
      );
      const userText = JSON.stringify(user.events);
      assert.deepEqual(
        [...needles].filter((n) => userText.includes(n)),
        [],
      );

      assert.equal((await ask(url, { ...question, audience: 'agent' })).status, 403);
      assert.equal((await ask(url, { ...question, audience: 'agent' }, { authorization: 'Bearer wrong' })).status, 403);
      const agent = await ask(url, { ...question, audience: 'agent' }, { authorization: 'Bearer agent-secret' });
      assert.equal(agent.status, 200);
      const agentIds = sourceIds(agent.events);
      assert.ok(
        agentIds.some((id) => id.startsWith('abcd-product_defect-return_size')),
        agentIds.join(', '),
      );

      // The served bundle files are the public ones: no internal article in any of them.
      const manifest = (await (await fetch(new URL('kb/manifest.json', url))).json()) as { files: { path: string }[] };
      for (const file of manifest.files) {
        const text = await (await fetch(new URL(`kb/${file.path}`, url))).text();
        assert.deepEqual(
          [...needles].filter((n) => text.includes(n)),
          [],
          file.path,
        );
      }
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });
});
