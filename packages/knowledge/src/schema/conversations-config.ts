import { z } from 'zod';

/** Roles a conversation message can have (see `ConversationMessageSchema`). */
const ROLE = z.enum(['customer', 'agent', 'bot', 'system']);
/** Outcomes a conversation can have (see `ConversationSchema`). */
const OUTCOME = z.enum(['resolved', 'escalated', 'abandoned']);
/** A column name of a CSV export's header row. */
const COLUMN = z.string().min(1, 'must be a column name');

/**
 * Which columns of a CSV export hold what. One row is one message; the rows of one conversation
 * share its `conversationId`. Names are matched against the header row exactly (after trimming
 * spaces and a byte-order mark).
 */
export const CsvColumnsSchema = z
  .object({
    /** The conversation id: rows with the same id are messages of one conversation. @default "conversation_id" */
    conversationId: COLUMN.optional(),
    /** Who wrote the message; values are mapped by `roles`. @default "role" */
    role: COLUMN.optional(),
    /** The message text. @default "text" */
    text: COLUMN.optional(),
    /** When the message was written (ISO 8601 is best). Used when present. @default "time" */
    time: COLUMN.optional(),
    /** `chat`, `email`, `voice` or `in-product`. Used when present. @default "channel" */
    channel: COLUMN.optional(),
    /** The conversation's locale (`ja`, `en-US`…). Used when present. @default "locale" */
    locale: COLUMN.optional(),
    /** The conversation's outcome; values are mapped by `outcomes`. Used when present. @default "outcome" */
    outcome: COLUMN.optional(),
    /** The conversation's topic (a category or tag). Used when present. @default "topic" */
    topic: COLUMN.optional(),
    /**
     * A person's name (the customer's, or the writer's): every value is redacted as `[NAME]`
     * wherever it appears in that conversation. Used when present. @default "customer_name"
     */
    name: COLUMN.optional(),
  })
  .strict();

/** How to read `conversations/**\/*.csv` exports. */
export const CsvConversationsSchema = z
  .object({
    /** Which columns hold what (see `CsvColumnsSchema`). @default the default column names */
    columns: CsvColumnsSchema.optional(),
    /**
     * The export's role values → kotae's roles, e.g. `{"Visitor": "customer", "Operator": "agent"}`.
     * Matched case-insensitively; kotae's own role names always work.
     * @default {}
     */
    roles: z.record(z.string(), ROLE).optional(),
    /**
     * The export's outcome values → kotae's outcomes, e.g. `{"solved": "resolved"}`. Matched
     * case-insensitively; kotae's own outcome names always work; an empty cell means no outcome.
     * @default {}
     */
    outcomes: z.record(z.string(), OUTCOME).optional(),
    /** The field separator: one character, e.g. `";"` or `"\t"`. @default "," */
    delimiter: z
      .string()
      .regex(/^[^"\r\n]$/, 'must be one character other than a quote or a line break')
      .optional(),
    /** Channel of conversations without a `channel` column or value. @default "chat" */
    channel: z.enum(['chat', 'email', 'voice', 'in-product']).optional(),
    /**
     * Rows of a conversation need not be contiguous (an export sorted by time interleaves
     * conversations): a conversation is complete once this many rows have passed without one of
     * its rows. Rows of it that come later are reported and skipped. Memory holds at most this
     * many rows of open conversations.
     * @default 10000
     */
    maxRowGap: z.number().int().positive().optional(),
  })
  .strict();

/**
 * The `conversations` section of `kotae.config.json`: how past support conversations
 * (`conversations/**\/*.jsonl` and `*.csv`) become precedents.
 *
 * @example
 * ```json
 * {
 *   "conversations": {
 *     "include": ["resolved"],
 *     "csv": { "columns": { "conversationId": "ticket", "role": "from", "text": "body" }, "roles": { "visitor": "customer" } }
 *   }
 * }
 * ```
 */
export const ConversationsConfigSchema = z
  .object({
    /**
     * Outcomes whose conversations become precedents; `unknown` stands for conversations without
     * an outcome.
     * @default ["resolved", "unknown"]
     */
    include: z
      .array(z.enum(['resolved', 'escalated', 'abandoned', 'unknown']))
      .min(1, 'must list at least one outcome')
      .optional(),
    /**
     * A conversation needs at least this many customer and agent messages (together) to become a
     * precedent.
     * @default 2
     */
    minMessages: z.number().int().positive().optional(),
    /**
     * The most precedents kept: when more conversations qualify, the most recent ones are kept
     * (by `createdAt` or the first message's time; conversations without a time count as older,
     * and later in the input as newer). Bounds the memory of a compile and the size of the
     * internal bundle, whatever the size of the export.
     * @default 20000
     */
    maxPrecedents: z.number().int().positive().optional(),
    /**
     * Values that redaction keeps as written: your own support number, address or email
     * (see `RedactOptions.allow`).
     * @default []
     */
    allow: z.array(z.string()).optional(),
    /**
     * The longest JSONL line or CSV record read, in characters; a longer one (a missing newline,
     * an unclosed quote) is reported and skipped, so a broken file never needs its size in memory.
     * @default 2000000
     */
    maxRecordChars: z.number().int().positive().optional(),
    /** How to read CSV exports (see `CsvConversationsSchema`). */
    csv: CsvConversationsSchema.optional(),
  })
  .strict();

/** The `conversations` section of `kotae.config.json`. */
export type ConversationsConfig = z.infer<typeof ConversationsConfigSchema>;

/** How to read CSV exports of conversations. */
export type CsvConversationsConfig = z.infer<typeof CsvConversationsSchema>;
