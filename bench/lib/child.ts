import { spawn } from 'node:child_process';

/** What one child process cost: wall time and the peak resident set of the process tree's node. */
export interface ChildResult {
  readonly code: number | null;
  readonly wallMs: number;
  /** ru_maxrss of the child, in MiB. */
  readonly maxRssMiB: number;
  /** User plus system CPU time of the child, in ms: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs `command` under `/usr/bin/time -f` so the peak RSS is the child's own, not this process's.
 */
export async function runChild(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ChildResult> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (timer !== undefined) clearTimeout(timer);
  const wallMs = performance.now() - started;
  const m = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  return {
    code,
    wallMs: m === null ? wallMs : Number(m[1]) * 1000,
    maxRssMiB: m === null ? NaN : Number(m[2]) / 1024,
    cpuMs: m === null ? NaN : (Number(m[3]) + Number(m[4])) * 1000,
    stdout,
    stderr: stderr.replace(/^.*BENCH_TIME.*$/m, '').trim(),
    timedOut,
  };
}
