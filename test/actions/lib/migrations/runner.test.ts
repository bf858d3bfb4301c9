import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { cp, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate, MigrationError } from '../../../../actions/lib/migrations/runner.js';
import { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import type { Row, SqlValue } from '../../../../actions/lib/warehouse/warehouse.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';

let wh: PgliteWarehouse;
let dir: string;

beforeEach(async () => {
  wh = await freshPglite();
  dir = await mkdtemp(join(tmpdir(), 'migrations-'));
});
afterEach(async () => wh.close());

const tables = async (): Promise<string[]> =>
  (
    await wh.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = 'public' order by 1`,
    )
  ).map((r) => r.t);

describe('migration runner', () => {
  test('applies the project migrations, then a re-run is a no-op in a single query', async () => {
    const files = await readMigrations(MIGRATIONS_DIR);
    const first = await migrate(wh, files);
    expect(first.applied.map((a) => a.file.name)).toEqual(
      (await readdir(MIGRATIONS_DIR)).sort((a, b) =>
        a[0] === b[0] ? a.localeCompare(b) : a.startsWith('V') ? -1 : 1,
      ),
    );

    let queries = 0;
    const counting = {
      kind: wh.kind,
      query: <R extends Row = Row>(
        sql: Parameters<typeof wh.query>[0],
        params?: readonly SqlValue[],
      ) => {
        queries += 1;
        return wh.query<R>(sql, params);
      },
      transaction: (s: Parameters<typeof wh.transaction>[0]) => {
        queries += 1;
        return wh.transaction(s);
      },
      close: () => wh.close(),
    };
    const second = await migrate(counting, files);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toHaveLength(files.length);
    expect(queries).toBe(1);
  });

  test('an edited, already-applied file fails the run naming the file, before anything runs', async () => {
    await writeFile(join(dir, 'V001__one.sql'), 'create table one (id integer);\n');
    await migrate(wh, await readMigrations(dir));
    await writeFile(join(dir, 'V001__one.sql'), 'create table one (id bigint);\n');
    await writeFile(join(dir, 'V002__two.sql'), 'create table two (id integer);\n');
    const run = migrate(wh, await readMigrations(dir));
    await expect(run).rejects.toThrow(MigrationError);
    await expect(migrate(wh, await readMigrations(dir))).rejects.toThrow(
      /V001__one\.sql was edited after it was applied/,
    );
    expect(await tables()).not.toContain('two');
  });

  test('a failure in the middle of a file leaves no trace of that file', async () => {
    await writeFile(join(dir, 'V001__base.sql'), 'create table base (id integer);\n');
    await writeFile(
      join(dir, 'V002__broken.sql'),
      [
        'create table half (id integer);',
        'insert into base values (1);',
        '',
        'select * from',
        '  missing_table;',
        'create table never (id integer);',
        '',
      ].join('\n'),
    );
    const error = (await migrate(wh, await readMigrations(dir)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      new RegExp(`V002__broken\\.sql:5: relation "missing_table" does not exist`),
    );
    expect(await tables()).toEqual(['base', 'schema_migrations']);
    expect(await wh.query('select * from base')).toEqual([]);
    const history = await wh.query<{ script: string }>('select script from schema_migrations');
    expect(history.map((h) => h.script)).toEqual(['V001__base.sql']);
  });

  test('repeatable files are re-applied from the first changed one onwards', async () => {
    await writeFile(join(dir, 'V001__t.sql'), 'create table t (id integer);\n');
    await writeFile(
      join(dir, 'R__10_a.sql'),
      'drop view if exists a cascade;\ncreate view a as select id from t;\n',
    );
    await writeFile(
      join(dir, 'R__20_b.sql'),
      'drop view if exists b cascade;\ncreate view b as select id from a;\n',
    );
    await migrate(wh, await readMigrations(dir));
    expect((await migrate(wh, await readMigrations(dir))).applied).toEqual([]);

    await writeFile(
      join(dir, 'R__10_a.sql'),
      'drop view if exists a cascade;\ncreate view a as select id, id * 2 as twice from t;\n',
    );
    const outcome = await migrate(wh, await readMigrations(dir));
    // b depended on a and was dropped by the cascade, so it is re-created too.
    expect(outcome.applied.map((a) => a.file.name)).toEqual(['R__10_a.sql', 'R__20_b.sql']);
    expect(await wh.query('select * from b')).toEqual([]);
  });

  test('a file name outside the conventions and a duplicated version are errors naming the files', async () => {
    await writeFile(join(dir, 'V1_bad.sql'), 'select 1;\n');
    await expect(readMigrations(dir)).rejects.toThrow(/V1_bad\.sql: not a migration file name/);
    const dup = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dup, 'V001__a.sql'), 'select 1;\n');
    await writeFile(join(dup, 'V1__b.sql'), 'select 1;\n');
    await expect(readMigrations(dup)).rejects.toThrow(/version 1 is also used by/);
  });

  test('an applied file that disappeared, or a new file older than the applied ones, stops the run', async () => {
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(wh, await readMigrations(dir));
    const gone = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(gone, 'V002__x.sql'), 'select 1;\n');
    await expect(migrate(wh, await readMigrations(gone))).rejects.toThrow(
      /V001__create_source_tables\.sql \(version 1\) is recorded as applied but is missing/,
    );

    const gap = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(gap, 'V001__a.sql'), 'create table a (id integer);\n');
    await writeFile(join(gap, 'V003__c.sql'), 'create table c (id integer);\n');
    const fresh = await freshPglite();
    try {
      await migrate(fresh, await readMigrations(gap));
      await writeFile(join(gap, 'V002__late.sql'), 'create table late (id integer);\n');
      await expect(migrate(fresh, await readMigrations(gap))).rejects.toThrow(
        /V002__late\.sql: version 2 is older than the applied version 3/,
      );
    } finally {
      await fresh.close();
    }
  });
});
