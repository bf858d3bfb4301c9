/**
 * The action's logic against Redshift through the Data API, mocked with aws-sdk-client-mock and
 * answered by FakeDataApi over PGlite (moto's redshift-data runs no SQL and lacks
 * BatchExecuteStatement; see test/actions/lib/warehouse/redshift-data.test.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import { BatchExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { loadTeam } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import { readMigrations } from '../../../actions/lib/migrations/files.js';
import { RedshiftDataWarehouse } from '../../../actions/lib/warehouse/redshift-data.js';
import { runMigrateRedshift } from '../../../actions/migrate-redshift/run.js';
import { MIGRATIONS_DIR, REPO_ROOT } from '../../support/warehouse.js';
import { fakeClock } from '../lib/warehouse/fake-clock.js';
import { FakeDataApi } from '../lib/warehouse/fake-data-api.js';

const mock = mockClient(RedshiftDataClient);
let db: PGlite;
let env: Environment;

beforeAll(async () => {
  db = await PGlite.create();
  env = await loadTeam(join(REPO_ROOT, 'environments'), 'retail-bank');
});
afterAll(async () => {
  mock.restore();
  await db.close();
});
beforeEach(async () => {
  mock.reset();
  await FakeDataApi.install(mock, db);
});

const redshift = () =>
  new RedshiftDataWarehouse({
    client: new RedshiftDataClient({ region: 'eu-west-1' }),
    target: {
      workgroupName: 'retail-bank',
      database: 'rfm',
      secretArn: 'arn:aws:secretsmanager:x',
    },
    clock: fakeClock().clock,
  });

const inputs = (dryRun: boolean) => ({
  team: 'retail-bank',
  backend: 'aws' as const,
  sqlDir: MIGRATIONS_DIR,
  dryRun,
});

describe('runMigrateRedshift', () => {
  test('a dry run lists the pending files and runs no batch', async () => {
    const files = await readMigrations(MIGRATIONS_DIR);
    const result = await runMigrateRedshift(inputs(true), { env, wh: redshift() });
    expect(mock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(result.outputs).toEqual({
      'applied-count': '0',
      'applied-versions': '',
      'applied-files': '[]',
      'pending-files': JSON.stringify(files.map((f) => f.name)),
    });
    expect(result.summary).toContain('Dry run: ');
    expect(result.summary).toContain(`| ${files[0]!.name} | versioned | pending |`);
  });

  test('applies every file, then a second run applies none; the summary shows checksums', async () => {
    const files = await readMigrations(MIGRATIONS_DIR);
    const log: string[] = [];
    const first = await runMigrateRedshift(inputs(false), {
      env,
      wh: redshift(),
      log: (l) => log.push(l),
    });
    const versions = files.filter((f) => f.version !== null).map((f) => String(f.version));
    expect(first.outputs).toEqual({
      'applied-count': String(files.length),
      'applied-versions': versions.join(','),
      'applied-files': JSON.stringify(files.map((f) => f.name)),
      'pending-files': '[]',
    });
    expect(log).toHaveLength(files.length);
    for (const f of files) {
      expect(first.summary).toMatch(
        new RegExp(
          `\\| ${f.name} \\| ${f.type} \\| applied \\| \`${f.checksum.slice(0, 12)}\` \\| \\d+\\.\\d s \\|`,
        ),
      );
    }

    const second = await runMigrateRedshift(inputs(false), { env, wh: redshift() });
    expect(second.outputs['applied-count']).toBe('0');
    expect(second.summary).toContain(`0 applied, ${files.length} unchanged.`);
    expect(second.summary).toContain(`| ${files[0]!.name} | versioned | skipped (unchanged) |`);
  });

  test('a team that does not match the environment file is refused', async () => {
    await expect(
      runMigrateRedshift({ ...inputs(false), team: 'other-team' }, { env, wh: redshift() }),
    ).rejects.toThrow(
      'input team "other-team" does not match the environment file\'s team "retail-bank"',
    );
  });
});
