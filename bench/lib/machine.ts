import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** What the numbers were measured on. */
export interface Machine {
  readonly date: string;
  readonly nproc: number;
  readonly cpu: string;
  readonly memory: string;
  readonly node: string;
  readonly postgres?: string;
  readonly python?: string;
}

function tryRun(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, [...args], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(): Machine {
  const free = tryRun('free', ['-h'])?.split('\n')[1]?.trim().split(/\s+/)[1];
  const postgres = tryRun('postgres', ['--version']);
  const python = tryRun('python3', ['--version']);
  return {
    date: new Date().toISOString(),
    nproc: Number(tryRun('nproc', []) ?? cpus().length),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: free ?? `${Math.round(totalmem() / 2 ** 30)}Gi`,
    node: process.version,
    ...(postgres === undefined ? {} : { postgres }),
    ...(python === undefined ? {} : { python }),
  };
}
