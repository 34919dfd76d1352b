import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EvalCaseSchema, parseJsonl, type LoadedBundle } from '@kotae/knowledge';
import { compileContent, readBundleDir } from '@kotae/knowledge/node';
import { createAnswerHandler, MemoryInteractionStore, type AnswerServiceOptions } from '../src/index.js';
import { readEvents, serveHandler } from './support/sse-client.js';

// The answer service refuses below the threshold \`kotae compile\` calibrated for the bundle (the
// manifest's \`answerability\`), over real HTTP on loopback, on the example knowledge.

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));
const tempDir = () => mkdtemp(join(tmpdir(), 'kotae-answerability-'));

describe('createAnswerHandler with a calibrated bundle', () => {
  let dir: string;
  let out: string;
  let bundle: LoadedBundle;
  const servers: { close(): Promise<void> }[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  before(async () => {
    dir = join(await tempDir(), 'content');
    await cp(EXAMPLES, dir, { recursive: true });
    out = join(await tempDir(), 'bundle');
    await compileContent(dir, { out });
    bundle = await readBundleDir(out);
  });

  async function ask(options: Partial<AnswerServiceOptions>, query: string, locale: string): Promise<string> {
    const server = await serveHandler(createAnswerHandler({ bundle, store: new MemoryInteractionStore(), rateLimit: false, ...options }));
    servers.push(server);
    const response = await fetch(`${server.url}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, locale }),
    });
    const { events } = await readEvents(response);
    return (events.find((e) => e.event === 'done')!.data as { mode: string }).mode;
  }

  it('refuses an off-topic question over HTTP while answering the eval questions the manifest says it answers', async () => {
    assert.equal(await ask({}, "What's the weather tomorrow?", 'en'), 'refusal');
    assert.equal(await ask({}, '明日の天気は？', 'ja'), 'refusal');
    const cases = parseJsonl(await readFile(join(dir, 'evals', 'cases.jsonl'), 'utf8'), 'cases.jsonl', EvalCaseSchema).filter(
      (c) => c.refuse !== true && (c.relevant?.length ?? 0) > 0,
    );
    for (const language of ['en', 'ja']) {
      const mine = cases.filter((c) => c.locale?.startsWith(language));
      let answered = 0;
      for (const c of mine) if ((await ask({}, c.query, c.locale!)) !== 'refusal') answered++;
      // The manifest rounds rates to 4 decimals.
      assert.equal(
        Math.round((answered / mine.length) * 1e4) / 1e4,
        bundle.manifest.answerability!.languages[language]!.answered,
        language,
      );
    }
  });

  it('lets minConfidence override the bundle threshold', async () => {
    // Off-topic, though a few of its words (recommend, order) are in the articles: refused at the
    // calibrated threshold, answered with whatever matched at 0.
    const query = 'Can you recommend a good pizza recipe for my order party?';
    assert.equal(await ask({}, query, 'en'), 'refusal');
    assert.equal(await ask({ minConfidence: 0 }, query, 'en'), 'extractive');
  });

  it('falls back on the default threshold for a bundle built before calibration', async () => {
    const { answerability: _, ...old } = bundle.manifest;
    const server = await serveHandler(createAnswerHandler({ bundle: { ...bundle, manifest: old }, rateLimit: false }));
    servers.push(server);
    const response = await fetch(`${server.url}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: "What's the weather tomorrow?", locale: 'en' }),
    });
    assert.equal(((await readEvents(response)).events.at(-1)!.data as { mode: string }).mode, 'refusal');
  });
});
