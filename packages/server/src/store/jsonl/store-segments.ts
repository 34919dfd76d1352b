/**
 * The segment files of a JSONL interaction store directory (Node-only): `interactions-000001.jsonl`,
 * `interactions-000002.jsonl`, …, oldest first. Only the last one is ever appended to; the others
 * are sealed (complete and fsynced), so retention and erasure can rewrite a sealed segment through
 * a temporary file and a rename without stopping the writer.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT = /^interactions-(\d{6,})\.jsonl$/;

/** One segment file of a store directory. */
export interface Segment {
  /** The segment's number (1, 2, …), from its file name. */
  readonly number: number;
  /** Its full path. */
  readonly path: string;
}

/** The file name of segment `n`: `interactions-000001.jsonl` for 1 (more digits past 999999). */
export function segmentName(n: number): string {
  return `interactions-${String(n).padStart(6, '0')}.jsonl`;
}

/** The segments in `dir`, oldest (lowest number) first. Other files are ignored. */
export async function listSegments(dir: string): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (const name of await readdir(dir)) {
    const match = SEGMENT.exec(name);
    if (match) segments.push({ number: Number(match[1]), path: join(dir, name) });
  }
  return segments.sort((a, b) => a.number - b.number);
}

/**
 * Fsyncs a directory, so a file created, renamed or removed in it survives a crash. File systems
 * that cannot fsync a directory are tolerated (the operation is still atomic there).
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on some file systems (and Windows); nothing more can be done.
  } finally {
    await handle.close();
  }
}
