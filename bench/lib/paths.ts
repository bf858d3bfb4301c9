import { mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ sits directly below it). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI; `npm run bench` builds first. */
export const WORKSHOP_CLI = join(REPO, 'dist', 'actions', 'workshop.js');
export const SYNTH_CLI = join(REPO, 'dist', 'stacks', 'main.js');

/** Generated data and scratch state, outside the tree; generated data is reused between runs. */
export const CACHE = process.env.BENCH_CACHE ?? join(tmpdir(), 'rfm-bench');

/**
 * A fresh folder that looks like the repository to the CLI (which works in its current directory):
 * `sql` and `environments` link to the repository's, `.workshop/` and `out/` start empty.
 */
export async function scratchRoot(name: string, repo = REPO): Promise<string> {
  const dir = join(CACHE, 'scratch', `${name}-${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  await symlink(join(repo, 'sql'), join(dir, 'sql'));
  await symlink(join(repo, 'environments'), join(dir, 'environments'));
  return dir;
}
