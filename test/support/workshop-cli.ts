import { join } from 'node:path';
import { run, type RunResult } from './process.js';
import { REPO_ROOT } from './warehouse.js';

/** Runs `workshop …` from the sources as a user would, in `cwd` (the repository by default). */
export function workshop(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return run(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(REPO_ROOT, 'actions', 'workshop.ts'), ...args],
    { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, timeoutMs: 60_000 },
  );
}
