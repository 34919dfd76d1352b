import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvRecords, type CsvItem } from '../src/conversations/csv-records.js';
import { textLines, type TextLine } from '../src/conversations/text-lines.js';

/** The text as an async iterable of chunks of `size` code units (a stream's reads). */
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const records = (text: string, size = 1 << 16, options = {}) => collect<CsvItem>(csvRecords(chunked(text, size), options));
const lines = (text: string, size = 1 << 16, maxChars?: number) => collect<TextLine>(textLines(chunked(text, size), { maxChars }));

/** RFC 4180 serialization: quote a field when it holds a delimiter, quote or line break. */
function serialize(rows: readonly (readonly string[])[], newline: string, delimiter = ','): string {
  const field = (f: string) => (/[",\r\n]/.test(f) || f.includes(delimiter) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
  return rows.map((row) => row.map(field).join(delimiter)).join(newline) + newline;
}

describe('csvRecords', () => {
  it('reads quoted fields with delimiters, quotes and line breaks, and numbers each record by its first line', async () => {
    const text = 'id,role,text\n1,customer,"Hello, I was charged ""twice""\nyesterday"\n2,agent,Refunded.\n';
    assert.deepEqual(await records(text), [
      { line: 1, fields: ['id', 'role', 'text'] },
      { line: 2, fields: ['1', 'customer', 'Hello, I was charged "twice"\nyesterday'] },
      { line: 4, fields: ['2', 'agent', 'Refunded.'] },
    ]);
  });

  it('counts a \\r\\n inside a quoted field as one line', async () => {
    const text = 'a,b\r\n1,"x\r\ny\r\nz"\r\n2,w\r\n';
    assert.deepEqual(await records(text, 3), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\r\ny\r\nz'] },
      { line: 5, fields: ['2', 'w'] },
    ]);
  });

  it('drops a byte-order mark, skips empty lines and keeps empty fields', async () => {
    assert.deepEqual(await records('\uFEFFa,b,c\n\n\n1,,\n,,3'), [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 4, fields: ['1', '', ''] },
      { line: 5, fields: ['', '', '3'] },
    ]);
  });

  it('keeps a quote inside an unquoted field and text after a closing quote', async () => {
    assert.deepEqual(await records('5" screen,"ok"ay\n'), [{ line: 1, fields: ['5" screen', 'okay'] }]);
  });

  it('reads another delimiter', async () => {
    assert.deepEqual(await records('a;b\n"x;y";z\n', 2, { delimiter: ';' }), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;y', 'z'] },
    ]);
  });

  it('reports an unclosed quote at the line where its record starts and reads on from the next line', async () => {
    const text = 'a,b\n1,x\n2,"never closed\n3,y\n4,z\n';
    assert.deepEqual(await records(text, 4), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x'] },
      { line: 3, problem: 'unclosed quote: the record runs to the end of the file; skipped its first line' },
      { line: 4, fields: ['3', 'y'] },
      { line: 5, fields: ['4', 'z'] },
    ]);
  });

  it('skips a record longer than maxChars without holding it, and reads on', async () => {
    const text = `a,b\n1,"${'x'.repeat(80)}\n${'y'.repeat(60)}"\n2,ok\n`;
    assert.deepEqual(await records(text, 16, { maxChars: 100 }), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, problem: 'record longer than 100 characters (an unclosed quote?); skipped its first line' },
      // The skipped record's second line is read as a record of its own: its quote closes there.
      { line: 3, fields: [`${'y'.repeat(60)}"`] },
      { line: 4, fields: ['2', 'ok'] },
    ]);
    const long = await records(`${'z'.repeat(1000)}\nshort\n`, 7, { maxChars: 100 });
    assert.deepEqual(long, [
      { line: 1, problem: 'record longer than 100 characters (an unclosed quote?); skipped its first line' },
      { line: 2, fields: ['short'] },
    ]);
  });

  it('rejects a delimiter that cannot work', async () => {
    await assert.rejects(records('a', 1, { delimiter: '"' }), {
      name: 'InvalidOptionError',
      option: 'delimiter',
      message: 'delimiter must be one character other than a quote or a line break (got "\\"")',
    });
  });

  it('reads back what an RFC 4180 writer wrote, in any chunking, with the line of every record', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '日', '😀', ';'), maxLength: 8 });
    const row = fc.array(field, { minLength: 1, maxLength: 4 }).filter((r) => !(r.length === 1 && r[0] === ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 9 }),
        async (rows, newline, size) => {
          const text = serialize(rows, newline);
          const got = await records(text, size);
          assert.deepEqual(
            got.map((r) => r.fields),
            rows,
          );
          // Each record starts one line after the previous record's line breaks.
          let line = 1;
          for (const [i, r] of got.entries()) {
            assert.equal(r.line, line);
            line += serialize([rows[i]!], newline).split('\n').length - 1;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('textLines', () => {
  it('numbers lines, drops \\r and a byte-order mark, and yields a last line without a break', async () => {
    assert.deepEqual(await lines('\uFEFFone\r\ntwo\n\nthree', 2), [
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
      { line: 3, text: '' },
      { line: 4, text: 'three' },
    ]);
  });

  it('reports a line over maxChars and skips it without holding it', async () => {
    assert.deepEqual(await lines(`ok\n${'x'.repeat(1000)}\nafter\n`, 10, 100), [
      { line: 1, text: 'ok' },
      { line: 2, tooLong: true },
      { line: 3, text: 'after' },
    ]);
    assert.deepEqual(await lines('x'.repeat(50), 10, 20), [{ line: 1, tooLong: true }]);
  });
});
