import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConversationSchema, EvalCaseSchema, KotaeError, parseJsonl } from '../src/index.js';
import { JsonlError } from '../src/errors.js';
import { parseJsonlLine } from '../src/content/jsonl.js';
import { readJsonlFile } from '../src/node.js';
import { caught, tempDir } from './support/content.js';

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

async function jsonlError(fn: () => unknown): Promise<JsonlError> {
  const error = await caught(fn);
  assert.ok(error instanceof JsonlError, `not a JsonlError: ${String(error)}`);
  assert.ok(error instanceof KotaeError);
  assert.equal(error.name, 'JsonlError');
  return error;
}

describe('parseJsonl', () => {
  it('parses every non-blank line against the schema', () => {
    const text = '{"id":"a","query":"reset password","relevant":["reset"]}\r\n\n   \n{"id":2,"query":"請求書","locale":"ja","refuse":true}';
    assert.deepEqual(parseJsonl(text, 'evals/cases.jsonl', EvalCaseSchema), [
      { id: 'a', query: 'reset password', relevant: ['reset'] },
      { id: '2', query: '請求書', locale: 'ja', refuse: true },
    ]);
  });

  it('returns nothing for an empty file', () => {
    assert.deepEqual(parseJsonl('', 'e.jsonl', EvalCaseSchema), []);
    assert.deepEqual(parseJsonl('\n\n', 'e.jsonl', EvalCaseSchema), []);
  });

  it('names the file and line of invalid JSON, quoting it', async () => {
    const error = await jsonlError(() => parseJsonl('{"id":"a","query":"q"}\n\n{bad\n', 'evals/cases.jsonl', EvalCaseSchema));
    assert.equal(error.file, 'evals/cases.jsonl');
    assert.equal(error.line, 3);
    assert.equal(error.message, `evals/cases.jsonl:3: invalid JSON: ${jsonParseMessage('{bad')} in "{bad"`);
  });

  it('truncates a long bad line in the message', async () => {
    const line = `{"query": "${'x'.repeat(100)}"`;
    const error = await jsonlError(() => parseJsonl(line, 'e.jsonl', EvalCaseSchema));
    assert.equal(error.message, `e.jsonl:1: invalid JSON: ${jsonParseMessage(line)} in ${JSON.stringify(`${line.slice(0, 57)}...`)}`);
  });

  it('names the file, line and field of a schema error', async () => {
    const empty = await jsonlError(() => parseJsonl('{"id":"a","query":"q"}\n{"id":"b","query":""}\n', 'e.jsonl', EvalCaseSchema));
    assert.deepEqual(
      [empty.file, empty.line, empty.message],
      ['e.jsonl', 2, 'e.jsonl:2: "query" Too small: expected string to have >=1 characters'],
    );

    const missing = await jsonlError(() => parseJsonl('{"id":"b"}', 'e.jsonl', EvalCaseSchema));
    assert.equal(missing.message, 'e.jsonl:1: "query" Invalid input: expected string, received undefined');

    const nested = await jsonlError(() => parseJsonl('{"id":"b","query":"q","relevant":["a", 1]}', 'e.jsonl', EvalCaseSchema));
    assert.equal(nested.message, 'e.jsonl:1: "relevant.1" Invalid input: expected string, received number');
  });

  it('reports a line that is JSON but not an object without a field name', async () => {
    const error = await jsonlError(() => parseJsonl('[1, 2]', 'e.jsonl', EvalCaseSchema));
    assert.equal(error.message, 'e.jsonl:1: Invalid input: expected object, received array');
  });

  it('validates conversations', async () => {
    const line = JSON.stringify({ id: 'c1', channel: 'fax', locale: 'en', messages: [{ role: 'customer', text: 'hi' }] });
    const error = await jsonlError(() => parseJsonl(line, 'conversations/a.jsonl', ConversationSchema));
    assert.equal(error.message, 'conversations/a.jsonl:1: "channel" Invalid option: expected one of "chat"|"email"|"voice"|"in-product"');
  });

  it('reads back any list of eval cases written as JSON lines', () => {
    const evalCase = fc
      .record(
        {
          id: fc.string({ minLength: 1 }),
          query: fc.string({ unit: 'grapheme', minLength: 1 }),
          locale: fc.constantFrom('en', 'ja', 'en-US'),
          relevant: fc.array(fc.string(), { maxLength: 3 }),
          refuse: fc.boolean(),
        },
        { requiredKeys: ['id', 'query'] },
      )
      .map((c) => ({ ...c }));
    fc.assert(
      fc.property(fc.array(evalCase, { maxLength: 10 }), (cases) => {
        const text = cases.map((c) => JSON.stringify(c)).join('\n');
        assert.deepEqual(parseJsonl(text, 'e.jsonl', EvalCaseSchema), cases);
      }),
    );
  });
});

describe('parseJsonlLine', () => {
  it('uses the line number it is given', async () => {
    const error = await jsonlError(() => parseJsonlLine('nope', 'x.jsonl', 41, EvalCaseSchema));
    assert.equal(error.line, 41);
    assert.equal(error.message, `x.jsonl:41: invalid JSON: ${jsonParseMessage('nope')} in "nope"`);
  });
});

describe('readJsonlFile', () => {
  it('reads and validates a file', async () => {
    const file = join(await tempDir(), 'cases.jsonl');
    await writeFile(file, '{"id":"a","query":"q"}\n');
    assert.deepEqual(await readJsonlFile(file, EvalCaseSchema), [{ id: 'a', query: 'q' }]);
  });

  it('reports a missing file at line 0', async () => {
    const file = join(await tempDir(), 'missing.jsonl');
    const error = await jsonlError(() => readJsonlFile(file, EvalCaseSchema));
    assert.deepEqual([error.file, error.line, error.message], [file, 0, `${file}:0: file not found`]);
  });
});
