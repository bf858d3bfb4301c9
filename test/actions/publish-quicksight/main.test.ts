/**
 * The action's shell: inputs through one schema, the aws backend opened through the shared
 * opener, outputs and summary set, every failure through `core.setFailed`. `@actions/core`, the
 * backend opener and run.ts are mocked; run.ts is covered by run.test.ts.
 */
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '../__fixtures__/core.js';
import { backend, close, openActionBackend, sharedBackend } from '../__fixtures__/backend.js';
import { expectFailedAndClosed } from '../__fixtures__/shell.js';

jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../../actions/shared/backend.js', () => sharedBackend);
const runPublishQuickSight = jest.fn<(...args: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../../../actions/publish-quicksight/run.js', () => ({
  runPublishQuickSight,
}));
const { main } = await import('../../../actions/publish-quicksight/main.js');

/** The defaults action.yml gives, plus the required inputs. */
const DEFAULTS = {
  team: 'retail-bank',
  'stack-outputs': 'outputs.json',
  'environments-dir': 'environments',
  refresh: 'auto',
  wait: 'true',
  'timeout-minutes': '15',
  'group-namespace': 'default',
};
const OUTPUTS = {
  'dashboard-id': 'rfm-retail-bank',
  'dashboard-url': 'https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank',
  'published-version': '3',
  changed: 'true',
};

beforeEach(() => core.resetCore(DEFAULTS));

describe('publish-quicksight main', () => {
  test('opens the aws backend with the QuickSight settings, publishes, sets outputs and summary', async () => {
    core.resetCore({
      ...DEFAULTS,
      'model-version': '7',
      'redshift-port': '5440',
      'run-id': '99-1',
      wait: 'False',
    });
    runPublishQuickSight.mockResolvedValue({
      outputs: OUTPUTS,
      summary: '### QuickSight dashboard for retail-bank',
    });

    await main();

    expect(core.setFailed).not.toHaveBeenCalled();
    const [opened, how] = openActionBackend.mock.calls[0]!;
    expect(opened).toMatchObject({
      team: 'retail-bank',
      backend: 'aws',
      'stack-outputs': 'outputs.json',
    });
    expect(how.quickSight).toEqual({ namespace: 'default', redshiftPort: 5440 });
    expect(runPublishQuickSight).toHaveBeenCalledWith(backend, {
      refresh: 'auto',
      waitForIngestions: false,
      timeoutMs: 15 * 60_000,
      modelVersion: 7,
      runId: '99-1',
      log: expect.any(Function),
    });
    expect(core.outputsSet()).toEqual(Object.entries(OUTPUTS));
    expect(core.summary.addRaw).toHaveBeenCalledWith('### QuickSight dashboard for retail-bank');
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('bad inputs fail the step naming each input, and nothing is opened', async () => {
    core.resetCore({
      ...DEFAULTS,
      'model-version': 'latest',
      refresh: 'sometimes',
      team: 'Retail Bank',
    });
    await main();
    expect(openActionBackend).not.toHaveBeenCalled();
    const message = String(core.setFailed.mock.calls[0]?.[0]);
    expect(message).toMatch(/input "team" is "Retail Bank": expected a team id/);
    expect(message).toMatch(/input "model-version" is "latest": expected a whole number/);
    expect(message).toMatch(/input "refresh" is "sometimes": expected auto, always or never/);
  });

  test('a failed publish fails the step with its message and closes the backend', async () => {
    runPublishQuickSight.mockRejectedValue(
      new Error('QuickSight CreateDashboard for rfm-retail-bank failed: denied'),
    );
    await main();
    expectFailedAndClosed('QuickSight CreateDashboard for rfm-retail-bank failed: denied');
  });
});
