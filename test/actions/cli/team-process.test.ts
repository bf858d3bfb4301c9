/**
 * One process per team, as users run it: a second `workshop` process on the team is refused before
 * it touches anything, naming the first, which finishes unharmed; Ctrl-C closes cleanly.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../support/process.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { teamWorkspace } from '../../support/workshop-cli.js';
import { CLI, signalAtStage } from './workshop-process.js';

let workspace: string;

beforeAll(async () => {
  // Bundle once, so that the two processes below do not both build.
  expect((await run('node', [CLI, '--help'], { cwd: REPO_ROOT, timeoutMs: 60_000 })).code).toBe(0);
  workspace = await teamWorkspace('two-processes-');
}, 90_000);

async function waitFor(file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await access(file);
    } catch {
      if (Date.now() > until) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

test('the second process on a team is refused and the first finishes', async () => {
  const first = spawn('node', [CLI, 'run', '--orders', '3000'], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let firstErr = '';
  first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
  const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));

  const lock = join(workspace, '.workshop', 'retail-bank', 'lock');
  await waitFor(lock, 60_000);
  // Paused while the second process tries, so that a fast first run cannot finish (and free the
  // team) before the second one starts.
  first.kill('SIGSTOP');
  let second: Awaited<ReturnType<typeof run>>;
  try {
    second = await run('node', [CLI, 'migrate'], { cwd: workspace, timeoutMs: 60_000 });
  } finally {
    first.kill('SIGCONT');
  }
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(`team retail-bank is in use by pid ${first.pid}`);

  expect(await firstDone).toBe(0);
  expect(firstErr).toContain('✓ dashboard');
  const runJson = JSON.parse(
    await readFile(join(workspace, 'out', 'retail-bank', 'run.json'), 'utf8'),
  ) as { rows: { customers: number } };
  expect(runJson.rows.customers).toBeGreaterThan(0);
  await expect(access(lock)).rejects.toThrow(/ENOENT/);
}, 240_000);

test('Ctrl-C stops a run before its next stage, closes the database and frees the team', async () => {
  const { signalled, code, stderr } = await signalAtStage(workspace, 3000, 'load', 'SIGINT');
  expect(signalled).toBe(true);
  expect(code).toBe(130);
  expect(stderr).toContain("interrupted by SIGINT; the team's database was closed cleanly");
  expect(stderr).not.toContain('▶ train');
  await expect(access(join(workspace, '.workshop', 'retail-bank', 'lock'))).rejects.toThrow(
    /ENOENT/,
  );
  // The database opens again and the team runs to the end.
  const again = await run('node', [CLI, 'run', '--orders', '3000'], {
    cwd: workspace,
    timeoutMs: 180_000,
  });
  expect(again.code).toBe(0);
}, 300_000);

test('a database that cannot be opened names the way back; reset keeps the models', async () => {
  const team = join(workspace, '.workshop', 'retail-bank');
  await writeFile(join(team, 'warehouse.duckdb'), 'not a database');
  const broken = await run('node', [CLI, 'migrate'], { cwd: workspace, timeoutMs: 60_000 });
  expect(broken.code).toBe(1);
  expect(broken.stderr).toContain(`cannot open ${join(team, 'warehouse.duckdb')}`);
  expect(broken.stderr).toContain('run workshop reset --team retail-bank');

  const models = await readdir(join(team, 'models'));
  const reset = await run('node', [CLI, 'reset'], { cwd: workspace, timeoutMs: 60_000 });
  expect(reset.code).toBe(0);
  expect(await readdir(join(team, 'models'))).toEqual(models);
  const again = await run('node', [CLI, 'migrate'], { cwd: workspace, timeoutMs: 60_000 });
  expect(again.code).toBe(0);
}, 180_000);
