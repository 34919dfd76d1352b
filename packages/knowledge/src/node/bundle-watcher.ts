import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBundle, type LoadedBundle, type ManifestTrust } from '../bundle/bundle-reader.js';
import { MANIFEST_FILE, readBundleDir } from './bundle-dir.js';

/**
 * Options of {@link watchBundleDir}. With `publicKeys`, every version is verified before it is
 * used, and a new version must have a `sequence` at least the current one's (rollback
 * protection: an older signed manifest put back is refused and the current one keeps serving).
 */
export interface WatchBundleOptions extends ManifestTrust {
  /** The manifest's file name in the directory (a channel of a publish target). @default 'manifest.json' */
  readonly manifest?: string | undefined;
  /**
   * How often the manifest is checked besides file-system events (which some file systems, such
   * as network mounts, do not deliver), in milliseconds. A check is a `stat`; the manifest is read
   * only when its size, time or inode changed. @default 1000
   */
  readonly pollMs?: number | undefined;
  /** Called after a new version was verified and swapped in. */
  readonly onChange?: ((bundle: LoadedBundle, previous: LoadedBundle) => void) | undefined;
  /**
   * Called when a changed manifest cannot be used (unparsable, a shard missing or with the wrong
   * hash): the previous bundle keeps serving, and the manifest is tried again only once its file
   * changes again (a new publish, or a `touch`).
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A bundle directory being watched: the current bundle, swapped atomically when a new one is published. */
export interface BundleWatcher {
  /** The bundle to answer from now. Take it once per request, so a request finishes on one version. */
  current(): LoadedBundle;
  /** Checks the manifest now; resolves `true` when a new version was swapped in. */
  check(): Promise<boolean>;
  /** Stops watching. */
  close(): void;
}

/**
 * Loads a bundle directory and keeps it current: when its manifest changes (`fs.watch` on the
 * directory, since a publish renames a new manifest over the old one, plus a short `stat` poll),
 * the new bundle is read and every file verified against the manifest before it replaces the old
 * one in a single assignment. Requests that took the old bundle finish on it. A bad new manifest
 * goes to `onError` and the old bundle keeps serving.
 *
 * @example
 * ```ts
 * const kb = await watchBundleDir('/srv/www/kb', { onChange: (b) => console.log('now', b.manifest.version) })
 * const handler = createAnswerHandler({ bundle: () => kb.current() })
 * ```
 */
export async function watchBundleDir(dir: string, options: WatchBundleOptions = {}): Promise<BundleWatcher> {
  const name = options.manifest ?? MANIFEST_FILE;
  const path = join(dir, name);
  const trust = { publicKeys: options.publicKeys };
  let bundle = await readBundleDir(dir, { manifest: name, ...trust, minSequence: options.minSequence });
  let seen = await signature(path);
  let lastBytes = await readFile(path).catch(() => undefined);
  let running: Promise<boolean> | undefined;
  let again = false;
  let closed = false;

  const reload = async (): Promise<boolean> => {
    const now = await signature(path);
    if (now === seen) return false;
    seen = now;
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes === undefined || (lastBytes && bytes.equals(lastBytes))) return false;
    try {
      // The highest sequence seen is the current one's: what was replaced may not come back.
      const floors = [options.minSequence, bundle.signedBy !== undefined ? bundle.manifest.sequence : undefined].filter(
        (n) => n !== undefined,
      );
      const minSequence = floors.length > 0 ? Math.max(...floors) : undefined;
      const next = await readBundle(new Uint8Array(bytes), async (p) => new Uint8Array(await readFile(join(dir, p))), {
        ...trust,
        minSequence,
      });
      if (closed) return false;
      const previous = bundle;
      bundle = next;
      lastBytes = bytes;
      options.onChange?.(next, previous);
      return true;
    } catch (error) {
      options.onError?.(error);
      return false;
    }
  };
  // One check at a time; an event during a check runs one more after it.
  const check = (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = reload().finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        void check();
      }
    });
    return running;
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file === null || file === name) void check();
    });
    watcher.on('error', () => undefined);
  } catch {
    // No file-system events here: the poll alone picks up new versions.
  }
  const timer = setInterval(() => void check(), options.pollMs ?? 1000);
  timer.unref();
  return {
    current: () => bundle,
    check,
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}

/** Size, modification time and inode: what changes when a manifest is replaced. */
async function signature(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.size}:${s.mtimeNs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}
