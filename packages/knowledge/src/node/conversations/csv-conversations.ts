import { csvRecords } from '../../conversations/csv-records.js';
import type { Conversation, ConversationMessage } from '../../schema/conversation.js';
import type { CsvConversationsConfig } from '../../schema/conversations-config.js';
import type { ConversationItem } from './file-chunks.js';

/** Options of {@link csvConversations}. */
export interface CsvConversationsOptions {
  /** The `conversations.csv` config (column names, role and outcome values, delimiter…). */
  readonly config?: CsvConversationsConfig | undefined;
  /** Locale of conversations without a `locale` column or value. */
  readonly defaultLocale: string;
  /** The longest record read, in characters (see `csvRecords`). @default 2000000 */
  readonly maxChars?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The config fields of `conversations.csv.columns`, with their default column names. */
const COLUMNS = {
  conversationId: 'conversation_id',
  role: 'role',
  text: 'text',
  time: 'time',
  channel: 'channel',
  locale: 'locale',
  outcome: 'outcome',
  topic: 'topic',
  name: 'customer_name',
} as const;
type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['conversationId', 'role', 'text'];

const ROLES = ['customer', 'agent', 'bot', 'system'] as const;
const OUTCOMES = ['resolved', 'escalated', 'abandoned'] as const;
const CHANNELS = ['chat', 'email', 'voice', 'in-product'] as const;

/** A conversation whose rows are still being read. */
interface Open {
  readonly id: string;
  readonly line: number;
  /** Index of the last row read for it. */
  lastRow: number;
  readonly messages: ConversationMessage[];
  channel?: Conversation['channel'];
  locale?: string;
  outcome?: Conversation['outcome'];
  /** An outcome value that maps to nothing: the conversation is reported and skipped. */
  badOutcome?: boolean;
  topic?: string;
  readonly names: Set<string>;
}

/**
 * Reads conversations from a CSV export with one message per row, in bounded memory.
 *
 * The first record is the header; columns are found by the names in `config.columns` (or the
 * defaults: `conversation_id`, `role`, `text`, and, when present, `time`, `channel`, `locale`,
 * `outcome`, `topic`, `customer_name`). A required column (or any configured one) missing from
 * the header is an `error` naming the config field, and the file is not read further.
 *
 * Rows are grouped by conversation id. They need not be contiguous: a conversation is complete
 * once `config.maxRowGap` rows (default 10,000) have passed without one of its rows, so an export
 * sorted by time works as well as one sorted by conversation. A row of a completed conversation
 * is reported and skipped. Messages are put in `time` order when every row of the conversation
 * has a time that `Date.parse` reads, and kept in row order otherwise; conversation fields
 * (channel, locale, outcome, topic) come from the first row that has them.
 *
 * Bad rows — a wrong number of fields, an empty id, an unknown role, an unknown outcome — are
 * `warning`s with their line; the rest of the file is read. Problems never quote message text.
 */
export async function* csvConversations(
  chunks: AsyncIterable<string>,
  options: CsvConversationsOptions,
): AsyncGenerator<ConversationItem<Conversation>> {
  const config = options.config ?? {};
  const maxGap = config.maxRowGap ?? 10_000;
  const roles = lowerKeys<(typeof ROLES)[number]>(config.roles);
  const outcomes = lowerKeys<(typeof OUTCOMES)[number]>(config.outcomes);
  let index: Partial<Record<Field, number>> | undefined;
  let width = 0;
  let row = 0;
  const open = new Map<string, Open>();
  const closed = new Set<string>();
  const records = csvRecords(chunks, { delimiter: config.delimiter, maxChars: options.maxChars, signal: options.signal });

  /** Completes conversations whose last row is more than `maxGap` rows before this one (the least recently seen are first in `open`). */
  function* flush(all: boolean): Generator<ConversationItem<Conversation>> {
    const done: Open[] = [];
    for (const conversation of open.values()) {
      if (!all && row - conversation.lastRow <= maxGap) break;
      done.push(conversation);
    }
    done.sort((a, b) => a.line - b.line);
    for (const conversation of done) {
      open.delete(conversation.id);
      closed.add(conversation.id);
      if (conversation.badOutcome) continue;
      yield { line: conversation.line, conversation: toConversation(conversation, options.defaultLocale, config.channel) };
    }
  }

  for await (const record of records) {
    if (record.problem !== undefined) {
      yield { line: record.line, problem: record.problem, severity: 'warning' };
      continue;
    }
    const { fields, line } = record;
    if (index === undefined) {
      const header = headerIndex(fields, config.columns ?? {});
      if (typeof header === 'string') {
        yield { line, problem: header, severity: 'error' };
        return;
      }
      index = header;
      width = fields.length;
      continue;
    }
    row++;
    yield* flush(false);
    if (fields.length !== width) {
      yield { line, problem: `expected ${width} fields (as in the header), found ${fields.length}; row skipped`, severity: 'warning' };
      continue;
    }
    const cell = (field: Field) => (index![field] === undefined ? '' : fields[index![field]]!.trim());
    const id = cell('conversationId');
    if (id === '') {
      yield { line, problem: 'empty conversation id; row skipped', severity: 'warning' };
      continue;
    }
    const roleValue = cell('role');
    const role = roles.get(roleValue.toLowerCase()) ?? ROLES.find((r) => r === roleValue.toLowerCase());
    if (role === undefined) {
      yield {
        line,
        problem: `unknown role ${JSON.stringify(roleValue)} (map it to customer, agent, bot or system in conversations.csv.roles); row skipped`,
        severity: 'warning',
      };
      continue;
    }
    if (closed.has(id)) {
      yield {
        line,
        problem: `conversation ${JSON.stringify(id)} continues more than ${maxGap.toLocaleString('en-US')} rows after its previous row (conversations.csv.maxRowGap); row skipped`,
        severity: 'warning',
      };
      continue;
    }
    let conversation = open.get(id);
    if (conversation) {
      open.delete(id);
    } else {
      conversation = { id, line, lastRow: row, messages: [], names: new Set() };
    }
    open.set(id, conversation);
    conversation.lastRow = row;
    const text = index.text === undefined ? '' : fields[index.text]!;
    const at = cell('time');
    if (text.trim() !== '') conversation.messages.push(at === '' ? { role, text } : { role, text, at });
    const name = cell('name');
    if (name !== '') conversation.names.add(name);
    conversation.topic ??= cell('topic') || undefined;
    conversation.locale ??= cell('locale') || undefined;
    const channel = cell('channel').toLowerCase();
    if (channel !== '' && conversation.channel === undefined) {
      const known = CHANNELS.find((c) => c === channel);
      if (known) conversation.channel = known;
      else
        yield {
          line,
          problem: `unknown channel ${JSON.stringify(cell('channel'))} (expected chat, email, voice or in-product); using the default`,
          severity: 'warning',
        };
    }
    const outcome = cell('outcome');
    if (outcome !== '' && conversation.outcome === undefined && !conversation.badOutcome) {
      const known = outcomes.get(outcome.toLowerCase()) ?? OUTCOMES.find((o) => o === outcome.toLowerCase());
      if (known) {
        conversation.outcome = known;
      } else {
        conversation.badOutcome = true;
        yield {
          line,
          problem: `unknown outcome ${JSON.stringify(outcome)} (map it to resolved, escalated or abandoned in conversations.csv.outcomes); conversation ${JSON.stringify(id)} skipped`,
          severity: 'warning',
        };
      }
    }
  }
  yield* flush(true);
}

/** Column indexes of the header's mapped fields, or the problem with the header. */
function headerIndex(header: readonly string[], columns: Partial<Record<Field, string>>): Partial<Record<Field, number>> | string {
  const names = header.map((h) => h.trim());
  const index: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(COLUMNS) as Field[]) {
    const configured = columns[field];
    const name = configured ?? COLUMNS[field];
    const at = names.indexOf(name);
    if (at >= 0) {
      index[field] = at;
    } else if (configured !== undefined || REQUIRED.includes(field)) {
      const shown = names.map((n) => JSON.stringify(n)).join(', ');
      return `conversations.csv.columns.${field}: no column ${JSON.stringify(name)} in the header (columns: ${shown})`;
    }
  }
  return index;
}

function toConversation(open: Open, defaultLocale: string, defaultChannel: Conversation['channel'] | undefined): Conversation {
  const messages = open.messages;
  // Sort by time only when every message has one that parses: otherwise row order is all we know.
  const times = messages.map((m) => (m.at === undefined ? NaN : Date.parse(m.at)));
  if (messages.length > 1 && times.every((t) => !Number.isNaN(t))) {
    const order = messages.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
    const sorted = order.map((i) => messages[i]!);
    messages.splice(0, messages.length, ...sorted);
  }
  return {
    id: open.id,
    channel: open.channel ?? defaultChannel ?? 'chat',
    locale: open.locale ?? defaultLocale,
    messages,
    ...(open.outcome ? { outcome: open.outcome } : {}),
    ...(open.topic ? { topic: open.topic } : {}),
    ...(messages[0]?.at ? { createdAt: messages[0].at } : {}),
    ...(open.names.size > 0 ? { names: [...open.names] } : {}),
  };
}

function lowerKeys<V>(record: Readonly<Record<string, V>> | undefined): Map<string, V> {
  return new Map(Object.entries(record ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]));
}
