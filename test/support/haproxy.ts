/**
 * Debian's haproxy for tests and benchmarks: started in the foreground on loopback, round robin
 * over the given `kotae serve` instances, health-checked on their `/ready`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Debian's haproxy, or a clear failure. */
export function haproxyBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin'])) {
    const candidate = join(dir, 'haproxy');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'haproxy is not installed: the three-instance test needs a real load balancer (apt-get update && apt-get install -y haproxy; .ci/run installs it)',
  );
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

/** Starts haproxy in the foreground in front of `backends` and resolves once every backend answers through it. */
export async function startHaproxy(dir: string, backends: readonly string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = haproxyBinary();
  const port = await freePort();
  const config = join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    [
      'global',
      '  maxconn 2000',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      // Lenient checks: on a loaded machine a slow /ready must not take a healthy instance out.
      '  timeout check 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  retries 3',
      '  option redispatch',
      'frontend kotae',
      `  bind 127.0.0.1:${port}`,
      '  default_backend instances',
      'backend instances',
      '  balance roundrobin',
      '  option httpchk GET /ready',
      '  http-check expect status 200',
      ...backends.map((b, i) => `  server i${i} ${new URL(b).host} check inter 500ms fall 3 rise 1`),
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  // Ready when three requests in a row (one per backend, round robin) succeed.
  for (let attempt = 0, ok = 0; ok < backends.length; attempt++) {
    if (child.exitCode !== null || attempt > 200) throw new Error(`haproxy did not start:\n${log}`);
    const res = await fetch(new URL('ready', url)).catch(() => undefined);
    ok = res?.status === 200 ? ok + 1 : 0;
    if (ok < backends.length) await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
