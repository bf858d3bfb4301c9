/**
 * `workshop` as a child process, as a user runs it: from a subfolder of the repository, with
 * relative paths, with a bad database URL whose password must never be printed.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/warehouse.js';
import { workshop } from '../../support/workshop-cli.js';

const PASSWORD = 'Hunter2-s3cret';

describe('from a subfolder of the repository', () => {
  test('validate finds environments/ above it and names files relative to where you stand', async () => {
    const result = await workshop(['validate'], { cwd: join(REPO_ROOT, 'sql', 'migrations') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok\tretail-bank\t/m);
  });

  test('a mistyped --team names the file looked for and the team meant', async () => {
    const result = await workshop(['migrate', '--team', 'retial-bank'], {
      cwd: join(REPO_ROOT, 'sql'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'workshop: no ../environments/retial-bank.yaml; did you mean retail-bank?',
    );
  });
});

describe('outside the repository', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workshop-cli-'));
    await mkdir(join(dir, 'sub'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('--out is relative to where you stand', async () => {
    const result = await workshop(['sample-data', '--out', '../written', '--orders', '20'], {
      cwd: join(dir, 'sub'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(join(dir, 'written'))).sort()).toEqual([
      'olist_customers_dataset.csv',
      'olist_order_payments_dataset.csv',
      'olist_orders_dataset.csv',
    ]);
  });

  test('a command that needs the repository says where it looked and what to do', async () => {
    const result = await workshop(['validate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${dir} is not inside the rfm-workshop repository (no folder above it holds environments/); cd into your checkout`,
    );
  });
});

describe('a database URL password is never printed', () => {
  test.each([
    ['a wrong scheme', ['run', '--database-url', `mysql://me:${PASSWORD}@db/rfm`], {}],
    ['no scheme at all', ['run', `--database-url=me:${PASSWORD}@db/rfm`], {}],
    ['a mistyped flag', ['run', `--databse-url=postgres://me:${PASSWORD}@db/rfm`], {}],
    ['the variable', ['run'], { WORKSHOP_DATABASE_URL: `pg://me:${PASSWORD}@db/rfm` }],
    [
      'a server that is not there',
      ['migrate', '--database-url', `postgres://me:${PASSWORD}@127.0.0.1:9/rfm`],
      {},
    ],
  ])('%s', async (_case, args, env) => {
    const result = await workshop(args, { env: { ...process.env, ...env } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('me:***@');
    expect(result.stderr + result.stdout).not.toContain(PASSWORD);
  });
});
