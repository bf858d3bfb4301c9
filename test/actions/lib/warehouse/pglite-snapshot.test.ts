import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../../../actions/lib/warehouse/pglite-snapshot.js';

describe('openPglite with an initdb snapshot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pglite-snapshot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('initialises the first database and snapshots it, restores the next, reopens existing ones', async () => {
    const snapshot = join(dir, 'init.tar.gz');
    const first = await openPglite(join(dir, 'a'), snapshot);
    expect(first.start).toBe('initialised');
    expect(existsSync(snapshot)).toBe(true);
    await first.db.exec('create table only_in_a (x integer); insert into only_in_a values (1)');
    await first.db.close();

    const second = await openPglite(join(dir, 'b'), snapshot);
    expect(second.start).toBe('restored');
    const tables = await second.db.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where tablename = 'only_in_a'",
    );
    expect(tables.rows).toEqual([{ n: 0 }]);
    await second.db.exec('create table t (x integer)');
    await second.db.close();

    const again = await openPglite(join(dir, 'a'), snapshot);
    expect(again.start).toBe('reopened');
    expect((await again.db.query('select x from only_in_a')).rows).toEqual([{ x: 1 }]);
    await again.db.close();
  }, 120_000);

  it('replaces a snapshot that cannot be restored', async () => {
    const snapshot = join(dir, 'broken.tar.gz');
    await writeFile(snapshot, 'not a tar file');
    const opened = await openPglite(join(dir, 'c'), snapshot);
    expect(opened.start).toBe('initialised');
    expect((await opened.db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await opened.db.close();
    const next = await openPglite(join(dir, 'd'), snapshot);
    expect(next.start).toBe('restored');
    await next.db.close();
  }, 120_000);
});
