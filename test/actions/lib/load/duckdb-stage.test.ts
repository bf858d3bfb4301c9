/**
 * The SQL checks of the DuckDB loader (duckdb-stage.ts, field-checks-sql.ts) against the
 * JavaScript checks they stand in for (check-csv.ts, validate-field.ts): on generated Olist files
 * full of edge values, a file DuckDB stages has the same rows in, the same rejected rows (line,
 * column, reason, text) and loads the same table as the JavaScript reader's accepted rows do.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCsv, type CheckedCsv } from '../../../../actions/lib/load/check-csv.js';
import { pickLines, plainCsv, type PlainCsv } from '../../../../actions/lib/load/csv-shape.js';
import { stageCsv, type StagedCsv } from '../../../../actions/lib/load/duckdb-stage.js';
import { olistPlan } from '../../../../actions/lib/load/stage-olist.js';
import { timeBounds } from '../../../../actions/lib/load/validate-field.js';
import {
  SOURCE_TABLES,
  type ColumnSpec,
  type OlistTableSpec,
} from '../../../../actions/lib/sources/olist-tables.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import type { RunDuckDb } from '../../../../actions/lib/warehouse/duckdb-csv.js';
import type { Row } from '../../../../actions/lib/warehouse/warehouse.js';

const BOUNDS = timeBounds(new Date('2026-01-01T12:00:00Z'));
const RUNS = Number(process.env.STAGE_RUNS ?? 60);
const SEED = Number(process.env.STAGE_SEED ?? 7);

const HEX = '0123456789abcdef';
const hex32 = fc
  .array(fc.constantFrom(...HEX), { minLength: 32, maxLength: 32 })
  .map((a) => a.join(''));

const VALUES: Record<ColumnSpec['type'], readonly string[]> = {
  id: ['', 'x'.repeat(33), 'ü'.repeat(16), 'ü'.repeat(17), '  a  ', 'a b', 'abc'],
  text: [
    '',
    'sao paulo',
    'são paulo',
    'é'.repeat(32),
    'é'.repeat(33),
    'x'.repeat(64),
    'x'.repeat(65),
    '😀'.repeat(16),
    '😀'.repeat(17),
    'SP',
    'S',
    'SPX',
    'é',
    'ñ1',
    '05074',
    '0507',
    '050745',
    'delivered',
    'a,b',
  ],
  integer: [
    '',
    '1',
    '+1',
    '-1',
    '01',
    '123456789',
    '1234567890',
    '2147483647',
    '2147483648',
    '-2147483647',
    '-2147483648',
    '00000000000000000000042',
    '1.0',
    'a',
    ' 1',
    '1e3',
    '99999999999999999999999999999999999999999',
  ],
  decimal: [
    '',
    '1',
    '1.',
    '1.5',
    '1.55',
    '1.555',
    '+1.5',
    '-0.01',
    '.5',
    '0000000000001.00',
    '1234567890.12',
    '12345678901.12',
    '9999999999',
    '99999999999',
    'abc',
    '  1.5',
    '1,5',
  ],
  timestamp: [
    '',
    '2017-10-02 10:56:33',
    '2017-10-02',
    '2017-10-02 10:56',
    '2017-10-02 10:56:33.123456',
    '2017-10-02 10:56:33.1234567',
    '2017-02-29 00:00:00',
    '2016-02-29 00:00:00',
    '1900-02-29',
    '2000-02-29',
    '1899-12-31 23:59:59',
    '1900-01-01 00:00:00',
    '1900-01-01',
    '0000-02-29',
    '2017-13-01',
    '2017-00-01',
    '2017-04-31',
    '2017-10-02 24:00:00',
    '2017-10-02 23:60:00',
    '2017-10-02 23:59:60',
    '2017-10-02 9:05:00',
    '2999-01-01 00:00:00',
    '2026-01-02 12:00:00',
    '2026-01-02 12:00:01',
    '2017-10-02T10:56:33',
    '2017-1-2',
    'x',
  ],
};

/** One field's value: mostly valid ids and timestamps, often an edge value of its type. */
function value(column: ColumnSpec, keys: readonly string[]): fc.Arbitrary<string> {
  const edge = fc.constantFrom(...VALUES[column.type]);
  const common: fc.Arbitrary<string> =
    column.type === 'id'
      ? fc.oneof(hex32, fc.constantFrom(...keys))
      : column.type === 'timestamp'
        ? fc.constantFrom('2017-10-02 10:56:33', '2018-01-01', '')
        : column.type === 'integer'
          ? fc.integer({ min: 1, max: 3 }).map(String)
          : column.type === 'decimal'
            ? fc.constantFrom('18.12', '0.5', '100')
            : fc.constantFrom('credit_card', 'SP', '01234');
  return fc.oneof({ weight: 3, arbitrary: common }, edge);
}

/** A field as a CSV writer might write it: quoted or not (a comma forces the quotes). */
const field = (v: string, quote: boolean): string =>
  quote || v.includes(',') ? `"${v.replace(/"/g, '""')}"` : v;

const fileOf = (spec: OlistTableSpec): fc.Arbitrary<{ header: string[]; text: string }> =>
  fc
    .tuple(
      fc.shuffledSubarray(
        spec.columns.map((c) => c.name),
        { minLength: spec.columns.length },
      ),
      fc.array(hex32, { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 40 }),
    )
    .chain(([header, keys, n]) => {
      const columns = header.map((h) => spec.columns.find((c) => c.name === h) as ColumnSpec);
      const row = fc.tuple(...columns.map((c) => fc.tuple(value(c, keys), fc.boolean())));
      return fc.array(row, { minLength: n, maxLength: n }).map((rows) => ({
        header,
        text: [
          header.map((h) => `"${h}"`).join(','),
          ...rows.map((r) => r.map(([v, q]) => field(v, q)).join(',')),
        ].join('\n'),
      }));
    });

/** `file` staged as a file of `spec`'s table, or undefined when the JavaScript reader must read it. */
async function stageOlist(
  run: RunDuckDb,
  file: string,
  spec: OlistTableSpec,
  plain: PlainCsv,
): Promise<StagedCsv | undefined> {
  const plan = olistPlan(spec, plain.header, BOUNDS);
  return plan === undefined ? undefined : stageCsv(run, file, plain, plan);
}

let wh: DuckDbWarehouse;
let dir: string;

beforeAll(async () => {
  wh = await DuckDbWarehouse.open();
  dir = await mkdtemp(join(tmpdir(), 'stage-'));
  for (const spec of SOURCE_TABLES) {
    const sqlType = (c: ColumnSpec): string =>
      c.type === 'integer'
        ? 'integer'
        : c.type === 'decimal'
          ? `decimal(${(c.decimal ?? [38, 0]).join(', ')})`
          : c.type === 'timestamp'
            ? 'timestamp'
            : 'varchar';
    await wh.query(
      `create table ${spec.table} (${spec.columns.map((c) => `${c.name} ${sqlType(c)}`).join(', ')})`,
    );
  }
});

afterAll(async () => {
  await wh.close();
  await rm(dir, { recursive: true, force: true });
});

interface BothWays {
  readonly checked: CheckedCsv;
  /** Absent when the file was left to the JavaScript reader. */
  readonly staged?: StagedCsv;
  readonly sqlRows?: readonly Row[];
  /** Absent when the JavaScript way's COPY refused the accepted rows. */
  readonly jsRows?: readonly Row[];
}

/** The table's rows after loading `file` the SQL way, and the JavaScript way. */
async function bothWays(spec: OlistTableSpec, file: string, text: string): Promise<BothWays> {
  const checked = checkCsv(Buffer.from(`${text}\n`), spec, file, BOUNDS);
  const plain = await plainCsv(file);
  if (plain === undefined) return { checked };
  const order = spec.columns.map((c) => c.name).join(', ');
  return wh.withLoadSession(async (session) => {
    const staged = await stageOlist(session.run, file, spec, plain);
    if (staged === undefined) return { checked };
    await session.query(`delete from ${spec.table}`);
    await staged.insert();
    const sqlRows = await session.query(`select ${order} from ${spec.table} order by all`);
    await session.query(`delete from ${spec.table}`);
    const accepted = join(dir, 'accepted.csv');
    await writeFile(accepted, checked.acceptedBytes);
    // The JavaScript way's COPY refuses "" in a column that is not text; the SQL way stores NULL.
    const copied = await session
      .copyCsvFile({ table: spec.table, columns: checked.columns, file: accepted })
      .then(() => true)
      .catch(() => false);
    const jsRows: Row[] | undefined = copied
      ? await session.query(`select ${order} from ${spec.table} order by all`)
      : undefined;
    await session.query(`delete from ${spec.table}`);
    return { checked, staged, sqlRows, ...(jsRows === undefined ? {} : { jsRows }) };
  });
}

describe.each(SOURCE_TABLES.map((s) => [s.table, s] as const))('%s', (_, spec) => {
  test('the SQL checks reject the rows the JavaScript checks reject, for the same reasons', async () => {
    let staged = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fileOf(spec), async ({ text }) => {
        const file = join(dir, spec.file);
        await writeFile(file, `${text}\n`);
        const result = await bothWays(spec, file, text);
        if (result.staged === undefined) return;
        staged++;
        rejected += result.staged.rejected.length;
        expect(result.staged.rowsIn).toBe(result.checked.rowsIn);
        expect(result.staged.rejected).toEqual(result.checked.rejected);
        if (result.jsRows !== undefined) expect(result.sqlRows).toEqual(result.jsRows);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Many files are staged (a quoted value with a space at either end sends a file to the
    // JavaScript reader: csv-shape.ts), and between them they reject rows: the comparison is not empty.
    expect(staged).toBeGreaterThan(RUNS / 4);
    expect(rejected).toBeGreaterThan(RUNS);
  }, 120_000);
});

test('a row DuckDB reads otherwise is read again in JavaScript: rejected for its reason, or the file left to it', async () => {
  const file = join(dir, 'customers.csv');
  const spec = SOURCE_TABLES[0] as OlistTableSpec;
  const header = spec.columns.map((c) => c.name).join(',');
  const id = 'a'.repeat(32);
  const good = `${id},${id},"01234",x,SP`;
  for (const [row, reason] of [
    [`"${id}" ,${id},"01234",x,SP`, 'unexpected character after a closing quote'], // DuckDB drops the space
    [`${id},${id},"01234",x",SP`, 'a quote inside an unquoted field'], // DuckDB keeps the quote
    [`${id},${id},"01234",x,SP,`, 'has 6 fields, expected 5'], // DuckDB drops the last comma
    [`${id},${id},"01234","sao\npaulo",SP`, undefined], // a line break moves the lines after it
  ] as const) {
    const text = `${header}\n${row}\n${good.replace(/a/g, 'b')}`;
    await writeFile(file, `${text}\n`);
    const result = await bothWays(spec, file, text);
    if (reason === undefined) {
      expect(result.staged).toBeUndefined();
      continue;
    }
    expect(result.staged?.rejected.map((r) => [r.line, r.reason])).toEqual([[2, reason]]);
    expect(result.staged?.rejected).toEqual(result.checked.rejected);
    expect(result.sqlRows).toEqual(result.jsRows);
  }
});

test('plainCsv names the lines with a space beside a quote, across chunks, and refuses a blank line', async () => {
  const file = join(dir, 'spaced.csv');
  const text = Buffer.from(
    `h1,h2\n${Array.from({ length: 100_000 }, () => 'x'.repeat(99)).join('\n')}\n`,
  );
  // The reader reads 4 MiB chunks: two of the pairs straddle a chunk's end.
  const pairs: [number, string][] = [
    [300, '" '],
    [(1 << 22) - 1, '" '],
    [(1 << 22) + 5_010, ' "'],
    [(1 << 23) - 1, ' "'],
    [text.length - 50, '" '],
  ];
  for (const [offset, pair] of pairs) {
    expect([text[offset], text[offset + 1]]).not.toContain(10);
    text.write(pair, offset);
  }
  const lineAt = (offset: number): number =>
    text.subarray(0, offset).filter((byte) => byte === 10).length + 1;
  await writeFile(file, text);
  expect((await plainCsv(file))?.compareLines).toEqual(pairs.map(([o]) => lineAt(o)));
  text.write('\n', text.indexOf(10, 1 << 22) + 1);
  await writeFile(file, text);
  expect(await plainCsv(file)).toBeUndefined();
});

test('pickLines returns the lines asked for, across chunks and at the end without a line feed', async () => {
  const file = join(dir, 'lines.csv');
  const lines = Array.from({ length: 300_000 }, (_, i) => `line ${i + 1} ${'é'.repeat(i % 7)}`);
  await writeFile(file, lines.join('\n'));
  const picked = await pickLines(file, new Set([1, 2, 150_000, 299_999, 300_000]));
  expect([...picked.entries()].sort(([a], [b]) => a - b)).toEqual(
    [1, 2, 150_000, 299_999, 300_000].map((n) => [n, lines[n - 1]]),
  );
});

test('in a file of many row groups, read in parallel, each rejected row keeps its own line', async () => {
  const file = join(dir, 'many-customers.csv');
  const spec = SOURCE_TABLES[0] as OlistTableSpec;
  const header = spec.columns.map((c) => c.name).join(',');
  const bad = new Set([2, 150_001, 299_999, 300_001]);
  const rows = Array.from({ length: 300_000 }, (_, i) => {
    const id = (i + 1).toString(16).padStart(32, '0');
    // A zip code of six digits is refused; every other row is accepted.
    return `${id},${id},${bad.has(i + 2) ? '123456' : '01234'},x,SP`;
  });
  const text = `${header}\n${rows.join('\n')}`;
  await writeFile(file, `${text}\n`);
  const result = await bothWays(spec, file, text);
  expect(result.staged?.rejected.map((r) => r.line)).toEqual([...bad]);
  expect(result.staged?.rejected).toEqual(result.checked.rejected);
}, 120_000);
