import { afterAll, describe, expect, test } from '@jest/globals';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { RedshiftDataWarehouse } from '../../../../actions/lib/warehouse/redshift-data.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';
import { fakeClock } from '../warehouse/fake-clock.js';
import { FakeDataApi } from '../warehouse/fake-data-api.js';
import { freshPglite, freshPgliteDatabase } from '../../../support/pglite.js';

const HISTORY = `select installed_rank, version, description, type, script, checksum
from schema_migrations order by installed_rank`;

const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing) await close();
});

async function historyAfterMigrating(wh: Warehouse) {
  const outcome = await migrate(wh, await readMigrations(MIGRATIONS_DIR));
  return { outcome, history: await wh.query(HISTORY) };
}

describe('one migration set, three backends', () => {
  test('PGlite, DuckDB and the Data API warehouse (mocked) record identical history rows', async () => {
    const local = await freshPglite();
    closing.push(() => local.close());
    const duck = await DuckDbWarehouse.open();
    closing.push(() => duck.close());

    // Data API mocked (see test/actions/lib/warehouse/redshift-data.test.ts for why not moto).
    const db = await freshPgliteDatabase();
    closing.push(() => db.close());
    const mock = mockClient(RedshiftDataClient);
    closing.push(async () => void mock.restore());
    await FakeDataApi.install(mock, db);
    const redshift = new RedshiftDataWarehouse({
      client: new RedshiftDataClient({ region: 'eu-west-1' }),
      target: { workgroupName: 'wg', database: 'rfm', secretArn: 'arn:aws:secretsmanager:x' },
      clock: fakeClock().clock,
    });

    const a = await historyAfterMigrating(local);
    const b = await historyAfterMigrating(redshift);
    const c = await historyAfterMigrating(duck);

    expect(b.history).toEqual(a.history);
    expect(c.history).toEqual(a.history);
    expect(a.history).toHaveLength(a.outcome.applied.length);
    expect(typeof b.history[0]?.installed_rank).toBe('number');
    expect(b.outcome.applied.map((x) => x.file.name)).toEqual(
      a.outcome.applied.map((x) => x.file.name),
    );
  });
});
