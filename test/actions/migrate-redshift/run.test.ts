/**
 * The action's logic against Redshift through the Data API, mocked with aws-sdk-client-mock and
 * answered by FakeDataApi over PGlite (moto's redshift-data runs no SQL and lacks
 * BatchExecuteStatement; see test/actions/lib/warehouse/redshift-data.test.ts).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { BatchExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { join } from 'node:path';
import { loadTeam } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import { readMigrations } from '../../../actions/lib/migrations/files.js';
import { HISTORY_READ_GRANTS } from '../../../actions/lib/migrations/history-access.js';
import { openTeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { migrationCheckStep } from '../../../actions/lib/pipeline/steps.js';
import { runMigrateRedshift } from '../../../actions/migrate-redshift/run.js';
import { EXAMPLE_STACK, givenClients, INSTANT_WAITS, TEST_RUN } from '../../support/backend.js';
import { fakeDataApiForBlock } from '../../support/data-api-fixture.js';
import { MIGRATIONS_DIR, REPO_ROOT } from '../../support/warehouse.js';

const mock = fakeDataApiForBlock();
let env: Environment;

beforeAll(async () => {
  env = await loadTeam(join(REPO_ROOT, 'environments'), 'retail-bank');
});

/** The team's aws backend, its Data API client mocked. */
const redshift = () =>
  openTeamBackend({
    env,
    backend: 'aws',
    stateRoot: REPO_ROOT,
    run: TEST_RUN,
    stackOutputs: EXAMPLE_STACK,
    clients: givenClients({ redshiftData: (region) => new RedshiftDataClient({ region }) }),
    waits: INSTANT_WAITS,
  });

const dirs = { migrations: MIGRATIONS_DIR };

describe('runMigrateRedshift', () => {
  test('a dry run lists the pending files and runs no batch', async () => {
    const files = await readMigrations(MIGRATIONS_DIR);
    const result = await runMigrateRedshift(await redshift(), { dirs, dryRun: true });
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
    const first = await runMigrateRedshift(await redshift(), {
      dirs,
      dryRun: false,
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

    const second = await runMigrateRedshift(await redshift(), { dirs, dryRun: false });
    expect(second.outputs['applied-count']).toBe('0');
    expect(second.summary).toContain(`0 applied, ${files.length} unchanged.`);
    expect(second.summary).toContain(`| ${files[0]!.name} | versioned | skipped (unchanged) |`);
  });

  test('every run, also one with nothing pending, ends by letting the drift check read the history', async () => {
    await runMigrateRedshift(await redshift(), { dirs, dryRun: false });
    mock.resetHistory();
    await runMigrateRedshift(await redshift(), { dirs, dryRun: false });
    const batches = mock
      .commandCalls(BatchExecuteStatementCommand)
      .map((c) => c.args[0].input.Sqls);
    expect(batches).toEqual([HISTORY_READ_GRANTS.map((s) => s.sql)]);
    // The warehouse is then in sync with sql/migrations, as the drift check reads it.
    const drift = await migrationCheckStep(await redshift(), dirs);
    expect(drift.findings).toEqual([]);
    expect(drift.historyRows).toBe((await readMigrations(MIGRATIONS_DIR)).length);
  });
});
