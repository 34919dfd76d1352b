/**
 * The console's review workflow over real HTTP on loopback, on every store (memory, JSONL files,
 * a real PostgreSQL started here): flag → test case, topic labels that change the next classifier
 * and its accuracy on reviewed labels, and erasure (admin only), each write audited.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { EvalCaseSchema, type AnnotationRecord, type StoreRecord } from '@kotae/knowledge';
import {
  CONSOLE_COOKIE,
  CSRF_HEADER,
  createConsoleApi,
  MemoryInteractionStore,
  type AuditEntry,
  type InteractionStore,
} from '../src/index.js';
import { JsonlInteractionStore } from '../src/node.js';
import { PostgresInteractionStore } from '../src/postgres.js';
import { tempDir } from './support/content.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { feedbackRecord, interactionRecord } from './support/store-records.js';

let pg: PostgresServer | undefined;
after(async () => {
  await pg?.stop();
});

/** The examples the classifier learns from besides reviewers' labels: two topics. */
const BASE_EXAMPLES = [
  { text: 'I forgot my password', label: 'account' },
  { text: 'reset my password please', label: 'account' },
  { text: 'cannot sign in to my account', label: 'account' },
  { text: 'change the email on my account', label: 'account' },
  { text: 'I was charged twice this month', label: 'billing' },
  { text: 'refund for my last invoice', label: 'billing' },
  { text: 'update my credit card for payments', label: 'billing' },
  { text: 'where is my invoice', label: 'billing' },
];

const STORES: { name: string; create: () => Promise<InteractionStore> }[] = [
  { name: 'MemoryInteractionStore', create: async () => new MemoryInteractionStore() },
  { name: 'JsonlInteractionStore', create: async () => JsonlInteractionStore.open(join(await tempDir('kotae-workflow-'), 'store')) },
  {
    name: 'PostgresInteractionStore',
    create: async () => {
      pg ??= await startPostgres();
      return PostgresInteractionStore.open(await pg.createDatabase());
    },
  },
];

for (const harness of STORES) {
  describe(`console review workflow (${harness.name})`, () => {
    let store: InteractionStore;
    let server: Server;
    let origin: string;
    let api: ReturnType<typeof createConsoleApi>;
    let clock = Date.parse('2026-03-05T09:00:00Z');

    before(async () => {
      store = await harness.create();
      await store.append(interactionRecord('i-1', { query: 'the password reset link expired', conversationId: 'c-1', userHash: 'u-1' }));
      await store.append(feedbackRecord('i-1', { helpful: false }));
      await store.append(
        interactionRecord('i-2', { query: 'the password reset email never came', conversationId: 'c-2', userHash: 'u-2', language: 'en' }),
      );
      await store.append(interactionRecord('i-3', { query: 'can I pay with bitcoin', conversationId: 'c-3', userHash: 'u-3' }));
      api = createConsoleApi({ store, now: () => clock, topics: { examples: async () => BASE_EXAMPLES } });
      server = createServer(getRequestListener(api.fetch));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    });

    async function signIn(user: string, role: 'viewer' | 'reviewer' | 'admin') {
      const res = await fetch(`${origin}/v1/console/sign-in?token=${api.sessions.link(user, role)}`, { redirect: 'manual' });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.ok(cookie.startsWith(`${CONSOLE_COOKIE}=`));
      const { csrf } = (await (await fetch(`${origin}/v1/console/session`, { headers: { cookie } })).json()) as { csrf: string };
      return {
        get: (path: string) => fetch(`${origin}/v1/console${path}`, { headers: { cookie } }),
        post: (path: string, body: unknown) =>
          fetch(`${origin}/v1/console${path}`, {
            method: 'POST',
            headers: { cookie, [CSRF_HEADER]: csrf, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
      };
    }

    async function audit(): Promise<AuditEntry[]> {
      const entries: AuditEntry[] = [];
      for await (const entry of store.auditLog()) entries.push(entry);
      return entries;
    }

    it('turns a flagged interaction into an eval case, validated and audited', async () => {
      const ana = await signIn('ana@example.com', 'reviewer');
      clock += 60_000;
      const res = await ana.post('/interactions/i-1/case', { relevant: ['reset-password'], answers: ['24 hours', 'mail ana@example.com'] });
      assert.equal(res.status, 201, await res.clone().text());
      const annotation = (await res.json()) as AnnotationRecord;
      assert.equal(annotation.type, 'case');
      assert.deepEqual(annotation.case, {
        id: 'review-i-1',
        query: 'the password reset link expired',
        locale: 'ja',
        context: '/settings/account',
        relevant: ['reset-password'],
        answers: ['24 hours', 'mail [EMAIL]'],
        source: { interactionIds: ['i-1'], reasons: ['reviewed'] },
      });
      assert.ok(EvalCaseSchema.safeParse(annotation.case).success);
      // A must-refuse case, then a correction of the first: the latest is the current one.
      assert.equal((await ana.post('/interactions/i-3/case', { refuse: true })).status, 201);
      clock += 60_000;
      assert.equal((await ana.post('/interactions/i-1/case', { relevant: ['reset-password'] })).status, 201);
      const { cases } = (await (await ana.get('/cases')).json()) as {
        cases: { case: { id: string; relevant?: string[]; refuse?: boolean } }[];
      };
      assert.deepEqual(
        cases.map((c) => [c.case.id, c.case.relevant ?? null, c.case.refuse ?? null]),
        [
          ['review-i-1', ['reset-password'], null],
          ['review-i-3', null, true],
        ],
      );
      const entries = (await audit()).filter((e) => e.action === 'case.create');
      assert.equal(entries.length, 3);
      assert.equal(entries[2]!.target, 'i-1');
      assert.equal((entries[2]!.before as AnnotationRecord).id, annotation.id);
      // Nothing to expect, a refusal with articles, an unknown field, an unknown interaction.
      assert.equal((await ana.post('/interactions/i-2/case', {})).status, 400);
      assert.equal((await ana.post('/interactions/i-2/case', { refuse: true, relevant: ['x'] })).status, 400);
      assert.equal((await ana.post('/interactions/i-2/case', { relevant: ['x'], bogus: 1 })).status, 400);
      assert.equal((await ana.post('/interactions/nope/case', { refuse: true })).status, 404);
    });

    it('retrains the topic classifier on a label correction, which changes its prediction, and reports accuracy on reviewed labels', async () => {
      const ana = await signIn('ana@example.com', 'reviewer');
      const viewer = await signIn('vic@example.com', 'viewer');
      assert.deepEqual(await (await viewer.get('/classifier')).json(), { trained: false, reviewedLabels: 0 });
      assert.equal((await ana.post('/classifier/train', {})).status, 201);
      const predicted = async () =>
        ((await (await ana.get('/topics')).json()) as { labels: { interactionId: string; label: string; predicted: string }[] }).labels;

      // The question is about a password reset: the base examples make it "account"; the reviewer says "billing".
      clock += 60_000;
      assert.equal((await ana.post('/interactions/i-2/topic', { topic: 'billing' })).status, 201);
      assert.deepEqual(
        (await predicted()).map((l) => [l.interactionId, l.label, l.predicted]),
        [['i-2', 'billing', 'account']],
      );
      const stale = (await (await viewer.get('/classifier')).json()) as {
        accuracy: { accuracy: number };
        unseenAccuracy: { examples: number };
      };
      assert.equal(stale.accuracy.accuracy, 0);
      assert.equal(stale.unseenAccuracy.examples, 1, 'the label came after the classifier');

      const trained = (await (await ana.post('/classifier/train', {})).json()) as { examples: number; reviewedExamples: number };
      assert.deepEqual([trained.examples, trained.reviewedExamples], [BASE_EXAMPLES.length + 1, 1]);
      assert.equal((await predicted())[0]!.predicted, 'billing', 'the correction changed the next classifier');
      const report = (await (await viewer.get('/classifier')).json()) as {
        accuracy: { examples: number; accuracy: number };
        unseenAccuracy: unknown;
        labels: string[];
      };
      assert.deepEqual(report.accuracy.examples, 1);
      assert.equal(report.accuracy.accuracy, 1);
      assert.equal(report.unseenAccuracy, null);
      assert.deepEqual(report.labels, ['account', 'billing']);

      const actions = (await audit()).map((e) => e.action);
      assert.equal(actions.filter((a) => a === 'topic.set').length, 1);
      assert.equal(actions.filter((a) => a === 'classifier.train').length, 2);
      assert.equal((await ana.post('/interactions/i-2/topic', { topic: ' ' })).status, 400);
      assert.equal((await viewer.post('/classifier/train', {})).status, 403);
    });

    it('erases a conversation and a user for an admin only, audited without the erased text', async () => {
      const ana = await signIn('ana@example.com', 'reviewer');
      const admin = await signIn('root@example.com', 'admin');
      assert.equal((await ana.post('/erase', { conversationId: 'c-1' })).status, 403);
      assert.equal((await admin.post('/erase', {})).status, 400);
      const byConversation = await admin.post('/erase', { conversationId: 'c-1' });
      assert.equal(byConversation.status, 200);
      assert.deepEqual(await byConversation.json(), {
        erased: { conversationId: ['c-1'] },
        removed: { interaction: 1, feedback: 1, escalation: 0, review: 0, annotation: 2 },
      });
      const byUser = (await (await admin.post('/erase', { userHash: 'u-2' })).json()) as {
        removed: { interaction: number; annotation: number };
      };
      assert.deepEqual([byUser.removed.interaction, byUser.removed.annotation], [1, 1]);
      const left: StoreRecord[] = [];
      for await (const record of store.records()) left.push(record);
      assert.deepEqual(
        left.map((r) => (r.kind === 'interaction' ? r.id : `${r.kind}:${r.interactionId}`)),
        ['i-3', 'annotation:i-3'],
      );
      const erasures = (await audit()).filter((e) => e.action === 'records.erase');
      assert.deepEqual(
        erasures.map((e) => [e.actor, e.role, e.target]),
        [
          ['root@example.com', 'admin', 'c-1'],
          ['root@example.com', 'admin', 'u-2'],
        ],
      );
      assert.doesNotMatch(JSON.stringify(erasures), /password/);
      // The labels of erased interactions are gone: nothing left to measure.
      assert.deepEqual(((await (await ana.get('/topics')).json()) as { labels: unknown[] }).labels, []);
    });
  });
}
