/**
 * The action's shell: inputs through one schema, the backend opened through the shared opener,
 * outputs and summary set, every failure through `core.setFailed`. `@actions/core`, the backend
 * opener and run.ts are mocked; run.ts is covered by run.test.ts, the opener by
 * test/actions/lib/pipeline/backend.test.ts.
 */
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { join } from 'node:path';
import * as core from '../__fixtures__/core.js';
import { backend, close, openActionBackend, sharedBackend } from '../__fixtures__/backend.js';
import { expectFailedAndClosed, expectRefusedBeforeOpening } from '../__fixtures__/shell.js';
import { parseOver } from '../__fixtures__/inputs.js';

jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../../actions/shared/backend.js', () => sharedBackend);
const runMigrateRedshift = jest.fn<(...args: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../../../actions/migrate-redshift/run.js', () => ({
  runMigrateRedshift,
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

beforeEach(() => {
  core.resetCore(DEFAULTS);
  runMigrateRedshift.mockResolvedValue({ outputs: OUTPUTS, summary: '### Migrations' });
});

describe('parseInputs', () => {
  const parse = parseOver(parseInputs, DEFAULTS);

  test('defaults and typed values', () => {
    expect(parse({})).toEqual({
      ...DEFAULTS,
      'dry-run': false,
      'stack-outputs': undefined,
      'database-url': undefined,
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
    [{ team: 'retail-' }, 'input "team" is "retail-": expected a team id'],
    [{ backend: 'redshift' }, 'input "backend" is "redshift": expected local or aws'],
    [
      { 'statement-timeout-minutes': '0' },
      'input "statement-timeout-minutes" is "0": expected a whole number from 1 to 1440',
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
  test('opens the backend the inputs name, migrates it, sets the outputs and the job summary', async () => {
    await main();
    expect(core.setFailed).not.toHaveBeenCalled();
    const [opened, how] = openActionBackend.mock.calls[0]!;
    expect(opened).toMatchObject({ team: 'retail-bank', backend: 'local' });
    expect(how).toMatchObject({ statementTimeoutMs: 15 * 60_000 });
    expect(runMigrateRedshift).toHaveBeenCalledWith(backend, {
      dirs: { migrations: join('/workspace', 'sql', 'migrations') },
      dryRun: false,
      log: expect.any(Function),
    });
    expect(core.outputsSet()).toEqual(Object.entries(OUTPUTS));
    expect(core.summary.addRaw).toHaveBeenCalledWith('### Migrations');
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('a database URL is masked and passed to the opener', async () => {
    core.resetCore({ ...DEFAULTS, 'database-url': 'postgres://ci:hunter2@127.0.0.1:5432/rfm' });
    await main();
    expect(core.setSecret).toHaveBeenCalledWith('postgres://ci:hunter2@127.0.0.1:5432/rfm');
    expect(openActionBackend.mock.calls[0]![0]).toMatchObject({
      'database-url': 'postgres://ci:hunter2@127.0.0.1:5432/rfm',
    });
  });

  test('a bad input fails the step naming it, before anything is opened', async () => {
    core.resetCore({ ...DEFAULTS, 'dry-run': 'maybe' });
    await main();
    const message = 'input "dry-run" is "maybe": expected true or false';
    expectRefusedBeforeOpening(message, runMigrateRedshift);
  });

  test('a failing migration fails the step with its message and still closes the backend', async () => {
    runMigrateRedshift.mockRejectedValue(
      new Error(
        'sql/migrations/V004__a.sql:3: statement 5 of 6: ERROR: relation "x" does not exist',
      ),
    );
    await main();
    expectFailedAndClosed(
      'sql/migrations/V004__a.sql:3: statement 5 of 6: ERROR: relation "x" does not exist',
    );
  });
});
