import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { KotaeError, type InteractionRecord, type StoreRecord } from '@kotae/knowledge';
import { StoreCorruptionError, StoreLockedError, StoreReadOnlyError, StoreRecordError, StoreWriteError } from '../src/index.js';
import { JsonlInteractionStore, JsonlStoreReader, type JsonlStoreOptions, type StoreRecovery } from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import { escalationRecord, feedbackRecord, interactionRecord } from './support/store-records.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const childScript = join(repo, 'packages/server/test/support/store-child.ts');
const SEGMENT_1 = 'interactions-000001.jsonl';

async function all(store: JsonlInteractionStore, query?: { since?: string }): Promise<StoreRecord[]> {
  const out: StoreRecord[] = [];
  for await (const record of store.records(query)) out.push(record);
  return out;
}

/** Opens `dir`, reads everything, closes; returns the records and what opening repaired. */
async function reopen(dir: string, options: JsonlStoreOptions = {}): Promise<{ records: StoreRecord[]; recovery: StoreRecovery }> {
  const store = await JsonlInteractionStore.open(dir, options);
  try {
    return { records: await all(store), recovery: store.recovery };
  } finally {
    await store.close();
  }
}

/** A store in a fresh directory holding `records`, closed again. */
async function storeWith(records: readonly StoreRecord[], options: JsonlStoreOptions = {}): Promise<string> {
  const dir = join(await tempDir('kotae-store-'), 'store');
  const store = await JsonlInteractionStore.open(dir, options);
  for (const record of records) await store.append(record);
  await store.close();
  return dir;
}

/** A correctly framed line with a matching checksum around any JSON. */
function frame(json: string): string {
  const sum = createHash('sha256').update(json).digest('hex').slice(0, 16);
  return `{"sha256":"${sum}","r":${json}}\n`;
}

const THREE = [interactionRecord('i-1'), feedbackRecord('i-1'), escalationRecord('i-1')];

describe('JsonlInteractionStore', () => {
  describe('append and read', () => {
    it('writes one line per record: {"sha256": 16 hex digits of the SHA-256 of the record JSON, "r": the record}', async () => {
      const dir = await storeWith(THREE);
      const text = await readFile(join(dir, SEGMENT_1), 'utf8');
      assert.ok(text.endsWith('\n'));
      const lines = text.slice(0, -1).split('\n');
      assert.equal(lines.length, 3);
      for (const [i, line] of lines.entries()) {
        assert.equal(line, frame(JSON.stringify(THREE[i])).trimEnd());
        assert.deepEqual(JSON.parse(line).r, THREE[i]); // plain JSON: `jq .r` reads a store file
      }
    });

    it('writes no byte of an invalid record (the contract checks the StoreRecordError)', async () => {
      const dir = await storeWith([interactionRecord('i-1')]);
      const before = await readFile(join(dir, SEGMENT_1));
      const store = await JsonlInteractionStore.open(dir);
      const bad = { ...interactionRecord('i-2'), mode: 'guess' } as unknown as StoreRecord;
      assert.ok((await caught(() => store.append(bad))) instanceof StoreRecordError);
      await store.append(feedbackRecord('i-1')); // the store goes on
      await store.close();
      const after = await readFile(join(dir, SEGMENT_1));
      assert.deepEqual(after.subarray(0, before.length), before);
      assert.equal(after.toString('utf8').split('\n').length, 3);
    });

    it('starts a new segment past segmentBytes, and reads and finds records across segments', async () => {
      const records = Array.from({ length: 40 }, (_, i) => interactionRecord(`i-${i}`));
      const dir = await storeWith(records, { segmentBytes: 2000 });
      const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
      assert.ok(names.length >= 5, names.join());
      assert.deepEqual(names.slice(0, 3), [SEGMENT_1, 'interactions-000002.jsonl', 'interactions-000003.jsonl']);
      for (const name of names.slice(0, -1)) assert.ok((await stat(join(dir, name))).size >= 2000, name);
      const store = await JsonlInteractionStore.open(dir, { segmentBytes: 2000 });
      assert.deepEqual(await all(store), records);
      for (const record of records) assert.deepEqual(await store.interaction(record.id), record);
      await store.append(interactionRecord('late'));
      assert.deepEqual(await store.interaction('late'), interactionRecord('late'));
      await store.close();
    });

    it('finds records around empty segments (a crash right after starting one, or a quarantine that emptied one)', async () => {
      const dir = await storeWith([interactionRecord('a'), interactionRecord('b')]);
      await writeFile(join(dir, 'interactions-000002.jsonl'), '');
      await writeFile(join(dir, 'interactions-000003.jsonl'), frame(JSON.stringify(interactionRecord('c'))));
      await writeFile(join(dir, 'interactions-000004.jsonl'), '');
      const store = await JsonlInteractionStore.open(dir);
      await store.append(interactionRecord('d'));
      for (const id of ['a', 'b', 'c', 'd']) assert.deepEqual(await store.interaction(id), interactionRecord(id), id);
      assert.deepEqual(
        (await all(store)).map((r) => (r.kind === 'interaction' ? r.id : '')),
        ['a', 'b', 'c', 'd'],
      );
      await store.close();
      assert.match(await readFile(join(dir, 'interactions-000004.jsonl'), 'utf8'), /"id":"d"/);
    });

    it('stops records() when its signal aborts', async () => {
      const store = await JsonlInteractionStore.open(await storeWith(THREE));
      const controller = new AbortController();
      controller.abort(new Error('enough'));
      const error = await caught(async () => {
        for await (const _ of store.records({ signal: controller.signal })) assert.fail('nothing is read');
      });
      assert.equal((error as Error).message, 'enough');
      await store.close();
    });
  });

  describe('recovery', () => {
    const tails: [string, string, string][] = [
      ['a half-written line', frame(JSON.stringify(interactionRecord('torn'))).slice(0, 70), 'incomplete line (no newline at the end)'],
      [
        'a whole line whose checksum is not hex',
        frame(JSON.stringify(interactionRecord('torn'))).replace(/"sha256":"./, '"sha256":"x'),
        'not a store line',
      ],
      [
        'a line whose record bytes changed',
        frame(JSON.stringify(feedbackRecord('i-1'))).replace('still locked', 'still lockeD'),
        'checksum mismatch',
      ],
      ['garbage lines', 'garbage\n\n{"sha256":\n', 'not a store line'],
      ['zeros where data never landed', '\0'.repeat(300), 'incomplete line (no newline at the end)'],
      ['zeros, then a newline', `${'\0'.repeat(40)}\n`, 'not a store line'],
    ];
    for (const [name, tail, reason] of tails) {
      it(`cuts off a torn tail (${name}), reports it, and keeps every complete record`, async () => {
        const dir = await storeWith(THREE);
        const file = join(dir, SEGMENT_1);
        const good = (await stat(file)).size;
        await appendFile(file, tail);
        const reports: StoreRecovery[] = [];
        const store = await JsonlInteractionStore.open(dir, { onRecover: (r) => reports.push(r) });
        const expected = { truncated: { file, line: 4, offset: good, bytes: Buffer.byteLength(tail), reason }, quarantined: [] };
        assert.deepEqual(store.recovery, expected);
        assert.deepEqual(reports, [expected]);
        assert.equal((await stat(file)).size, good);
        assert.deepEqual(await all(store), THREE);
        await store.append(feedbackRecord('after'));
        await store.close();
        const again = await reopen(dir);
        assert.deepEqual(again.records, [...THREE, feedbackRecord('after')]);
        assert.deepEqual(again.recovery, { truncated: undefined, quarantined: [] });
      });
    }

    it('cuts off a store that is nothing but a torn line', async () => {
      const dir = join(await tempDir('kotae-store-'), 'store');
      await mkdir(dir);
      await writeFile(join(dir, SEGMENT_1), '{"sha256":"0123');
      const { records, recovery } = await reopen(dir);
      assert.deepEqual(records, []);
      assert.equal(recovery.truncated?.bytes, 15);
      assert.equal((await stat(join(dir, SEGMENT_1))).size, 0);
    });

    it('fails on a damaged line before the last good one, naming file and line, and changes nothing', async () => {
      const dir = await storeWith([...THREE, interactionRecord('i-2')]);
      const file = join(dir, SEGMENT_1);
      const bytes = await readFile(file);
      const lines = bytes.toString('utf8').split('\n');
      const offset = Buffer.byteLength(`${lines[0]}\n`);
      const damaged = Buffer.from(bytes);
      damaged[offset + 60] = damaged[offset + 60]! ^ 0x01; // one flipped bit in line 2
      await writeFile(file, damaged);
      const error = await caught<StoreCorruptionError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreCorruptionError);
      assert.equal(error.file, file);
      assert.equal(error.line, 2);
      assert.equal(error.offset, offset);
      assert.equal(error.reason, 'checksum mismatch');
      assert.equal(
        error.message,
        `${file}:2: checksum mismatch (byte offset ${offset}); records after it were acknowledged, so it is not a torn write. ` +
          `Open the store with onCorrupt: 'quarantine' to move damaged lines aside and go on`,
      );
      assert.deepEqual(await readFile(file), damaged);
      // The failed open released its lock.
      await (await JsonlInteractionStore.open(dir, { onCorrupt: 'quarantine' })).close();
    });

    it('counts every damaged line in the message', async () => {
      const dir = await storeWith([interactionRecord('a')]);
      const file = join(dir, SEGMENT_1);
      await appendFile(file, `junk\n${frame(JSON.stringify(feedbackRecord('a')))}more junk\n${frame(JSON.stringify(feedbackRecord('b')))}`);
      const error = await caught<StoreCorruptionError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreCorruptionError);
      assert.equal(error.line, 2);
      assert.match(error.message, /:2: not a store line \(byte offset \d+\) and 1 more damaged line; /);
    });

    it('fails on a torn line at the end of a sealed segment: only the last one can be torn', async () => {
      const dir = await storeWith(
        Array.from({ length: 8 }, (_, i) => interactionRecord(`i-${i}`)),
        { segmentBytes: 1000 },
      );
      const first = join(dir, SEGMENT_1);
      const size = (await stat(first)).size;
      await appendFile(first, '{"sha256":"01');
      const error = await caught<StoreCorruptionError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreCorruptionError);
      assert.equal(error.file, first);
      assert.equal(error.offset, size);
      assert.equal(error.reason, 'incomplete line (no newline at the end)');
    });

    it('never cuts off a complete line it does not understand, even at the end', async () => {
      const dir = await storeWith(THREE);
      const file = join(dir, SEGMENT_1);
      await appendFile(file, frame('{"kind":"survey","score":5}'));
      const error = await caught<StoreCorruptionError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreCorruptionError);
      assert.equal(error.line, 4);
      assert.equal(
        error.reason,
        `not a record this version understands: "kind" Invalid discriminator value. Expected 'interaction' | 'feedback' | 'escalation' | 'review' | 'annotation'`,
      );
      assert.match(await readFile(file, 'utf8'), /survey/);
    });

    it("moves damaged lines into <segment>.corrupt.jsonl with onCorrupt: 'quarantine', and goes on", async () => {
      const records = [interactionRecord('a'), interactionRecord('b'), feedbackRecord('b'), interactionRecord('c')];
      const dir = await storeWith(records);
      const file = join(dir, SEGMENT_1);
      const lines = (await readFile(file, 'utf8')).split('\n');
      const broken = lines[1]!.replace('"id":"b"', '"id":"B"');
      await writeFile(file, [lines[0], broken, lines[2], lines[3], 'tail'].join('\n'));
      const offset = Buffer.byteLength(`${lines[0]}\n`);
      const reports: StoreRecovery[] = [];
      const store = await JsonlInteractionStore.open(dir, { onCorrupt: 'quarantine', onRecover: (r) => reports.push(r) });
      const movedTo = join(dir, 'interactions-000001.corrupt.jsonl');
      const expected: StoreRecovery = {
        truncated: {
          file,
          line: 5,
          offset: Buffer.byteLength([lines[0], broken, lines[2], lines[3]].join('\n')) + 1,
          bytes: 4,
          reason: 'incomplete line (no newline at the end)',
        },
        quarantined: [{ file, line: 2, offset, bytes: Buffer.byteLength(broken) + 1, reason: 'checksum mismatch', movedTo }],
      };
      assert.deepEqual(store.recovery, expected);
      assert.deepEqual(reports, [expected]);
      assert.deepEqual(await all(store), [records[0], records[2], records[3]]);
      assert.equal(await store.interaction('b'), undefined);
      assert.deepEqual(await store.interaction('c'), records[3]); // its offset changed with the rewrite
      await store.close();
      const aside = (await readFile(movedTo, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(aside, [
        { file: SEGMENT_1, line: 2, offset, reason: 'checksum mismatch', base64: Buffer.from(broken).toString('base64') },
      ]);
      assert.deepEqual(await readdir(dir).then((names) => names.sort()), ['interactions-000001.corrupt.jsonl', SEGMENT_1]);
      assert.deepEqual((await reopen(dir)).recovery, { truncated: undefined, quarantined: [] });
    });
  });

  describe('lifecycle and lock', () => {
    it('refuses a second open of the same directory in this process, also through another path', async () => {
      const dir = await storeWith([]);
      const store = await JsonlInteractionStore.open(dir);
      for (const path of [dir, `${dir}/../store/.`]) {
        const error = await caught<StoreLockedError>(() => JsonlInteractionStore.open(path));
        assert.ok(error instanceof StoreLockedError);
        assert.equal(error.pid, process.pid);
        assert.match(error.message, /is locked: it is already open in this process$/);
      }
      await store.close();
      await (await JsonlInteractionStore.open(dir)).close();
    });

    it('lets only one of two racing opens in this process through', async () => {
      const dir = await storeWith([]);
      const results = await Promise.allSettled([JsonlInteractionStore.open(dir), JsonlInteractionStore.open(dir)]);
      const opened = results.filter((r) => r.status === 'fulfilled');
      assert.equal(opened.length, 1);
      assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof StoreLockedError));
      await opened[0]!.value.close();
    });

    it('refuses an open while another process holds the store, and takes the lock over once it is killed', async () => {
      const dir = await storeWith(THREE);
      const child = spawnChild('hold', dir);
      await waitForLine(child, 'ready');
      const error = await caught<StoreLockedError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreLockedError);
      assert.equal(error.pid, child.pid);
      assert.equal(error.host, hostname());
      assert.equal(error.lockFile, join(dir, 'store.lock'));
      assert.equal(
        error.message,
        `interaction store ${dir} is locked: ${join(dir, 'store.lock')} is held by pid ${child.pid} on ${hostname()}, which is running`,
      );
      await kill(child);
      assert.deepEqual((await reopen(dir)).records, THREE);
    });

    it('reads through JsonlStoreReader while another process appends, without taking or disturbing its lock', async () => {
      const dir = await storeWith(THREE, { segmentBytes: 16 * 1024 });
      const child = spawnChild('append', dir);
      let acked = '';
      child.stdout!.on('data', (chunk: Buffer) => (acked += chunk.toString('utf8')));
      await waitForLine(child, 'w0-40');
      const lock = await readFile(join(dir, 'store.lock'), 'utf8');
      for (let round = 0; round < 5; round++) {
        const before = new Set(acked.split('\n').slice(1, -1)); // acknowledged before this read began ("ready" first)
        const reader = await JsonlStoreReader.open(dir);
        const keys = new Set<string>();
        for await (const record of reader.records()) keys.add(record.kind === 'interaction' ? record.id : `fb:${record.interactionId}`);
        for (const key of before) assert.ok(keys.has(key), `${key} was acknowledged before the read but not read`);
        assert.ok(keys.has('i-1'));
        assert.ok((await caught(() => reader.append(feedbackRecord('i-1')))) instanceof StoreReadOnlyError);
        await reader.close();
      }
      assert.equal(await readFile(join(dir, 'store.lock'), 'utf8'), lock);
      assert.ok((await caught(() => JsonlInteractionStore.open(dir))) instanceof StoreLockedError);
      await kill(child);
    });

    it('leaves out a half-written last line when reading without the lock, and fails on damage before good lines', async () => {
      const dir = await storeWith(THREE);
      await appendFile(join(dir, SEGMENT_1), frame(JSON.stringify(feedbackRecord('torn'))).slice(0, 30));
      const reader = await JsonlStoreReader.open(dir);
      const read: StoreRecord[] = [];
      for await (const record of reader.records()) read.push(record);
      assert.deepEqual(read, THREE);
      assert.deepEqual(await reader.interaction('i-1'), THREE[0]);
      await appendFile(join(dir, SEGMENT_1), `\n${frame(JSON.stringify(feedbackRecord('after')))}`);
      const error = await caught<StoreCorruptionError>(async () => {
        for await (const _ of reader.records()) continue;
      });
      assert.ok(error instanceof StoreCorruptionError);
      assert.equal(error.line, 4);
      assert.ok((await caught(() => JsonlStoreReader.open(join(dir, 'missing')))) instanceof KotaeError);
    });

    it('takes over a lock whose process is gone, is this one, or whose pid was reused; never one of another host', async () => {
      const dir = await storeWith(THREE);
      const lock = join(dir, 'store.lock');
      const exited = spawn(process.execPath, ['-e', '0']);
      await new Promise((done) => exited.on('exit', done));
      const stale = [
        { pid: exited.pid, host: hostname(), start: null, token: 'gone' },
        { pid: process.pid, host: hostname(), start: null, token: 'previous incarnation' },
        { pid: process.ppid, host: hostname(), start: '1', token: 'reused pid' },
      ];
      for (const owner of stale) {
        await writeFile(lock, JSON.stringify(owner));
        assert.deepEqual((await reopen(dir)).records, THREE, owner.token);
      }
      await writeFile(lock, 'not json at all');
      assert.deepEqual((await reopen(dir)).records, THREE);

      await writeFile(lock, JSON.stringify({ pid: 4242, host: 'elsewhere', start: null, token: 't' }));
      const error = await caught<StoreLockedError>(() => JsonlInteractionStore.open(dir));
      assert.ok(error instanceof StoreLockedError);
      assert.equal(error.pid, 4242);
      assert.equal(error.host, 'elsewhere');
      assert.match(
        error.message,
        /held by pid 4242 on elsewhere, which cannot be checked from .*; if that process is gone, delete the lock file$/,
      );
    });

    it('rejects the failed write and every later append with StoreWriteError, and loses nothing acknowledged', async () => {
      const dir = join(await tempDir('kotae-store-'), 'store');
      const store = await JsonlInteractionStore.open(dir, { segmentBytes: 100 });
      await store.append(interactionRecord('acked'));
      await mkdir(join(dir, 'interactions-000002.jsonl')); // the next segment cannot be created
      const error = await caught<StoreWriteError>(() => store.append(interactionRecord('lost')));
      assert.ok(error instanceof StoreWriteError);
      assert.equal(error.file, join(dir, SEGMENT_1));
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'EEXIST');
      assert.equal(await caught(() => store.append(feedbackRecord('acked'))), error);
      assert.deepEqual(await store.interaction('acked'), interactionRecord('acked'));
      await store.close();
      await rmdir(join(dir, 'interactions-000002.jsonl'));
      assert.deepEqual((await reopen(dir)).records, [interactionRecord('acked')]);
    });

    it('rejects bad options with a KotaeError', async () => {
      const dir = join(await tempDir('kotae-store-'), 'store');
      for (const options of [{ segmentBytes: 0 }, { segmentBytes: 1.5 }, { onCorrupt: 'skip' }] as JsonlStoreOptions[]) {
        assert.ok((await caught(() => JsonlInteractionStore.open(dir, options))) instanceof KotaeError);
      }
    });
  });

  describe('crashes', () => {
    it('keeps every acknowledged record when the writer is killed at random moments (100 kills)', async () => {
      const runs = 100;
      const parallel = 3;
      let next = 0;
      let cutTails = 0;
      let acks = 0;
      const runOne = async (run: number) => {
        const dir = join(await tempDir('kotae-kill-'), 'store');
        const child = spawnChild('append', dir);
        const acked: string[] = [];
        let buffered = '';
        let firstAck!: () => void;
        const started = new Promise<void>((done) => (firstAck = done));
        child.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) if (line !== 'ready') acked.push(line);
          if (acked.length > 0) firstAck();
        });
        const exited = new Promise((done) => child.on('close', done)); // after exit and the last stdout
        await Promise.race([started, exited]);
        assert.ok(acked.length > 0, `run ${run}: the writer never acknowledged an append`);
        await new Promise((done) => setTimeout(done, 5 + Math.random() * 55));
        child.kill('SIGKILL');
        await exited; // reaped, so its pid is really gone
        assert.ok(JSON.parse(await readFile(join(dir, 'store.lock'), 'utf8')).pid === child.pid, 'the killed writer left its lock');

        const store = await JsonlInteractionStore.open(dir);
        const stored = new Set<string>();
        for await (const r of store.records()) stored.add(r.kind === 'interaction' ? r.id : `fb:${r.interactionId}`);
        const missing = acked.filter((key) => !stored.has(key));
        assert.deepEqual(missing, [], `run ${run}: ${missing.length} of ${acked.length} acknowledged records lost`);
        const lastInteraction = acked.findLast((key) => !key.startsWith('fb:'))!;
        assert.equal((await store.interaction(lastInteraction))?.id, lastInteraction);
        if (store.recovery.truncated) cutTails++;
        assert.deepEqual(store.recovery.quarantined, []);
        await store.close();
        acks += acked.length;
      };
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (next < runs) await runOne(next++);
        }),
      );
      // Not an assert on timing: a report of what the kills hit.
      process.stderr.write(`# ${runs} kills, ${acks} acknowledged appends, ${cutTails} torn tails cut off\n`);
    });
  });

  describe('property', () => {
    it('round-trips any sequence of valid records, appended concurrently, through a reopen', async () => {
      const text = fc.string({ unit: 'binary', maxLength: 40 });
      const number = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)); // JSON has no -0
      const interaction = fc.record(
        {
          kind: fc.constant('interaction' as const),
          id: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
          at: text,
          query: text,
          locale: text,
          context: text,
          conversationId: text,
          userHash: text,
          sourceIds: fc.array(text, { maxLength: 4 }),
          topScore: number,
          mode: fc.constantFrom('openai' as const, 'extractive' as const, 'fallback' as const, 'refusal' as const),
          fallbackReason: text,
          answer: fc.string({ unit: 'binary', maxLength: 400 }),
          citations: fc.array(text, { maxLength: 4 }),
          latency: fc.record({ firstEventMs: number, totalMs: number }, { noNullPrototype: true }),
          model: text,
          aborted: fc.boolean(),
        },
        {
          noNullPrototype: true,
          requiredKeys: ['kind', 'id', 'at', 'query', 'locale', 'sourceIds', 'topScore', 'mode', 'answer', 'citations', 'latency'],
        },
      );
      const feedback = fc.record(
        {
          kind: fc.constant('feedback' as const),
          interactionId: fc.string({ minLength: 1 }),
          at: text,
          helpful: fc.boolean(),
          resolved: fc.boolean(),
          reason: text,
        },
        { noNullPrototype: true, requiredKeys: ['kind', 'interactionId', 'at', 'helpful'] },
      );
      const escalation = fc.record(
        {
          kind: fc.constant('escalation' as const),
          interactionId: fc.string({ minLength: 1 }),
          at: text,
          delivered: fc.boolean(),
          status: number,
          error: text,
          ticket: text,
        },
        { noNullPrototype: true, requiredKeys: ['kind', 'interactionId', 'at', 'delivered'] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(interaction, feedback, escalation), { maxLength: 25 }),
          fc.integer({ min: 300, max: 5000 }),
          async (records, segmentBytes) => {
            const dir = join(await tempDir('kotae-prop-'), 'store');
            const store = await JsonlInteractionStore.open(dir, { segmentBytes });
            await Promise.all(records.map((r) => store.append(r)));
            await store.close();
            const again = await JsonlInteractionStore.open(dir);
            assert.deepEqual(await all(again), records);
            const latest = new Map<string, InteractionRecord>();
            for (const r of records) if (r.kind === 'interaction') latest.set(r.id, r);
            for (const [id, r] of latest) assert.deepEqual(await again.interaction(id), r);
            await again.close();
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});

function spawnChild(mode: 'append' | 'hold', dir: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, mode, dir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  return child;
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  let seen = '';
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.split('\n').includes(line)) done();
    });
    child.on('exit', (code) => fail(new Error(`child exited with ${code} before printing ${line}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.on('exit', done));
  child.kill('SIGKILL');
  await exited;
}
