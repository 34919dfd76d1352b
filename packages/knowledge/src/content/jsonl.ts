import type { z } from 'zod';
import { JsonlError } from '../errors.js';

/**
 * Parses JSON Lines text against a schema. Blank lines are skipped; the first bad line throws a
 * {@link JsonlError} naming the file and line, quoting what is wrong.
 *
 * @param text - the file's text
 * @param file - the file's path, for messages
 * @param schema - the zod schema each line must match
 * @example
 * ```ts
 * const cases = parseJsonl(text, 'evals/cases.jsonl', EvalCaseSchema)
 * ```
 */
export function parseJsonl<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    out.push(parseJsonlLine(line, file, i + 1, schema));
  }
  return out;
}

/** Parses one JSONL line (see {@link parseJsonl}); throws {@link JsonlError}. */
export function parseJsonlLine<S extends z.ZodType>(line: string, file: string, lineNo: number, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new JsonlError(file, lineNo, `invalid JSON: ${(e as Error).message} in ${JSON.stringify(truncate(line))}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw new JsonlError(file, lineNo, `${path ? `"${path}" ` : ''}${issue.message}`);
  }
  return parsed.data;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
