/** Runs the built `kotae` binary (`packages/cli/dist/bin.js`; build it first) the way a user's shell does. */
import { spawn, type ChildProcess } from 'node:child_process';
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

/** A running `kotae serve`: its process, the page URL it printed, and its stdout so far. */
export interface ServeRun {
  readonly child: ChildProcess;
  readonly url: string;
  out(): string;
  /** Its stderr so far. */
  err(): string;
}

/**
 * Starts `kotae serve` and resolves once it printed its URL and where interactions go. The
 * OpenAI variables of this process are not passed on (answers are extractive) unless `env` sets them.
 */
export function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeRun> {
  const { OPENAI_API_KEY: _k, OPENAI_BASE_URL: _b, KOTAE_MODEL: _m, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const url = /^kotae serve: (http:\S+)$/m.exec(stdout)?.[1];
      if (url && stdout.includes('interactions:')) resolve({ child, url, out: () => stdout, err: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`kotae serve exited ${code}: ${stderr}`)));
  });
}

/** Stops a `kotae serve` with SIGTERM and resolves with its exit status. */
export function stopServe(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('close');
    child.on('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
