import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { isHashedName } from './static-files.js';

const brotli = promisify(brotliCompress);
/** Files up to this size are compressed with Brotli's best quality (11); larger ones with 9. */
const BEST_QUALITY_MAX_BYTES = 2 << 20;
const gz = promisify(gzip);

/** What {@link precompressDir} wrote. */
export interface PrecompressResult {
  /** The files compressed (paths under the directory). */
  readonly files: string[];
  /** Their bytes, and the bytes of their `.br` and `.gz` siblings. */
  readonly bytes: { readonly identity: number; readonly br: number; readonly gzip: number };
}

/**
 * Writes `<file>.br` (Brotli, quality 11; 9 past 2 MB) and `<file>.gz` (gzip, level 9) beside every file of a
 * bundle directory whose name carries a content hash (see `isHashedName`) or that its
 * `manifest.json` lists, so that a server or CDN can send them as they are. It reads the
 * directory, not the bundle format: whatever the bundle writer names by hash gets siblings. Files
 * already compressed, hidden ones and the manifest itself are skipped. Each sibling is written to a
 * temporary name and renamed, so a reader never sees half of one.
 */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const listed = await manifestFiles(dir);
  const candidates = (await readdir(dir, { recursive: true }))
    .map((n) => n.split(sep).join('/'))
    .filter((n) => !n.split('/').some((p) => p.startsWith('.')) && !/\.(br|gz|tmp)$/.test(n) && (listed.has(n) || isHashedName(n)))
    .sort();
  const names: string[] = [];
  for (const n of candidates) if ((await stat(join(dir, n))).isFile()) names.push(n);
  const bytes = { identity: 0, br: 0, gzip: 0 };
  // A few at a time: zlib runs in libuv's thread pool.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) {
      const name = names[i]!;
      const file = join(dir, ...name.split('/'));
      const [info, br, gzInfo] = await Promise.all([
        stat(file),
        stat(`${file}.br`).catch(() => undefined),
        stat(`${file}.gz`).catch(() => undefined),
      ]);
      // A hashed file never changes: siblings from an earlier compile into the same directory stay.
      if (br && gzInfo && br.mtimeMs >= info.mtimeMs && gzInfo.mtimeMs >= info.mtimeMs) {
        bytes.identity += info.size;
        bytes.br += br.size;
        bytes.gzip += gzInfo.size;
        continue;
      }
      const data = await readFile(file);
      const [b, g] = await Promise.all([
        brotli(data, {
          params: {
            // The best quality costs seconds per MB: large files (a big legacy index) get 9.
            [constants.BROTLI_PARAM_QUALITY]: data.length <= BEST_QUALITY_MAX_BYTES ? 11 : 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            [constants.BROTLI_PARAM_MODE]: /\.(json|js|txt|md|html|css)$/.test(name)
              ? constants.BROTLI_MODE_TEXT
              : constants.BROTLI_MODE_GENERIC,
          },
        }),
        gz(data, { level: 9 }),
      ]);
      await atomicWrite(`${file}.br`, b);
      await atomicWrite(`${file}.gz`, g);
      bytes.identity += data.length;
      bytes.br += b.length;
      bytes.gzip += g.length;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { files: names, bytes };
}

async function atomicWrite(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** The paths `manifest.json` lists (any `files[].path`), or none when it has no such list. */
async function manifestFiles(dir: string): Promise<Set<string>> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files?: unknown };
    const files = Array.isArray(manifest.files) ? manifest.files : [];
    return new Set(
      files.flatMap((f: unknown) =>
        typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string' ? [(f as { path: string }).path] : [],
      ),
    );
  } catch {
    return new Set();
  }
}
