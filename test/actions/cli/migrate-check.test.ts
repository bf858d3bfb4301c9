/**
 * `workshop migrate --check` as a user runs it, on the team's DuckDB file in a workspace with its
 * own copy of sql/migrations: exit 0 in sync, 2 with a listing when the files moved on.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/warehouse.js';
import { workshop } from '../../support/workshop-cli.js';

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'migrate-check-'));
  await mkdir(join(workspace, 'environments'));
  await copyFile(
    join(REPO_ROOT, 'environments', 'retail-bank.yaml'),
    join(workspace, 'environments', 'retail-bank.yaml'),
  );
  await cp(join(REPO_ROOT, 'sql'), join(workspace, 'sql'), { recursive: true });
});
afterAll(async () => rm(workspace, { recursive: true, force: true }));

test('in sync after migrate (exit 0); a new file is listed as pending (exit 2), as JSON too', async () => {
  const migrated = await workshop(['migrate'], { cwd: workspace });
  expect({ code: migrated.code, stderr: migrated.code === 0 ? '' : migrated.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  const inSync = await workshop(['migrate', '--check'], { cwd: workspace });
  expect(inSync.code).toBe(0);
  expect(inSync.stdout).toMatch(/^in sync: \d+ files, \d+ history rows$/m);

  await writeFile(
    join(workspace, 'sql', 'migrations', 'V900__later.sql'),
    'create table later (id integer);\n',
  );
  const behind = await workshop(['migrate', '--check'], { cwd: workspace });
  expect(behind.code).toBe(2);
  expect(behind.stdout).toContain(
    'pending\tV900__later.sql\tnot applied; the next deploy applies it',
  );
  expect(behind.stdout).toContain('1 difference between the warehouse and sql/migrations');

  const json = await workshop(['migrate', '--check', '--json'], { cwd: workspace });
  expect(json.code).toBe(2);
  expect(JSON.parse(json.stdout)).toMatchObject({
    findings: [{ kind: 'pending', script: 'V900__later.sql' }],
  });

  // The check applied nothing: migrate still has the file to apply.
  const dry = await workshop(['migrate', '--dry-run'], { cwd: workspace });
  expect(dry.stdout).toContain('pending\tV900__later.sql');
});

test('--check with --dry-run is refused', async () => {
  const both = await workshop(['migrate', '--check', '--dry-run'], { cwd: workspace });
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('--check and --dry-run exclude each other');
});
