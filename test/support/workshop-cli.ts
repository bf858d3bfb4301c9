import { copyFile, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/**
 * A workspace outside the repository, as a team has one: the example team's environment file and
 * the repository's `sql/` (linked), in a new temp folder named from `prefix`.
 */
export async function teamWorkspace(prefix: string): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(workspace, 'environments'));
  await copyFile(
    join(REPO_ROOT, 'environments', 'retail-bank.yaml'),
    join(workspace, 'environments', 'retail-bank.yaml'),
  );
  await symlink(join(REPO_ROOT, 'sql'), join(workspace, 'sql'));
  return workspace;
}
