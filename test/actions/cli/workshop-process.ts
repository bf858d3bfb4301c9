import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/warehouse.js';

/** The workshop CLI as users start it. */
export const CLI = join(REPO_ROOT, 'scripts', 'workshop.mjs');

/** How a run that was sent a signal ended. */
export interface SignalledRun {
  /** Whether the run announced the stage, and so was sent the signal. */
  readonly signalled: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Starts `workshop run` on a sample of `orders` in `workspace` and sends it `signal` as soon as it
 * announces `stage` (`▶ stage` on stderr); resolves when the process has ended.
 */
export async function signalAtStage(
  workspace: string,
  orders: number,
  stage: string,
  signal: NodeJS.Signals,
): Promise<SignalledRun> {
  const child = spawn('node', [CLI, 'run', '--orders', String(orders)], {
    cwd: workspace,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let signalled = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!signalled && stderr.includes(`▶ ${stage}\n`)) {
      signalled = true;
      child.kill(signal);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { signalled, code, stderr };
}
