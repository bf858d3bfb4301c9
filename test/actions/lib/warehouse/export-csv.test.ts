import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { exportCsv } from '../../../../actions/lib/warehouse/export-csv.js';
import { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import type { Row, Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';

const QUERY = `select * from (values ('a,b', 1.5::float8, null::int, true), ('say "hi"', 2::float8, 3, false)) as t(name, x, n, flag)`;

let pglite: PgliteWarehouse;
beforeAll(async () => {
  pglite = await freshPglite();
});
afterAll(async () => pglite.close());

describe('exportCsv', () => {
  test('PGlite writes the CSV itself (COPY TO), quoting where needed and NULL as empty', async () => {
    expect(await exportCsv(pglite, QUERY)).toBe(
      'name,x,n,flag\n"a,b",1.5,,t\n"say ""hi""",2,3,f\n',
    );
  });

  test('a warehouse without CSV export goes through rows and gives the same fields', async () => {
    const rowsOnly: Warehouse = {
      kind: 'rows-only',
      query: <R extends Row = Row>() =>
        Promise.resolve([
          { name: 'a,b', x: 1.5, n: null, flag: true },
          { name: 'say "hi"', x: 2, n: 3, flag: false },
        ] as unknown as R[]),
      transaction: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    expect(await exportCsv(rowsOnly, QUERY)).toBe(
      'name,x,n,flag\n"a,b",1.5,,true\n"say ""hi""",2,3,false\n',
    );
  });
});
