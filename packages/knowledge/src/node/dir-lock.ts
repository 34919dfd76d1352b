/**
 * A single-writer lock of a directory (Node-only): a publish target's, a JSONL interaction store's.
 *
 * The lock is a file (`store.lock`, `.publish.lock`…) holding the owner's pid, host name and (on Linux) the kernel's
 * start time of that process, created atomically: written in full to a temporary file, then
 * hard-linked to `store.lock` (the link fails when the lock exists, and a reader never sees a
 * half-written lock). A lock is stale, and is taken over, when its process is gone: the pid no
 * longer exists or is a zombie (dead, not yet reaped), or it is this very process (a previous
 * incarnation in a fresh container, where pids repeat), or the pid now belongs to a process that
 * started at another time (a reused pid).
 * A lock of another host cannot be checked and is never taken over.
 *
 * Node has no `flock`, so a killed writer leaves its lock behind; the liveness check is what keeps
 * that from blocking the next open. Stores opened in this process are also tracked in memory, so a
 * second open in the same process fails too.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What a lock file says about its owner. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Field 22 of `/proc/<pid>/stat` (clock ticks since boot), when there is a `/proc`. */
  readonly start: string | null;
  /** Random, so a release removes only its own lock. */
  readonly token: string;
}

/** A held directory lock (see {@link acquireDirLock}). */
export interface DirLock {
  /** The lock file's path. */
  readonly file: string;
  /** Removes the lock file if it is still this lock's, and forgets the directory. */
  release(): Promise<void>;
}

const heldHere = new Set<string>();
const HELD_HERE = 'it is already held in this process';
const ATTEMPTS = 5;

/**
 * Builds the error thrown when a lock is held: the lock file, its owner (when known), why, and
 * whether this very process holds it.
 */
export type LockedErrorFactory = (file: string, pid: number | undefined, host: string | undefined, why: string, heldHere: boolean) => Error;

/**
 * Takes the lock file `name` of directory `dir` (which must exist), or throws what `locked` builds.
 * The single-writer lock of a publish target and of a JSONL interaction store (`@kotae/server/node`).
 *
 * @example
 * ```ts
 * const lock = await acquireDirLock(dir, '.my.lock', (file, pid) => new MyLockedError(file, pid))
 * try { ... } finally { await lock.release() }
 * ```
 */
export async function acquireDirLock(dir: string, name: string, locked: LockedErrorFactory): Promise<DirLock> {
  const key = join(await realpath(dir), name);
  const file = join(dir, name);
  if (heldHere.has(key)) throw locked(file, process.pid, hostname(), HELD_HERE, true);
  // Reserved before the first await, so two opens racing in this process cannot both get past here.
  heldHere.add(key);
  try {
    return await acquire(file, key, locked);
  } catch (e) {
    heldHere.delete(key);
    throw e;
  }
}

async function acquire(file: string, key: string, locked: LockedErrorFactory): Promise<DirLock> {
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    start: (await procStat(process.pid))?.start ?? null,
    token: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await tryCreate(file, text)) {
      return {
        file,
        release: async () => {
          const now = await readFile(file, 'utf8').catch(() => '');
          if (parseOwner(now)?.token === me.token) await unlink(file).catch(() => undefined);
          heldHere.delete(key);
        },
      };
    }
    const seen = await readFile(file, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // removed meanwhile: try again
    const owner = parseOwner(seen);
    const live = owner ? await liveness(owner) : 'gone';
    if (live !== 'gone') {
      const who = owner ? `pid ${owner.pid} on ${owner.host}` : 'an unknown owner';
      const why =
        live === 'other-host'
          ? `${file} is held by ${who}, which cannot be checked from ${hostname()}; if that process is gone, delete the lock file`
          : `${file} is held by ${who}, which is running`;
      throw locked(file, owner?.pid, owner?.host, why, false);
    }
    await takeOver(file, seen);
  }
  throw locked(file, undefined, undefined, `${file} kept changing while it was being taken over`, false);
}

/** Creates the lock file with `text` atomically; false when it already exists. */
async function tryCreate(file: string, text: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes a stale lock whose content was `seen`: renames it aside first (atomic), so that when
 * another process replaced it meanwhile with a live lock of its own, that lock is put back
 * rather than deleted.
 */
async function takeOver(file: string, seen: string): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => seen);
  if (moved !== seen) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, host: value.host, start: typeof value.start === 'string' ? value.start : null, token: value.token };
    }
  } catch {
    // Unreadable: written by something else, or damaged by a crash; no process can be named.
  }
  return undefined;
}

async function liveness(owner: LockOwner): Promise<'alive' | 'gone' | 'other-host'> {
  if (owner.host !== hostname()) return 'other-host';
  if (owner.pid === process.pid) return 'gone'; // not held here (checked above): a previous incarnation
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
    // EPERM: it exists but belongs to another user.
  }
  const now = await procStat(owner.pid);
  if (now !== null) {
    if (now.state === 'Z' || now.state === 'X') return 'gone'; // dead, not yet reaped (no init to reap it, say)
    if (owner.start !== null && now.start !== owner.start) return 'gone'; // the pid was reused
  }
  return 'alive';
}

/** State and start time of process `pid` from `/proc/<pid>/stat` (Linux), or null where there is none. */
async function procStat(pid: number): Promise<{ state: string; start: string } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 overall (state), fields[19] field 22 (starttime, clock ticks after boot).
    return fields[0] && fields[19] ? { state: fields[0], start: fields[19] } : null;
  } catch {
    return null;
  }
}
