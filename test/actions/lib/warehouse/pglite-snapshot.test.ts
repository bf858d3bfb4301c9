import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPglite } from '../../../../actions/lib/warehouse/pglite-snapshot.js';
import { tempFolder } from '../../../support/block-fixture.js';

describe('openPglite with an initdb snapshot', () => {
  const folder = tempFolder('pglite-snapshot');

  it('initialises the first database and snapshots it, restores the next, reopens existing ones', async () => {
    const snapshot = join(folder.path, 'init.tar.gz');
    const first = await openPglite(join(folder.path, 'a'), snapshot);
    expect(first.start).toBe('initialised');
    expect(existsSync(snapshot)).toBe(true);
    await first.db.exec('create table only_in_a (x integer); insert into only_in_a values (1)');
    await first.db.close();

    const second = await openPglite(join(folder.path, 'b'), snapshot);
    expect(second.start).toBe('restored');
    const tables = await second.db.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where tablename = 'only_in_a'",
    );
    expect(tables.rows).toEqual([{ n: 0 }]);
    await second.db.exec('create table t (x integer)');
    await second.db.close();

    const again = await openPglite(join(folder.path, 'a'), snapshot);
    expect(again.start).toBe('reopened');
    expect((await again.db.query('select x from only_in_a')).rows).toEqual([{ x: 1 }]);
    await again.db.close();
  }, 120_000);

  it('replaces a snapshot that cannot be restored', async () => {
    const snapshot = join(folder.path, 'broken.tar.gz');
    await writeFile(snapshot, 'not a tar file');
    const opened = await openPglite(join(folder.path, 'c'), snapshot);
    expect(opened.start).toBe('initialised');
    expect((await opened.db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await opened.db.close();
    const next = await openPglite(join(folder.path, 'd'), snapshot);
    expect(next.start).toBe('restored');
    await next.db.close();
  }, 120_000);
});
