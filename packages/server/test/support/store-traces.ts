/** Byte searches of a store directory, for the erasure tests: "no trace remains in the store files". */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every occurrence of one of `markers` in the files of `dir` (and below it), as `file: marker`:
 * in each file's raw bytes, and in the damaged lines quarantine files hold in base64 (where a raw
 * search cannot see them). Empty when no trace remains.
 */
export async function traces(dir: string, markers: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const needles = markers.map((m) => [m, Buffer.from(m, 'utf8')] as const);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    const views: [string, Buffer][] = [[path, bytes]];
    for (const [i, line] of bytes.toString('utf8').split('\n').entries()) {
      const base64 = /"base64":"([A-Za-z0-9+/=]*)"/.exec(line)?.[1];
      if (base64 !== undefined) views.push([`${path} (base64 of line ${i + 1})`, Buffer.from(base64, 'base64')]);
    }
    for (const [where, view] of views) for (const [marker, needle] of needles) if (view.includes(needle)) found.push(`${where}: ${marker}`);
  }
  return found;
}

/** A marker string no other test data contains, for trace searches: `<label>-<random hex>`. */
export function marker(label: string): string {
  return `${label}-${Math.random().toString(16).slice(2, 10)}${Math.random().toString(16).slice(2, 10)}`;
}
