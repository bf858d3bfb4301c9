import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  CsvLoadError,
  DuckDbWarehouse,
  type CsvFileLoad,
} from '../../../../actions/lib/warehouse/duckdb.js';
import { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import { UnsupportedRedshiftError } from '../../../../actions/lib/warehouse/redshift-compat.js';
import { StatementError } from '../../../../actions/lib/warehouse/warehouse.js';
import { rejectionOf } from '../../../support/rejection.js';
import { freshPglite } from '../../../support/pglite.js';

let dir: string;
let duck: DuckDbWarehouse;
let pglite: PgliteWarehouse;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duckdb-test-'));
  duck = await DuckDbWarehouse.open();
  pglite = await freshPglite();
});

afterAll(async () => {
  await duck.close();
  await pglite.close();
  await rm(dir, { recursive: true, force: true });
});

const rejection = (promise: Promise<unknown>): Promise<Error> => rejectionOf(promise, Error);

describe('values', () => {
  // One query over every type the project uses, typed alike by both local engines.
  const TYPED = `select
    cast(7 as smallint) as small, 42 as int, cast(9007199254740991 as bigint) as big,
    count(*) as counted, sum(x) as summed_int,
    cast(12.5 as decimal(12, 2)) as dec, sum(cast(x as decimal(12, 2))) as summed_dec,
    cast(-0.05 as decimal(12, 2)) as negative_dec,
    cast(0.1 as double precision) as dbl, cast(1.5 as real) as flt,
    cast(0.1 as real) as flt_tenth, cast(-3.4e38 as real) as flt_min,
    cast('2018-01-31' as date) as d, cast('2018-01-31 10:20:30.123456' as timestamp) as ts,
    cast('1969-12-31 23:59:59.9995' as timestamp) as before_epoch,
    cast('2018-01-31 10:20:30+00' as timestamptz) as tstz,
    true as yes, 'text' as txt, cast('v' as varchar(4)) as vc, cast(null as integer) as nothing
  from (values (1), (2)) v(x)`;

  test('come back typed as PGlite types them', async () => {
    const [fromDuck] = await duck.query(TYPED);
    const [fromPglite] = await pglite.query(TYPED);
    expect(fromDuck).toEqual(fromPglite);
    expect(fromDuck).toEqual({
      small: 7,
      int: 42,
      big: 9007199254740991,
      counted: 2,
      summed_int: 3,
      dec: '12.50',
      summed_dec: '3.00',
      negative_dec: '-0.05',
      dbl: 0.1,
      flt: 1.5,
      flt_tenth: 0.1,
      flt_min: -3.4e38,
      d: new Date('2018-01-31T00:00:00Z'),
      ts: new Date('2018-01-31T10:20:30.123Z'),
      before_epoch: new Date('1969-12-31T23:59:59.999Z'),
      tstz: new Date('2018-01-31T10:20:30Z'),
      yes: true,
      txt: 'text',
      vc: 'v',
      nothing: null,
    });
  });

  test('differ where the engines do: NUMERIC division, CHAR padding, unnamed columns', async () => {
    const sql =
      "select cast(7 as decimal(12, 2)) / 2 as half, cast('ab' as char(4)) as padded, count(*) from (values (1)) v(x)";
    expect(await pglite.query(sql)).toEqual([
      { half: '3.5000000000000000', padded: 'ab  ', count: 1 },
    ]);
    expect(await duck.query(sql)).toEqual([{ half: 3.5, padded: 'ab', 'count_star()': 1 }]);
  });

  test('a HUGEINT beyond 2^53 stays exact as text', async () => {
    const [row] = await duck.query(
      'select sum(x) as s from (values (9007199254740991), (9007199254740991)) v(x)',
    );
    expect(row).toEqual({ s: '18014398509481982' });
  });

  test('statements without a result give no rows', async () => {
    await duck.query('create table no_rows (a int)');
    expect(await duck.query('insert into no_rows values (1), (2)')).toEqual([]);
    expect(await duck.query('select count(*) as n from no_rows')).toEqual([{ n: 2 }]);
  });
});

describe('parameters', () => {
  test('bind positionally and take the type their place needs', async () => {
    await duck.query(
      'create table params (i integer, d date, ts timestamp, n decimal(12, 2), s varchar, b boolean)',
    );
    await duck.query('insert into params values ($1, $2, $3, $4, $5, $6)', [
      3,
      '2020-02-29',
      new Date('2020-02-29T12:34:56.789Z'),
      '10.25',
      "it's",
      true,
    ]);
    expect(await duck.query('select * from params where i = $1 and s = $2', ['3', "it's"])).toEqual(
      [
        {
          i: 3,
          d: new Date('2020-02-29T00:00:00Z'),
          ts: new Date('2020-02-29T12:34:56.789Z'),
          n: '10.25',
          s: "it's",
          b: true,
        },
      ],
    );
    expect(await duck.query('select count(*) as n from params where n > $1', [10.2])).toEqual([
      { n: 1 },
    ]);
    expect(await duck.query('select $1 as nothing', [null])).toEqual([{ nothing: null }]);
  });
});

describe('statements and transactions', () => {
  test('an error names the file and the line inside the statement', async () => {
    const error = await rejection(
      duck.query({ sql: 'select 1,\n  2,\n  missing_column', file: 'sql/x.sql', line: 20 }),
    );
    expect(error).toBeInstanceOf(StatementError);
    expect((error as StatementError).line).toBe(22);
    expect(error.message).toMatch(/^sql\/x\.sql:22: Binder Error: .*missing_column/);
  });

  test('a construct without a DuckDB rewrite is refused before it runs', async () => {
    const error = await rejection(
      duck.query({ sql: 'select median(x) from t', file: 'sql/y.sql', line: 4 }),
    );
    expect(error).toBeInstanceOf(UnsupportedRedshiftError);
    expect(error.message).toMatch(/^sql\/y\.sql:4: MEDIAN/);
  });

  test('a transaction is all or nothing and its error names the failing statement', async () => {
    await duck.query('create table tx (a int not null)');
    const error = await rejection(
      duck.transaction([
        { sql: 'insert into tx values (1)', file: 'sql/tx.sql', line: 1 },
        { sql: 'insert into tx values (2)', file: 'sql/tx.sql', line: 2 },
        { sql: 'insert into tx\nvalues (null)', file: 'sql/tx.sql', line: 3 },
      ]),
    );
    expect(error).toBeInstanceOf(StatementError);
    expect(error.message).toMatch(/^sql\/tx\.sql:\d: Constraint Error: NOT NULL/);
    expect(await duck.query('select count(*) as n from tx')).toEqual([{ n: 0 }]);
    await duck.transaction([{ sql: 'insert into tx values (3)', line: 1 }]);
    expect(await duck.query('select a from tx')).toEqual([{ a: 3 }]);
  });

  test('concurrent callers queue: transactions never interleave', async () => {
    await duck.query('create table counter (n int)');
    await duck.query('insert into counter values (0)');
    const bump = { sql: 'update counter set n = n + 1', line: 1 };
    const read = { sql: 'select n from counter', line: 1 };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? duck.transaction([bump, bump]) : duck.query(read),
      ),
    );
    expect(await duck.query('select n from counter')).toEqual([{ n: 20 }]);
  });
});

describe('database files', () => {
  test('persist in the file given, in a folder created for it', async () => {
    const file = join(dir, 'team-a', 'warehouse.duckdb');
    const first = await DuckDbWarehouse.open(file);
    await first.query('create table kept (a varchar)');
    await first.query("insert into kept values ('x')");
    await first.close();
    const again = await DuckDbWarehouse.open(file);
    expect(await again.query('select a from public.kept')).toEqual([{ a: 'x' }]);
    await again.close();
    await expect(again.query('select 1')).rejects.toThrow(/closed/);
  });

  test.each([
    ['by default, without FSST or dictionary encoding', undefined, 'Uncompressed'],
    ['as DuckDB chooses when the environment disables none', '', 'Dictionary'],
  ])('write strings %s', async (_name, disabled, compression) => {
    const before = process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'];
    if (disabled === undefined) delete process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'];
    else process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'] = disabled;
    const wh = await DuckDbWarehouse.open(join(dir, `compression-${compression}.duckdb`));
    try {
      await wh.query('create table words (w varchar)');
      await wh.query(`insert into words select 'word ' || (i % 7) from range(50000) as t(i)`);
      await wh.query('checkpoint');
      const used = await wh.query<{ compression: string }>(
        `select distinct compression from pragma_storage_info('public.words') where segment_type = 'VARCHAR'`,
      );
      expect(used).toEqual([{ compression }]);
    } finally {
      await wh.close();
      if (before === undefined) delete process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'];
      else process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'] = before;
    }
  });

  test('return freed memory in the background and keep no insertion order', async () => {
    const wh = await DuckDbWarehouse.open(join(dir, 'settings.duckdb'));
    try {
      expect(
        await wh.query(
          `select current_setting('allocator_background_threads') as background, current_setting('preserve_insertion_order') as ordered`,
        ),
      ).toEqual([{ background: true, ordered: false }]);
    } finally {
      await wh.close();
    }
  });

  test('warehouses on one file in this process share it and queue', async () => {
    const file = join(dir, 'shared.duckdb');
    const [a, b] = await Promise.all([DuckDbWarehouse.open(file), DuckDbWarehouse.open(file)]);
    await a.query('create table shared (n int)');
    await Promise.all([
      a.transaction([{ sql: 'insert into shared values (1)', line: 1 }]),
      b.transaction([{ sql: 'insert into shared values (2)', line: 1 }]),
    ]);
    expect(await b.query('select count(*) as n from shared')).toEqual([{ n: 2 }]);
    await a.close();
    expect(await b.query('select count(*) as n from shared')).toEqual([{ n: 2 }]);
    await b.close();
  });
});

describe('CSV load', () => {
  const TABLE = `create table public.loaded (
    id varchar(32) not null,
    qty integer,
    amount decimal(12, 2),
    happened timestamp,
    note varchar(64)
  )`;
  const COLUMNS = ['id', 'qty', 'amount', 'happened', 'note'];
  let file = 0;

  async function csv(text: string): Promise<string> {
    file += 1;
    const path = join(dir, `load-${file}.csv`);
    await writeFile(path, text);
    return path;
  }

  const load = (path: string, columns = COLUMNS): CsvFileLoad => ({
    table: 'loaded',
    columns,
    file: path,
  });

  beforeAll(async () => {
    await duck.query(TABLE);
  });

  test('reads quoting, NULLs and types as PostgreSQL COPY … CSV does', async () => {
    const text = [
      'id,qty,amount,happened,note',
      'a,1,10.50,2018-01-01 10:00:00,"comma, and ""quotes"""',
      'b,,0.1,,',
      'c,3,-2,2018-01-02 00:00:00.5,""',
      'd,4,1,2018-01-03 00:00:00,"two',
      'lines"',
      '',
    ].join('\r\n');
    const path = await csv(text);
    await duck.query('delete from loaded');
    const result = await duck.withLoadSession((s) => s.copyCsvFile(load(path)));
    expect(result).toEqual({ rowsLoaded: 4, rejected: [] });

    const bytes = new Uint8Array(await readFile(path));
    await pglite.query(TABLE);
    await pglite.withCopySession((s) =>
      s.copyFrom(
        `copy loaded (${COLUMNS.join(', ')}) from '/dev/blob' with (format csv, header true)`,
        bytes,
      ),
    );
    const select = 'select *, note is null as note_null from loaded order by id';
    expect(await duck.query(select)).toEqual(await pglite.query(select));
  });

  test('returns rejected rows with their lines, up to maxErrors', async () => {
    const path = await csv(
      [
        'id,qty,amount,happened,note',
        'ok1,1,1,,',
        'bad1,x,1,,',
        'bad2,1',
        'bad3,1,1,2018-13-01,',
        'ok2,2,2,,',
        '',
      ].join('\n'),
    );
    await duck.query('delete from loaded');
    const result = await duck.withLoadSession((s) => s.copyCsvFile(load(path), { maxErrors: 3 }));
    expect(result.rowsLoaded).toBe(2);
    expect(result.rejected.map((r) => [r.file, r.line, r.column, r.raw])).toEqual([
      [path, 3, 'qty', 'bad1,x,1,,'],
      [path, 4, 'amount', 'bad2,1'],
      [path, 5, 'happened', 'bad3,1,1,2018-13-01,'],
    ]);
    expect(result.rejected[0]?.reason).toMatch(/Could not convert string "x"/);
    expect(await duck.query('select id from loaded order by id')).toEqual([
      { id: 'ok1' },
      { id: 'ok2' },
    ]);
  });

  test('more rejects than allowed fail the load and roll the whole session back', async () => {
    const good = await csv('id,qty,amount,happened,note\ngood,1,1,,\n');
    const bad = await csv('id,qty,amount,happened,note\nok,1,1,,\n"unterminated,1,1,,\n');
    await duck.query('delete from loaded');
    const error = await rejection(
      duck.withLoadSession(async (s) => {
        await s.query('insert into loaded (id) values ($1)', ['from the session']);
        await s.copyCsvFile(load(good));
        return s.copyCsvFile(load(bad));
      }),
    );
    expect(error).toBeInstanceOf(CsvLoadError);
    expect(error.message).toContain(`${bad}:3 (column id): Value with unterminated quote`);
    expect(error.message).toContain('more than the 0 allowed; nothing was loaded');
    expect(await duck.query('select count(*) as n from loaded')).toEqual([{ n: 0 }]);
  });

  test('a header that does not list the columns in order is refused', async () => {
    const path = await csv('qty,id,amount,happened,note\n1,a,1,,\n');
    const error = await rejection(duck.withLoadSession((s) => s.copyCsvFile(load(path))));
    expect(error.message).toBe(
      `${path}:1: the header is "qty,id,amount,happened,note", expected "id,qty,amount,happened,note"; list the columns in the order of the file`,
    );
  });

  test('a missing file, an empty required field and odd names are named', async () => {
    const missing = join(dir, 'missing.csv');
    expect(
      (await rejection(duck.withLoadSession((s) => s.copyCsvFile(load(missing))))).message,
    ).toMatch(new RegExp(`^${missing}: cannot read the file`));
    const empty = await csv('id,qty,amount,happened,note\n,1,1,,\n');
    expect(
      (await rejection(duck.withLoadSession((s) => s.copyCsvFile(load(empty))))).message,
    ).toMatch(new RegExp(`^${empty}: Constraint Error: NOT NULL constraint failed: loaded\\.id`));
    const odd = { table: 'loaded; drop table x', columns: COLUMNS, file: empty };
    expect((await rejection(duck.withLoadSession((s) => s.copyCsvFile(odd)))).message).toMatch(
      /is not a plain table or column name/,
    );
  });

  test('the warehouse itself cannot be used inside the session', async () => {
    const error = await rejection(duck.withLoadSession(() => duck.query('select 1')));
    expect(error.message).toMatch(/inside withLoadSession/);
  });
});

describe('CSV export', () => {
  const SQL = `select * from (values
    (1, 'plain', cast(12.5 as decimal(12, 2)), cast('2018-01-31' as date),
     cast('2018-01-31 10:20:30.5' as timestamp), cast(0.25 as double precision)),
    (2, 'comma, "quote"
newline', null, null, null, cast(1e-7 as double precision)),
    (3, '', cast(-1 as decimal(12, 2)), null, null, null)
  ) v(id, txt, dec, d, ts, dbl) order by id`;

  test('writes what PGlite writes', async () => {
    const fromDuck = await duck.queryCsv(SQL);
    expect(fromDuck).toBe(await pglite.queryCsv(SQL));
    const records = parse(fromDuck, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.txt)).toEqual(['plain', 'comma, "quote"\nnewline', '']);
  });

  test('with quoteAll, writes what PGlite writes but for a quoted header', async () => {
    const [duckHeader, ...duckRest] = (await duck.queryCsv(SQL, { quoteAll: true })).split('\n');
    const [pgHeader, ...pgRest] = (await pglite.queryCsv(SQL, { quoteAll: true })).split('\n');
    expect(duckRest).toEqual(pgRest);
    expect(pgHeader).toBe('id,txt,dec,d,ts,dbl');
    expect(duckHeader).toBe('"id","txt","dec","d","ts","dbl"');
    expect(duckRest[3]).toBe('"3","","-1.00",,,');
  });

  test('differs from PGlite only in the text of booleans and whole doubles', async () => {
    const sql = 'select true as yes, cast(75 as double precision) as whole';
    expect(await duck.queryCsv(sql)).toBe('yes,whole\ntrue,75.0\n');
    expect(await pglite.queryCsv(sql)).toBe('yes,whole\nt,75\n');
  });

  test('exportCsv streams to a file and counts the rows', async () => {
    const path = join(dir, 'export.csv');
    expect(await duck.exportCsv(SQL, path)).toBe(3);
    expect(await readFile(path, 'utf8')).toBe(await duck.queryCsv(SQL));
  });

  test('an export error names the query', async () => {
    const error = await rejection(duck.queryCsv('select no_such_column'));
    expect(error).toBeInstanceOf(StatementError);
    expect(error.message).toMatch(/^export:1: Binder Error/);
  });
});
