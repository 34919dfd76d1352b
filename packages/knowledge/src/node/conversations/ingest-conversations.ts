import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { makePrecedent, precedentId, SKIP_REASONS, type SkipReason } from '../../conversations/precedent.js';
import type { ContentIssue } from '../../errors.js';
import type { Conversation } from '../../schema/conversation.js';
import type { StoredSection } from '../../search/search-types.js';
import type { Progress } from '../load-content.js';
import type { ResolvedConfig } from '../load-config.js';
import { csvConversations } from './csv-conversations.js';
import { fileChunks, type ConversationItem } from './file-chunks.js';
import { jsonlConversations } from './jsonl-conversations.js';
import { RecentPrecedents } from './recent-precedents.js';

/** The folder of a content directory that holds past conversations. */
export const CONVERSATIONS_DIR = 'conversations';

/** Problems listed per conversation file; the rest are counted in one last issue. */
export const MAX_ISSUES_PER_FILE = 1000;

/** Precedents kept by default (`conversations.maxPrecedents`). */
export const DEFAULT_MAX_PRECEDENTS = 20_000;

/** What reading a content directory's conversations found. */
export interface ConversationStats {
  /** Conversation files read (`conversations/**\/*.jsonl` and `*.csv`). */
  readonly files: number;
  /** Their total size in bytes. */
  readonly inputBytes: number;
  /** Conversations read without problems (each JSONL line, each CSV conversation). */
  readonly read: number;
  /** Precedents made from them and kept (written, when there is somewhere to write them). */
  readonly precedents: number;
  /** Precedents made but not kept: older than the `conversations.maxPrecedents` most recent ones. */
  readonly dropped: number;
  /** Conversations that made no precedent, by reason. */
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Lines (JSONL) or rows (CSV) that could not be read; each is a warning with its line. */
  readonly badLines: number;
}

/** What {@link ingestConversations} returns. */
export interface IngestedConversations {
  /** The precedents, in file and line order (empty when `keep` is false). */
  readonly precedents: StoredSection[];
  readonly stats: ConversationStats;
  /** Problems with file (relative to the content directory) and line, in file order. */
  readonly issues: ContentIssue[];
}

/** Options of {@link ingestConversations}. */
export interface IngestOptions {
  /** Keep the precedents (false: only count them, as when they are not written). @default true */
  readonly keep?: boolean | undefined;
  /** Called as conversation files are read: `done` and `total` in bytes. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Stops reading (the returned promise rejects with the signal's reason). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads every `conversations/**\/*.jsonl` and `*.csv` file of a content directory, streaming,
 * and turns each usable conversation into a precedent with `makePrecedent`, following the
 * config's `conversations` section. Memory is bounded whatever the size of the files: one line
 * or record (up to `maxRecordChars`), the open CSV conversations (up to `maxRowGap` rows), the
 * `maxPrecedents` most recent precedents, and the conversation ids (to report duplicates).
 *
 * Never throws on bad input: unreadable lines and rows are `warning`s with file and line (the
 * rest is still read), and a CSV header without a mapped column is an `error` for that file.
 * At most {@link MAX_ISSUES_PER_FILE} problems are listed per file, then one more issue counts
 * the rest. A conversation id seen before (after making it safe for a precedent id) is a warning
 * and the later conversation is skipped.
 *
 * @example
 * ```ts
 * const { precedents, stats, issues } = await ingestConversations('content', await loadConfig('content'))
 * ```
 */
export async function ingestConversations(
  contentDir: string,
  config: ResolvedConfig,
  options: IngestOptions = {},
): Promise<IngestedConversations> {
  const settings = config.file?.conversations ?? {};
  const files = await listConversationFiles(join(contentDir, CONVERSATIONS_DIR));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const maxPrecedents = settings.maxPrecedents ?? DEFAULT_MAX_PRECEDENTS;
  const recent = new RecentPrecedents(maxPrecedents);
  const issues: ContentIssue[] = [];
  const skipped = Object.fromEntries(Object.values(SKIP_REASONS).map((r) => [r, 0])) as Record<SkipReason, number>;
  /** Precedent id → where its conversation was: file index × 2³² + line (one number per id keeps a large export's ids small). */
  const seen = new Map<string, number>();
  const rels = files.map((f) => relative(contentDir, f).split(sep).join('/'));
  let read = 0;
  let made = 0;
  let badLines = 0;
  let before = 0;
  let reported = 0;
  for (const [f, file] of files.entries()) {
    const rel = rels[f]!;
    const source = fileChunks(file, options.signal);
    const maxChars = settings.maxRecordChars;
    const items: AsyncIterable<ConversationItem<Conversation>> = file.toLowerCase().endsWith('.csv')
      ? csvConversations(source.chunks, {
          config: settings.csv,
          defaultLocale: config.defaultLocale,
          maxChars,
          signal: options.signal,
        })
      : jsonlConversations(source.chunks, { defaultLocale: config.defaultLocale, maxChars, signal: options.signal });
    let listed = 0;
    let unlisted = 0;
    const report = (issue: ContentIssue) => {
      if (listed < MAX_ISSUES_PER_FILE) {
        issues.push(issue);
        listed++;
      } else {
        unlisted++;
      }
    };
    for await (const item of items) {
      if (options.onProgress && before + source.bytesRead() - reported >= 1 << 20) {
        reported = before + source.bytesRead();
        options.onProgress({ phase: 'conversations', done: reported, total });
      }
      if (item.problem !== undefined) {
        if (item.severity === 'warning') badLines++;
        report({ file: rel, line: item.line, severity: item.severity, message: item.problem });
        continue;
      }
      read++;
      const { conversation, line } = item;
      const id = precedentId(conversation.id);
      const first = seen.get(id);
      if (first !== undefined) {
        skipped[SKIP_REASONS.duplicate]++;
        const where = `${rels[Math.floor(first / 2 ** 32)]}:${first % 2 ** 32}`;
        report({
          file: rel,
          line,
          severity: 'warning',
          message: `duplicate conversation id ${JSON.stringify(conversation.id)} (also at ${where}); skipped`,
        });
        continue;
      }
      seen.set(id, f * 2 ** 32 + line);
      const result = makePrecedent(conversation, {
        include: settings.include,
        minMessages: settings.minMessages,
        allow: settings.allow,
        line,
      });
      if (result.skipped !== undefined) {
        skipped[result.skipped]++;
        continue;
      }
      made++;
      if (options.keep !== false) recent.add(result.precedent, conversation.createdAt ?? conversation.messages[0]?.at);
    }
    if (unlisted > 0) {
      issues.push({
        file: rel,
        severity: 'warning',
        message: `${unlisted.toLocaleString('en-US')} more problems in this file are not listed`,
      });
    }
    before += sizes[f]!;
  }
  if (options.onProgress && files.length > 0) options.onProgress({ phase: 'conversations', done: total, total });
  const kept = Math.min(made, maxPrecedents);
  return {
    precedents: options.keep !== false ? recent.values() : [],
    stats: { files: files.length, inputBytes: total, read, precedents: kept, dropped: made - kept, skipped, badLines },
    issues,
  };
}

/** `**\/*.jsonl` and `**\/*.csv` under `dir` (none when it does not exist), sorted, dot-entries skipped. */
async function listConversationFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
      throw e;
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && /\.(?:jsonl|csv)$/i.test(entry.name)) out.push(path);
    }
  };
  await walk(dir);
  return out;
}
