import { afterAll, expect, test } from '@jest/globals';
import { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import { freshPglite } from '../../../support/pglite.js';

const closing: PgliteWarehouse[] = [];
afterAll(async () => {
  for (const wh of closing) await wh.close();
});

test('a restored data folder holds what was written before the dump, and nothing after it', async () => {
  const source = await freshPglite();
  closing.push(source);
  await source.query('create table kept (id integer primary key, label varchar(10))');
  await source.query("insert into kept values (1, 'one'), (2, 'two')");
  const dump = await source.dumpDataDir();
  await source.query("insert into kept values (3, 'three')");

  const restored = await PgliteWarehouse.restore(dump);
  closing.push(restored);
  expect(await restored.query('select id, label from kept order by id')).toEqual([
    { id: 1, label: 'one' },
    { id: 2, label: 'two' },
  ]);
  await expect(restored.query("insert into kept values (1, 'again')")).rejects.toThrow(
    /duplicate key/,
  );
  // Configured as an opened warehouse is.
  expect(await restored.query('show work_mem')).toEqual([{ work_mem: '128MB' }]);
});
