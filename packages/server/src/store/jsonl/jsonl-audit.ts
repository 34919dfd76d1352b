/**
 * The audit log of a JSONL store directory (Node-only): `audit.jsonl`, one JSON entry per line,
 * appended and fsynced one entry at a time, never rewritten (retention and erasure leave it alone).
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreCorruptionError, StoreWriteError } from '@kotae/knowledge/errors';
import { auditSince, AuditEntrySchema, validateAuditEntry, type AuditEntry, type AuditLogQuery } from '../audit-log.js';
import { readLines } from './line-reader.js';

/** The audit log's file name in a store directory. */
export const AUDIT_FILE = 'audit.jsonl';

/** Appends to and reads `audit.jsonl` in a store directory; appends are written in call order. */
export class JsonlAuditFile {
  /** The file's path. */
  readonly path: string;
  #last: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.path = join(dir, AUDIT_FILE);
  }

  /** Validates `entry`, appends it and resolves once it is written and `fdatasync`ed. */
  append(entry: AuditEntry): Promise<void> {
    let line: Buffer;
    try {
      line = Buffer.from(`${JSON.stringify(validateAuditEntry(entry))}\n`);
    } catch (e) {
      return Promise.reject(e);
    }
    const written = this.#last.then(async () => {
      try {
        const handle = await open(this.path, 'a');
        try {
          await handle.write(line);
          await handle.datasync();
        } finally {
          await handle.close();
        }
      } catch (cause) {
        throw new StoreWriteError(this.path, cause);
      }
    });
    this.#last = written.catch(() => undefined);
    return written;
  }

  /**
   * The entries, oldest first. A last line without its newline (a write a crash cut short, never
   * acknowledged) is skipped; any other line that is not an entry throws `StoreCorruptionError`.
   */
  async *entries(query: AuditLogQuery = {}): AsyncGenerator<AuditEntry> {
    const since = auditSince(query.since);
    await this.#last;
    if (!(await stat(this.path).catch(() => undefined))) return;
    for await (const line of readLines(this.path)) {
      if (!line.terminated) return;
      let parsed;
      try {
        parsed = AuditEntrySchema.safeParse(JSON.parse(line.bytes.toString('utf8')));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) throw new StoreCorruptionError(this.path, line.line, line.offset, 'not an audit entry');
      if (since === undefined || Date.parse(parsed.data.at) >= since) yield parsed.data;
    }
  }
}
