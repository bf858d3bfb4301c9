/**
 * The drift workflow's two checks for the example team, as the drift role runs them. The Data API
 * is aws-sdk-client-mock answered by FakeDataApi over PGlite (moto's redshift-data runs no SQL);
 * QuickSight is moto with the gap-filling fake (test/support/moto-quicksight.ts).
 */
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceCurrency, type Environment } from '../../../../contracts/environment/schema.js';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import { openIdentityWarehouse } from '../../../../actions/lib/pipeline/backend.js';
import {
  dashboardDriftFindings,
  migrationDriftFindings,
} from '../../../../actions/lib/pipeline/drift-checks.js';
import { publishQuickSight } from '../../../../actions/lib/dashboards/quicksight.js';
import { exampleEnvironment, givenClients, INSTANT_WAITS } from '../../../support/backend.js';
import { fakeClock } from '../../../support/fake-clock.js';
import {
  MOTO_ACCOUNT_ID,
  motoQuickSightForFile,
  motoTarget,
} from '../../../support/moto-quicksight.js';
import { fakeDataApiForBlock } from '../../../support/data-api-fixture.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';

let env: Environment;
beforeAll(async () => {
  env = await exampleEnvironment();
});

describe('migrations, over the Data API as the caller', () => {
  const mock = fakeDataApiForBlock();
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drift-checks-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });

  const identityWarehouse = () =>
    openIdentityWarehouse({
      env,
      clients: givenClients({ redshiftData: (region) => new RedshiftDataClient({ region }) }),
      waits: INSTANT_WAITS,
    });

  test('one query on the team workgroup by name, with no secret; in sync after migrate', async () => {
    const opened = await identityWarehouse();
    await migrate(opened.wh, await readMigrations(dir));
    mock.resetHistory();
    expect(await migrationDriftFindings(opened.wh, dir)).toEqual([]);
    const calls = mock.commandCalls(ExecuteStatementCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      WorkgroupName: 'workshop-retail-bank',
      Database: env.warehouse.database,
    });
    expect(calls[0]?.args[0].input).not.toHaveProperty('SecretArn');
    expect(mock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);

    await writeFile(join(dir, 'V900__later.sql'), 'create table later (id integer);\n');
    expect(await migrationDriftFindings(opened.wh, dir)).toEqual([
      {
        kind: 'pending',
        subject: 'V900__later.sql',
        detail: 'not applied; the next deploy applies it',
      },
    ]);
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('dashboard, in moto', () => {
  const moto = motoQuickSightForFile();

  test('in sync after a publish; nothing published is a finding naming the dashboard', async () => {
    const never = await dashboardDriftFindings(moto.client().qs, {
      env,
      accountId: MOTO_ACCOUNT_ID,
    });
    expect(never.map((f) => [f.kind, f.subject])).toEqual([['not-published', 'rfm-retail-bank']]);

    await publishQuickSight(
      moto.client().qs,
      motoTarget(env.team, { region: env.region, currency: sourceCurrency(env.source) }),
      { clock: fakeClock(), random: () => 0, runId: 'drift-checks', modelVersion: 1 },
    );
    expect(
      await dashboardDriftFindings(moto.client().qs, { env, accountId: MOTO_ACCOUNT_ID }),
    ).toEqual([]);
  });
});
