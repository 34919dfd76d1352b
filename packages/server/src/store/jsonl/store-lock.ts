/**
 * The single-writer lock of a JSONL interaction store directory (Node-only): `store.lock`, taken
 * with the directory-lock protocol of `@kotae/knowledge/node` (stale locks of dead processes are
 * taken over; a lock of another host never is).
 */
import { StoreLockedError } from '@kotae/knowledge/errors';
import { acquireDirLock, type DirLock } from '@kotae/knowledge/node';

/** The lock file's name in a store directory. */
export const LOCK_FILE = 'store.lock';

/** A held store lock. */
export type StoreLock = DirLock;

/** Takes the lock of store directory `dir` (which must exist), or throws {@link StoreLockedError}. */
export function acquireStoreLock(dir: string): Promise<StoreLock> {
  return acquireDirLock(
    dir,
    LOCK_FILE,
    (file, pid, host, why, heldHere) => new StoreLockedError(dir, file, pid, host, heldHere ? 'it is already open in this process' : why),
  );
}
