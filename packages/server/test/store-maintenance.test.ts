/**
 * Retention (`compact`) and erasure (`erase`) of the JSONL store: that no byte of an erased record
 * is left in any file, and that a crash in the middle loses nothing that was to stay. What goes and
 * what stays in every store is the contract in support/store-contract.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StoreChangedError, type InteractionStore } from '../src/index.js';
import { type StoreRecord } from '@kotae/knowledge';
import { JsonlInteractionStore, type JsonlStoreOptions } from '../src/node.js';
import { caught, tempDir } from './support/content.js';
import { escalationRecord, feedbackRecord, interactionRecord } from './support/store-records.js';
import { conversations } from './support/store-contract.js';
import { marker, traces } from './support/store-traces.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const childScript = join(repo, 'packages/server/test/support/store-child.ts');
const SEGMENT_1 = 'interactions-000001.jsonl';

async function all(store: InteractionStore): Promise<StoreRecord[]> {
  const out: StoreRecord[] = [];
  for await (const record of store.records()) out.push(record);
  return out;
}

async function storeWith(records: readonly StoreRecord[], options: JsonlStoreOptions = {}): Promise<string> {
  const dir = join(await tempDir('kotae-erase-'), 'store');
  const store = await JsonlInteractionStore.open(dir, options);
  for (const record of records) await store.append(record);
  await store.close();
  return dir;
}

async function reopened(dir: string): Promise<StoreRecord[]> {
  const store = await JsonlInteractionStore.open(dir);
  try {
    return await all(store);
  } finally {
    await store.close();
  }
}

/** A key per record, for comparing sets of records. */
function key(record: StoreRecord): string {
  return record.kind === 'interaction' ? `i:${record.id}` : `${record.kind}:${record.interactionId}:${record.at}`;
}

describe('JsonlInteractionStore.erase', () => {
  for (const [by, selector] of [
    ['conversation id', (m: ReturnType<typeof conversations>['m']) => ({ conversationId: m.conversation })],
    ['user hash', (m: ReturnType<typeof conversations>['m']) => ({ userHash: m.user })],
    ['interaction ids', (m: ReturnType<typeof conversations>['m']) => ({ interactionId: m.ids })],
  ] as const) {
    it(`erases by ${by} every interaction and its feedback and escalations, and leaves no trace in any file`, async () => {
      const { m, theirs, records, markers } = conversations();
      const dir = await storeWith(records, { segmentBytes: 900 }); // a few records per segment
      assert.notDeepEqual(await traces(dir, markers), []);
      const store = await JsonlInteractionStore.open(dir, { segmentBytes: 900 });
      const result = await store.erase(selector(m));
      assert.deepEqual(result.removed, { interaction: 2, feedback: 1, escalation: 1, review: 0, annotation: 0 });
      assert.equal(result.undated, 0);
      assert.equal(result.quarantineRemoved, 0);
      assert.ok(result.rewritten.length + result.deleted.length > 0);
      // Right away, in this store: the records, the index and the files.
      assert.deepEqual(await all(store), theirs);
      for (const id of m.ids) assert.equal(await store.interaction(id), undefined);
      for (const id of ['other-1', 'other-2', 'other-3']) assert.equal((await store.interaction(id))?.id, id);
      assert.deepEqual(await traces(dir, markers), []);
      await store.append(interactionRecord('after'));
      assert.equal((await store.interaction('after'))?.id, 'after');
      await store.close();
      assert.deepEqual(await reopened(dir), [...theirs, interactionRecord('after')]);
      assert.deepEqual(await traces(dir, markers), []);
    });
  }

  it('erases every value of a list, and any record matching any key', async () => {
    const a = conversations();
    const b = conversations();
    const dir = await storeWith([...a.records, ...b.records.slice(0, 4)]);
    const store = await JsonlInteractionStore.open(dir);
    const result = await store.erase({ conversationId: [a.m.conversation, 'c-unknown'], userHash: b.m.user });
    assert.deepEqual(result.removed, { interaction: 3, feedback: 2, escalation: 1, review: 0, annotation: 0 });
    assert.deepEqual(await all(store), [...a.theirs, ...b.theirs.slice(0, 2)]);
    await store.close();
    assert.deepEqual(await traces(dir, [...a.markers, ...b.markers]), []);
  });

  it('erases the feedback of an interaction that is already gone, and any appended before it', async () => {
    const id = marker('orphan');
    const records = [
      feedbackRecord(id, { at: '2026-03-04T05:00:00Z' }),
      interactionRecord(id, { conversationId: 'c-late' }),
      feedbackRecord('other'),
    ];
    const dir = await storeWith(records);
    const store = await JsonlInteractionStore.open(dir);
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
    assert.deepEqual(await traces(dir, [id]), []);
  });

  it('removes every line of an interaction id appended more than once', async () => {
    const dir = await storeWith([
      interactionRecord('dup', { conversationId: 'c-x', answer: 'first' }),
      interactionRecord('dup', { conversationId: 'c-y', answer: 'second' }),
      interactionRecord('keep'),
    ]);
    const store = await JsonlInteractionStore.open(dir);
    assert.equal((await store.erase({ conversationId: 'c-x' })).removed.interaction, 2);
    assert.equal(await store.interaction('dup'), undefined);
    assert.deepEqual(await all(store), [interactionRecord('keep')]);
    await store.close();
  });

  it('reads and never writes a store with nothing to erase', async () => {
    const dir = await storeWith(conversations().records, { segmentBytes: 900 });
    const before = await fileStates(dir);
    const store = await JsonlInteractionStore.open(dir, { segmentBytes: 900 });
    const result = await store.erase({ conversationId: 'nobody' });
    assert.deepEqual(result, {
      removed: { interaction: 0, feedback: 0, escalation: 0, review: 0, annotation: 0 },
      undated: 0,
      quarantineRemoved: 0,
      quarantineKept: 0,
      rewritten: [],
      deleted: [],
    });
    await store.close();
    assert.deepEqual(await fileStates(dir), before);
  });

  it('deletes sealed segments it empties, keeps the active one, and rewrites only the segments it changes', async () => {
    const doomed = Array.from({ length: 6 }, (_, i) => interactionRecord(`gone-${i}`, { conversationId: 'c-gone' }));
    const kept = Array.from({ length: 6 }, (_, i) => interactionRecord(`kept-${i}`, { conversationId: 'c-kept' }));
    const dir = await storeWith([...doomed, ...kept, interactionRecord('last', { conversationId: 'c-gone' })], { segmentBytes: 1500 });
    const before = await fileStates(dir);
    const segments = Object.keys(before).filter((n) => n.endsWith('.jsonl'));
    assert.ok(segments.length >= 4, segments.join());
    const store = await JsonlInteractionStore.open(dir, { segmentBytes: 1500 });
    const result = await store.erase({ conversationId: 'c-gone' });
    const after = await fileStates(dir);
    const last = segments.at(-1)!;
    assert.ok(result.deleted.length >= 1, result.deleted.join());
    assert.ok(result.rewritten.length >= 2, result.rewritten.join()); // the sealed segment where gone meets kept, and the active one
    for (const file of result.deleted) assert.equal(after[file.slice(dir.length + 1)], undefined, file);
    assert.ok(!result.deleted.includes(join(dir, last)));
    assert.ok(result.rewritten.includes(join(dir, last)));
    assert.equal(after[last]!.size, 0); // the active segment stays, empty
    const untouched = segments.filter((n) => ![...result.deleted, ...result.rewritten].includes(join(dir, n)));
    assert.ok(untouched.length > 0);
    for (const name of untouched) assert.deepEqual(after[name], before[name], name); // same inode, same bytes
    assert.deepEqual(await all(store), kept);
    for (const record of kept) assert.deepEqual(await store.interaction(record.id), record);
    await store.append(interactionRecord('new'));
    await store.close();
    assert.deepEqual(await reopened(dir), [...kept, interactionRecord('new')]);
  });

  it('removes erased records from quarantine files, and keeps other damaged lines', async () => {
    const { m, theirs, records, markers } = conversations();
    const dir = await storeWith([...records, feedbackRecord('tail')]);
    const file = join(dir, SEGMENT_1);
    const lines = (await readFile(file, 'utf8')).split('\n');
    // Damage my first interaction (in its answer) and someone else's first one; a good line follows both.
    lines[1] = lines[1]!.replace(m.answers[0]!, `${m.answers[0]}!`);
    lines[0] = lines[0]!.replace('"locale":"ja"', '"locale":"jp"');
    await writeFile(file, lines.join('\n'));
    const opened = await JsonlInteractionStore.open(dir, { onCorrupt: 'quarantine' });
    assert.equal(opened.recovery.quarantined.length, 2);
    const result = await opened.erase({ conversationId: m.conversation });
    // The damaged interaction is found in quarantine by its conversation id; its feedback by its id.
    assert.deepEqual(result.removed, { interaction: 1, feedback: 1, escalation: 1, review: 0, annotation: 0 });
    assert.equal(result.quarantineRemoved, 1);
    assert.equal(result.quarantineKept, 1);
    assert.ok(result.rewritten.includes(join(dir, 'interactions-000001.corrupt.jsonl')));
    assert.deepEqual(await traces(dir, markers), []);
    assert.deepEqual(await all(opened), [...theirs.slice(1), feedbackRecord('tail')]);
    // Erasing the other damaged line's conversation empties the quarantine file: it is deleted.
    const other = await opened.erase({ conversationId: 'c-other' });
    assert.equal(other.quarantineRemoved, 1);
    assert.ok(other.deleted.includes(join(dir, 'interactions-000001.corrupt.jsonl')));
    await opened.close();
    assert.deepEqual((await readdir(dir)).sort(), [SEGMENT_1]);
  });

  it('keeps every append made while it runs, and erases the matching ones acknowledged before it ends', async () => {
    const { m, theirs, records, markers } = conversations();
    const filler = Array.from({ length: 400 }, (_, i) => interactionRecord(`fill-${i}`, { conversationId: 'c-fill' }));
    const dir = await storeWith([...records, ...filler], { segmentBytes: 20_000 });
    const store = await JsonlInteractionStore.open(dir, { segmentBytes: 20_000 });
    const during = Array.from({ length: 200 }, (_, i) =>
      i % 50 === 0 ? interactionRecord(`late-${i}`, { conversationId: m.conversation, query: m.queries[0] }) : feedbackRecord(`fill-${i}`),
    );
    const erasing = store.erase({ conversationId: m.conversation });
    const appended = Promise.all(during.map((r) => store.append(r)));
    const [result] = await Promise.all([erasing, appended]);
    assert.ok(result.removed.interaction >= 2);
    const left = new Set((await all(store)).map(key));
    for (const record of [...theirs, ...filler]) assert.ok(left.has(key(record)), key(record));
    for (const record of during) {
      if (record.kind === 'feedback') assert.ok(left.has(key(record)), key(record));
    }
    // What was appended before the erasure held appends back is erased too; what came after may stay.
    await store.erase({ conversationId: m.conversation });
    await store.close();
    assert.deepEqual(await traces(dir, markers), []);
    assert.equal((await reopened(dir)).length, theirs.length + filler.length + 196);
  });

  it('stops a records() iteration that a rewrite overtakes with StoreChangedError; lookups go on', async () => {
    const { m, records } = conversations();
    const dir = await storeWith(records, { segmentBytes: 900 });
    const store = await JsonlInteractionStore.open(dir, { segmentBytes: 900 });
    const error = await caught(async () => {
      for await (const _ of store.records()) await store.erase({ conversationId: m.conversation });
    });
    assert.ok(error instanceof StoreChangedError);
    assert.equal(error.message, `interaction store ${dir} was compacted or erased while its records were being read; read them again`);
    const lookups = await Promise.all([
      store.interaction('other-3'),
      store.erase({ interactionId: 'other-2' }),
      store.interaction('other-3'),
      store.interaction('other-1'),
    ]);
    assert.equal((lookups[0] as StoreRecord | undefined)?.kind, 'interaction');
    assert.equal((lookups[2] as StoreRecord | undefined)?.kind, 'interaction');
    assert.equal((lookups[3] as StoreRecord | undefined)?.kind, 'interaction');
    await store.close();
  });

  it('lets close wait for an erasure under way', async () => {
    const { m, records, markers } = conversations();
    const dir = await storeWith(records);
    const store = await JsonlInteractionStore.open(dir);
    const erasing = store.erase({ conversationId: m.conversation });
    await store.close();
    assert.equal((await erasing).removed.interaction, 2);
    assert.deepEqual(await traces(dir, markers), []);
  });

  it('removes the temporary files a killed erasure left behind when the store opens', async () => {
    const dir = await storeWith([interactionRecord('a')]);
    await writeFile(join(dir, `${SEGMENT_1}.4242.tmp`), 'partial');
    await writeFile(join(dir, 'interactions-000001.corrupt.jsonl.4242.tmp'), 'partial');
    await writeFile(join(dir, 'notes.tmp'), 'not ours');
    assert.deepEqual(await reopened(dir), [interactionRecord('a')]);
    assert.deepEqual((await readdir(dir)).sort(), [SEGMENT_1, 'notes.tmp']);
  });
});

describe('JsonlInteractionStore.compact', () => {
  const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00.000Z`;

  it('drops exactly the records whose own at is before the cut-off, in every segment, and keeps undated ones', async () => {
    const old = marker('old');
    const records: StoreRecord[] = [
      interactionRecord('i-1', { at: day(1), query: `${old} 1` }),
      feedbackRecord('i-1', { at: day(2), reason: `${old} reason` }),
      interactionRecord('i-3', { at: day(3), answer: `${old} 3` }),
      feedbackRecord('i-1', { at: day(10) }), // late feedback on an old interaction stays
      interactionRecord('i-10', { at: '2026-03-10T21:00:00+09:00' }), // 12:00Z: exactly the cut-off, stays
      interactionRecord('i-11', { at: day(11) }),
      escalationRecord('i-3', { at: day(4), ticket: `${old}-ticket` }),
      feedbackRecord('i-11', { at: 'sometime' }),
      escalationRecord('i-11', { at: day(12) }),
    ];
    const dir = await storeWith(records, { segmentBytes: 700 });
    const store = await JsonlInteractionStore.open(dir, { segmentBytes: 700 });
    const result = await store.compact({ olderThan: '2026-03-10T12:00:00Z' });
    assert.deepEqual(result.removed, { interaction: 2, feedback: 1, escalation: 1, review: 0, annotation: 0 });
    assert.equal(result.undated, 1);
    const left = [records[3], records[4], records[5], records[7], records[8]];
    assert.deepEqual(await all(store), left);
    assert.equal(await store.interaction('i-1'), undefined);
    assert.deepEqual(await store.interaction('i-10'), records[4]);
    assert.deepEqual(await traces(dir, [old]), []);
    // Again: nothing more to drop, nothing written.
    const states = await fileStates(dir);
    assert.deepEqual((await store.compact({ olderThan: new Date('2026-03-10T12:00:00Z') })).removed, {
      interaction: 0,
      feedback: 0,
      escalation: 0,
      review: 0,
      annotation: 0,
    });
    assert.deepEqual(await fileStates(dir), states);
    await store.close();
    assert.deepEqual(await reopened(dir), left);
  });

  it('drops old damaged lines from quarantine files when their bytes show an old at', async () => {
    const dir = await storeWith([
      interactionRecord('old', { at: day(1) }),
      interactionRecord('new', { at: day(20) }),
      feedbackRecord('new', { at: day(21) }),
    ]);
    const file = join(dir, SEGMENT_1);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[0] = lines[0]!.replace('"locale":"ja"', '"locale":"jp"');
    lines[1] = lines[1]!.replace('"locale":"ja"', '"locale":"jp"');
    await writeFile(file, lines.join('\n'));
    const store = await JsonlInteractionStore.open(dir, { onCorrupt: 'quarantine' });
    const result = await store.compact({ olderThan: day(10) });
    assert.deepEqual(result.removed, { interaction: 0, feedback: 0, escalation: 0, review: 0, annotation: 0 });
    assert.equal(result.quarantineRemoved, 1);
    assert.equal(result.quarantineKept, 1);
    await store.close();
    const aside = await readFile(join(dir, 'interactions-000001.corrupt.jsonl'), 'utf8');
    assert.equal(aside.trimEnd().split('\n').length, 1);
    assert.match(Buffer.from(JSON.parse(aside).base64, 'base64').toString('utf8'), /"id":"new"/);
  });
});

describe('erasure and crashes', () => {
  it('leaves every segment either as it was or as it should be when killed mid-erasure, and loses no other record (16 kills)', async () => {
    // A store of a few MB in many segments, one conversation spread over all of them.
    const conversation = marker('conv');
    const query = marker('question');
    const records: StoreRecord[] = [];
    for (let i = 0; i < 8000; i++) {
      const mine = i % 10 === 0;
      records.push(
        interactionRecord(`i-${i}`, mine ? { conversationId: conversation, query: `${query} ${i}` } : { conversationId: `c-${i % 97}` }),
      );
      if (i % 3 === 0) records.push(feedbackRecord(`i-${i}`));
    }
    const options = { segmentBytes: 128 * 1024 };
    const source = join(await tempDir('kotae-erase-kill-'), 'store');
    const writer = await JsonlInteractionStore.open(source, options);
    // In groups, so group commits stay small and segments end near segmentBytes.
    for (let i = 0; i < records.length; i += 200) await Promise.all(records.slice(i, i + 200).map((r) => writer.append(r)));
    await writer.close();
    const before = await segmentTexts(source);
    // (assert.ok without a message reads the test's source to make one, which hangs under tsx.)
    assert.ok(Object.keys(before).length >= 10, `${Object.keys(before).length} segments`);
    const erased = (r: StoreRecord) =>
      r.kind === 'interaction' ? r.conversationId === conversation : Number(r.interactionId.slice(2)) % 10 === 0;
    const expected = Object.fromEntries(
      Object.entries(before).map(([name, text]) => [
        name,
        text
          .split('\n')
          .filter((line) => line !== '' && !erased(JSON.parse(line).r))
          .map((line) => `${line}\n`)
          .join(''),
      ]),
    );
    const others = new Set(records.filter((r) => !erased(r)).map(key));

    let cutShort = 0;
    let halfway = 0; // kills that left some segments replaced and others not
    const run = async (n: number) => {
      const dir = join(await tempDir('kotae-erase-kill-'), 'store');
      await cp(source, dir, { recursive: true });
      // Runs 0–11 are killed at a random moment; 12–15 at their 1st, 2nd, 4th and 7th file rename.
      const killAtRename = n < 12 ? [] : [String([1, 2, 4, 7][n - 12])];
      const child = spawn(process.execPath, ['--import', 'tsx', childScript, 'erase', dir, conversation, ...killAtRename], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const ready = new Promise<void>((done) =>
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('ready\n')) done();
        }),
      );
      const exited = new Promise((done) => child.on('close', done));
      await Promise.race([ready, exited]);
      if (killAtRename.length === 0) {
        await new Promise((done) => setTimeout(done, Math.random() * 400));
        child.kill('SIGKILL');
      }
      await exited;
      if (!out.includes('erased')) cutShort++;
      const after = await segmentTexts(dir);
      let replaced = 0;
      let old = 0;
      for (const [name, text] of Object.entries(before)) {
        const now = after[name];
        if (now === undefined) assert.equal(expected[name], '', `run ${n}: ${name} was deleted but had records to keep`);
        else assert.ok(now === text || now === expected[name], `run ${n}: ${name} is neither the old nor the new segment`);
        if (now !== text) replaced++;
        else if (text !== expected[name]) old++;
      }
      if (replaced > 0 && old > 0) halfway++;
      if (n >= 12) assert.ok(!out.includes('erased'), `run ${n} was to die at a rename`);
      const store = await JsonlInteractionStore.open(dir);
      const left = new Set((await all(store)).map(key));
      const lost = [...others].filter((k) => !left.has(k));
      assert.deepEqual(lost, [], `run ${n}: ${lost.length} records that were to stay are gone`);
      await store.erase({ conversationId: conversation }); // finishing it
      await store.close();
      assert.deepEqual(await traces(dir, [conversation, query]), [], `run ${n}`);
      assert.deepEqual(
        Object.keys(await segmentTexts(dir)).filter((name) => name.endsWith('.tmp')),
        [],
      );
    };
    const runs = 16;
    let next = 0;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < runs) await run(next++);
      }),
    );
    // Not an assert on timing: a report of where the kills landed.
    process.stderr.write(
      `# ${runs} kills during erasure: ${cutShort} before it finished, ${halfway} with some segments replaced and others not\n`,
    );
  });
});

/** Size, inode and modification time of every file in `dir`, by name. */
async function fileStates(dir: string): Promise<Record<string, { size: number; ino: number; mtimeMs: number }>> {
  const states: Record<string, { size: number; ino: number; mtimeMs: number }> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === 'store.lock') continue;
    const s = await stat(join(dir, name));
    states[name] = { size: s.size, ino: s.ino, mtimeMs: s.mtimeMs };
  }
  return states;
}

/** The text of every file in a store directory but the lock, by name. */
async function segmentTexts(dir: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) if (name !== 'store.lock') texts[name] = await readFile(join(dir, name), 'utf8');
  return texts;
}
