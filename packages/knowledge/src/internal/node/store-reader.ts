/**
 * Reading a JSONL interaction store directory without opening it as a store: no lock, no
 * recovery, nothing written (Node-only). For reports that run while `kotae serve` holds the
 * writer lock.
 */
import { StoreCorruptionError } from '../../errors.js';
import type { StoreRecord } from '../../schema/interaction.js';
import { readLines } from './line-reader.js';
import { decodeStoreLine } from './store-line.js';
import { listSegments } from './store-segments.js';

/**
 * Yields every complete record of the store in `dir`, oldest first. The last segment may end in a
 * line being written right now (no newline yet): it is left out. Any other damaged line throws a
 * {@link StoreCorruptionError} naming the file and line. A segment that a compaction deleted
 * between listing and reading is skipped; one it rewrote is read as it was when opened.
 */
export async function* readStoreDir(
  dir: string,
  options: { readonly since?: number | undefined; readonly signal?: AbortSignal | undefined } = {},
): AsyncGenerator<StoreRecord, void, undefined> {
  const segments = await listSegments(dir);
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    try {
      for await (const { bytes, offset, line, terminated } of readLines(segment.path, { signal: options.signal })) {
        if (!terminated && last) return; // an append in flight
        const decoded = decodeStoreLine(bytes);
        if (!decoded.ok) throw new StoreCorruptionError(segment.path, line, offset, decoded.problem);
        if (options.since === undefined || Date.parse(decoded.record.at) >= options.since) yield decoded.record;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
  }
}
