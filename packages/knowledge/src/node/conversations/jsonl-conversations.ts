import { textLines } from '../../conversations/text-lines.js';
import { ConversationSchema, type Conversation } from '../../schema/conversation.js';
import type { ConversationItem } from './file-chunks.js';

/** Options of {@link jsonlConversations}. */
export interface JsonlConversationsOptions {
  /** Locale of conversations without `locale`. */
  readonly defaultLocale: string;
  /** The longest line read, in characters (see `textLines`). @default 2000000 */
  readonly maxChars?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads conversations from JSON Lines text, one conversation per line (`ConversationSchema`;
 * `channel` defaults to `chat` and `locale` to `defaultLocale`), in bounded memory. Blank lines
 * are skipped; every other line yields a conversation or a problem (invalid JSON, a schema
 * mismatch, a line over `maxChars`) with its line number. Problems never quote the line's text:
 * it is customer data.
 *
 * @example
 * ```ts
 * for await (const item of jsonlConversations(fileChunks(path).chunks, { defaultLocale: 'en' })) …
 * ```
 */
export async function* jsonlConversations(
  chunks: AsyncIterable<string>,
  options: JsonlConversationsOptions,
): AsyncGenerator<ConversationItem<Conversation>> {
  for await (const { line, text, tooLong } of textLines(chunks, { maxChars: options.maxChars, signal: options.signal })) {
    if (tooLong) {
      yield {
        line,
        problem: `line longer than ${(options.maxChars ?? 2_000_000).toLocaleString('en-US')} characters; skipped`,
        severity: 'warning',
      };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { line, problem: invalidJson(e as Error), severity: 'warning' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, problem: 'a conversation must be a JSON object', severity: 'warning' };
      continue;
    }
    const parsed = ConversationSchema.safeParse({ channel: 'chat', locale: options.defaultLocale, ...value });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.');
      const id = (value as { id?: unknown }).id;
      const which = typeof id === 'string' || typeof id === 'number' ? ` (conversation ${JSON.stringify(String(id))})` : '';
      yield { line, problem: `${path ? `"${path}" ` : ''}${issue.message}${which}`, severity: 'warning' };
      continue;
    }
    yield { line, conversation: parsed.data };
  }
}

/**
 * `invalid JSON at column N`: never the engine's message, which quotes the line, and a
 * conversation line is customer data that must not reach a CI log.
 */
function invalidJson(error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (position) return `invalid JSON at column ${Number(position[1]) + 1}`;
  return /end of (?:JSON )?input/i.test(error.message) ? 'invalid JSON: unexpected end of line' : 'invalid JSON';
}
