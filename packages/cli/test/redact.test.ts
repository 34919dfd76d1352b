import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { PathError, redact } from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

const CHAT = [
  'customer: 電話は０３ー１２３４ー５６７８、メールは hanako@example.jp です',
  'agent: Thanks! Card 4111 1111 1111 1111 is on file; call us at 0120-123-456.',
  '',
  'customer: order 2026-11-24 #A-1009, v1.2.3',
].join('\r\n');

/** Collects what a command writes to its output stream. */
function collector() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.setEncoding('utf8').on('data', (c: string) => chunks.push(c));
  return { stream, text: () => chunks.join('') };
}

describe('redact', () => {
  it('writes the redacted text to the output, keeping line endings, and counts per type', async () => {
    const dir = await tempDir();
    const file = join(dir, 'chat.txt');
    await writeFile(file, CHAT);
    const sink = collector();
    const result = await redact({ file, output: sink.stream, allow: ['0120-123-456'] });
    assert.equal(
      sink.text(),
      [
        'customer: 電話は[PHONE]、メールは [EMAIL] です',
        'agent: Thanks! Card [CARD] is on file; call us at 0120-123-456.',
        '',
        'customer: order 2026-11-24 #A-1009, v1.2.3',
      ].join('\r\n'),
    );
    assert.deepEqual(result, { file, out: undefined, lines: 4, redacted: 3, counts: { PHONE: 1, EMAIL: 1, CARD: 1 } });
  });

  it('writes to --out through a temporary file renamed into place', async () => {
    const dir = await tempDir();
    const file = join(dir, 'chat.txt');
    const out = join(dir, 'chat.redacted.txt');
    await writeFile(file, 'a@b.co\n');
    const result = await redact({ file, out });
    assert.equal(await readFile(out, 'utf8'), '[EMAIL]\n');
    assert.deepEqual(result.counts, { EMAIL: 1 });
    assert.deepEqual((await readdir(dir)).sort(), ['chat.redacted.txt', 'chat.txt']);
  });

  it('streams a file larger than one read chunk, line by line', async () => {
    const dir = await tempDir();
    const file = join(dir, 'big.txt');
    const line = 'mail taro@example.jp or 090-1234-5678 about order 12345\n';
    await writeFile(file, line.repeat(5000));
    const sink = collector();
    const result = await redact({ file, output: sink.stream });
    assert.equal(sink.text(), 'mail [EMAIL] or [PHONE] about order 12345\n'.repeat(5000));
    assert.deepEqual(result.counts, { EMAIL: 5000, PHONE: 5000 });
    assert.equal(result.lines, 5000);
  });

  it('only counts when given neither an output file nor a stream', async () => {
    const dir = await tempDir();
    const file = join(dir, 'chat.txt');
    await writeFile(file, 'a@b.co and c@d.jp\nno data\n');
    assert.deepEqual(await redact({ file }), { file, out: undefined, lines: 2, redacted: 2, counts: { EMAIL: 2 } });
  });

  it('throws a PathError for a missing file', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'nope.txt');
    await assert.rejects(redact({ file: missing, output: collector().stream }), (e: unknown) => {
      assert.ok(e instanceof PathError);
      assert.equal(e.message, `${missing}: file not found`);
      return true;
    });
  });
});
