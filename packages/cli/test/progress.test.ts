import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressReporter } from '../src/internal/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('progressReporter', () => {
  it('stays silent for small inputs when stderr is not a TTY', () => {
    const s = stream(false);
    const reporter = progressReporter(s);
    reporter.onProgress({ phase: 'load', done: 40, total: 40 });
    reporter.onProgress({ phase: 'index', done: 0, total: 254 });
    reporter.finish();
    assert.deepEqual(s.writes, []);
  });

  it('prints one line per step for more than 200 files', () => {
    const s = stream(false);
    const reporter = progressReporter(s);
    reporter.onProgress({ phase: 'load', done: 200, total: 201 });
    reporter.onProgress({ phase: 'load', done: 201, total: 201 });
    reporter.onProgress({ phase: 'index', done: 0, total: 900 });
    reporter.onProgress({ phase: 'index', done: 900, total: 900 });
    reporter.onProgress({ phase: 'write', done: 0, total: 2 });
    reporter.onProgress({ phase: 'write', done: 2, total: 2 });
    reporter.finish();
    assert.deepEqual(s.writes, [
      'kotae: read 200/201 files\n',
      'kotae: read 201/201 files\n',
      'kotae: indexing 900 sections\n',
      'kotae: writing 2 files\n',
    ]);
  });

  it('rewrites one status line on a TTY and clears it at the end', () => {
    const s = stream(true);
    const reporter = progressReporter(s);
    reporter.onProgress({ phase: 'load', done: 3, total: 3 });
    reporter.onProgress({ phase: 'index', done: 0, total: 5 });
    reporter.finish();
    assert.deepEqual(s.writes, ['\r\x1b[Kkotae: read 3/3 files', '\r\x1b[Kkotae: indexing 5 sections', '\r\x1b[K']);
  });
});
