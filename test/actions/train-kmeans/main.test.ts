/**
 * The action's shell: inputs through one schema, the backend opened through the shared opener,
 * outputs and summary set, every failure through `core.setFailed`. `@actions/core`, the backend
 * opener and run.ts are mocked (ESM modules must be mocked before the module under test is
 * imported); run.ts is covered by run.local.test.ts and run.aws.test.ts.
 */
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '../__fixtures__/core.js';
import { backend, close, openActionBackend, sharedBackend } from '../__fixtures__/backend.js';
import { expectFailedAndClosed, expectRefusedBeforeOpening } from '../__fixtures__/shell.js';
import { parseOver } from '../__fixtures__/inputs.js';

jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../../actions/shared/backend.js', () => sharedBackend);
const runTrainKMeans = jest.fn<(...args: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../../../actions/train-kmeans/run.js', () => ({ runTrainKMeans }));

const { main, parseInputs } = await import('../../../actions/train-kmeans/main.js');

const DEFAULTS = {
  team: 'retail-bank',
  backend: 'local',
  k: '',
  approval: '',
  'instance-type': '',
  'stack-outputs': '',
  'database-url': '',
  'environments-dir': 'environments',
  'lifetime-value': 'true',
};

beforeEach(() => core.resetCore(DEFAULTS));

describe('parseInputs', () => {
  const parse = parseOver(parseInputs, DEFAULTS);

  test('empty optional inputs are left to the environment file', () => {
    expect(parse({})).toEqual({
      ...DEFAULTS,
      k: undefined,
      approval: undefined,
      'instance-type': undefined,
      'stack-outputs': undefined,
      'database-url': undefined,
      'lifetime-value': true,
    });
  });

  test('typed values', () => {
    expect(
      parse({
        backend: 'aws',
        k: ' 7 ',
        approval: 'manual',
        'instance-type': 'ml.m5.large',
        'stack-outputs': 'out/retail-bank.json',
      }),
    ).toMatchObject({
      backend: 'aws',
      k: 7,
      approval: 'manual',
      'instance-type': 'ml.m5.large',
      'stack-outputs': 'out/retail-bank.json',
    });
    expect(parse({ k: 'auto' }).k).toBe('auto');
  });

  test('every bad input is named with its value and what the environment file would accept', () => {
    expect(() =>
      parse({ team: 'Retail Bank', k: '1', backend: 'gcp', 'instance-type': 'c5.xlarge' }),
    ).toThrow(
      [
        'input "team" is "Retail Bank": expected a team id: lowercase letters, digits and single dashes, starting with a letter and not ending with a dash, at most 21 characters',
        'input "backend" is "gcp": expected local or aws',
        'input "k" is "1": expected a whole number from 2 to 50, or auto',
        'input "instance-type" is "c5.xlarge": expected an instance type such as ml.c5.xlarge',
      ].join('\n'),
    );
  });

  test('database-url is for backend local only, and never echoed', () => {
    expect(() =>
      parse({ backend: 'aws', 'stack-outputs': 'o.json', 'database-url': 'postgres://u:pw@h/db' }),
    ).toThrow('input "database-url" is "***": only for backend local');
  });

  test('backend aws needs the stack outputs', () => {
    expect(() => parse({ backend: 'aws' })).toThrow(
      'input "stack-outputs" is "": required when backend is aws: the JSON file of `terraform output -json` for the team\'s stack',
    );
  });
});

describe('main', () => {
  const result = {
    outputs: {
      'model-version': '3',
      'model-package-arn': '',
      k: '4',
      msd: '0.125',
      'approval-status': 'Approved',
    },
    summary: '## KMeans v3\n',
  };

  test('opens the backend the inputs name, trains on it, sets outputs and the job summary', async () => {
    core.resetCore({ ...DEFAULTS, k: 'auto', 'instance-type': 'ml.m5.large' });
    runTrainKMeans.mockResolvedValue(result);
    await main();
    expect(core.setFailed).not.toHaveBeenCalled();
    const [opened, how] = openActionBackend.mock.calls[0]!;
    expect(opened).toMatchObject({ team: 'retail-bank', backend: 'local' });
    expect(how).toMatchObject({
      instanceType: 'ml.m5.large',
      userAgent: 'rfm-workshop/train-kmeans',
    });
    expect(how.signal).toBeInstanceOf(AbortSignal);
    // The checks and the training read the SQL of the checked-out workspace.
    expect(runTrainKMeans).toHaveBeenCalledWith(
      backend,
      expect.objectContaining({ checks: '/workspace/sql/checks' }),
      expect.objectContaining({ k: 'auto' }),
    );
    expect(core.outputsSet()).toEqual(Object.entries(result.outputs));
    expect(core.summary.addRaw).toHaveBeenCalledWith(result.summary);
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('a failing run ends in setFailed with its message, and the backend is closed', async () => {
    runTrainKMeans.mockRejectedValue(new Error('training job x failed: ClientError: no data'));
    await main();
    expectFailedAndClosed('training job x failed: ClientError: no data');
  });

  test('bad inputs fail before anything is opened', async () => {
    core.resetCore({ ...DEFAULTS, approval: 'sometimes' });
    await main();
    const message = 'input "approval" is "sometimes": expected auto or manual';
    expectRefusedBeforeOpening(message, runTrainKMeans);
  });
});
