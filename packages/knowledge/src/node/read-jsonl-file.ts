import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { parseJsonl } from '../content/jsonl.js';
import { JsonlError } from '../errors.js';

/**
 * Reads a JSON Lines file and parses every line against `schema` (see {@link parseJsonl}).
 * A missing file throws a {@link JsonlError} at line 0.
 */
export async function readJsonlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new JsonlError(file, 0, 'file not found');
  }
  return parseJsonl(text, file, schema);
}
