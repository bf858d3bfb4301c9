import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_OUTPUT } from '../../../contracts/stack-outputs.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import { openTeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { runPublishQuickSight } from '../../../actions/publish-quicksight/run.js';
import {
  exampleEnvironment,
  givenClients,
  INSTANT_WAITS,
  TEST_RUN,
} from '../../support/backend.js';
import {
  isReadOnlyCall,
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  motoQuickSightForFile,
} from '../../support/moto-quicksight.js';
import { REPO_ROOT } from '../../support/warehouse.js';

const moto = motoQuickSightForFile();
let dir: string;
let env: Environment;
const SECRET = `arn:aws:secretsmanager:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:secret:rfm-AbCdEf`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-quicksight-'));
  env = { ...(await exampleEnvironment()), region: MOTO_REGION };
  // Every output the stack declares, with the ones the publish reads set to a Serverless warehouse.
  const values: Record<string, string> = Object.fromEntries(
    Object.values(STACK_OUTPUT).map((name) => [name, `test-${name}`]),
  );
  Object.assign(values, {
    [STACK_OUTPUT.region]: MOTO_REGION,
    [STACK_OUTPUT.warehouseType]: 'serverless',
    [STACK_OUTPUT.workgroup]: 'workshop-retail-bank',
    [STACK_OUTPUT.database]: 'rfm',
    [STACK_OUTPUT.secretArn]: SECRET,
    [STACK_OUTPUT.quicksightGroup]: 'workshop-retail-bank',
    [STACK_OUTPUT.quicksightVpcConnectionArn]: `arn:aws:quicksight:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:vpcConnection/workshop-retail-bank`,
  });
  await writeFile(
    join(dir, 'outputs.json'),
    JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]))),
  );
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Publishes through the team's aws backend, its QuickSight client pointed at moto. */
async function publish(stackOutputs = join(dir, 'outputs.json')) {
  const { qs: client, gaps } = moto.client();
  const backend = await openTeamBackend({
    env,
    backend: 'aws',
    stateRoot: REPO_ROOT,
    run: TEST_RUN,
    stackOutputs,
    clients: givenClients({ quicksight: () => client }),
    waits: INSTANT_WAITS,
  });
  try {
    const result = await runPublishQuickSight(backend, {
      modelVersion: 1,
      refresh: 'auto',
      waitForIngestions: true,
      timeoutMs: 60_000,
      runId: 'run-1',
    });
    return { ...result, calls: gaps.callNames() };
  } finally {
    await backend.close();
    client.destroy();
  }
}

describe('publish-quicksight run', () => {
  test('publishes from the environment file and the stack outputs, and reports what changed', async () => {
    const first = await publish();
    expect(first.outputs).toEqual({
      'dashboard-id': 'rfm-retail-bank',
      'dashboard-url': `https://${MOTO_REGION}.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank`,
      'published-version': '1',
      changed: 'true',
    });
    expect(first.summary).toContain(
      `[rfm-retail-bank](https://${MOTO_REGION}.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank) · published version 1`,
    );
    expect(first.summary).toContain('| dashboard | `rfm-retail-bank` | created | version 1 |');

    const source = await moto.describeDataSource('rfm-retail-bank-warehouse');
    expect(source.DataSource?.DataSourceParameters?.RedshiftParameters).toEqual({
      Database: 'rfm',
      Host: `workshop-retail-bank.${MOTO_ACCOUNT_ID}.${MOTO_REGION}.redshift-serverless.amazonaws.com`,
      Port: 5439,
    });

    const second = await publish();
    expect(second.calls.filter((c) => !isReadOnlyCall(c))).toEqual([]);
    expect(second.outputs.changed).toBe('false');
    expect(second.summary).toContain('No changes');
  });

  test('a missing stack outputs file says how to make one', async () => {
    await expect(publish(join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json does not exist; write it with: terraform output -json/,
    );
  });
});
