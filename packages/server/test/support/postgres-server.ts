/**
 * A throwaway PostgreSQL server on loopback for tests: `initdb` into a temporary directory, then
 * `postgres` listening on 127.0.0.1 at a free port (and a socket in a temporary directory), with
 * password authentication over TCP. As root (PostgreSQL refuses to run as root) the server runs as
 * the `postgres` user through `runuser`, in directories it owns.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running server. */
export interface PostgresServer {
  /** The superuser's name and password (TCP logins need the password). */
  readonly user: string;
  readonly password: string;
  readonly port: number;
  /** A connection URL for `database` (with the password in it). */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs one statement on `database` and returns the rows. */
  query<R extends object = Record<string, unknown>>(database: string, sql: string, values?: unknown[]): Promise<R[]>;
  /**
   * Restarts the server as `pg_ctl restart` does: a fast shutdown (every connection is cut), then
   * the same data directory on the same port again. `downMs` keeps it down that long in between.
   */
  restart(downMs?: number): Promise<void>;
  /** Stops the server (fast shutdown) and removes its directories. */
  stop(): Promise<void>;
}

/** The directory of `initdb` and `postgres`: `pg_config --bindir`, else the newest `/usr/lib/postgresql/<n>/bin`. */
export function postgresBinDir(): string {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // no pg_config: look where Debian installs the server
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error('PostgreSQL is not installed (no pg_config --bindir, no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql');
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let databases = 0;

/** Starts a server; call `stop()` when done (in `after`). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const prefix = (command: string): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command]] : [command, []]);
  const root = await mkdtemp(join(tmpdir(), 'kotae-pg-'));
  const data = join(root, 'data');
  const socket = await mkdtemp(join(tmpdir(), 'kotae-pgsock-'));
  const pwfile = join(root, 'pwfile');
  const user = 'kotae';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    for (const path of [root, socket, pwfile]) await chown(path, uid, gid);
  }
  const [initCmd, initPre] = prefix(join(bin, 'initdb'));
  execFileSync(
    initCmd,
    [
      ...initPre,
      '-D',
      data,
      '-U',
      user,
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await freePort();
  const [pgCmd, pgPre] = prefix(join(bin, 'postgres'));
  let log = '';
  const url = (database = 'postgres') => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const launch = async (): Promise<{ child: ChildProcess; exited: Promise<number | null> }> => {
    const child: ChildProcess = spawn(
      pgCmd,
      [
        ...pgPre,
        '-D',
        data,
        '-k',
        socket,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=200',
        '-c',
        'shared_buffers=16MB',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (log = (log + c).slice(-20_000)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until it accepts connections (or dies).
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client({ connectionString: url() });
      try {
        await client.connect();
        await client.end();
        break;
      } catch (e) {
        await client.end().catch(() => undefined);
        if (child.exitCode !== null || attempt > 300)
          throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`, { cause: e });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { child, exited };
  };
  let running = await launch();
  /** A fast shutdown: SIGINT to the postmaster's own pid (runuser may not pass signals on). */
  const shutdown = async () => {
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    if (running.child.exitCode === null) await running.exited;
  };

  const query = async <R extends object>(database: string, sql: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };

  return {
    user,
    password,
    port,
    url,
    query,
    async createDatabase(name = `t${process.pid}_${++databases}`) {
      await query('postgres', `CREATE DATABASE ${name}`);
      return url(name);
    },
    async restart(downMs = 0) {
      await shutdown();
      await new Promise((r) => setTimeout(r, downMs));
      running = await launch();
    },
    async stop() {
      await shutdown();
      await rm(root, { recursive: true, force: true });
      await rm(socket, { recursive: true, force: true });
    },
  };
}
