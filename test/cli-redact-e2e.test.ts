/**
 * End-to-end tests of `kotae redact`: spawn `node packages/cli/dist/bin.js` (build it first) on
 * temp files and check exit codes, stdout and stderr.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { kotae } from './support/kotae-bin.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-redact-e2e-'));
  temps.push(dir);
  return dir;
}
after(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

const INPUT = [
  '{"role":"customer","text":"〒150-0002 東京都渋谷区渋谷2丁目21番1号、TEL 03-1234-5678"}',
  '{"role":"customer","text":"My card is 5555-5555-5555-4444, email me at jo@example.com"}',
  '{"role":"agent","text":"Reset link: https://help.example.com/reset?token=9f8e7d&lang=en"}',
  '{"role":"agent","text":"Order 550e8400-e29b-41d4-a716-446655440000 ships 2026-11-24"}',
  '',
].join('\n');

const OUTPUT = [
  '{"role":"customer","text":"[POSTAL] [ADDRESS]、TEL [PHONE]"}',
  '{"role":"customer","text":"My card is [CARD], email me at [EMAIL]"}',
  '{"role":"agent","text":"Reset link: https://help.example.com/reset?token=[URL_TOKEN]&lang=en"}',
  '{"role":"agent","text":"Order 550e8400-e29b-41d4-a716-446655440000 ships 2026-11-24"}',
  '',
].join('\n');

describe('kotae redact', { concurrency: true }, () => {
  it('prints the redacted text on stdout and the counts on stderr', async () => {
    const file = join(await tempDir(), 'chats.jsonl');
    await writeFile(file, INPUT);
    const run = await kotae(['redact', file]);
    assert.deepEqual(run, {
      code: 0,
      stdout: OUTPUT,
      // Types are listed in the order they first occur.
      stderr: `redacted 6 values in 4 lines of ${file}: POSTAL 1, ADDRESS 1, PHONE 1, CARD 1, EMAIL 1, URL_TOKEN 1\n`,
    });
  });

  it('writes --out and prints one JSON object with --json', async () => {
    const dir = await tempDir();
    const file = join(dir, 'chats.jsonl');
    const out = join(dir, 'redacted.jsonl');
    await writeFile(file, INPUT);
    const run = await kotae(['redact', file, '-o', out, '--json', '--allow', '03-1234-5678, jo@example.com']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), {
      file,
      out,
      lines: 4,
      redacted: 4,
      counts: { POSTAL: 1, ADDRESS: 1, CARD: 1, URL_TOKEN: 1 },
    });
    assert.equal(await readFile(out, 'utf8'), OUTPUT.replace('TEL [PHONE]', 'TEL 03-1234-5678').replace('[EMAIL]', 'jo@example.com'));
  });

  it('exits 3 with the path when the file is missing', async () => {
    const missing = join(await tempDir(), 'nope.txt');
    assert.deepEqual(await kotae(['redact', missing]), { code: 3, stdout: '', stderr: `${missing}: file not found\n` });
  });

  it('exits 2 on --json without --out, and without a file', async () => {
    const usage = 'Usage: kotae redact <file> [--out <file>] [--allow <values>] [--json]\nRun "kotae redact --help" for help.\n';
    assert.deepEqual(await kotae(['redact', 'x.txt', '--json']), {
      code: 2,
      stdout: '',
      stderr: `kotae: --json needs --out (stdout carries the JSON summary)\n${usage}`,
    });
    assert.deepEqual(await kotae(['redact']), { code: 2, stdout: '', stderr: `kotae: missing <file>\n${usage}` });
  });
});
