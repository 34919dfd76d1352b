/**
 * End to end: `kotae serve --console` over a JSONL store — a reviewer flags answered questions as
 * eval cases through the console's HTTP API, `kotae cases --reviewed` exports them (to the file, as
 * a patch, on a new git branch without touching the working tree), and `kotae eval` runs them.
 * Needs the packages built.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { compileContent } from '@kotae/knowledge/node';
import { serve, type RunningServer } from '@kotae/cli';
import { kotae } from './support/kotae-bin.js';

describe('flag → test case → kotae eval', () => {
  let dir: string;
  let server: RunningServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kotae-flag-'));
    await compileContent(fileURLToPath(new URL('../examples/knowledge', import.meta.url)), { out: join(dir, 'kb') });
    server = await serve({ bundleDir: join(dir, 'kb'), port: 0, store: join(dir, 'store'), console: true });
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(query: string): Promise<string> {
    const events = await (
      await fetch(`${server.endpoint}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, conversationId: `c-${query.length}` }),
      })
    ).text();
    const id = /"interactionId":"([^"]+)"/.exec(events)?.[1];
    assert.ok(id, events.slice(0, 300));
    return id;
  }

  it('exports the cases reviewers flag as a reviewable change that kotae eval runs', async () => {
    const reset = await ask('the link to reset my password expired');
    const weather = await ask('what will the weather be in Osaka tomorrow');
    const signIn = await fetch(server.consoleSignIn!, { redirect: 'manual' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const api = `${server.endpoint}/v1/console`;
    const { csrf } = (await (await fetch(`${api}/session`, { headers: { cookie } })).json()) as { csrf: string };
    const flag = (id: string, body: unknown) =>
      fetch(`${api}/interactions/${id}/case`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-kotae-csrf': csrf },
        body: JSON.stringify(body),
      });
    assert.equal((await flag(reset, { relevant: ['reset-password'], answers: ['24 hours'] })).status, 201);
    assert.equal((await flag(weather, { refuse: true })).status, 201);

    // A content repository under git with an eval file the owner committed.
    const content = join(dir, 'content');
    await mkdir(join(content, 'evals'), { recursive: true });
    const committed = '{"id": "en-forgot-password", "query": "I forgot my password", "locale": "en", "relevant": ["reset-password"]}\n';
    await writeFile(join(content, 'evals', 'cases.jsonl'), committed);
    const git = (...args: string[]) => execFileSync('git', ['-C', content, ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.name=owner', '-c', 'user.email=owner@example.com', 'commit', '-qm', 'cases');
    const evalFile = join(content, 'evals', 'cases.jsonl');

    // On a new branch: the working tree and main are left alone.
    const branched = await kotae(['cases', join(dir, 'store'), '--reviewed', '--out', evalFile, '--branch', 'kotae/reviewed', '--json']);
    assert.equal(branched.code, 0, branched.stderr);
    const result = JSON.parse(branched.stdout) as {
      added: number;
      reviewed: number;
      change: { to: string; branch: string; commit: string };
    };
    assert.deepEqual([result.added, result.reviewed, result.change.to, result.change.branch], [2, 2, 'branch', 'kotae/reviewed']);
    assert.equal(await readFile(evalFile, 'utf8'), committed, 'the working tree is unchanged');
    assert.equal(git('status', '--porcelain'), '');
    assert.equal(git('rev-parse', 'main').trim(), git('rev-parse', 'kotae/reviewed~1').trim());
    const onBranch = git('show', 'kotae/reviewed:evals/cases.jsonl');
    assert.ok(onBranch.startsWith(committed));
    assert.deepEqual(
      onBranch
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
      ['en-forgot-password', `review-${reset}`, `review-${weather}`],
    );

    // As a patch that git applies.
    const patch = join(dir, 'cases.patch');
    const patched = await kotae(['cases', join(dir, 'store'), '--reviewed', '--out', evalFile, '--patch', patch]);
    assert.equal(patched.code, 0, patched.stderr);
    assert.match(patched.stdout, /2 new cases written as a patch/);
    assert.equal(await readFile(evalFile, 'utf8'), committed);
    execFileSync('git', ['-C', content, 'apply', '--check', patch]);

    // Into the file, for the owner to commit; then kotae eval runs them.
    const written = await kotae(['cases', join(dir, 'store'), '--reviewed', '--out', evalFile]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /2 cases written by reviewers; 2 new cases appended to/);
    assert.equal(git('status', '--porcelain').trim(), 'M evals/cases.jsonl', 'changed, never committed');
    assert.equal(await readFile(evalFile, 'utf8'), onBranch, 'the same change as on the branch');
    const again = await kotae(['cases', join(dir, 'store'), '--reviewed', '--out', evalFile, '--json']);
    assert.equal((JSON.parse(again.stdout) as { added: number }).added, 0, 'cases already there are not added twice');

    const evaluated = await kotae(['eval', join(dir, 'kb'), '--cases', evalFile, '--json']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const report = JSON.parse(evaluated.stdout) as { cases: number; refusal: { answerable: number; refuse: number } };
    assert.equal(report.cases, 2, 'the committed case and the flagged one with relevant articles');
    assert.deepEqual([report.refusal.answerable, report.refusal.refuse], [2, 1], 'and the must-refuse case');

    // A topic label a reviewer corrects is training data for kotae classify --reviewed.
    const labelled = await fetch(`${api}/interactions/${reset}/topic`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-kotae-csrf': csrf },
      body: JSON.stringify({ topic: 'billing' }),
    });
    assert.equal(labelled.status, 201);
    const train = join(dir, 'topics.jsonl');
    const examples = [
      ['I forgot my password', 'account'],
      ['the password reset link does not work', 'account'],
      ['cannot sign in to my account', 'account'],
      ['I was charged twice this month', 'billing'],
      ['refund for my last invoice', 'billing'],
      ['update my credit card', 'billing'],
    ];
    await writeFile(train, examples.map(([text, label]) => JSON.stringify({ text, label })).join('\n') + '\n');
    const input = join(dir, 'input.jsonl');
    await writeFile(input, `${JSON.stringify({ text: 'the link to reset my password expired' })}\n`);
    const label = async (...extra: string[]) => {
      const run = await kotae(['classify', '--train', train, ...extra, '--input', input, '--json']);
      assert.equal(run.code, 0, run.stderr);
      return (JSON.parse(run.stdout.split('\n')[0]!) as { label: string }).label;
    };
    assert.equal(await label(), 'account');
    assert.equal(await label('--reviewed', join(dir, 'store')), 'billing', 'the correction changed the classifier');
  });
});
