import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  outsideCheckPath,
  outsideCheckStep,
  readOutsideCheck,
} from '../../../../actions/lib/gitops/outside-checks.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outside-checks-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const pending = { kind: 'pending', subject: 'V013__x.sql', detail: 'not applied' };

test('a check with findings: its file, outputs and summary; the report reads it back', async () => {
  const step = await outsideCheckStep(join(dir, 'drift'), 'acme', 'migrations', async () => [
    pending,
  ]);
  expect(step.failure).toBeUndefined();
  expect(step.outputs).toEqual({ drifted: 'true', findings: '1' });
  expect(step.summary).toContain('### Migrations in the warehouse: `acme`');
  expect(step.summary).toContain('- **pending** `V013__x.sql`: not applied');
  expect(await readOutsideCheck(join(dir, 'drift'), 'acme', 'migrations')).toEqual({
    check: 'migrations',
    findings: [pending],
  });
});

test('a check that fails still leaves its file, with the reason, and hands the error back', async () => {
  const step = await outsideCheckStep(dir, 'acme', 'dashboard', () =>
    Promise.reject(new Error('AccessDeniedException: not authorized')),
  );
  expect(step.failure?.message).toBe('AccessDeniedException: not authorized');
  expect(step.summary).toContain('❌ The check failed: AccessDeniedException: not authorized');
  expect(await readOutsideCheck(dir, 'acme', 'dashboard')).toEqual({
    check: 'dashboard',
    findings: [],
    error: 'AccessDeniedException: not authorized',
  });
});

test('no file means the check did not run; a file of another shape is not taken', async () => {
  expect(await readOutsideCheck(dir, 'acme', 'migrations')).toEqual({
    check: 'migrations',
    findings: [],
    error: 'did not run',
  });
  await writeFile(
    outsideCheckPath(dir, 'acme', 'migrations'),
    '{"check":"dashboard","findings":[]}',
  );
  expect((await readOutsideCheck(dir, 'acme', 'migrations')).error).toMatch(
    /acme\.migrations\.json is not a migrations check result$/,
  );
  await writeFile(outsideCheckPath(dir, 'acme', 'dashboard'), 'not json');
  expect((await readOutsideCheck(dir, 'acme', 'dashboard')).error).toMatch(/is not a dashboard/);
  expect(JSON.parse(await readFile(outsideCheckPath(dir, 'acme', 'migrations'), 'utf8'))).toEqual({
    check: 'dashboard',
    findings: [],
  });
});
