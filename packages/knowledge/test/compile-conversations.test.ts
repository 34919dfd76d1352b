import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KotaeError } from '../src/index.js';
import { BundleFormatError, ContentError, formatIssue } from '../src/errors.js';
import {
  CONFIG_FILE,
  MAX_ISSUES_PER_FILE,
  compileContent,
  loadConfig,
  readBundleDir,
  readPrecedentsDir,
  type Progress,
} from '../src/node.js';
import { article, caught, contentDir, tempDir } from './support/content.js';

const clock = () => new Date('2026-01-02T03:04:05.000Z');

const ARTICLES = {
  'articles/refunds.md': article('id: refunds\ntitle: Refunds', 'A double charge is refunded to the card within five business days.\n'),
  'articles/shipping.md': article('id: shipping\ntitle: Shipping', 'Parcels arrive in three days. Tracking updates daily.\n'),
};

const line = (id: string, messages: [string, string][], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, channel: 'chat', locale: 'en', ...extra, messages: messages.map(([role, text]) => ({ role, text })) });

const JSONL = [
  line('j1', [
    ['customer', 'I was charged twice for one order, my email is taro@example.com'],
    ['agent', 'I refunded the second charge to your card; it takes five business days.'],
  ]),
  '{"id": "broken", "messages": [',
  line(
    'j2',
    [
      ['customer', 'My parcel never arrived and the tracking page is stuck'],
      ['agent', 'I reshipped your parcel by express at no cost to you.'],
    ],
    { outcome: 'escalated' },
  ),
  line('j3', [
    ['customer', 'hello'],
    ['agent', 'hi'],
  ]),
].join('\n');

const CSV =
  'conversation_id,time,role,text\n' +
  'k1,2026-01-01T10:00:00Z,customer,"My card 4111 1111 1111 1111 was charged twice, call me at +1 415 555 0132"\n' +
  'k1,2026-01-01T10:01:00Z,agent,"Refunded the duplicate charge, you will see it in five days."\n' +
  'k2,2026-01-01T11:00:00Z,robot,beep\n';

async function listBytes(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      files.set(join(entry.parentPath, entry.name).slice(dir.length + 1), await readFile(join(entry.parentPath, entry.name)));
  return files;
}

describe('compileContent with conversations', () => {
  it('writes precedents to the internal bundle only, and the public bundle is the same with or without them', async () => {
    const plain = await contentDir(ARTICLES);
    const withChats = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL, 'conversations/2026/export.csv': CSV });
    const outPlain = join(await tempDir(), 'kb');
    const out = join(await tempDir(), 'kb');
    const internalOut = join(await tempDir(), 'precedents');
    await compileContent(plain, { out: outPlain, now: clock });
    const result = await compileContent(withChats, { out, internalOut, now: clock });
    // Same id (the directory name) for both: only the conversations differ.
    assert.deepEqual(await listBytes(out), await listBytes(outPlain));

    assert.deepEqual(
      { ...result.conversations, bytes: 0 },
      {
        files: 2,
        inputBytes: Buffer.byteLength(JSONL) + Buffer.byteLength(CSV),
        read: 4,
        precedents: 2,
        dropped: 0,
        skipped: { outcome: 1, 'too-short': 0, 'no-problem': 1, 'no-resolution': 0, duplicate: 0 },
        badLines: 2,
        internalOut,
        bytes: 0,
      },
    );
    assert.ok(result.conversations.bytes > 0);
    assert.deepEqual(result.warnings.map(formatIssue), [
      'conversations/2026/export.csv:4: warning: unknown role "robot" (map it to customer, agent, bot or system in conversations.csv.roles); row skipped',
      'conversations/chats.jsonl:2: warning: invalid JSON: unexpected end of line',
    ]);

    const precedents = await readPrecedentsDir(internalOut);
    assert.deepEqual(
      precedents.index.sections().map((s) => [s.id, s.line, s.audience]),
      [
        ['precedent-k1', 2, 'internal'],
        ['precedent-j1', 1, 'internal'],
      ],
    );
    const [hit] = precedents.search('charged twice refund', { locale: 'en' });
    assert.equal(hit?.id, 'precedent-k1');
    assert.equal(hit.problem, 'My card [CARD] was charged twice, call me at [PHONE]');

    const internalFiles = await readdir(internalOut);
    assert.deepEqual(internalFiles.map((f) => f.split('.')[0]).sort(), ['index', 'manifest', 'sections']);
    const manifest = JSON.parse(await readFile(join(internalOut, 'manifest.json'), 'utf8')) as { id: string; stats: { articles: number } };
    assert.equal(manifest.id, 'content-precedents');
    assert.equal(manifest.stats.articles, 2);
  });

  it('never puts a precedent where public search or the widget can reach it', async () => {
    const dir = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL });
    const out = join(await tempDir(), 'kb');
    await compileContent(dir, { out, internalOut: join(await tempDir(), 'internal') });
    const bundle = await readBundleDir(out);
    assert.ok(bundle.index.sections().every((s) => !s.id.startsWith('precedent-')));
    for (const bytes of (await listBytes(out)).values()) {
      const text = bytes.toString('utf8');
      assert.ok(!text.includes('precedent') && !text.includes('reshipped') && !text.includes('[EMAIL]'));
    }
    assert.deepEqual(
      bundle.index.search('charged twice', { includeInternal: true }).map((r) => r.id),
      ['refunds'],
    );
  });

  it('reads and counts conversations without writing them when there is no internalOut', async () => {
    const dir = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL });
    const result = await compileContent(dir);
    assert.equal(result.internal, undefined);
    assert.equal(result.conversations.precedents, 1);
    assert.equal(result.conversations.internalOut, undefined);
    assert.equal(result.conversations.bytes, 0);
  });

  it('with strict, fails on bad lines with their file and line and writes nothing', async () => {
    const dir = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL, 'conversations/export.csv': CSV });
    const out = join(await tempDir(), 'kb');
    const internalOut = join(await tempDir(), 'internal');
    const error = await caught<ContentError>(() => compileContent(dir, { out, internalOut, strict: true }));
    assert.ok(error instanceof ContentError);
    assert.deepEqual(error.issues.map(formatIssue), [
      'conversations/chats.jsonl:2: warning: invalid JSON: unexpected end of line',
      'conversations/export.csv:4: warning: unknown role "robot" (map it to customer, agent, bot or system in conversations.csv.roles); row skipped',
    ]);
    assert.equal(await stat(out).catch(() => undefined), undefined);
    assert.equal(await stat(internalOut).catch(() => undefined), undefined);
  });

  it('fails on a CSV header without a mapped column, naming the config field', async () => {
    const dir = await contentDir({
      ...ARTICLES,
      [CONFIG_FILE]: JSON.stringify({ conversations: { csv: { columns: { text: 'body' } } } }),
      'conversations/export.csv': CSV,
    });
    const error = await caught<ContentError>(() => compileContent(dir));
    assert.ok(error instanceof ContentError);
    assert.equal(
      error.message,
      'conversations/export.csv:1: conversations.csv.columns.text: no column "body" in the header (columns: "conversation_id", "time", "role", "text")',
    );
  });

  it('applies the conversations config: included outcomes, fewest messages, allowed values', async () => {
    const dir = await contentDir({
      ...ARTICLES,
      [CONFIG_FILE]: JSON.stringify({ conversations: { include: ['escalated'], minMessages: 2, allow: ['taro@example.com'] } }),
      'conversations/chats.jsonl': [
        line(
          'a',
          [
            ['customer', 'I was charged twice, write to taro@example.com'],
            ['agent', 'Escalated the double charge to billing today.'],
          ],
          { outcome: 'escalated' },
        ),
        line(
          'b',
          [
            ['customer', 'I was charged twice for one order'],
            ['agent', 'Refunded the second charge today.'],
          ],
          { outcome: 'resolved' },
        ),
      ].join('\n'),
    });
    const result = await compileContent(dir, { internalOut: join(await tempDir(), 'internal') });
    assert.deepEqual(result.internal && [...result.internal.files.keys()].length, 2);
    assert.equal(result.conversations.precedents, 1);
    assert.equal(result.conversations.skipped.outcome, 1);
    const texts = (await readPrecedentsDir(result.conversations.internalOut!)).index.sections().map((s) => s.text);
    assert.deepEqual(texts, [
      'Customer: I was charged twice, write to taro@example.com\n\nAgent: Escalated the double charge to billing today.',
    ]);
  });

  it('keeps the maxPrecedents most recent precedents', async () => {
    const chat = (id: string, createdAt?: string) =>
      line(
        id,
        [
          ['customer', `I was charged twice for order ${id}`],
          ['agent', 'Refunded the second charge today.'],
        ],
        createdAt ? { createdAt } : {},
      );
    const dir = await contentDir({
      ...ARTICLES,
      [CONFIG_FILE]: JSON.stringify({ conversations: { maxPrecedents: 2 } }),
      'conversations/a.jsonl': [
        chat('new', '2026-03-01T00:00:00Z'),
        chat('untimed'),
        chat('old', '2025-01-01T00:00:00Z'),
        chat('newer', '2026-04-01'),
      ].join('\n'),
    });
    const result = await compileContent(dir, { internalOut: join(await tempDir(), 'internal') });
    assert.deepEqual([result.conversations.precedents, result.conversations.dropped], [2, 2]);
    assert.deepEqual(
      (await readPrecedentsDir(result.conversations.internalOut!)).index.sections().map((s) => s.id),
      ['precedent-new', 'precedent-newer'],
    );
    const counted = await compileContent(dir);
    assert.deepEqual([counted.conversations.precedents, counted.conversations.dropped], [2, 2]);
  });

  it('reports a duplicate conversation id with where it was first', async () => {
    const chat = line('same', [
      ['customer', 'I was charged twice for one order'],
      ['agent', 'Refunded the second charge today.'],
    ]);
    const dir = await contentDir({ ...ARTICLES, 'conversations/a.jsonl': chat, 'conversations/b.jsonl': `\n${chat}` });
    const result = await compileContent(dir);
    assert.deepEqual(result.warnings.map(formatIssue), [
      'conversations/b.jsonl:2: warning: duplicate conversation id "same" (also at conversations/a.jsonl:1); skipped',
    ]);
    assert.equal(result.conversations.skipped.duplicate, 1);
  });

  it(`lists at most ${MAX_ISSUES_PER_FILE} problems per file and counts the rest`, async () => {
    const bad = Array.from({ length: MAX_ISSUES_PER_FILE + 5 }, () => 'not json').join('\n');
    const dir = await contentDir({ ...ARTICLES, 'conversations/bad.jsonl': bad });
    const result = await compileContent(dir);
    assert.equal(result.conversations.badLines, MAX_ISSUES_PER_FILE + 5);
    assert.equal(result.warnings.length, MAX_ISSUES_PER_FILE + 1);
    assert.equal(formatIssue(result.warnings.at(-1)!), 'conversations/bad.jsonl: warning: 5 more problems in this file are not listed');
  });

  it('refuses an internal bundle inside the public one, and the other way round', async () => {
    const dir = await contentDir(ARTICLES);
    const root = await tempDir();
    await assert.rejects(compileContent(dir, { out: join(root, 'kb'), internalOut: join(root, 'kb', 'internal') }), (e: unknown) => {
      assert.ok(e instanceof KotaeError);
      assert.equal(
        e.message,
        `${join(root, 'kb', 'internal')}: the internal bundle must not be inside the public bundle directory ${join(root, 'kb')} (precedents would be published with it)`,
      );
      return true;
    });
    await assert.rejects(compileContent(dir, { out: join(root, 'kb'), internalOut: join(root, 'kb') }), KotaeError);
    await assert.rejects(
      compileContent(dir, { out: join(root, 'p', 'kb'), internalOut: join(root, 'p') }),
      /must not be inside the internal bundle directory/,
    );
  });

  it('reports reading conversations as progress in bytes', async () => {
    const dir = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL });
    const events: Progress[] = [];
    await compileContent(dir, { internalOut: join(await tempDir(), 'internal'), onProgress: (p) => events.push(p) });
    const bytes = Buffer.byteLength(JSONL);
    assert.deepEqual(
      events.filter((e) => e.phase === 'conversations'),
      [{ phase: 'conversations', done: bytes, total: bytes }],
    );
  });

  it('stops when its signal is aborted', async () => {
    const dir = await contentDir({ ...ARTICLES, 'conversations/chats.jsonl': JSONL });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(compileContent(dir, { signal: controller.signal }), /stop|aborted/);
  });
});

describe('readPrecedentsDir', () => {
  it('refuses a public bundle', async () => {
    const dir = await contentDir(ARTICLES);
    const out = join(await tempDir(), 'kb');
    await compileContent(dir, { out });
    const error = await caught(() => readPrecedentsDir(out));
    assert.ok(error instanceof BundleFormatError);
    assert.equal(error.message, `${out}: not an internal bundle of precedents (it holds "refunds")`);
  });
});

describe('loadConfig conversations', () => {
  it('names nested fields and their line', async () => {
    const text =
      '{\n  "id": "kb",\n  "conversations": {\n    "minMessages": 0,\n    "csv": {\n      "delimiter": "\\"",\n      "colums": {}\n    }\n  }\n}';
    const dir = await contentDir({ [CONFIG_FILE]: text });
    const error = await caught<ContentError>(() => loadConfig(dir));
    assert.ok(error instanceof ContentError);
    assert.deepEqual(error.issues.map(formatIssue), [
      'kotae.config.json:4: "conversations.minMessages" Too small: expected number to be >0',
      'kotae.config.json:6: "conversations.csv.delimiter" must be one character other than a quote or a line break',
      'kotae.config.json:7: "conversations.csv.colums" Unrecognized key: "colums"',
    ]);
  });
});
