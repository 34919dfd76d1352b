import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { conversationText } from '../classify/conversation-example.js';
import { ContentError, JsonlError, type ContentIssue } from '../errors.js';
import { ConversationMessageSchema } from '../schema/conversation.js';
import type { StoreRecord } from '../schema/interaction.js';
import { csvConversations } from './conversations/csv-conversations.js';
import { fileChunks } from './conversations/file-chunks.js';
import { readJsonlFile } from './read-jsonl-file.js';

/** One text to classify (or to learn from, when it has a label), as {@link readClassifyInput} reads it. */
export interface ClassifyInput {
  readonly text: string;
  /** The label (`label`, or a conversation's `topic`), when the line has one. */
  readonly label?: string | undefined;
  readonly locale?: string | undefined;
  /** The line's `id` (conversation or interaction id), when it has one. */
  readonly id?: string | undefined;
}

/** Options of {@link readClassifyInput}. */
export interface ReadClassifyInputOptions {
  /** Every item must have a label (training and evaluation data): a line without one is an error. @default false */
  readonly labelled?: boolean | undefined;
  /** Locale of CSV conversations without a locale column. @default "en" */
  readonly defaultLocale?: string | undefined;
  /**
   * Reads the records of an interaction store directory, for a directory input: pass
   * `readStoreRecords` of `@kotae/server/node` (the store lives in the server package). Without
   * it, a directory input throws a `JsonlError`.
   */
  readonly readStore?: ((dir: string) => AsyncIterable<StoreRecord>) | undefined;
}

const Id = z.union([z.string(), z.number()]).transform(String).optional();
const TextLine = z.object({ text: z.string(), label: z.string().min(1).optional(), locale: z.string().min(2).optional(), id: Id });
const ConversationLine = z.object({
  messages: z.array(ConversationMessageSchema).min(1),
  topic: z.string().min(1).optional(),
  locale: z.string().min(2).optional(),
  id: Id,
});
const InteractionLine = z.object({ query: z.string(), label: z.string().min(1).optional(), locale: z.string().min(2).optional(), id: Id });

/**
 * The schema of one line of a classify input file: `{text, label?}`, a conversation
 * (`{messages, topic?}`: its customer messages are the text, its topic the label), or an
 * interaction record (`{query}`). With `labelled`, a line without a label fails.
 */
function classifyLineSchema(labelled: boolean) {
  return z.unknown().transform((value, ctx): ClassifyInput => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
      return z.NEVER;
    }
    const kind = 'messages' in value ? 'conversation' : 'text' in value ? 'text' : 'query' in value ? 'interaction' : undefined;
    if (kind === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected {"text", "label"}, a conversation with "messages" (and "topic"), or an interaction record with "query"',
      });
      return z.NEVER;
    }
    const parsed =
      kind === 'conversation'
        ? ConversationLine.safeParse(value)
        : kind === 'text'
          ? TextLine.safeParse(value)
          : InteractionLine.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    const data = parsed.data;
    const item: ClassifyInput =
      'messages' in data
        ? { text: conversationText(data), label: data.topic, locale: data.locale, id: data.id }
        : 'query' in data
          ? { text: data.query, label: data.label, locale: data.locale, id: data.id }
          : data;
    if (labelled && item.label === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [kind === 'conversation' ? 'topic' : 'label'],
        message: 'is missing: a line to learn from or evaluate on needs a label',
      });
      return z.NEVER;
    }
    return item;
  });
}

/**
 * Reads texts to classify, or labelled examples, from a file or an interaction store:
 *
 * - JSON Lines (any extension but `.csv`): each line `{text, label?, locale?}`, a conversation
 *   (`{messages, topic?}`; the customer's messages are the text, `topic` the label) or an
 *   interaction record (`{query}`). The first bad line throws a `JsonlError` naming the file and
 *   line.
 * - `.csv`: a conversation export, one message per row (see `conversations.csv` in the config
 *   docs; the default column names: `conversation_id`, `role`, `text`, `topic`…). Bad rows throw a
 *   `ContentError` listing each with its line.
 * - a directory: an interaction store (`kotae serve --store`), read with `options.readStore`;
 *   every interaction's `query`.
 *
 * With `labelled`, every item must have a label.
 *
 * @example
 * ```ts
 * const examples = await readClassifyInput('labelled.jsonl', { labelled: true })
 * const classifier = trainClassifier(examples.map((e) => ({ text: e.text, label: e.label!, locale: e.locale })))
 * ```
 */
export async function readClassifyInput(file: string, options: ReadClassifyInputOptions = {}): Promise<ClassifyInput[]> {
  const labelled = options.labelled ?? false;
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (labelled) throw new JsonlError(file, 0, 'an interaction store has no labels: train and evaluate on labelled JSONL or CSV');
    if (options.readStore === undefined) {
      throw new JsonlError(
        file,
        0,
        'is a directory: reading an interaction store needs the readStore option (readStoreRecords of @kotae/server/node)',
      );
    }
    return readStore(options.readStore(file));
  }
  if (!file.toLowerCase().endsWith('.csv')) return readJsonlFile(file, classifyLineSchema(labelled));
  if (!info) throw new JsonlError(file, 0, 'file not found');
  const issues: ContentIssue[] = [];
  const items: ClassifyInput[] = [];
  for await (const item of csvConversations(fileChunks(file).chunks, { defaultLocale: options.defaultLocale ?? 'en' })) {
    if (item.problem !== undefined) {
      issues.push({ file, line: item.line, severity: 'error', message: item.problem });
      continue;
    }
    const c = item.conversation;
    if (labelled && !c.topic) {
      issues.push({ file, line: item.line, severity: 'error', message: `conversation ${JSON.stringify(c.id)} has no topic` });
      continue;
    }
    items.push({ text: conversationText(c), label: c.topic || undefined, locale: c.locale, id: c.id });
  }
  if (issues.length > 0) throw new ContentError(issues);
  return items;
}

async function readStore(records: AsyncIterable<StoreRecord>): Promise<ClassifyInput[]> {
  const items: ClassifyInput[] = [];
  for await (const record of records) {
    if (record.kind === 'interaction') items.push({ text: record.query, locale: record.locale, id: record.id });
  }
  return items;
}
