/**
 * The behaviour every `InteractionStore` promises (memory, JSONL, PostgreSQL), as one suite run
 * against each of them with a factory: `storeContract('JsonlInteractionStore', harness)`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KotaeError, type StoreRecord } from '@kotae/knowledge';
import { StoreClosedError, StoreRecordError, type InteractionStore } from '../../src/index.js';
import { caught } from './content.js';
import { escalationRecord, feedbackRecord, interactionRecord } from './store-records.js';
import { marker } from './store-traces.js';

/** How the suite gets stores. */
export interface StoreHarness {
  /** A fresh, empty store. */
  create(): Promise<InteractionStore>;
  /** For stores that keep records: the same storage opened again, after `store` was closed. */
  readonly reopen?: ((store: InteractionStore) => Promise<InteractionStore>) | undefined;
}

/** Every record, in order. */
export async function all(store: InteractionStore, query?: { since?: string }): Promise<StoreRecord[]> {
  const out: StoreRecord[] = [];
  for await (const record of store.records(query)) out.push(record);
  return out;
}

/** A store of the harness holding `records`, appended one after the other. */
async function storeWith(harness: StoreHarness, records: readonly StoreRecord[]): Promise<InteractionStore> {
  const store = await harness.create();
  for (const record of records) await store.append(record);
  return store;
}

/** One person's conversation (with unique markers) and a few of someone else's, mixed in append order. */
export function conversations() {
  const m = {
    conversation: marker('conv'),
    user: marker('user'),
    ids: [marker('iid'), marker('iid')],
    queries: [marker('question'), `${marker('質問')}です`],
    answers: [marker('answer'), marker('answer')],
    reason: marker('reason'),
    ticket: marker('ticket'),
  };
  const mine: StoreRecord[] = [
    interactionRecord(m.ids[0]!, { conversationId: m.conversation, userHash: m.user, query: m.queries[0], answer: m.answers[0] }),
    feedbackRecord(m.ids[0]!, { reason: m.reason }),
    interactionRecord(m.ids[1]!, { conversationId: m.conversation, userHash: m.user, query: m.queries[1], answer: m.answers[1] }),
    escalationRecord(m.ids[1]!, { ticket: m.ticket }),
  ];
  const theirs: StoreRecord[] = [
    interactionRecord('other-1', { conversationId: 'c-other', userHash: 'u-other' }),
    feedbackRecord('other-1'),
    interactionRecord('other-2', { conversationId: 'c-other-2' }),
    escalationRecord('other-2'),
    interactionRecord('other-3'), // no conversation, no user
  ];
  const records = [theirs[0]!, mine[0]!, theirs[1]!, mine[1]!, theirs[2]!, mine[2]!, theirs[3]!, mine[3]!, theirs[4]!];
  return { m, mine, theirs, records, markers: [m.conversation, m.user, ...m.ids, ...m.queries, ...m.answers, m.reason, m.ticket] };
}

const NONE = { interaction: 0, feedback: 0, escalation: 0, review: 0, annotation: 0 };

/** Registers the contract tests of one store implementation. */
export function storeContract(name: string, harness: StoreHarness): void {
  describe(`${name} (InteractionStore contract)`, () => {
    describe('append and read', () => {
      it('round-trips every record kind, with and without optional fields', async () => {
        const records: StoreRecord[] = [
          interactionRecord('i-1'),
          {
            kind: 'interaction',
            id: 'i-2',
            at: '2026-03-04T06:00:00Z',
            query: 'q',
            locale: 'en',
            sourceIds: [],
            topScore: 0,
            mode: 'refusal',
            answer: '',
            citations: [],
            latency: { firstEventMs: 0, totalMs: 1.5 },
          },
          interactionRecord('i-3', {
            mode: 'fallback',
            fallbackReason: 'timeout',
            model: 'gpt-5-mini',
            aborted: true,
            audience: 'agent',
            topScore: 0.1 + 0.2,
          }),
          feedbackRecord('i-1'),
          { kind: 'feedback', interactionId: 'i-2', at: '2026-03-04T06:01:00Z', helpful: true },
          escalationRecord('i-2'),
          {
            kind: 'escalation',
            interactionId: 'i-3',
            at: '2026-03-04T06:02:00Z',
            delivered: false,
            error: 'webhook answered 503',
            status: 503,
          },
          interactionRecord('i-4', { query: '絵文字 🙂 "quotes" \\ back\nslash\ttab', answer: '' }),
        ];
        let store = await storeWith(harness, records);
        assert.deepEqual(await all(store), records);
        assert.deepEqual(await store.interaction('i-2'), records[1]);
        assert.deepEqual(await store.interaction('i-3'), records[2]);
        if (harness.reopen) {
          await store.close();
          store = await harness.reopen(store);
          assert.deepEqual(await all(store), records);
          assert.deepEqual(await store.interaction('i-4'), records[7]);
        }
        await store.close();
      });

      it('finds an interaction by id: the latest one with that id, never feedback, undefined when unknown', async () => {
        const first = interactionRecord('same', { answer: 'first' });
        const second = interactionRecord('same', { answer: 'second' });
        const store = await storeWith(harness, [first, feedbackRecord('fb-only'), second]);
        assert.deepEqual(await store.interaction('same'), second);
        assert.equal(await store.interaction('fb-only'), undefined);
        assert.equal(await store.interaction('nope'), undefined);
        await store.append(interactionRecord('new'));
        assert.deepEqual(await store.interaction('new'), interactionRecord('new'));
        await store.close();
      });

      it('records({ since }) keeps records at or after that instant, comparing across time zones', async () => {
        const records = [
          interactionRecord('old', { at: '2026-01-01T00:00:00.000Z' }),
          feedbackRecord('old', { at: '2026-02-01T08:59:59+09:00' }), // 23:59:59Z on Jan 31
          interactionRecord('edge', { at: '2026-02-01T00:00:00.000Z' }),
          escalationRecord('edge', { at: '2026-02-01T09:30:00+09:00' }),
          feedbackRecord('edge', { at: 'yesterday' }),
        ];
        const store = await storeWith(harness, records);
        assert.deepEqual(await all(store, { since: '2026-02-01T00:00:00Z' }), [records[2], records[3]]);
        assert.deepEqual(await all(store, { since: '2026-02-01T09:00:00+09:00' }), [records[2], records[3]]);
        assert.deepEqual(await all(store), records);
        const error = await caught(() => all(store, { since: 'last week' }));
        assert.ok(error instanceof KotaeError);
        assert.equal(error.message, 'records: since must be an ISO 8601 date-time (got "last week")');
        await store.close();
      });

      it('rejects an invalid record with StoreRecordError listing every problem, keeps nothing of it, and goes on', async () => {
        const store = await storeWith(harness, [interactionRecord('i-1')]);
        const bad = { ...interactionRecord('i-2'), latency: { firstEventMs: '12', totalMs: 3 }, mode: 'guess' } as unknown as StoreRecord;
        const error = await caught<StoreRecordError>(() => store.append(bad));
        assert.ok(error instanceof StoreRecordError);
        assert.deepEqual(error.issues, [
          '"mode": Invalid option: expected one of "openai"|"extractive"|"fallback"|"refusal"|"act"',
          '"latency.firstEventMs": Invalid input: expected number, received string',
        ]);
        assert.equal(error.message, `invalid store record: ${error.issues[0]} (and 1 more)`);
        const unknownKind = await caught<StoreRecordError>(() => store.append({ kind: 'note', text: 'hi' } as unknown as StoreRecord));
        assert.ok(unknownKind instanceof StoreRecordError);
        assert.deepEqual(unknownKind.issues, [
          `"kind": Invalid discriminator value. Expected 'interaction' | 'feedback' | 'escalation' | 'review' | 'annotation'`,
        ]);
        assert.ok((await caught(() => store.append(null as unknown as StoreRecord))) instanceof StoreRecordError);
        await store.append(feedbackRecord('i-1')); // the store goes on
        assert.deepEqual(await all(store), [interactionRecord('i-1'), feedbackRecord('i-1')]);
        assert.equal(await store.interaction('i-2'), undefined);
        await store.close();
      });

      it('drops keys the schema does not know, as it parses them away', async () => {
        const store = await storeWith(harness, [{ ...feedbackRecord('i-1'), extra: 'not stored' } as StoreRecord]);
        assert.deepEqual(await all(store), [feedbackRecord('i-1')]);
        await store.close();
      });

      it('keeps concurrent appends in call order and acknowledges each once it is kept', async () => {
        let store = await harness.create();
        const records = Array.from({ length: 300 }, (_, i) => (i % 2 ? feedbackRecord(`i-${i - 1}`) : interactionRecord(`i-${i}`)));
        const acked: number[] = [];
        await Promise.all(records.map((r, i) => store.append(r).then(() => acked.push(i))));
        assert.deepEqual(
          [...acked].sort((a, b) => a - b),
          records.map((_, i) => i),
        );
        assert.deepEqual(await all(store), records);
        if (harness.reopen) {
          await store.close();
          store = await harness.reopen(store);
          assert.deepEqual(await all(store), records);
        }
        await store.close();
      });

      it('leaves out of records() what is appended while it iterates', async () => {
        const three = [interactionRecord('i-1'), feedbackRecord('i-1'), escalationRecord('i-1')];
        const store = await storeWith(harness, three);
        const seen: StoreRecord[] = [];
        for await (const record of store.records()) {
          seen.push(record);
          await store.append(feedbackRecord('during'));
        }
        assert.deepEqual(seen, three);
        assert.equal((await all(store)).length, 6);
        await store.close();
      });

      it('lets a caller leave records() early and go on using the store', async () => {
        const store = await storeWith(harness, [interactionRecord('a'), interactionRecord('b'), interactionRecord('c')]);
        for (let i = 0; i < 20; i++) {
          for await (const record of store.records()) {
            assert.equal(record.kind, 'interaction');
            break;
          }
        }
        await store.append(interactionRecord('d'));
        assert.equal((await all(store)).length, 4);
        await store.close();
      });
    });

    describe('lifecycle', () => {
      it('close waits for pending appends; every later call rejects with StoreClosedError; close again resolves', async () => {
        const store = await harness.create();
        const pending = [store.append(interactionRecord('a')), store.append(feedbackRecord('a'))];
        const closed = store.close();
        await Promise.all(pending);
        await closed;
        assert.ok((await caught(() => store.append(interactionRecord('b')))) instanceof StoreClosedError);
        assert.ok((await caught(() => store.interaction('a'))) instanceof StoreClosedError);
        assert.ok((await caught(() => all(store))) instanceof StoreClosedError);
        assert.ok((await caught(() => store.erase({ interactionId: 'a' }))) instanceof StoreClosedError);
        assert.ok((await caught(() => store.compact({ olderThan: new Date() }))) instanceof StoreClosedError);
        await store.close();
        if (harness.reopen) {
          const again = await harness.reopen(store);
          assert.deepEqual(await all(again), [interactionRecord('a'), feedbackRecord('a')]);
          await again.close();
        }
      });

      it('stops an iteration when the store closes, also when the iteration closes it', async () => {
        const store = await storeWith(harness, [interactionRecord('a'), feedbackRecord('a'), escalationRecord('a')]);
        let seen = 0;
        const error = await caught(async () => {
          for await (const _ of store.records()) {
            seen++;
            await store.close();
          }
        });
        assert.ok(error instanceof StoreClosedError);
        assert.equal(seen, 1);
      });
    });

    describe('erase', () => {
      for (const [by, selector] of [
        ['conversation id', (m: ReturnType<typeof conversations>['m']) => ({ conversationId: m.conversation })],
        ['user hash', (m: ReturnType<typeof conversations>['m']) => ({ userHash: m.user })],
        ['interaction ids', (m: ReturnType<typeof conversations>['m']) => ({ interactionId: m.ids })],
      ] as const) {
        it(`erases by ${by} every interaction and its feedback and escalations, and nothing else`, async () => {
          const { m, theirs, records } = conversations();
          let store = await storeWith(harness, records);
          const result = await store.erase(selector(m));
          assert.deepEqual(result.removed, { interaction: 2, feedback: 1, escalation: 1, review: 0, annotation: 0 });
          assert.deepEqual(await all(store), theirs);
          for (const id of m.ids) assert.equal(await store.interaction(id), undefined);
          for (const id of ['other-1', 'other-2', 'other-3']) assert.equal((await store.interaction(id))?.id, id);
          await store.append(interactionRecord('after'));
          assert.equal((await store.interaction('after'))?.id, 'after');
          if (harness.reopen) {
            await store.close();
            store = await harness.reopen(store);
            assert.deepEqual(await all(store), [...theirs, interactionRecord('after')]);
          }
          await store.close();
        });
      }

      it('erases every value of a list, and any record matching any key', async () => {
        const a = conversations();
        const b = conversations();
        const store = await storeWith(harness, [...a.records, ...b.records.slice(0, 4)]);
        const result = await store.erase({ conversationId: [a.m.conversation, 'c-unknown'], userHash: b.m.user });
        assert.deepEqual(result.removed, { interaction: 3, feedback: 2, escalation: 1, review: 0, annotation: 0 });
        assert.deepEqual(await all(store), [...a.theirs, ...b.theirs.slice(0, 2)]);
        await store.close();
      });

      it('erases the feedback of an interaction that is already gone, and any appended before it', async () => {
        const id = marker('orphan');
        const store = await storeWith(harness, [
          feedbackRecord(id, { at: '2026-03-04T05:00:00Z' }),
          interactionRecord(id, { conversationId: 'c-late' }),
          feedbackRecord('other'),
        ]);
        assert.deepEqual((await store.erase({ conversationId: 'c-late' })).removed, {
          interaction: 1,
          feedback: 1,
          escalation: 0,
          review: 0,
          annotation: 0,
        });
        await store.append(feedbackRecord(id)); // feedback on an erased interaction (the service would 404 it)
        assert.deepEqual((await store.erase({ interactionId: id })).removed, {
          interaction: 0,
          feedback: 1,
          escalation: 0,
          review: 0,
          annotation: 0,
        });
        assert.deepEqual(await all(store), [feedbackRecord('other')]);
        await store.close();
      });

      it('removes every record of an interaction id appended more than once', async () => {
        const store = await storeWith(harness, [
          interactionRecord('dup', { conversationId: 'c-x', answer: 'first' }),
          interactionRecord('dup', { conversationId: 'c-y', answer: 'second' }),
          interactionRecord('keep'),
        ]);
        assert.equal((await store.erase({ conversationId: 'c-x' })).removed.interaction, 2);
        assert.equal(await store.interaction('dup'), undefined);
        assert.deepEqual(await all(store), [interactionRecord('keep')]);
        await store.close();
      });

      it('removes nothing when nothing matches', async () => {
        const { records } = conversations();
        const store = await storeWith(harness, records);
        assert.deepEqual((await store.erase({ conversationId: 'nobody', userHash: ['nobody'], interactionId: 'none' })).removed, NONE);
        assert.deepEqual(await all(store), records);
        await store.close();
      });

      it('rejects a selector that names nothing, or an empty id, and changes nothing', async () => {
        const store = await storeWith(harness, [interactionRecord('a')]);
        const none = await caught(() => store.erase({}));
        assert.ok(none instanceof KotaeError);
        assert.equal(none.message, 'erase: give a conversationId, userHash or interactionId');
        assert.equal((await caught<Error>(() => store.erase({ conversationId: [] }))).message, none.message);
        const empty = await caught<Error>(() => store.erase({ userHash: '' }));
        assert.equal(empty.message, 'erase: userHash must be a non-empty string or a list of them (got "")');
        assert.deepEqual(await all(store), [interactionRecord('a')]);
        await store.close();
      });
    });

    describe('compact', () => {
      const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00.000Z`;

      it('drops exactly the records whose own at is before the cut-off, and keeps undated ones', async () => {
        const records: StoreRecord[] = [
          interactionRecord('i-1', { at: day(1) }),
          feedbackRecord('i-1', { at: day(2) }),
          interactionRecord('i-3', { at: day(3) }),
          feedbackRecord('i-1', { at: day(10) }), // late feedback on an old interaction stays
          interactionRecord('i-10', { at: '2026-03-10T21:00:00+09:00' }), // 12:00Z: exactly the cut-off, stays
          interactionRecord('i-11', { at: day(11) }),
          escalationRecord('i-3', { at: day(4) }),
          feedbackRecord('i-11', { at: 'sometime' }),
          escalationRecord('i-11', { at: day(12) }),
        ];
        let store = await storeWith(harness, records);
        const result = await store.compact({ olderThan: '2026-03-10T12:00:00Z' });
        assert.deepEqual(result.removed, { interaction: 2, feedback: 1, escalation: 1, review: 0, annotation: 0 });
        const left = [records[3], records[4], records[5], records[7], records[8]];
        assert.deepEqual(await all(store), left);
        assert.equal(await store.interaction('i-1'), undefined);
        assert.deepEqual(await store.interaction('i-10'), records[4]);
        assert.deepEqual((await store.compact({ olderThan: new Date('2026-03-10T12:00:00Z') })).removed, NONE);
        if (harness.reopen) {
          await store.close();
          store = await harness.reopen(store);
          assert.deepEqual(await all(store), left);
        }
        await store.close();
      });

      it('rejects an olderThan that is not a date, and changes nothing', async () => {
        const store = await storeWith(harness, [interactionRecord('a', { at: day(1) })]);
        const error = await caught(() => store.compact({ olderThan: 'last month' }));
        assert.ok(error instanceof KotaeError);
        assert.equal(error.message, 'compact: olderThan must be a Date or an ISO 8601 date-time (got "last month")');
        assert.equal(
          (await caught<Error>(() => store.compact({ olderThan: new Date(NaN) }))).message,
          'compact: olderThan must be a Date or an ISO 8601 date-time (got an invalid Date)',
        );
        assert.equal((await all(store)).length, 1);
        await store.close();
      });
    });
  });
}
