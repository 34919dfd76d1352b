import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { findHiddenInstructions } from '../../checks/hidden-instructions.js';
import type { ContentIssue } from '../../errors.js';
import { CONVERSATIONS_DIR, MAX_ISSUES_PER_FILE } from './ingest-conversations.js';

/**
 * Checks past conversations (`conversations/**\/*.jsonl` and `*.csv`) for hidden instructions,
 * line by line (a large export is streamed, never read whole): text a support agent could not see
 * but a model would read, such as Unicode tag characters or zero-width runs. A JSONL line's
 * message texts are checked after JSON decoding, so `\u200b` escapes count as what they are.
 * Findings are warnings with the file and line; the message quotes only the hidden text, never the
 * customer's words around it. At most {@link MAX_ISSUES_PER_FILE} per file.
 */
export async function scanConversations(contentDir: string): Promise<ContentIssue[]> {
  const issues: ContentIssue[] = [];
  for (const path of await conversationFiles(join(contentDir, CONVERSATIONS_DIR))) {
    const file = relative(contentDir, path);
    let count = 0;
    let line = 0;
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const text of lines) {
      line++;
      if (count >= MAX_ISSUES_PER_FILE) continue;
      for (const finding of findHiddenInstructions(path.endsWith('.jsonl') ? messageTexts(text) : text)) {
        if (count++ >= MAX_ISSUES_PER_FILE) break;
        issues.push({ file, line, severity: 'warning', message: `hidden text: ${finding.message}` });
      }
    }
  }
  return issues;
}

async function conversationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.(jsonl|csv)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The texts of a JSONL conversation line's messages, one per line; the raw line when it is not one. */
function messageTexts(line: string): string {
  try {
    const value = JSON.parse(line) as { messages?: { text?: unknown }[] };
    if (Array.isArray(value.messages)) return value.messages.map((m) => (typeof m?.text === 'string' ? m.text : '')).join('\n');
  } catch {
    // Not JSON: compile reports it; here the raw line is still checked.
  }
  return line;
}
