/**
 * The action's shell: inputs through one schema, outputs and summary set, every failure through
 * `core.setFailed`. `@actions/core`, `run.ts` and the PGlite warehouse are mocked; run.ts itself is
 * covered by run.aws.test.ts.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/warehouse.js';

const inputs: Record<string, string> = {};
const core = {
  getInput: jest.fn((name: string) => inputs[name] ?? ''),
  setOutput: jest.fn(),
  setFailed: jest.fn(),
  info: jest.fn(),
  summary: { addRaw: jest.fn(), write: jest.fn(async () => undefined) },
};
core.summary.addRaw.mockReturnValue(core.summary);
jest.unstable_mockModule('@actions/core', () => core);

const runTrainKMeans = jest.fn<(...args: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../../../actions/train-kmeans/run.js', () => ({ runTrainKMeans }));

const close = jest.fn(async () => undefined);
const open = jest.fn(async (_dir?: string) => ({ close }));
jest.unstable_mockModule('../../../actions/lib/warehouse/pglite.js', () => ({
  PgliteWarehouse: { open },
}));

const { main, parseInputs } = await import('../../../actions/train-kmeans/main.js');

const DEFAULTS = {
  team: 'retail-bank',
  backend: 'local',
  k: '',
  'approval-policy': '',
  'instance-type': '',
  'stack-outputs': '',
  'environments-dir': 'environments',
};
const saved = { ...process.env };

beforeEach(() => {
  jest.clearAllMocks();
  core.summary.addRaw.mockReturnValue(core.summary);
  Object.assign(inputs, DEFAULTS);
  Object.assign(process.env, {
    GITHUB_WORKSPACE: REPO_ROOT,
    GITHUB_SHA: 'feedface',
    GITHUB_RUN_ID: '99',
    GITHUB_RUN_ATTEMPT: '2',
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

  test('empty optional inputs are left to the environment file', () => {
    expect(parse({})).toEqual({
      team: 'retail-bank',
      backend: 'local',
      k: undefined,
      'approval-policy': undefined,
      'instance-type': undefined,
      'stack-outputs': undefined,
      'environments-dir': 'environments',
    });
  });

  test('typed values', () => {
    expect(
      parse({
        backend: 'aws',
        k: ' 7 ',
        'approval-policy': 'manual',
        'instance-type': 'ml.m5.large',
        'stack-outputs': 'out/retail-bank.json',
      }),
    ).toMatchObject({
      backend: 'aws',
      k: 7,
      'approval-policy': 'manual',
      'instance-type': 'ml.m5.large',
      'stack-outputs': 'out/retail-bank.json',
    });
    expect(parse({ k: 'auto' }).k).toBe('auto');
  });

  test('every bad input is named with its value and what it expects', () => {
    expect(() =>
      parse({ team: 'Retail Bank', k: '1', backend: 'gcp', 'instance-type': 'c5.xlarge' }),
    ).toThrow(
      [
        'input "team" is "Retail Bank": expected a team id: lowercase letters, digits and dashes, starting with a letter',
        'input "backend" is "gcp": expected local or aws',
        'input "k" is "1": expected auto, a whole number from 2 to 50, or empty for the environment file',
        'input "instance-type" is "c5.xlarge": expected an instance type such as ml.c5.xlarge, or empty for the environment file',
      ].join('\n'),
    );
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

  test('runs on the local backend and sets outputs and the job summary', async () => {
    inputs.k = 'auto';
    runTrainKMeans.mockResolvedValue(result);
    await main();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(open).toHaveBeenCalledWith(`${REPO_ROOT}/.workshop/retail-bank/pgdata`);
    const [runInputs, context] = runTrainKMeans.mock.calls[0] as [unknown, Record<string, unknown>];
    expect(runInputs).toEqual({ team: 'retail-bank', backend: 'local', k: 'auto' });
    expect(context).toMatchObject({
      commit: 'feedface',
      runId: '99-2',
      modelsDir: `${REPO_ROOT}/.workshop/retail-bank/models`,
    });
    expect((context.env as { team: string }).team).toBe('retail-bank');
    expect(core.setOutput.mock.calls).toEqual(Object.entries(result.outputs));
    expect(core.summary.addRaw).toHaveBeenCalledWith(result.summary);
    expect(core.summary.write).toHaveBeenCalled();
    expect(close).toHaveBeenCalled();
  });

  test('a failing run ends in setFailed with its message, and the warehouse is closed', async () => {
    runTrainKMeans.mockRejectedValue(new Error('training job x failed: ClientError: no data'));
    await main();
    expect(core.setFailed).toHaveBeenCalledWith('training job x failed: ClientError: no data');
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalled();
  });

  test('bad inputs fail before anything is opened', async () => {
    inputs['approval-policy'] = 'sometimes';
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      'input "approval-policy" is "sometimes": expected auto, manual, or empty for the environment file',
    );
    expect(open).not.toHaveBeenCalled();
    expect(runTrainKMeans).not.toHaveBeenCalled();
  });

  test('an unknown team names the environments folder', async () => {
    inputs.team = 'nobody';
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(expect.stringContaining('nobody'));
    expect(runTrainKMeans).not.toHaveBeenCalled();
  });
});
