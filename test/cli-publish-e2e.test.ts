/**
 * End to end: `kotae publish`, `kotae rollback`, `kotae diff` and `kotae serve`'s live pickup, as
 * a user runs them — the built binary, a real file system, real HTTP on loopback. The crash tests
 * SIGKILL the real binary mid-publish (after random delays, and at every file-system operation
 * through test/support/crash-hook.mjs) and check that a reader then finds the old version or the
 * new one, whole.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent, publishBundle, readBundleDir, rollbackBundle } from '@kotae/knowledge/node';
import { parseSse } from '../packages/server/test/support/sse-client.js';
import { BIN, kotae, startServe, stopServe } from './support/kotae-bin.js';

const HOOK = fileURLToPath(new URL('./support/crash-hook.mjs', import.meta.url));

const ARTICLES: Record<string, string> = {
  'articles/refunds.md':
    '---\nid: refunds\ntitle: Refunds\n---\nRefunds reach your card within five business days.\n\n## Partial refunds\n\nA partial refund covers the returned items only.\n',
  'articles/shipping.md': '---\nid: shipping\ntitle: Shipping times\n---\nOrders ship within two days and arrive within a week.\n',
  'articles/password.md':
    '---\nid: password\ntitle: Reset your password\n---\nChoose "Forgot password" on the sign-in page to get a reset link.\n',
};

const V2: Record<string, string> = {
  ...ARTICLES,
  'articles/refunds.md': ARTICLES['articles/refunds.md']!.replace('five business days', 'three business days'),
  'articles/flamingo.md':
    '---\nid: flamingo-care\ntitle: Feeding the flamingo\n---\nFeed the flamingo shrimp pellets twice a day; flamingo feeding keeps its feathers pink.\n',
};

async function compiled(root: string, name: string, files: Record<string, string>, at: string): Promise<string> {
  const content = join(root, `${name}-content`);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(content, 'articles'), { recursive: true });
    await writeFile(join(content, path), text);
  }
  const out = join(root, name);
  await compileContent(content, { out, now: () => new Date(at) });
  return out;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * What a reader finds in `target`: the manifest must be v1's or v2's, byte for byte, and every
 * file it lists (html shards too) present with its hash; `readBundleDir` must load it.
 */
async function assertWhole(target: string, versions: readonly Buffer[]): Promise<number> {
  const bytes = await readFile(join(target, 'manifest.json'));
  const which = versions.findIndex((v) => v.equals(bytes));
  assert.ok(which >= 0, `the channel manifest is neither version: ${bytes.toString().slice(0, 200)}`);
  const manifest = JSON.parse(bytes.toString()) as { files: { path: string; sha256: string }[] };
  for (const file of manifest.files) assert.equal(sha256(await readFile(join(target, file.path))), file.sha256, file.path);
  await readBundleDir(target);
  return which;
}

describe('kotae publish', () => {
  let root: string;
  let v1: string;
  let v2: string;
  let v1Bytes: Buffer;
  let v2Bytes: Buffer;
  let targets = 0;

  /** A target with v1 published (in process). */
  const freshTarget = async () => {
    const to = join(root, `target-${++targets}`);
    await publishBundle(v1, { to });
    return to;
  };

  /** After a killed publish of v2: a reader finds v1 or v2 whole; publishing v2 and rolling back then work. */
  const assertRecovers = async (to: string, what: string) => {
    await assertWhole(to, [v1Bytes, v2Bytes]).catch((e: Error) => assert.fail(`${what}: ${e.message}`));
    await publishBundle(v2, { to });
    assert.ok((await readFile(join(to, 'manifest.json'))).equals(v2Bytes), what);
    await rollbackBundle({ to });
    assert.ok((await readFile(join(to, 'manifest.json'))).equals(v1Bytes), `${what}: rollback restores v1 byte for byte`);
    await assertWhole(to, [v1Bytes]);
    const left = (await readdir(to)).filter((n) => n.startsWith('.'));
    assert.deepEqual(left, [], `${what}: no temporary file or lock is left`);
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kotae-publish-'));
    v1 = await compiled(root, 'v1', ARTICLES, '2026-01-01T00:00:00Z');
    v2 = await compiled(root, 'v2', V2, '2026-02-01T00:00:00Z');
    v1Bytes = await readFile(join(v1, 'manifest.json'));
    v2Bytes = await readFile(join(v2, 'manifest.json'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('publishes, refuses a downgrade with exit 4 quoting both versions, rolls back byte for byte', async () => {
    const to = join(root, 'cli');
    const first = await kotae(['publish', v1, '--to', to, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as { status: string; current: { version: string } };
    assert.equal(result.status, 'published');
    assert.match(first.stderr, /kotae publish: swapped the manifest\n/);
    const second = await kotae(['publish', v2, '--to', to]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^Published \w+ \(built 2026-02-01T00:00:00.000Z\) to channel production of /);
    const again = await kotae(['publish', v2, '--to', to]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already serves .*: nothing to do\n$/);

    const down = await kotae(['publish', v1, '--to', to]);
    assert.equal(down.code, 4);
    const [older, newer] = [JSON.parse(v1Bytes.toString()).version, JSON.parse(v2Bytes.toString()).version];
    assert.match(
      down.stderr,
      new RegExp(
        `channel "production" serves version "${newer}" built 2026-02-01T00:00:00.000Z; refusing to replace it with the older version "${older}" built 2026-01-01T00:00:00.000Z \\(pass --allow-downgrade`,
      ),
    );
    assert.ok((await readFile(join(to, 'manifest.json'))).equals(v2Bytes));

    const back = await kotae(['rollback', '--to', to, '--json']);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((JSON.parse(back.stdout) as { to: { version: string } }).to.version, older);
    assert.ok((await readFile(join(to, 'manifest.json'))).equals(v1Bytes), 'the previous manifest, byte for byte');
    const none = await kotae(['rollback', '--to', to]);
    assert.equal(none.code, 4);
    assert.match(none.stderr, /no version before ".+" is kept in its history\n$/);
  });

  it('publishes the .br and .gz copies kotae compile writes, and reads --grace as a duration', async () => {
    const content = join(root, 'v1-content');
    const out = join(root, 'compiled-cli');
    const compile = await kotae(['compile', content, '--out', out]);
    assert.equal(compile.code, 0, compile.stderr);
    const to = join(root, 'precompressed');
    const bad = await kotae(['publish', out, '--to', to, '--grace', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --grace "soon" \(expected a duration such as 30m, 24h or 7d, or 0\)/);
    const published = await kotae(['publish', out, '--to', to, '--grace', '1h']);
    assert.equal(published.code, 0, published.stderr);
    const manifest = JSON.parse(await readFile(join(to, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    assert.match(published.stdout, new RegExp(`\\.br/\\.gz   ${2 * manifest.files.length} precompressed copies copied`));
    const names = new Set(await readdir(to));
    for (const file of manifest.files) {
      assert.ok(names.has(`${file.path}.br`) && names.has(`${file.path}.gz`), file.path);
    }
  });

  it('diffs two bundles: added, removed and changed articles with their sections', async () => {
    const text = await kotae(['diff', v1, v2]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(
      text.stdout.split('\n').slice(1).join('\n'),
      [
        '+ flamingo-care [en] "Feeding the flamingo"',
        '~ refunds [en] "Refunds"',
        '    sections changed  (lead)',
        '1 article added, 0 removed, 1 changed, 2 unchanged',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await kotae(['diff', v2, v1, '--json'])).stdout) as { removed: { id: string }[]; changed: unknown[] };
    assert.deepEqual(
      json.removed.map((a) => a.id),
      ['flamingo-care'],
    );
    assert.equal(json.changed.length, 1);
  });

  it('never leaves a channel on a partial bundle when killed at any file-system operation', async () => {
    // Count the operations of one whole publish of v2 over v1.
    const counted = await run(['--import', HOOK, BIN, 'publish', v2, '--to', await freshTarget()], {});
    const ops = Number(/crash-hook ops: (\d+)/.exec(counted.stderr)?.[1]);
    assert.ok(ops > 10, counted.stderr);
    for (const mode of ['before', 'torn']) {
      for (let at = 1; at <= ops; at++) {
        const to = await freshTarget();
        const killed = await run(['--import', HOOK, BIN, 'publish', v2, '--to', to], {
          KOTAE_TEST_CRASH_AT: String(at),
          KOTAE_TEST_CRASH_MODE: mode,
        });
        assert.equal(killed.signal, 'SIGKILL', `op ${at} ${mode}: ${killed.stderr}`);
        await assertRecovers(to, `killed ${mode} op ${at} of ${ops}`);
      }
    }
  });

  it('never leaves a channel on a partial bundle when SIGKILLed after a random delay (50 runs)', async () => {
    // How long a whole publish takes here, and how long after it took the lock.
    const timing = await run([BIN, 'publish', v2, '--to', await freshTarget()], {});
    const total = timing.ms;
    const working = Math.max(1, timing.ms - (timing.lockedAtMs ?? 0));
    let seed = 20261124;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const outcomes = [0, 0];
    for (let i = 0; i < 50; i++) {
      const to = await freshTarget();
      // Half the runs die anywhere in the process's life, half while it holds the lock.
      const afterLocked = i % 2 === 1;
      const delay = Math.floor(random() * (afterLocked ? working : total));
      const killed = await run([BIN, 'publish', v2, '--to', to], {}, { killAfterMs: delay, afterLocked });
      const what = `run ${i}: killed ${delay} ms after ${afterLocked ? 'locking' : 'start'} (${killed.signal ?? `exit ${killed.code}`})`;
      const which = await assertWhole(to, [v1Bytes, v2Bytes]).catch((e: Error) => assert.fail(`${what}: ${e.message}`));
      outcomes[which]!++;
      await assertRecovers(to, what);
    }
    // Not a timing assert: both outcomes are legal; the counts only show the runs were not all one-sided.
    process.stderr.write(`random kills: ${outcomes[0]} left v1, ${outcomes[1]} left v2 (publish took ${total} ms)\n`);
  });

  it('kotae serve picks up a newly published version without a restart, and keeps the old one when a new manifest is bad', async () => {
    const to = await freshTarget();
    const server = await startServe([to, '--port', '0']);
    const ask = async (query: string) => {
      const res = await fetch(new URL('api/kotae/v1/answer', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      assert.equal(res.status, 200);
      const events = parseSse(await res.text());
      const sources = events.find((e) => e.event === 'sources')?.data as { sources: { articleId: string }[] } | undefined;
      return sources?.sources.map((s) => s.articleId) ?? [];
    };
    const version = async () =>
      ((await (await fetch(new URL('api/kotae/v1/health', server.url))).json()) as { bundle: { version: string } }).bundle.version;
    const waitFor = async (what: string, check: () => Promise<boolean>) => {
      for (let i = 0; i < 400; i++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail(`timed out waiting for ${what}`);
    };
    try {
      const manifest = await fetch(new URL('kb/manifest.json', server.url));
      assert.equal(manifest.headers.get('cache-control'), 'no-cache');
      const shard = (JSON.parse(await manifest.text()) as { files: { path: string }[] }).files[0]!.path;
      const shardRes = await fetch(new URL(`kb/${shard}`, server.url));
      assert.equal(shardRes.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      await shardRes.arrayBuffer();
      for (const hidden of ['kb/history/production', 'kb/.publish.lock']) {
        const res = await fetch(new URL(hidden, server.url));
        assert.equal(res.status, 404, hidden);
        await res.arrayBuffer();
      }

      assert.ok(!(await ask('how do I feed the flamingo')).includes('flamingo-care'));
      const published = await kotae(['publish', v2, '--to', to]);
      assert.equal(published.code, 0, published.stderr);
      const v2Version = JSON.parse(v2Bytes.toString()).version as string;
      await waitFor('the new version', async () => (await version()) === v2Version);
      assert.deepEqual((await ask('how do I feed the flamingo'))[0], 'flamingo-care');
      assert.match(server.err(), new RegExp(`kotae serve: now serving ${v2Version} \\(was \\w+\\)\\n`));

      // A manifest listing a shard with a wrong hash, swapped in as a publish would.
      const bad = JSON.parse(v2Bytes.toString()) as { version: string; files: { sha256: string }[] };
      bad.version = 'tampered';
      bad.files[0]!.sha256 = '0'.repeat(64);
      await writeFile(join(to, '.bad-manifest'), JSON.stringify(bad));
      await rename(join(to, '.bad-manifest'), join(to, 'manifest.json'));
      await waitFor('the rejection', async () => server.err().includes('the new manifest was rejected'));
      assert.match(
        server.err(),
        new RegExp(
          `kotae serve: kept ${v2Version}: the new manifest was rejected: bundle file ".+" has sha256 [0-9a-f]{64}, manifest says 0{64}\\n`,
        ),
      );
      assert.equal(await version(), v2Version);
      assert.deepEqual((await ask('how do I feed the flamingo'))[0], 'flamingo-care');
    } finally {
      assert.equal(await stopServe(server.child), 0);
    }
  });
});

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Milliseconds from spawn to exit. */
  readonly ms: number;
  /** Milliseconds from spawn to the "locked the target" progress line, when it came. */
  readonly lockedAtMs: number | undefined;
}

/** Runs node with `args`; with `killAfterMs`, SIGKILLs it that long after its start (or after it locked the target). */
function run(
  args: readonly string[],
  env: Record<string, string>,
  kill?: { killAfterMs: number; afterLocked: boolean },
): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let lockedAtMs: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => (timer = setTimeout(() => child.kill('SIGKILL'), kill!.killAfterMs));
  if (kill && !kill.afterLocked) arm();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (lockedAtMs === undefined && stderr.includes('locked the target')) {
      lockedAtMs = performance.now() - started;
      if (kill?.afterLocked) arm();
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Math.round(performance.now() - started), lockedAtMs });
    });
  });
}
