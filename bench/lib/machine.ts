import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Where a benchmark ran. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly date: string;
  /**
   * 1-minute load average when the run started and ended: above the core count, other processes
   * competed for the CPU and the timings are inflated.
   */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** Describes this machine (CPU model, cores, memory, OS, Node version) and the current time. */
export function machineInfo(startLoad: number, now = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    date: now.toISOString(),
    loadAverage: { start: startLoad, end: round1(loadavg()[0]!) },
  };
}

/** The current 1-minute load average, rounded. */
export function currentLoad(): number {
  return round1(loadavg()[0]!);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** One line describing the machine, for the table and the README. */
export function machineLine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.date.slice(0, 10)} (load average ${m.loadAverage.start} → ${m.loadAverage.end})`;
}

/** Which code was measured: the commit, and whether `packages/` had uncommitted changes. */
export interface CodeVersion {
  readonly commit: string | null;
  readonly dirty: boolean;
}

/** The repository's HEAD commit and whether `packages/` differs from it (null outside git). */
export function codeVersion(repo: string): CodeVersion {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short=12', 'HEAD'), dirty: git('status', '--porcelain', '--', 'packages') !== '' };
  } catch {
    return { commit: null, dirty: false };
  }
}

/** `7d67b56a1b2c`, `7d67b56a1b2c + uncommitted changes in packages/`, or `unknown commit`. */
export function codeLine(code: CodeVersion): string {
  if (code.commit === null) return 'unknown commit';
  return code.dirty ? `${code.commit} + uncommitted changes in packages/` : code.commit;
}
