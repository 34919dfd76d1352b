/** Runs the built `kotae` binary (`packages/cli/dist/bin.js`; build it first) the way a user's shell does. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The binary's entry point. */
export const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/** How a run ended. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary to completion; stdout and stderr are pipes, so never a TTY. `KOTAE_DEBUG` is unset unless given. */
export function kotae(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const { KOTAE_DEBUG: _debug, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
