import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import type * as Core from '@actions/core';
import type { run as Run } from '../../../actions/publish-quicksight/run.js';

const inputs: Record<string, string> = {};
const summary = { addRaw: jest.fn(), write: jest.fn(async () => undefined) };
summary.addRaw.mockReturnValue(summary);
const core = {
  getInput: jest.fn<typeof Core.getInput>((name) => inputs[name] ?? ''),
  setOutput: jest.fn<typeof Core.setOutput>(),
  setFailed: jest.fn<typeof Core.setFailed>(),
  info: jest.fn<typeof Core.info>(),
  summary,
};
const run = jest.fn<typeof Run>();

jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../../actions/publish-quicksight/run.js', () => ({ run }));
const { main } = await import('../../../actions/publish-quicksight/main.js');

/** The defaults action.yml gives, plus the required inputs. */
const DEFAULTS = {
  team: 'retail-bank',
  'stack-outputs': 'outputs.json',
  'environments-dir': 'environments',
  refresh: 'auto',
  'wait-for-ingestion': 'true',
  'timeout-minutes': '15',
  'group-namespace': 'default',
};

beforeEach(() => {
  jest.clearAllMocks();
  for (const key of Object.keys(inputs)) delete inputs[key];
  Object.assign(inputs, DEFAULTS);
});

describe('publish-quicksight main', () => {
  test('passes typed inputs to run, then sets the outputs and the job summary', async () => {
    Object.assign(inputs, { 'model-version': '7', 'redshift-port': '5440', 'run-id': '99-1' });
    run.mockResolvedValue({
      outputs: {
        dashboardId: 'rfm-retail-bank',
        dashboardUrl: 'https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank',
        publishedVersion: 3,
        changed: true,
      },
      summary: '### QuickSight dashboard for retail-bank',
      report: {} as Awaited<ReturnType<typeof Run>>['report'],
    });

    await main();

    expect(core.setFailed).not.toHaveBeenCalled();
    expect(run.mock.calls[0]?.[0]).toEqual({
      team: 'retail-bank',
      environmentsDir: 'environments',
      stackOutputs: 'outputs.json',
      refresh: 'auto',
      waitForIngestion: true,
      timeoutMinutes: 15,
      namespace: 'default',
      modelVersion: 7,
      redshiftPort: 5440,
      runId: '99-1',
    });
    expect(core.setOutput.mock.calls).toEqual([
      ['dashboard-id', 'rfm-retail-bank'],
      [
        'dashboard-url',
        'https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank',
      ],
      ['published-version', '3'],
      ['changed', 'true'],
    ]);
    expect(summary.addRaw).toHaveBeenCalledWith('### QuickSight dashboard for retail-bank');
    expect(summary.write).toHaveBeenCalled();
  });

  test('bad inputs fail the step naming each input, and nothing is published', async () => {
    Object.assign(inputs, { 'model-version': 'latest', refresh: 'sometimes', team: 'Retail Bank' });
    await main();
    expect(run).not.toHaveBeenCalled();
    const message = String(core.setFailed.mock.calls[0]?.[0]);
    expect(message).toMatch(/input "team": expected a team id/);
    expect(message).toMatch(/input "model-version": expected a whole number/);
    expect(message).toMatch(/input "refresh": expected auto, always or never/);
  });

  test('a failed publish fails the step with its message', async () => {
    run.mockRejectedValue(
      new Error('QuickSight CreateDashboard for rfm-retail-bank failed: denied'),
    );
    await main();
    expect(core.setFailed).toHaveBeenCalledWith(
      'QuickSight CreateDashboard for rfm-retail-bank failed: denied',
    );
    expect(core.setOutput).not.toHaveBeenCalled();
  });
});
