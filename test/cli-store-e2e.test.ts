/**
 * End to end: retention and erasure as an operator runs them — `kotae serve` records real
 * answers, feedback and an escalation (to a webhook on loopback) in a JSONL store, then
 * `kotae store erase` and `kotae store compact` (the built binary) remove them, and a byte search
 * of every file in the store finds nothing of what was erased.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { hashUserId, type StoreRecord } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { JsonlInteractionStore } from '@kotae/server/node';
import { escalationRecord, feedbackRecord, interactionRecord } from '../packages/knowledge/test/support/store-records.js';
import { marker, traces } from '../packages/server/test/support/store-traces.js';
import { parseSse } from '../packages/server/test/support/sse-client.js';
import { kotae, startServe, stopServe } from './support/kotae-bin.js';
import { post, storeWith } from './support/store-io.js';

const SECRET = 'e2e-secret-0123456789abcdef0123456789';

async function records(dir: string): Promise<StoreRecord[]> {
  const store = await JsonlInteractionStore.open(dir);
  try {
    const out: StoreRecord[] = [];
    for await (const record of store.records()) out.push(record);
    return out;
  } finally {
    await store.close();
  }
}

describe('kotae store', () => {
  let dir: string;
  let webhook: Server;
  let webhookUrl: string;
  const tickets: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-store-e2e-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    // The host's ticket system: answers each escalation with a fresh ticket id.
    webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const ticket = marker('T');
        tickets.push(ticket);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket }));
      });
    });
    await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
    const address = webhook.address();
    webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tickets`;
  });
  after(async () => {
    await new Promise((done) => webhook.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  it('erases a conversation recorded by kotae serve: refused while it runs, then no trace in any file', async () => {
    const store = join(dir, 'store-erase');
    const mine = { conversation: marker('conv'), question: marker('refundq'), reason: marker('why') };
    const { child, url } = await startServe([join(dir, 'kb'), '--port', '0', '--store', store, '--escalation-webhook', webhookUrl]);
    let interactionId: string;
    try {
      const ask = async (query: string, conversationId: string) => {
        const res = await post(url, 'answer', { query, locale: 'ja', conversationId });
        assert.equal(res.status, 200);
        const done = parseSse(await res.text()).find((e) => e.event === 'done');
        return (done!.data as { interactionId: string }).interactionId;
      };
      interactionId = await ask(`返金はいつ届きますか ${mine.question}`, mine.conversation);
      assert.equal((await post(url, 'feedback', { interactionId, helpful: false, reason: `${mine.reason} まだです` })).status, 204);
      assert.equal((await post(url, 'escalations', { interactionId, message: 'help', contact: { email: 'jo@example.com' } })).status, 202);
      const otherId = await ask('パスワードを忘れました', 'c-someone-else');
      assert.equal((await post(url, 'feedback', { interactionId: otherId, helpful: true })).status, 204);

      // While kotae serve holds the store, erasure is refused and changes nothing.
      const locked = await kotae(['store', 'erase', store, '--conversation', mine.conversation]);
      assert.equal(locked.code, 5);
      assert.equal(locked.stdout, '');
      assert.match(
        locked.stderr,
        new RegExp(`^interaction store .* is locked: .*store\\.lock is held by pid ${child.pid} on .*, which is running\\n`),
      );
      assert.match(
        locked.stderr,
        /\nkotae: the store is in use: stop the process that has it open \(kotae serve, your app\), then run this again\n$/,
      );
      assert.notDeepEqual(await traces(store, [mine.question]), []);
      // The escalation is recorded with the address a reply needs (its delivery must survive a
      // restart), until the conversation is erased.
      assert.notDeepEqual(await traces(store, ['jo@example.com']), []);
    } finally {
      assert.equal(await stopServe(child), 0);
    }
    const markers = [mine.conversation, mine.question, mine.reason, interactionId, tickets[0]!, 'jo@example.com'];
    assert.equal((await traces(store, markers)).length >= markers.length, true);

    const run = await kotae(['store', 'erase', store, '--conversation', mine.conversation, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), {
      storeDir: store,
      store: 'jsonl',
      erased: { conversationId: [mine.conversation] },
      // The escalation filed, and its delivery to the webhook.
      removed: { interaction: 1, feedback: 1, escalation: 2, review: 0, annotation: 0 },
      quarantine: { removed: 0, kept: 0 },
      files: { rewritten: ['interactions-000001.jsonl'], deleted: [] },
    });
    assert.deepEqual(await traces(store, markers), []);
    const left = await records(store);
    assert.deepEqual(
      left.map((r) => r.kind),
      ['interaction', 'feedback'],
    );
    assert.equal(left[0]!.kind === 'interaction' && left[0]!.conversationId, 'c-someone-else');

    // Again: nothing left to erase.
    assert.deepEqual(await kotae(['store', 'erase', store, '--conversation', mine.conversation]), {
      code: 0,
      stdout: `Nothing to erase: no record in ${store} matches conversation ${JSON.stringify(mine.conversation)}\n`,
      stderr: '',
    });
  });

  it('erases a user by id with the hash secret from the environment, and by hash', async () => {
    const store = join(dir, 'store-user');
    const hash = await hashUserId('customer-7', SECRET);
    const answer = marker('answer');
    await storeWith(store, [
      interactionRecord('u-1', { userHash: hash, answer }),
      feedbackRecord('u-1'),
      interactionRecord('u-2', { userHash: await hashUserId('customer-8', SECRET) }),
      escalationRecord('u-2'),
    ]);
    const missing = await kotae(['store', 'erase', store, '--user', 'customer-7']);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /^kotae: --user needs the user hash secret in \$KOTAE_USER_HASH_SECRET \(the secret your app hashes user ids with\)\n/,
    );

    const run = await kotae(['store', 'erase', store, '--user', 'customer-7', '--secret-env', 'MY_SECRET'], { MY_SECRET: SECRET });
    assert.deepEqual(run, {
      code: 0,
      stdout: `Erased 1 interaction, 1 feedback and 0 escalations (user hash "${hash}") from ${store}\n  files  1 rewritten, 0 deleted\n`,
      stderr: '',
    });
    assert.deepEqual(await traces(store, [hash, answer, 'customer-7']), []);
    const byHash = await kotae(['store', 'erase', store, '--user-hash', await hashUserId('customer-8', SECRET), '--json']);
    assert.deepEqual(JSON.parse(byHash.stdout).removed, { interaction: 1, feedback: 0, escalation: 1, review: 0, annotation: 0 });
    assert.deepEqual(await records(store), []);
  });

  it('compacts: drops records older than --older-than days, and says so', async () => {
    const store = join(dir, 'store-compact');
    const now = Date.now();
    const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const old = marker('old');
    await storeWith(store, [
      interactionRecord('old', { at: daysAgo(100), query: old }),
      feedbackRecord('old', { at: daysAgo(99), reason: old }),
      interactionRecord('recent', { at: daysAgo(5) }),
      feedbackRecord('old', { at: daysAgo(4) }),
    ]);
    const run = await kotae(['store', 'compact', store, '--older-than', '90d']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^Removed 1 interaction, 1 feedback and 0 escalations from before \\S+Z \\(older than 90 days\\) in ${store}\\n  files  1 rewritten, 0 deleted\\n$`,
      ),
    );
    assert.deepEqual(await traces(store, [old]), []);
    assert.deepEqual(
      (await records(store)).map((r) => r.at),
      [daysAgo(5), daysAgo(4)],
    );
    const json = JSON.parse((await kotae(['store', 'compact', store, '--older-than', '90d', '--json'])).stdout);
    assert.equal(json.olderThanDays, 90);
    assert.deepEqual(json.removed, { interaction: 0, feedback: 0, escalation: 0, review: 0, annotation: 0 });
  });

  it('kotae serve --retention-days compacts the store when it starts', async () => {
    const store = join(dir, 'store-serve-retention');
    const old = marker('old');
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    await storeWith(store, [
      interactionRecord('old', { at: '2020-01-01T00:00:00Z', query: old }),
      interactionRecord('recent', { at: recent }),
    ]);
    const { child, out } = await startServe([join(dir, 'kb'), '--port', '0', '--store', store, '--retention-days', '30']);
    for (let i = 0; i < 100 && !out().includes('retention:'); i++) await new Promise((done) => setTimeout(done, 20));
    assert.match(out(), /\n {2}retention: 30 days \(removed at start: 1 interaction, 0 feedback and 0 escalations\)\n$/);
    assert.equal(await stopServe(child), 0);
    assert.deepEqual(
      (await records(store)).map((r) => r.at),
      [recent],
    );
    assert.deepEqual(await traces(store, [old]), []);
    const bad = await kotae(['serve', join(dir, 'kb'), '--retention-days', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^kotae: invalid --retention-days "0" \(expected a positive integer\)\n/);
  });

  it('stops on a damaged store with a hint, and with --quarantine erases the damaged line of the conversation too', async () => {
    const store = join(dir, 'store-damaged');
    const secretQuestion = marker('q');
    await storeWith(store, [
      interactionRecord('d-1', { conversationId: 'c-damaged', query: secretQuestion }),
      feedbackRecord('d-1'),
      interactionRecord('keep'),
    ]);
    const file = join(store, 'interactions-000001.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[0] = lines[0]!.replace(secretQuestion, `${secretQuestion}?`); // the checksum no longer matches
    await writeFile(file, lines.join('\n'));
    const stopped = await kotae(['store', 'erase', store, '--conversation', 'c-damaged']);
    assert.equal(stopped.code, 5);
    assert.match(stopped.stderr, /interactions-000001\.jsonl:1: checksum mismatch \(byte offset 0\)/);
    assert.match(stopped.stderr, /\nkotae: to move damaged lines aside and go on, run kotae store erase again with --quarantine\n$/);
    const run = await kotae(['store', 'erase', store, '--conversation', 'c-damaged', '--quarantine', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(result.removed, { interaction: 0, feedback: 1, escalation: 0, review: 0, annotation: 0 }); // the feedback, found by the damaged line's id
    assert.deepEqual(result.quarantine, { removed: 1, kept: 0 });
    assert.deepEqual(result.files, { rewritten: ['interactions-000001.jsonl'], deleted: ['interactions-000001.corrupt.jsonl'] });
    assert.deepEqual(await traces(store, [secretQuestion, 'c-damaged']), []);
    assert.deepEqual(
      (await records(store)).map((r) => r.kind),
      ['interaction'],
    );
  });

  it('exits 3 on a missing or non-store directory, 2 on usage errors, and never creates a store', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    await writeFile(join(empty, 'notes.txt'), 'hello');
    assert.deepEqual(await kotae(['store', 'compact', join(dir, 'nope'), '--older-than', '30d']), {
      code: 3,
      stdout: '',
      stderr: `${join(dir, 'nope')}: store directory not found\n`,
    });
    assert.deepEqual(await kotae(['store', 'erase', empty, '--interaction', 'x']), {
      code: 3,
      stdout: '',
      stderr: `${empty}: not an interaction store (no interactions-*.jsonl files)\n`,
    });
    assert.equal(await readFile(join(empty, 'notes.txt'), 'utf8'), 'hello');
    const storeUsage =
      'Usage: kotae store compact <storeDir> --older-than <days>d [--quarantine] [--json]\n' +
      'Usage: kotae store erase <storeDir> [--conversation <id>] [--user <id>] [--user-hash <hash>] [--interaction <id>] [--secret-env <name>] [--quarantine] [--json]\n' +
      'Run "kotae store --help" for help.\n';
    assert.deepEqual(await kotae(['store']), {
      code: 2,
      stdout: '',
      stderr: `kotae: missing store action (compact or erase)\n${storeUsage}`,
    });
    assert.deepEqual(await kotae(['store', 'purge', empty]), {
      code: 2,
      stdout: '',
      stderr: `kotae: unknown store action "purge" (compact or erase)\n${storeUsage}`,
    });
    const compactUsage =
      'Usage: kotae store compact <storeDir> --older-than <days>d [--quarantine] [--json]\nRun "kotae store compact --help" for help.\n';
    for (const value of ['30', '0d', '1.5d', 'month']) {
      assert.deepEqual(await kotae(['store', 'compact', empty, '--older-than', value]), {
        code: 2,
        stdout: '',
        stderr: `kotae: invalid --older-than ${JSON.stringify(value)} (expected a number of days, such as 90d)\n${compactUsage}`,
      });
    }
    const erase = await kotae(['store', 'erase', empty]);
    assert.equal(erase.code, 2);
    assert.match(erase.stderr, /^kotae: give --conversation, --user, --user-hash or --interaction\nUsage: kotae store erase /);
    const help = await kotae(['store', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^kotae store — maintain an interaction store \(a directory or a postgres:\/\/ URL\)/);
    assert.equal((await kotae(['help', 'store', 'erase'])).stdout, (await kotae(['store', 'erase', '--help'])).stdout);
  });
});
