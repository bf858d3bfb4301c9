import { date, dec, int, str } from '../../../../actions/lib/dashboards/columns.js';
import { readDashboardData, readDataset } from '../../../../actions/lib/dashboards/data.js';
import { parseQuotedCsv } from '../../../../actions/lib/dashboards/quoted-csv.js';
import type { DatasetSpec } from '../../../../actions/lib/dashboards/types.js';
import { loadLocal } from '../../../../actions/lib/load/local-loader.js';
import { writeSampleData } from '../../../../actions/lib/sample-data/generate.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { deriveFeatures } from '../../../../actions/lib/pipeline/refresh.js';
import { activateCentroids, REFRESH_DIR } from '../../../support/warehouse.js';
import { migratedWarehouseForBlock } from '../../../support/warehouse-fixture.js';

/** The same warehouse without CSV export: datasets are read as row objects. */
const rowsOnly = (wh: Warehouse): Warehouse => ({
  kind: wh.kind,
  query: (sql, params) => wh.query(sql, params),
  transaction: (statements) => wh.transaction(statements),
  close: () => wh.close(),
});

describe('parseQuotedCsv', () => {
  it('tells NULL (unquoted empty) from the empty string (quoted) and unescapes quotes', () => {
    const csv = 'a,b,c\n"x,1","",\n"say ""hi""","two\nlines","3"\n';
    expect(parseQuotedCsv(csv)).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['x,1', '', null],
        ['say "hi"', 'two\nlines', '3'],
      ],
    });
  });

  it('keeps a one-column NULL row, which is an empty line', () => {
    expect(parseQuotedCsv('a\n"1"\n\n"2"\n').rows).toEqual([['1'], [null], ['2']]);
  });

  it('reads CRLF line ends and a missing final line break', () => {
    expect(parseQuotedCsv('a,b\r\n"1",\r\n"2","3"').rows).toEqual([
      ['1', null],
      ['2', '3'],
    ]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseQuotedCsv('a\n"oops\n')).toThrow(/never closed/);
  });
});

describe('readDataset through the engine CSV', () => {
  const warehouse = migratedWarehouseForBlock();
  beforeAll(async () => {
    await writeSampleData(warehouse.dir, { orders: 400, seed: 7 });
    await loadLocal(warehouse.wh, warehouse.dir, { maxErrors: 10 });
    await deriveFeatures(warehouse.wh, REFRESH_DIR, undefined);
    await activateCentroids(warehouse.wh, 1, [
      [0.5, 0, 0.2],
      [2.5, 0.5, 0.4],
      [4.5, 1, 1],
    ]);
  }, 60_000);

  it('gives exactly what reading row objects gives, for every dataset of the dashboard', async () => {
    const viaCsv = await readDashboardData(warehouse.wh, 'team');
    const viaRows = await readDashboardData(rowsOnly(warehouse.wh), 'team');
    expect(viaCsv).toEqual(viaRows);
    expect(viaCsv.datasets.customers?.rows.length).toBeGreaterThan(100);
  });

  it('keeps NULLs, empty strings, dates and timestamps as row objects have them', async () => {
    const dataset: DatasetSpec = {
      id: 'edge',
      name: 'edge cases',
      source: {
        sql: `select 1 as id, '' as empty, cast(null as varchar(4)) as missing, 'a,"b"' as quoted,
  cast('2018-09-01' as date) as day, cast('2018-09-01 12:34:56.5' as timestamp) as moment,
  cast(null as integer) as no_number, 2.5 as value`,
      },
      columns: [
        int('id'),
        str('empty'),
        str('missing'),
        str('quoted'),
        date('day'),
        date('moment'),
        int('no_number'),
        dec('value'),
      ],
    };
    const viaCsv = await readDataset(warehouse.wh, dataset);
    expect(viaCsv).toEqual(await readDataset(rowsOnly(warehouse.wh), dataset));
    expect(viaCsv.rows).toEqual([
      [1, '', null, 'a,"b"', '2018-09-01', '2018-09-01T12:34:56.500Z', null, 2.5],
    ]);
  });
});
