/**
 * The action's shell: inputs through one schema, outputs and summary set, every failure through
 * `core.setFailed`. `@actions/core`, `run.ts` and the local warehouses are mocked (ESM modules
 * must be mocked before the module under test is imported); run.ts is covered by run.test.ts.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/warehouse.js';

const inputs: Record<string, string> = {};
const core = {
  getInput: jest.fn((name: string) => inputs[name] ?? ''),
  setOutput: jest.fn(),
  setFailed: jest.fn(),
  setSecret: jest.fn(),
  info: jest.fn(),
  summary: { addRaw: jest.fn(), write: jest.fn(async () => undefined) },
};
jest.unstable_mockModule('@actions/core', () => core);

const runMigrateRedshift = jest.fn<(...args: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../../../actions/migrate-redshift/run.js', () => ({
  runMigrateRedshift,
}));

const close = jest.fn(async () => undefined);
const openPglite = jest.fn(async (_dir?: string) => ({ kind: 'pglite', close }));
const connectPostgres = jest.fn(async (_url?: string) => ({ kind: 'postgres', close }));
jest.unstable_mockModule('../../../actions/lib/warehouse/pglite.js', () => ({
  PgliteWarehouse: { open: openPglite },
}));
jest.unstable_mockModule('../../../actions/lib/warehouse/postgres.js', () => ({
  PostgresWarehouse: { connect: connectPostgres },
}));

const { main, parseInputs } = await import('../../../actions/migrate-redshift/main.js');

const DEFAULTS = {
  team: 'retail-bank',
  backend: 'local',
  'sql-dir': 'sql/migrations',
  'dry-run': 'false',
  'stack-outputs': '',
  'database-url': '',
  'environments-dir': 'environments',
  'statement-timeout-minutes': '15',
};
const OUTPUTS = {
  'applied-count': '2',
  'applied-versions': '4,5',
  'applied-files': '["V004__a.sql","V005__b.sql"]',
  'pending-files': '[]',
};
const saved = { ...process.env };

beforeEach(() => {
  jest.clearAllMocks();
  core.summary.addRaw.mockReturnValue(core.summary);
  Object.assign(inputs, DEFAULTS);
  runMigrateRedshift.mockResolvedValue({ outputs: OUTPUTS, summary: '### Migrations' });
  Object.assign(process.env, {
    GITHUB_WORKSPACE: REPO_ROOT,
    GITHUB_STEP_SUMMARY: join(tmpdir(), 'summary.md'),
  });
});

afterEach(() => {
  for (const key of Object.keys(DEFAULTS)) delete inputs[key];
  process.env = { ...saved };
});

describe('parseInputs', () => {
  const parse = (over: Record<string, string>) =>
    parseInputs((name) => ({ ...DEFAULTS, ...over })[name as keyof typeof DEFAULTS] ?? '');

  test('defaults and typed values', () => {
    expect(parse({})).toEqual({
      team: 'retail-bank',
      backend: 'local',
      'sql-dir': 'sql/migrations',
      'dry-run': false,
      'stack-outputs': undefined,
      'database-url': undefined,
      'environments-dir': 'environments',
      'statement-timeout-minutes': 15,
    });
    expect(
      parse({
        backend: 'aws',
        'stack-outputs': 'out.json',
        'dry-run': 'True',
        'statement-timeout-minutes': ' 60 ',
      }),
    ).toMatchObject({
      backend: 'aws',
      'stack-outputs': 'out.json',
      'dry-run': true,
      'statement-timeout-minutes': 60,
    });
  });

  test.each([
    [{ 'dry-run': 'yes' }, 'input "dry-run" is "yes": expected true or false'],
    [{ team: 'Retail' }, 'input "team" is "Retail": expected a team id'],
    [{ backend: 'redshift' }, 'input "backend" is "redshift": expected aws or local'],
    [
      { 'statement-timeout-minutes': '0' },
      'input "statement-timeout-minutes" is "0": expected a whole number of minutes from 1 to 1440',
    ],
    [{ backend: 'aws' }, 'input "stack-outputs" is "": required when backend is aws'],
    [
      { 'database-url': 'mysql://root:hunter2@db/x' },
      'input "database-url" is "***": expected postgres://',
    ],
  ])('%j fails naming the input', (over, message) => {
    expect(() => parse(over)).toThrow(message);
  });

  test('a database URL is never echoed', () => {
    expect(() =>
      parse({
        backend: 'aws',
        'stack-outputs': 'x.json',
        'database-url': 'postgres://u:hunter2@h/d',
      }),
    ).toThrow('input "database-url" is "***": only for backend local');
  });
});

describe('main', () => {
  test('runs on the local backend and sets the outputs and the job summary', async () => {
    await main();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(openPglite).toHaveBeenCalledWith(join(REPO_ROOT, '.workshop', 'retail-bank', 'pgdata'));
    expect(runMigrateRedshift).toHaveBeenCalledWith(
      {
        team: 'retail-bank',
        backend: 'local',
        sqlDir: join(REPO_ROOT, 'sql', 'migrations'),
        dryRun: false,
      },
      expect.objectContaining({ wh: expect.objectContaining({ kind: 'pglite' }) }),
    );
    for (const [name, value] of Object.entries(OUTPUTS)) {
      expect(core.setOutput).toHaveBeenCalledWith(name, value);
    }
    expect(core.summary.addRaw).toHaveBeenCalledWith('### Migrations');
    expect(core.summary.write).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('a database URL selects PostgreSQL and is masked', async () => {
    inputs['database-url'] = 'postgres://ci:hunter2@127.0.0.1:5432/rfm';
    await main();
    expect(core.setSecret).toHaveBeenCalledWith('postgres://ci:hunter2@127.0.0.1:5432/rfm');
    expect(connectPostgres).toHaveBeenCalledWith('postgres://ci:hunter2@127.0.0.1:5432/rfm');
    expect(openPglite).not.toHaveBeenCalled();
  });

  test('a bad input fails the step naming it, before anything is opened', async () => {
    inputs['dry-run'] = 'maybe';
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      'input "dry-run" is "maybe": expected true or false',
    );
    expect(openPglite).not.toHaveBeenCalled();
    expect(runMigrateRedshift).not.toHaveBeenCalled();
  });

  test('a failing migration fails the step with its message and still closes the warehouse', async () => {
    runMigrateRedshift.mockRejectedValue(
      new Error(
        'sql/migrations/V004__a.sql:3: statement 5 of 6: ERROR: relation "x" does not exist',
      ),
    );
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      'sql/migrations/V004__a.sql:3: statement 5 of 6: ERROR: relation "x" does not exist',
    );
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('stack outputs that contradict the environment file fail the step naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-outputs-'));
    const file = join(dir, 'outputs.json');
    const value = (v: string) => ({ value: v, type: 'string', sensitive: false });
    await writeFile(
      file,
      JSON.stringify({
        region: value('eu-west-1'),
        data_bucket: value('b'),
        data_prefix: value('retail-bank/'),
        kms_key_arn: value('arn:aws:kms:eu-west-1:1:key/k'),
        redshift_role_arn: value('arn:aws:iam::1:role/r'),
        sagemaker_role_arn: value('arn:aws:iam::1:role/s'),
        model_package_group: value('g'),
        quicksight_group: value('q'),
        warehouse_type: value('provisioned'),
        redshift_database: value('rfm'),
        redshift_secret_arn: value('arn:aws:secretsmanager:eu-west-1:1:secret:s'),
        redshift_cluster_id: value('retail-bank'),
      }),
    );
    Object.assign(inputs, { backend: 'aws', 'stack-outputs': file });
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringContaining(
        `${file} describes a provisioned warehouse but environments/retail-bank.yaml a serverless one`,
      ),
    );
    expect(runMigrateRedshift).not.toHaveBeenCalled();
  });

  test('missing stack outputs say how to produce them', async () => {
    Object.assign(inputs, { backend: 'aws', 'stack-outputs': 'nowhere/outputs.json' });
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        /nowhere\/outputs\.json does not exist; write it with: terraform output -json/,
      ),
    );
  });
});
