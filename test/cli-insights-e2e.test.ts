/**
 * End to end: the learning loop as an operator runs it — `kotae serve` records real answers,
 * feedback and an escalation (to a webhook on loopback); `kotae insights` and `kotae cases` (the
 * built binary) read the store while serve still holds it, and on a hand-built store whose
 * numbers are known.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { InsightsReport, StoreRecord } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { escalationRecord, feedbackRecord, interactionRecord } from '../packages/knowledge/test/support/store-records.js';
import { parseSse } from '../packages/server/test/support/sse-client.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';
import { post, storeWith } from './support/store-io.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function ask(id: string, hours: number, overrides: Parameters<typeof interactionRecord>[1] = {}): StoreRecord {
  return interactionRecord(id, {
    at: iso(T0 + hours * HOUR),
    query: `question ${id}`,
    locale: 'en',
    conversationId: `c-${id}`,
    userHash: undefined,
    sourceIds: ['reset-password#steps'],
    citations: ['reset-password#steps'],
    topScore: 0.9,
    ...overrides,
  });
}

/** A store whose numbers are known: 1 confirmed, 2 assumed, 1 escalated, 2 unanswered, 1 unresolved, 1 agent draft. */
const KNOWN: StoreRecord[] = [
  ask('confirmed', 0),
  feedbackRecord('confirmed', { at: iso(T0 + 0.1 * HOUR), helpful: true, resolved: true }),
  ask('assumed-1', 1),
  ask('assumed-2', 26),
  ask('escalated', 2, {
    query: 'refund my order',
    citations: ['refund-timing'],
    sourceIds: ['refund-timing'],
  }),
  escalationRecord('escalated', { at: iso(T0 + 2.1 * HOUR) }),
  ask('script', 3, { query: '<script>alert(1)</script> export csv', mode: 'refusal', citations: [], topScore: 0.1 }),
  ask('img', 4, { query: '"><img src=x onerror=alert(1)> export csv', mode: 'refusal', citations: [], topScore: 0.1 }),
  ask('down', 5, { query: 'how do i change my password' }),
  feedbackRecord('down', { at: iso(T0 + 5.1 * HOUR), helpful: false }),
  ask('agent', 6, { audience: 'agent', mode: 'refusal' }),
];

describe('kotae insights and kotae cases', () => {
  let dir: string;
  let known: string;
  let webhook: Server;
  let webhookUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-insights-e2e-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    known = join(dir, 'known');
    await storeWith(known, KNOWN);
    webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: 'T-1' })));
    });
    await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
    const address = webhook.address();
    webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tickets`;
  });
  after(async () => {
    await new Promise((done) => webhook.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  it('reports on a store kotae serve is writing to, without waiting for its lock', async () => {
    const store = join(dir, 'live');
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0', '--store', store, '--escalation-webhook', webhookUrl]);
    try {
      const asked = async (query: string, locale = 'en') => {
        const res = await post(url, 'answer', { query, locale, conversationId: `c-${query.length}` });
        assert.equal(res.status, 200);
        const done = parseSse(await res.text()).find((e) => e.event === 'done')!.data as { interactionId: string; mode: string };
        return done;
      };
      const solved = await asked('I forgot my password, how do I reset it?');
      assert.equal((await post(url, 'feedback', { interactionId: solved.interactionId, helpful: true, resolved: true })).status, 204);
      const handed = await asked('how do I return a jacket that is the wrong size');
      assert.equal((await post(url, 'escalations', { interactionId: handed.interactionId, message: 'help' })).status, 202);
      const refused = await asked('株価の予想を教えて', 'ja');
      assert.equal(refused.mode, 'refusal');

      const out = join(dir, 'live.html');
      const run = await kotae(['insights', store, '--bundle', join(dir, 'kb'), '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^3 questions from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\n/);
      assert.match(run.stdout, /\n {2}confirmed solved +1 +33\.3% +\(95% CI 6\.1%–79\.2%\)\n/);
      assert.match(run.stdout, /\n {2}handed to a person +1 +33\.3%/);
      assert.match(run.stdout, /\n {2}unanswered \("I don't know"\) +1 +33\.3%/);
      assert.match(run.stdout, /\nTop unanswered questions:\n +1× 株価の予想を教えて\n/);
      assert.match(run.stdout, new RegExp(`Report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d kB\\)\n$`));
      const html = await readFile(out, 'utf8');
      assert.match(html, /1 of 3 questions, likely between 6\.1% and 79%/);
      assert.match(html, /Reset your password/); // a title from the bundle

      const cases = await kotae(['cases', store, '--out', join(dir, 'live-cases.jsonl'), '--json']);
      assert.equal(cases.code, 0, cases.stderr);
      const result = JSON.parse(cases.stdout) as { added: number; reasons: Record<string, number> };
      assert.deepEqual(result.reasons, { 'thumbs-down': 0, escalated: 1, unanswered: 1, 'citation-failure': 0, flagged: 0 });
      assert.equal(result.added, 2);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
  });

  it('writes one self-contained HTML file with the known numbers, and escapes stored text', async () => {
    const out = join(dir, 'reports', 'known.html');
    const run = await kotae(['insights', known, '--out', out, '--until', '2026-05-10']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^7 questions from 2026-05-04 to 2026-05-10 \(1 agent-assist draft not counted\)\n/);
    for (const [name, count] of [
      ['confirmed solved', 1],
      ['probably solved \\(assumed\\)', 2],
      ['handed to a person', 1],
      ['unanswered \\("I don\'t know"\\)', 2],
      ['not solved \\(thumbs down or asked again\\)', 1],
      ['too recent to tell', 0],
    ] as const) {
      assert.match(run.stdout, new RegExp(`\\n  ${name} +${count} `));
    }
    const html = await readFile(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<embed/i);
    assert.doesNotMatch(html, /https?:|\/\/[a-z]|<[^>]*\s(on\w+|src|href)=/i);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62; export csv/);
    assert.match(html, /&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62; export csv/);
    assert.match(html, /1 of 7 questions, likely between 2\.6% and 51%/);
    assert.match(html, /2 of 7 questions/);
    assert.match(html, /<svg /);
  });

  it('prints the report as JSON with --json', async () => {
    const run = await kotae(['insights', known, '--json', '--bundle', join(dir, 'kb')]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as InsightsReport;
    assert.deepEqual(Object.keys(report).sort(), [
      'contentGaps',
      'escalatedArticles',
      'escalations',
      'gapScore',
      'generatedAt',
      'resolution',
      'topicSource',
      'topics',
      'trending',
      'unanswered',
    ]);
    assert.equal(report.resolution.overall.total, 7);
    assert.equal(report.resolution.agentExcluded, 1);
    assert.deepEqual(report.resolution.overall.unanswered.count, 2);
    assert.deepEqual(
      report.unanswered.map((q) => [q.query, q.count]),
      [
        ['<script>alert(1)</script> export csv', 1],
        ['"><img src=x onerror=alert(1)> export csv', 1],
      ],
    );
    assert.deepEqual(
      report.escalatedArticles.map((a) => [a.title, a.escalated.count, a.escalated.total]),
      [["When you'll get your refund", 1, 1]],
    );
    assert.equal(report.topicSource, 'article');
    assert.equal(report.resolution.periods.length, 2);
  });

  it('labels topics with a classifier trained by --topics, or loaded from a saved model', async () => {
    const examples = [
      ...['question about my password', 'forgot my password', 'change my password please', 'password reset question'].map((text) => ({
        text,
        label: 'passwords',
      })),
      ...['refund my order', 'I want my money back for the order', 'refund for a broken order', 'order refund please'].map((text) => ({
        text,
        label: 'refunds',
      })),
      ...['export csv', 'export my data as csv', 'csv export of the report', 'download csv export'].map((text) => ({
        text,
        label: 'exports',
      })),
    ];
    const labelled = join(dir, 'topics.jsonl');
    await writeFile(labelled, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const trained = await kotae(['insights', known, '--json', '--topics', labelled]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stderr, /kotae insights: training on 12 examples of/);
    const report = JSON.parse(trained.stdout) as InsightsReport;
    assert.equal(report.topicSource, 'classifier');
    const topics = new Map(report.topics.map((t) => [t.topic, t.total]));
    assert.equal(topics.get('refunds'), 1);
    assert.equal(topics.get('exports'), 2);
    assert.ok(
      [...topics.keys()].every((t) => ['passwords', 'refunds', 'exports'].includes(t)),
      [...topics.keys()].join(),
    );

    const model = join(dir, 'topics.model.json');
    assert.equal((await kotae(['classify', '--train', labelled, '--save-model', model])).code, 0);
    const loaded = await kotae(['insights', known, '--json', '--topics', model]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.deepEqual((JSON.parse(loaded.stdout) as InsightsReport).topics, report.topics);

    const bad = await kotae(['insights', known, '--topics', join(dir, 'nowhere.model.json')]);
    // A classifier model that cannot be read is a bundle-family error (a compiled artefact): exit 4.
    assert.equal(bad.code, 4);
    assert.match(bad.stderr, /nowhere\.model\.json: model file not found/);
  });

  it('turns the right interactions into cases, appends without touching reviewed ones', async () => {
    const file = join(dir, 'evals', 'from-interactions.jsonl');
    const first = await kotae(['cases', known, '--out', file]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stdout,
      [
        '4 interactions picked for review:',
        '  thumbs-down       1',
        '  escalated         1',
        '  unanswered        2',
        '  citation-failure  0',
        '  flagged           0',
        `4 new cases appended to ${file} (0 already there; 0 picked questions were among them)`,
        'Review them: add "relevant" article ids, "answers" phrases or "refuse": true to each.',
        '',
      ].join('\n'),
    );
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.deepEqual(
      lines
        .map((l) => JSON.parse(l) as { id: string; source: { interactionIds: string[]; reasons: string[] } })
        .map((c) => [c.id, c.source]),
      [
        ['int-escalated', { interactionIds: ['escalated'], reasons: ['escalated'] }],
        ['int-script', { interactionIds: ['script'], reasons: ['unanswered'] }],
        ['int-img', { interactionIds: ['img'], reasons: ['unanswered'] }],
        ['int-down', { interactionIds: ['down'], reasons: ['thumbs-down'] }],
      ],
    );
    // A person reviews the file: completes one case, adds one of their own (no newline at the end).
    const reviewed = lines
      .map((l) => (l.includes('int-down') ? JSON.stringify({ ...JSON.parse(l), relevant: ['reset-password'] }) : l))
      .join('\n');
    const mine = '{"id":"mine","query":"a question I wrote myself","locale":"en","refuse":true}';
    await writeFile(file, `${reviewed}\n${mine}`);
    // New interactions arrive: one new question, one already in the file.
    const more = join(dir, 'known-more');
    await storeWith(more, [
      ...KNOWN,
      ask('new', 30, { query: 'can I pay with bitcoin', mode: 'refusal', citations: [] }),
      ask('again', 31, { query: 'How do I change my password?' }),
      feedbackRecord('again', { at: iso(T0 + 31.1 * HOUR), helpful: false }),
    ]);
    const second = await kotae(['cases', more, '--out', file, '--json']);
    assert.equal(second.code, 0, second.stderr);
    const result = JSON.parse(second.stdout) as { existing: number; added: number; alreadyPresent: number; cases: { id: string }[] };
    assert.deepEqual([result.existing, result.added, result.alreadyPresent], [5, 1, 5]);
    assert.deepEqual(
      result.cases.map((c) => c.id),
      ['int-new'],
    );
    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith(`${reviewed}\n${mine}\n`), 'the reviewed cases are unchanged');
    assert.match(text.slice(`${reviewed}\n${mine}\n`.length), /^\{"id":"int-new","query":"can I pay with bitcoin",.*\}\n$/);
  });

  it('leaves a cases file with a malformed line untouched', async () => {
    const file = join(dir, 'bad-cases.jsonl');
    const text = '{"id":"a","query":"ok"}\n{"id":"b","query":\n';
    await writeFile(file, text);
    const run = await kotae(['cases', known, '--out', file]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: invalid JSON`));
    assert.equal(await readFile(file, 'utf8'), text);
  });

  it('says so when there are no questions in the range', async () => {
    const run = await kotae(['insights', known, '--since', '2027-01-01', '--out', join(dir, 'empty.html')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^No end-user questions in this range\.\nReport: .*empty\.html \(\d+\.\d kB\)\n$/);
    assert.match(await readFile(join(dir, 'empty.html'), 'utf8'), /0 of 0 questions|no questions/);
  });

  it('gives a usage error for bad arguments', async () => {
    const since = await kotae(['insights', known, '--since', '3x']);
    assert.equal(since.code, 2);
    assert.equal(
      since.stderr,
      'kotae: invalid --since "3x" (expected a span back from now such as 30d, 12h or 2w, or a date such as 2026-05-01)\n' +
        'Usage: kotae insights <storeDir> [--since <when>] [--until <when>] [--out <report.html>] [--bundle <bundleDir>] [--topics <file>] [--repeat-window <hours>] [--json]\n' +
        'Run "kotae insights --help" for help.\n',
    );
    const until = await kotae(['cases', known, '--until', 'yesterday']);
    assert.equal(until.code, 2);
    assert.match(until.stderr, /^kotae: invalid --until "yesterday"/);
    const empty = await kotae(['insights', known, '--since', '2026-05-10', '--until', '2026-05-01']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^kotae: --until "2026-05-01" must be later than --since "2026-05-10"\n/);
    const window = await kotae(['insights', known, '--repeat-window', '0']);
    assert.equal(window.code, 2);
    assert.match(window.stderr, /^kotae: invalid --repeat-window "0" \(expected a positive integer\)/);
    const missing = await kotae(['insights']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kotae: missing <storeDir>\n/);
  });

  it('says clearly when the store is missing or damaged', async () => {
    const nowhere = join(dir, 'nowhere');
    const missing = await kotae(['insights', nowhere]);
    assert.deepEqual(missing, { code: 3, stdout: '', stderr: `${nowhere}: store directory not found\n` });
    const notStore = await kotae(['cases', join(dir, 'kb')]);
    assert.equal(notStore.code, 3);
    assert.equal(notStore.stderr, `${join(dir, 'kb')}: not an interaction store (no interactions-*.jsonl files)\n`);
    // Nothing listens on port 1: the error names the database, never its password.
    const pg = await kotae(['insights', 'postgres://kotae:secret@127.0.0.1:1/kotae']);
    assert.equal(pg.code, 5);
    assert.doesNotMatch(pg.stderr, /secret/);
    assert.match(pg.stderr, /cannot connect to interaction store postgres:\/\/kotae:.*@127\.0\.0\.1:1\/kotae/);

    const damaged = join(dir, 'damaged');
    await storeWith(damaged, KNOWN.slice(0, 4));
    const segment = join(damaged, 'interactions-000001.jsonl');
    const lines = (await readFile(segment, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"helpful":true', '"helpful":false'); // the checksum no longer matches
    await writeFile(segment, lines.join('\n'));
    const run = await kotae(['insights', damaged, '--json']);
    assert.equal(run.code, 5);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: checksum mismatch \\(byte offset \\d+\\)\\n$`),
    );

    // A half-written last line (an append in flight) is left out, not an error.
    await writeFile(segment, `${(await readFile(segment, 'utf8')).split('\n')[0]}\n`);
    await appendFile(segment, '{"sha256":"0000');
    const torn = await kotae(['insights', damaged, '--json']);
    assert.equal(torn.code, 0, torn.stderr);
    assert.equal((JSON.parse(torn.stdout) as InsightsReport).resolution.overall.total, 1);
  });
});
