/**
 * What every `InteractionStore` promises the review console (memory, JSONL, PostgreSQL): review
 * records, the review queue (signals, sorts, cursor pages), threads and the append-only audit log.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReviewRecord, StoreRecord } from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import { StoreRecordError, type AuditEntry, type InteractionStore, type ReviewQueueQuery } from '../../src/index.js';
import { sampleBucket } from '../../src/store/review-queue.js';
import { caught } from './content.js';
import type { StoreHarness } from './store-contract.js';
import { escalationRecord, feedbackRecord, interactionRecord } from './store-records.js';

/** A review record, for store tests. */
export function reviewRecord(interactionId: string, overrides: Partial<ReviewRecord> = {}): ReviewRecord {
  return {
    kind: 'review',
    interactionId,
    at: '2026-03-05T09:00:00.000Z',
    id: `r-${interactionId}`,
    reviewer: 'ana@example.com',
    resolved: false,
    verdict: 'wrong',
    scores: { accuracy: 2, completeness: 3, tone: 5, 'followed-policy': 4 },
    note: 'cites the wrong article',
    correction: 'Open Settings → Security and choose "Reset password".',
    ...overrides,
  };
}

const at = (minute: number) => `2026-03-04T10:${String(minute).padStart(2, '0')}:00.000Z`;

/**
 * Twelve interactions a minute apart (q-00 oldest … q-11 newest), each with one signal or none,
 * and their feedback, escalations and reviews.
 */
export function queueRecords(): StoreRecord[] {
  const i = (n: number, overrides: Parameters<typeof interactionRecord>[1] = {}) =>
    interactionRecord(`q-${String(n).padStart(2, '0')}`, { at: at(n), topScore: 0.9 - n / 100, conversationId: `c-${n}`, ...overrides });
  return [
    i(0),
    i(1),
    feedbackRecord('q-01', { at: at(20), helpful: false, resolved: false }), // thumbs-down
    i(2),
    feedbackRecord('q-02', { at: at(20), helpful: false }),
    feedbackRecord('q-02', { at: at(21), helpful: true, resolved: true }), // changed their mind: not negative
    i(3, { mode: 'refusal', topScore: 0.1 }), // refused and low
    i(4, { topScore: 0.2 }), // low
    i(5, { flags: ['citation-check-failed'] }), // flagged
    i(6),
    escalationRecord('q-06', { at: at(22), stage: 'filed', delivered: false }), // escalated
    i(7),
    escalationRecord('q-07', { at: at(22), stage: 'delivery', id: 'e-x', delivered: true }), // a delivery alone is no request
    i(8),
    reviewRecord('q-08'),
    reviewRecord('q-08', { id: 'r-q-08-2', at: '2026-03-05T10:00:00.000Z', verdict: 'correct', resolved: true }),
    i(9, { conversationId: 'c-shared' }),
    i(10, { conversationId: 'c-shared' }),
    feedbackRecord('q-10', { at: at(23), helpful: false }),
    i(11, { at: 'not a date' }),
  ];
}

async function pages(store: InteractionStore, query: ReviewQueueQuery): Promise<{ ids: string[]; pageCount: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pageCount = 0;
  do {
    const page = await store.reviewQueue({ ...query, cursor });
    pageCount++;
    assert.ok(page.items.length <= (query.limit ?? 25));
    ids.push(...page.items.map((item) => item.interaction.id));
    cursor = page.next;
  } while (cursor !== undefined && pageCount < 50);
  return { ids, pageCount };
}

/** Registers the review tests of one store implementation. */
export function reviewContract(name: string, harness: StoreHarness): void {
  const filled = async (): Promise<InteractionStore> => {
    const store = await harness.create();
    for (const record of queueRecords()) await store.append(record);
    return store;
  };

  describe(`${name} (review console contract)`, () => {
    it('keeps review records and returns them with the interaction', async () => {
      const store = await filled();
      try {
        const thread = await store.thread({ interactionId: 'q-08' });
        assert.deepEqual(
          thread.map((r) => r.kind),
          ['interaction', 'review', 'review'],
        );
        assert.deepEqual(thread[1], reviewRecord('q-08'));
      } finally {
        await store.close();
      }
    });

    it('pages through every interaction newest first, undated last, without repeats', async () => {
      const store = await filled();
      try {
        const { ids, pageCount } = await pages(store, { limit: 5 });
        assert.deepEqual(ids, ['q-10', 'q-09', 'q-08', 'q-07', 'q-06', 'q-05', 'q-04', 'q-03', 'q-02', 'q-01', 'q-00', 'q-11']);
        assert.equal(pageCount, 3);
        const oldest = await pages(store, { limit: 4, sort: 'oldest' });
        assert.deepEqual(oldest.ids, ['q-11', 'q-00', 'q-01', 'q-02', 'q-03', 'q-04', 'q-05', 'q-06', 'q-07', 'q-08', 'q-09', 'q-10']);
        const lowest = await pages(store, { limit: 3, sort: 'lowest-score' });
        assert.deepEqual(lowest.ids.slice(0, 4), ['q-03', 'q-04', 'q-11', 'q-10']);
        assert.equal(lowest.ids.length, 12);
      } finally {
        await store.close();
      }
    });

    it('filters by signals (any of them) and reports every signal of an item', async () => {
      const store = await filled();
      try {
        const only = async (query: ReviewQueueQuery) => (await pages(store, { limit: 2, ...query })).ids;
        assert.deepEqual(await only({ signals: ['thumbs-down'] }), ['q-10', 'q-01']);
        assert.deepEqual(await only({ signals: ['escalated'] }), ['q-06']);
        assert.deepEqual(await only({ signals: ['refused'] }), ['q-03']);
        assert.deepEqual(await only({ signals: ['low-answerability'] }), ['q-04', 'q-03']);
        assert.deepEqual(await only({ signals: ['low-answerability'], lowScoreBelow: 0.15 }), ['q-03']);
        assert.deepEqual(await only({ signals: ['flagged'] }), ['q-05']);
        assert.deepEqual(await only({ signals: ['flagged', 'escalated', 'refused'] }), ['q-06', 'q-05', 'q-03']);
        const page = await store.reviewQueue({ signals: ['refused'], sampleShare: 0 });
        assert.deepEqual(page.items[0]!.signals, ['refused', 'low-answerability']);
        assert.equal(page.next, undefined);
      } finally {
        await store.close();
      }
    });

    it('counts reviews and leaves reviewed interactions out when asked for unreviewed ones', async () => {
      const store = await filled();
      try {
        const all = await store.reviewQueue({ limit: 100 });
        assert.equal(all.items.find((item) => item.interaction.id === 'q-08')!.reviews, 2);
        assert.equal(all.items.find((item) => item.interaction.id === 'q-07')!.reviews, 0);
        const unreviewed = await pages(store, { unreviewed: true, limit: 100 });
        assert.equal(unreviewed.ids.length, 11);
        assert.ok(!unreviewed.ids.includes('q-08'));
      } finally {
        await store.close();
      }
    });

    it('samples by a hash of the id, the same share in every store', async () => {
      const store = await harness.create();
      try {
        const ids = Array.from({ length: 200 }, (_, n) => `s-${n}`);
        for (const id of ids) await store.append(interactionRecord(id, { at: at(n(id)) }));
        const expected = [];
        for (const id of ids) if ((await sampleBucket(id)) < 0.25) expected.push(id);
        const sampled = (await pages(store, { signals: ['sample'], sampleShare: 0.25, limit: 100 })).ids;
        assert.deepEqual(new Set(sampled), new Set(expected));
        assert.ok(expected.length > 30 && expected.length < 70, `about a quarter of 200, got ${expected.length}`);
        assert.equal((await store.reviewQueue({ signals: ['sample'], sampleShare: 0 })).items.length, 0);
        assert.equal((await pages(store, { signals: ['sample'], sampleShare: 1, limit: 100 })).ids.length, 200);
      } finally {
        await store.close();
      }
    });

    it('rejects a cursor it did not make and options out of range', async () => {
      const store = await filled();
      try {
        for (const query of [
          { cursor: 'not-a-cursor' },
          { signals: ['bogus' as 'flagged'] },
          { sort: 'random' as 'newest' },
          { limit: 0 },
          { limit: 101 },
          { sampleShare: 2 },
        ]) {
          const error = await caught(() => store.reviewQueue(query));
          assert.ok(error instanceof InvalidOptionError, `${JSON.stringify(query)}: ${String(error)}`);
        }
      } finally {
        await store.close();
      }
    });

    it('returns every record of a conversation, and nothing for an unknown one', async () => {
      const store = await filled();
      try {
        const thread = await store.thread({ conversationId: 'c-shared' });
        assert.deepEqual(
          thread.map((r) => `${r.kind}:${r.kind === 'interaction' ? r.id : r.interactionId}`),
          ['interaction:q-09', 'interaction:q-10', 'feedback:q-10'],
        );
        assert.deepEqual(await store.thread({ conversationId: 'c-nobody' }), []);
        assert.ok((await caught(() => store.thread({}))) instanceof InvalidOptionError);
      } finally {
        await store.close();
      }
    });

    it('erases reviews with their interaction', async () => {
      const store = await filled();
      try {
        const result = await store.erase({ interactionId: 'q-08' });
        assert.deepEqual(result.removed, { interaction: 1, feedback: 0, escalation: 0, review: 2, annotation: 0 });
        assert.deepEqual(await store.thread({ interactionId: 'q-08' }), []);
      } finally {
        await store.close();
      }
    });

    it('keeps an append-only audit log that erasure and retention leave alone', async () => {
      let store = await filled();
      const entry = (n: number): AuditEntry => ({
        at: `2026-03-05T09:0${n}:00.000Z`,
        actor: 'ana@example.com',
        role: 'reviewer',
        action: 'review.create',
        target: 'q-08',
        after: { verdict: 'wrong', n },
      });
      try {
        await store.appendAudit(entry(1));
        await store.appendAudit(entry(2));
        const error = await caught(() => store.appendAudit({ at: '', actor: '', role: 'x', action: 'y' }));
        assert.ok(error instanceof StoreRecordError);
        await store.erase({ interactionId: 'q-08' });
        await store.compact({ olderThan: new Date('2030-01-01T00:00:00Z') });
        const read = async () => {
          const out: AuditEntry[] = [];
          for await (const e of store.auditLog()) out.push(e);
          return out;
        };
        assert.deepEqual(await read(), [entry(1), entry(2)]);
        const since: AuditEntry[] = [];
        for await (const e of store.auditLog({ since: '2026-03-05T09:02:00Z' })) since.push(e);
        assert.deepEqual(since, [entry(2)]);
        if (harness.reopen) {
          await store.close();
          store = await harness.reopen(store);
          assert.deepEqual(await read(), [entry(1), entry(2)]);
        }
      } finally {
        await store.close();
      }
    });
  });
}

function n(id: string): number {
  return Number(id.slice(2)) % 60;
}
