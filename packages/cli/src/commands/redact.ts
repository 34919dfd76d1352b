import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { countByType, redact as redactText, type PiiType } from '@kotae/knowledge';
import { assertFile } from '../internal/paths.js';
import { UsageError } from '../errors.js';
import { defineCommand } from '../internal/command.js';
import { formatJson, plural } from '../internal/format.js';

/** Where {@link redact} writes: anything with a Node-style `write` (process.stdout, a file stream). */
export type RedactSink = Pick<NodeJS.WritableStream, 'write' | 'once'>;

/** Options of {@link redact}. */
export interface RedactCommandOptions {
  /** The text file to redact (any text: chat logs, exported tickets, JSONL; read as UTF-8). */
  readonly file: string;
  /**
   * Write the redacted text to this file. It is written next to the target and renamed into
   * place at the end, so a failed run never leaves a half-redacted file.
   * @default write to {@link RedactCommandOptions.output}
   */
  readonly out?: string | undefined;
  /** Where the redacted text goes when `out` is not given, e.g. `process.stdout`. @default discarded (only the counts are returned) */
  readonly output?: RedactSink | undefined;
  /** Values that stay as written (the company's own support number or email). @default [] */
  readonly allow?: readonly string[] | undefined;
  /** Called for each redacted line with its 1-based line number. */
  readonly onLine?: ((line: number) => void) | undefined;
}

/** What {@link redact} did. */
export interface RedactCommandResult {
  /** The input file, as given. */
  readonly file: string;
  /** The output file, or undefined when the text went to `output`. */
  readonly out: string | undefined;
  /** Lines read (a final line without a newline counts). */
  readonly lines: number;
  /** Values replaced, in total. */
  readonly redacted: number;
  /** Values replaced per type; types with none are left out. */
  readonly counts: Partial<Record<PiiType, number>>;
}

/**
 * `kotae redact`: replaces personal data in a text file with typed placeholders (`[EMAIL]`,
 * `[PHONE]`, `[CARD]`…; see `redact` in `@kotae/knowledge`). The file is streamed line by line,
 * so memory does not grow with its size, and line endings are kept as they were. A value never
 * spans lines, which is also why redacting line by line finds what redacting the whole text would.
 *
 * Throws a `PathError` when the file does not exist.
 *
 * @example
 * ```ts
 * const result = await redact({ file: 'chats.txt', out: 'chats.redacted.txt', allow: ['0120-000-000'] })
 * console.log(result.counts) // { EMAIL: 3, PHONE: 2 }
 * ```
 */
export async function redact(options: RedactCommandOptions): Promise<RedactCommandResult> {
  await assertFile(options.file, 'file');
  const temporary = options.out === undefined ? undefined : `${options.out}.${process.pid}.tmp`;
  const fileSink = temporary === undefined ? undefined : createWriteStream(temporary);
  // Neither `out` nor `output`: the caller only wants the counts.
  const sink: RedactSink = fileSink ?? options.output ?? new Writable({ write: (_chunk, _encoding, done) => done() });
  const counts: Partial<Record<PiiType, number>> = {};
  let lines = 0;
  let redacted = 0;
  const write = async (text: string) => {
    if (!sink.write(text)) await once(sink as NodeJS.WritableStream, 'drain');
  };
  const redactLine = async (line: string) => {
    lines++;
    const { text, found } = redactText(line, { allow: options.allow });
    for (const [type, n] of Object.entries(countByType(found)) as [PiiType, number][]) counts[type] = (counts[type] ?? 0) + n;
    redacted += found.length;
    options.onLine?.(lines);
    await write(text);
  };
  try {
    let pending = '';
    for await (const chunk of createReadStream(options.file, { encoding: 'utf8' }) as AsyncIterable<string>) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        await redactLine(pending.slice(0, newline + 1));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    }
    if (pending !== '') await redactLine(pending);
    if (fileSink) {
      fileSink.end();
      await once(fileSink, 'finish');
      await rename(temporary!, options.out!);
    }
  } catch (error) {
    fileSink?.destroy();
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw error;
  }
  return { file: options.file, out: options.out, lines, redacted, counts };
}

/** `kotae redact` on the command line: options, usage and output. */
export const redactCommand = defineCommand({
  name: 'redact',
  summary: 'replace personal data in a text file with [EMAIL], [PHONE], [CARD]… placeholders',
  positionals: [{ name: 'file', description: 'a text file (chat logs, exports, JSONL), read line by line as UTF-8' }],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: '<file>',
      description: 'write the redacted text here (default: stdout)',
      doc: 'write the redacted text to this file instead of stdout (written to a temporary file next to it and renamed at the end: a failed run leaves no half-redacted file)',
    },
    allow: {
      type: 'string',
      value: '<values>',
      description: 'comma-separated values to keep, e.g. your own support number or email',
      doc: 'comma-separated values to keep as written, such as your own support number or address: `--allow 0120-123-456,support@example.com`. Compared after normalization, so `０１２０１２３４５６` is kept too',
    },
    json: {
      type: 'boolean',
      description: 'print the counts as one JSON object on stdout (needs --out)',
      doc: 'print the counts as one JSON object on stdout; needs `--out`, since without it stdout carries the redacted text',
    },
  },
  exit: { 0: 'redacted (also when nothing was found)', 1: 'the output cannot be written', 3: 'the file is missing or unreadable' },
  examples: [
    'kotae redact chats.txt > chats.redacted.txt',
    'kotae redact export.jsonl -o export.redacted.jsonl --allow 0120-123-456,support@example.com --json',
  ],
  async run(args, io) {
    const out = args.string('out');
    const json = args.flag('json');
    // stdout carries either the redacted text or the JSON summary, never both.
    if (json && out === undefined) throw new UsageError('--json needs --out (stdout carries the JSON summary)', 'redact');
    const allow = args
      .string('allow')
      ?.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const result = await redact({ file: args.positional('file')!, out, output: process.stdout, allow });
    if (json) io.out(formatJson(redactJson(result)));
    else io.err(formatRedact(result));
    return 0;
  },
});

/** The stderr summary of `kotae redact`: `redacted 5 values in 120 lines: EMAIL 3, PHONE 2`. */
export function formatRedact(result: RedactCommandResult): string {
  const counts = Object.entries(result.counts).map(([type, n]) => `${type} ${n}`);
  const where = `${plural(result.lines, 'line')} of ${result.file}${result.out === undefined ? '' : ` into ${result.out}`}`;
  return `redacted ${plural(result.redacted, 'value')} in ${where}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}\n`;
}

/** The `--json` object of `kotae redact`. */
export function redactJson(result: RedactCommandResult) {
  return { file: result.file, out: result.out, lines: result.lines, redacted: result.redacted, counts: result.counts };
}
