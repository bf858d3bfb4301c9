/**
 * The SQL checks of a staged transactions file (duckdb-stage.ts with stage-transactions.ts and
 * instant-sql.ts) against the JavaScript checks they stand in for (map-transactions.ts,
 * instant.ts): on the banking and insurance samples, every timestamp form and problem, ids made
 * of file and line, quoted fields and generated files full of edge values, a file DuckDB stages
 * has the same rows in, the same rejected rows (line, column, reason, text), the same header
 * refusals, and loads the same rows into transactions as the JavaScript reader's accepted rows.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TransactionColumns } from '../../../../contracts/environment/schema.js';
import type { CheckedCsv } from '../../../../actions/lib/load/check-csv.js';
import { plainCsv } from '../../../../actions/lib/load/csv-shape.js';
import { stageCsv, type StagedCsv } from '../../../../actions/lib/load/duckdb-stage.js';
import { mapTransactionsCsv } from '../../../../actions/lib/load/map-transactions.js';
import { NOT_UTF8 } from '../../../../actions/lib/load/read-csv-file.js';
import { transactionsPlan } from '../../../../actions/lib/load/stage-transactions.js';
import { timeBounds } from '../../../../actions/lib/load/validate-field.js';
import { BANKING } from '../../../../actions/lib/sample-data/banking.js';
import { INSURANCE } from '../../../../actions/lib/sample-data/insurance.js';
import type { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { migratedDuckDb } from '../../../support/warehouse.js';

const BOUNDS = timeBounds(new Date('2026-01-01T12:00:00Z'));
const RUNS = Number(process.env.STAGE_RUNS ?? 40);
const SEED = Number(process.env.STAGE_SEED ?? 11);

/** The transactions table as text, in a stable order. */
const ROWS = `select transaction_id, customer_id, cast(occurred_at as varchar) as occurred_at,
  cast(amount as varchar) as amount, status from transactions order by all`;

let wh: DuckDbWarehouse;
let dir: string;

beforeAll(async () => {
  wh = await migratedDuckDb();
  dir = await mkdtemp(join(tmpdir(), 'stage-tx-'));
});

afterAll(async () => {
  await wh.close();
  await rm(dir, { recursive: true, force: true });
});

/** What each way made of a file: its check (or refusal) and the table's rows after loading it. */
interface Way<T> {
  readonly result: T | { readonly refused: string };
  readonly rows?: readonly unknown[];
}

const refusal = (error: unknown): { refused: string } => ({
  refused: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
});

/** The JavaScript way: map-transactions.ts, then DuckDB's reader copies the accepted rows. */
async function javascriptWay(
  file: string,
  text: string | Buffer,
  mapping: TransactionColumns,
): Promise<Way<CheckedCsv>> {
  let checked: CheckedCsv;
  try {
    checked = mapTransactionsCsv(Buffer.from(text), mapping, file, BOUNDS);
  } catch (error) {
    return { result: refusal(error) };
  }
  const accepted = join(dir, 'accepted.csv');
  await writeFile(accepted, checked.acceptedBytes);
  const rows = await wh.withLoadSession(async (session) => {
    await session.query('delete from transactions');
    await session.copyCsvFile({ table: 'transactions', columns: checked.columns, file: accepted });
    const loaded = await session.query(ROWS);
    await session.query('delete from transactions');
    return loaded;
  });
  return { result: checked, rows };
}

/** The staged way, or undefined when it leaves the file to the JavaScript reader. */
async function stagedWay(
  file: string,
  mapping: TransactionColumns,
): Promise<Way<StagedCsv> | undefined> {
  const plain = await plainCsv(file);
  if (plain === undefined) return undefined;
  return wh.withLoadSession(async (session) => {
    let staged: StagedCsv | undefined;
    try {
      const plan = transactionsPlan(mapping, plain.header, `${file}:1`, basename(file), BOUNDS);
      staged = plan === undefined ? undefined : await stageCsv(session.run, file, plain, plan);
    } catch (error) {
      return { result: refusal(error) };
    }
    if (staged === undefined) return undefined;
    await session.query('delete from transactions');
    await staged.insert();
    const rows = await session.query(ROWS);
    await session.query('delete from transactions');
    return { result: staged, rows };
  });
}

/** The staged way's report, rows and refusal, as the JavaScript way's; false when not staged. */
async function expectSameBothWays(
  name: string,
  text: string | Buffer,
  mapping: TransactionColumns,
): Promise<Way<StagedCsv> | undefined> {
  const file = join(dir, name);
  await writeFile(file, text);
  const staged = await stagedWay(file, mapping);
  if (staged === undefined) return undefined;
  const js = await javascriptWay(file, text, mapping);
  if ('refused' in js.result || 'refused' in staged.result) {
    expect(staged.result).toEqual(js.result);
    return staged;
  }
  expect([staged.result.rowsIn, staged.result.rejected]).toEqual([
    js.result.rowsIn,
    js.result.rejected,
  ]);
  expect(staged.rows).toEqual(js.rows);
  return staged;
}

/** Asserts the file was staged (not left to the JavaScript reader) and returns its report. */
async function staged(
  name: string,
  text: string | Buffer,
  mapping: TransactionColumns,
): Promise<{ rejected: readonly [number, string | undefined, string][]; rows: unknown[] }> {
  const way = await expectSameBothWays(name, text, mapping);
  expect(way).toBeDefined();
  const result = way?.result;
  if (result === undefined || 'refused' in result) throw new Error(`${name} was refused`);
  return {
    rejected: result.rejected.map((r) => [r.line, r.column, r.reason] as const),
    rows: [...(way?.rows ?? [])],
  };
}

const SIMPLE: TransactionColumns = { customer_id: 'who', occurred_at: 'when', amount: 'amount' };

describe('the samples', () => {
  test.each([
    ['banking', BANKING.generate({ rows: 4000, seed: 5 }), BANKING.columns],
    ['insurance', INSURANCE.generate({ rows: 4000, seed: 5 }), INSURANCE.columns],
  ])(
    'the %s sample stages, checks and loads as the JavaScript reader does',
    async (kind, text, mapping) => {
      const { rejected, rows } = await staged(`${kind}.csv`, text, mapping);
      expect(rejected).toEqual([]);
      expect(rows.length).toBeGreaterThan(3000);
    },
  );
});

/** Every form instant.ts takes and every problem it reports. */
const TIMESTAMPS: readonly [string, string | null][] = [
  ['2024-03-05', '2024-03-05 00:00:00'],
  ['2024-03-05 14:22', '2024-03-05 14:22:00'],
  ['2024-03-05 14:22:10', '2024-03-05 14:22:10'],
  ['2024-03-05T14:22:10', '2024-03-05 14:22:10'],
  ['2024-03-05T14:22', '2024-03-05 14:22:00'],
  ['2024-03-05T14:22:10Z', '2024-03-05 14:22:10'],
  ['2024-03-05Z', '2024-03-05 00:00:00'],
  ['2024-03-05+05', '2024-03-04 19:00:00'],
  ['2024-03-05T14:22:10+02:00', '2024-03-05 12:22:10'],
  ['2024-03-05T14:22:10+0200', '2024-03-05 12:22:10'],
  ['2024-03-05T14:22:10+02', '2024-03-05 12:22:10'],
  ['2024-03-05T14:22:10-05:30', '2024-03-05 19:52:10'],
  ['2024-03-05 14:22:10+00:00', '2024-03-05 14:22:10'],
  ['2024-03-05 14:22:10-00', '2024-03-05 14:22:10'],
  ['2024-03-05T14:22:10.5', '2024-03-05 14:22:10.5'],
  ['2024-03-05T14:22:10,5', '2024-03-05 14:22:10.5'],
  ['2024-03-05T14:22:10.12', '2024-03-05 14:22:10.12'],
  ['2024-03-05T14:22:10.123', '2024-03-05 14:22:10.123'],
  ['2024-03-05T14:22:10.1234', '2024-03-05 14:22:10.1234'],
  ['2024-03-05T14:22:10.12345', '2024-03-05 14:22:10.12345'],
  ['2024-03-05T14:22:10.123456', '2024-03-05 14:22:10.123456'],
  ['2024-03-05T14:22:10.1234567', '2024-03-05 14:22:10.123456'],
  ['2024-03-05T14:22:10.12345678', '2024-03-05 14:22:10.123456'],
  ['2024-03-05T14:22:10.123456789Z', '2024-03-05 14:22:10.123456'],
  ['2024-03-05T14:22:10.999999999+01:00', '2024-03-05 13:22:10.999999'],
  ['2024-03-05T14:22:10.0000000', '2024-03-05 14:22:10.000000'],
  ['2024-01-01T00:30:00+01:00', '2023-12-31 23:30:00'],
  ['2023-12-31T23:30:00-01:00', '2024-01-01 00:30:00'],
  ['2024-03-01T00:00:00+00:01', '2024-02-29 23:59:00'],
  ['2023-03-01T00:00:00+00:01', '2023-02-28 23:59:00'],
  ['2024-02-29', '2024-02-29 00:00:00'],
  ['2000-02-29T12:00:00Z', '2000-02-29 12:00:00'],
  ['2024-02-28T23:59:59-23:59', '2024-02-29 23:58:59'],
  ['2026-01-02 12:00:00', '2026-01-02 12:00:00'],
  ['2026-01-02T13:00:00+01:00', '2026-01-02 12:00:00'],
  ['  2024-03-05T14:22:10Z\t', '2024-03-05 14:22:10'],
  ['\u00a02024-03-05\u3000', '2024-03-05 00:00:00'],
  // Problems, each with instant.ts's words.
  ['2023-02-29', null],
  ['1900-02-29', null],
  ['2024-02-30T10:00:00Z', null],
  ['2024-04-31', null],
  ['2024-13-01', null],
  ['2024-00-10', null],
  ['2024-01-00', null],
  ['2024-03-05 24:00', null],
  ['2024-03-05T24:00:00Z', null],
  ['2024-03-05 23:60', null],
  ['2024-03-05 23:59:60', null],
  ['2024-03-05T14:22:10+24:00', null],
  ['2024-03-05T14:22:10+02:60', null],
  ['2024-02-30T14:22:10+25:00', null],
  ['2024-03-05T14:22:10+2', null],
  ['2024-03-05T14:22:10+02:0', null],
  ['2024-03-05T14:22:10 +02:00', null],
  ['2024-03-05t14:22:10z', null],
  ['2024-03-05 14:22.5', null],
  ['2024-03-05T14:22:10.', null],
  ['2024-03-05T14:22:10.1234567890', null],
  ['2024-3-5', null],
  ['05/03/2024', null],
  ['x', null],
  ['', null],
  ['   ', null],
  ['1899-12-31T23:59:59', null],
  ['1900-01-01T00:30:00+01:00', null],
  ['0000-02-29', null],
  ['0000-01-01T00:30:00+01:00', null],
  ['9999-12-31T23:00:00-02:00', null],
  ['2026-01-02 12:00:01', null],
  ['2026-01-02T12:00:00-00:01', null],
  ['2999-01-01T00:00:00Z', null],
];

describe('timestamps', () => {
  test('every form and problem of instant.ts: the same value or the same reason', async () => {
    const text = [
      'who,when,amount',
      // Quoted every other row, spaces inside the quotes too.
      ...TIMESTAMPS.map(([v], i) => `c${i},${v.includes(',') || i % 2 === 0 ? `"${v}"` : v},1`),
    ].join('\n');
    const { rejected, rows } = await staged('timestamps.csv', `${text}\n`, SIMPLE);
    const problems = TIMESTAMPS.flatMap(([, normal], i) => (normal === null ? [i + 2] : []));
    expect(rejected.map(([line]) => line)).toEqual(problems);
    // The reasons name each kind of problem; both ways word them the same (compared above).
    const reasons = rejected.map(([, , reason]) => reason.replace(/^when "[^"]*" /, ''));
    expect(new Set(reasons)).toEqual(
      new Set([
        'is not a real date and time',
        'has an offset that is not one',
        'is not a timestamp (YYYY-MM-DD HH:MM:SS, or ISO 8601 such as 2024-05-01T09:30:00Z)',
        "is before 1900-01-01; check the row's date",
        "is after 2026-01-02 12:00:00 UTC, more than a day after the load's time; check the row's date",
      ]),
    );
    const line = (v: string): number => TIMESTAMPS.findIndex(([t]) => t === v) + 2;
    expect(rejected).toContainEqual([
      line('0000-01-01T00:30:00+01:00'),
      'when',
      `when "00-1-12-31 23:30:00" is before 1900-01-01; check the row's date`,
    ]);
    expect(rejected).toContainEqual([
      line('9999-12-31T23:00:00-02:00'),
      'when',
      // Compared as text, as instant.ts and validate-field.ts do: year 10000 sorts before 1900.
      `when "10000-01-01 01:00:00" is before 1900-01-01; check the row's date`,
    ]);
    const loaded = TIMESTAMPS.flatMap(([, normal], i) =>
      normal === null ? [] : [[`c${i}`, normal]],
    );
    expect(
      rows
        .map((r) => r as { customer_id: string; occurred_at: string })
        .map((r) => [r.customer_id, r.occurred_at])
        .sort(),
    ).toEqual(
      loaded
        .map(([id, at]) => [id, (at as string).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')])
        .sort(),
    );
  });
});

describe('ids, amounts, statuses and quotes', () => {
  test('without a transaction_id column a row is named by file name and line', async () => {
    const { rows } = await staged(
      'may.csv',
      'who,when,amount\nc1,2024-01-01,5\nc1,2024-01-01,7\nc2,2024-01-02,x\nc2,2024-01-03,9\n',
      SIMPLE,
    );
    expect(rows.map((r) => (r as { transaction_id: string }).transaction_id).sort()).toEqual([
      'may.csv:2',
      'may.csv:3',
      'may.csv:5',
    ]);
  });

  test('a generated id longer than 256 bytes is rejected as the JavaScript way rejects it', async () => {
    const { rejected } = await staged(
      `${'n'.repeat(251)}.csv`,
      'who,when,amount\nc1,2024-01-01,5\n',
      SIMPLE,
    );
    expect(rejected.map(([line, column]) => [line, column])).toEqual([[2, 'transaction_id']]);
  });

  test('quoted fields, doubled quotes, commas, spaces and empty values read as the JavaScript reader reads them', async () => {
    const mapping: TransactionColumns = {
      transaction_id: 'ref',
      customer_id: 'holder',
      occurred_at: 'booked at',
      amount: 'amount',
      status: 'state',
    };
    const { rejected, rows } = await staged(
      'quoted.csv',
      [
        '"ref","holder","booked at","amount","state","note"',
        '"T1","h ""one""","2024-03-05T14:22:10Z"," 12.50 ","booked","a, b"',
        'T2,"h,2",2024-03-05,"\t-2.5\u00a0",""," say ""hi"" "',
        'T3,h3,2024-03-05,1,,""',
        '"T4","","2024-03-05","1","booked","x"',
        'T5,h5,2024-03-05,"1,5",booked,x',
        '"T""6",h6,2024-03-05,1.,"b""q""",x',
        'T7,h7,2024-03-05,+1.5," booked ",x',
        `T8,h8,2024-03-05,1,${'s'.repeat(65)},x`,
        `T9,h9,2024-03-05,1,${'é'.repeat(33)},x`,
        `T10,${'ü'.repeat(129)},2024-03-05,1,b,x`,
        'T11,h11,2024-03-05,123456789012345.5,b,x',
        'T12,h12,2024-03-05,99999999999999.9999,b,x',
        'T13,h13,2024-03-05,1.00001,b,x',
        'T14,h14,2024-03-05,1e3,b,x',
        'T15,h15,2024-03-05,.5,b,x',
        'T16,h16,2024-03-05,,b,x',
        ',h17,2024-03-05,1,b,x',
      ].join('\n'),
      mapping,
    );
    expect(rejected.map(([line, column]) => [line, column])).toEqual([
      [5, 'holder'],
      [6, 'amount'],
      [9, 'state'],
      [10, 'state'],
      [11, 'holder'],
      [12, 'amount'],
      [14, 'amount'],
      [15, 'amount'],
      [16, 'amount'],
      [17, 'amount'],
      [18, 'ref'],
    ]);
    expect(rows).toContainEqual({
      transaction_id: 'T1',
      customer_id: 'h "one"',
      occurred_at: '2024-03-05 14:22:10',
      amount: '12.5000',
      status: 'booked',
    });
  });

  test('rows of the wrong width are rejected at their lines, and the rows after them keep theirs', async () => {
    const { rejected, rows } = await staged(
      'width.csv',
      [
        'who,when,amount',
        'c0,2024-01-01',
        'c1,2024-01-01,5',
        'c2,2024-01-01,5,',
        'c3,2024-01-01,5,6,7',
        'c4,"2024-01-01",5',
        '"c,5",2024-01-01',
        'c6,2024-01-01,x',
        'c7,2024-01-01,5',
        'c8',
      ].join('\n'),
      SIMPLE,
    );
    expect(rejected).toEqual([
      [2, undefined, 'has 2 fields, expected 3'],
      [4, undefined, 'has 4 fields, expected 3'],
      [5, undefined, 'has 5 fields, expected 3'],
      [7, undefined, 'has 2 fields, expected 3'],
      [8, 'amount', 'amount "x" is not a number'],
      [10, undefined, 'has 1 fields, expected 3'],
    ]);
    expect(rows.map((r) => (r as { transaction_id: string }).transaction_id)).toEqual([
      'width.csv:3',
      'width.csv:6',
      'width.csv:9',
    ]);
  });

  test.each([
    ['a stray quote', 'c"2,2024-01-01,5', 'a quote inside an unquoted field'],
    [
      'a space after a closing quote',
      '"c2" ,2024-01-01,5',
      'unexpected character after a closing quote',
    ],
    ['a space before an opening quote', 'c2, "2024-01-01",5', 'a quote inside an unquoted field'],
    ['a stray quote and a field too few', 'c"2,2024-01-01', 'a quote inside an unquoted field'],
    ['a field too many, empty', 'c2,2024-01-01,5,', 'has 4 fields, expected 3'],
    ['a field too many, quoted', 'c2,2024-01-01,5,"x"', 'has 4 fields, expected 3'],
    ['bytes that are not UTF-8', Buffer.from([0x63, 0xe9, 0x2c, 0x31]).toString('latin1'), ''],
  ])(
    'a row with %s is rejected at its line for the JavaScript reader’s reason',
    async (_, row, reason) => {
      const bytes = Buffer.concat([
        Buffer.from('who,when,amount\nc1,2024-01-01,5\n'),
        // Latin-1 bytes for the row that is not UTF-8.
        Buffer.from(reason === '' ? `${row},2024-01-01,5` : row, reason === '' ? 'latin1' : 'utf8'),
        Buffer.from('\nc3,2024-01-01,7\n'),
      ]);
      const { rejected, rows } = await staged('row.csv', bytes, SIMPLE);
      expect(rejected.map(([line, , why]) => [line, why.slice(0, 30)])).toEqual([
        [3, (reason === '' ? NOT_UTF8 : reason).slice(0, 30)],
      ]);
      expect(rows).toHaveLength(2);
    },
  );

  test('an empty last column on every row keeps the file with DuckDB’s reader', async () => {
    // 12,000 lines ending in a comma: more than csv-shape.ts would name to read again.
    const lines = Array.from({ length: 12_000 }, (_, i) => `c${i % 7},2024-01-01,${i},`);
    lines[500] = 'c1,2024-01-01,5,x,'; // a field too many, empty at the end
    const { rejected, rows } = await staged(
      'empty-note.csv',
      `who,when,amount,note\n${lines.join('\n')}\n`,
      SIMPLE,
    );
    expect(rejected).toEqual([[502, undefined, 'has 5 fields, expected 4']]);
    expect(rows).toHaveLength(11_999);
  });

  test.each([
    ['a line break in a quoted field', 'who,when,amount\n"c\n1",2024-01-01,5\n'],
    ['a NUL byte', 'who,when,amount\nc\u00001,2024-01-01,5\n'],
    ['a quote left open', 'who,when,amount\nc1,"2024-01-01,5\nc2,2024-01-01,5\n'],
    ['a semicolon-separated header', 'who;when;amount\nc1;2024-01-01;5\n'],
    ['CRLF line ends', 'who,when,amount\r\nc1,2024-01-01,5\r\n'],
    ['a header and no rows', 'who,when,amount\n'],
  ])('a file with %s is left to the JavaScript reader', async (_, text) => {
    const file = join(dir, 'left.csv');
    await writeFile(file, text);
    expect(await stagedWay(file, SIMPLE)).toBeUndefined();
  });

  test.each([
    ['missing', 'who,amount,note\nc1,5,x\n'],
    ['repeated', 'who,when,amount,when\nc1,2024-01-01,5,2024-01-02\n'],
  ])(
    'a header with a mapped column %s is refused with the JavaScript reader’s words',
    async (_, text) => {
      const way = await expectSameBothWays('header.csv', text, SIMPLE);
      expect(way?.result).toEqual({
        refused: expect.stringMatching(/^CsvFileError: .*header\.csv:1: /),
      });
    },
  );
});

const HEX = '0123456789abcdef';
const id = fc
  .array(fc.constantFrom(...HEX), { minLength: 4, maxLength: 12 })
  .map((a) => a.join(''));

/** Per mapped field: common values and edge values. */
const VALUES = {
  transaction_id: [
    '',
    'T-1',
    'x'.repeat(257),
    'ü'.repeat(128),
    'ü'.repeat(129),
    ' t ',
    'a,b',
    'q"q',
  ],
  customer_id: ['', 'h', ' h ', 'é'.repeat(200), 'x'.repeat(256), 'x'.repeat(257), 'c"d'],
  occurred_at: TIMESTAMPS.map(([v]) => v).filter((v) => !v.startsWith('"')),
  amount: [
    '',
    '1',
    '1.',
    '+1.5',
    '-0.0001',
    ' 2.5 ',
    '\u00a03\u2003',
    '1.00001',
    '1e3',
    '.5',
    'abc',
    '99999999999999',
    '999999999999999',
    '00000000000000000001.5000',
  ],
  status: [
    '',
    'booked',
    'reversed',
    ' ',
    's'.repeat(64),
    's'.repeat(65),
    'é'.repeat(32),
    'é'.repeat(33),
    'x"y',
  ],
} as const;

type Field = keyof typeof VALUES;
const FIELDS = Object.keys(VALUES) as Field[];

const common: Record<Field, fc.Arbitrary<string>> = {
  transaction_id: id,
  customer_id: id,
  occurred_at: fc.constantFrom('2024-03-05T14:22:10Z', '2024-03-05 10:00:00', '2023-07-01+02:00'),
  amount: fc.constantFrom('12.50', '-3', '0'),
  status: fc.constantFrom('booked', 'reversed', ''),
};

const value = (f: Field): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: common[f] }, fc.constantFrom(...VALUES[f]));

/** A field as a CSV writer might write it: quoted or not (a comma or a quote forces the quotes). */
const written = (v: string, quote: boolean): string =>
  quote || /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** A file whose columns are some mapped fields (transaction_id and status optional) and extras, in any order. */
const transactionsFile = fc
  .tuple(
    fc.shuffledSubarray(['transaction_id', 'status', 'note'], { minLength: 0 }),
    fc.integer({ min: 1, max: 30 }),
  )
  .chain(([optional, n]) =>
    fc
      .shuffledSubarray([...(['customer_id', 'occurred_at', 'amount'] as const), ...optional], {
        minLength: 3 + optional.length,
      })
      .chain((columns) => {
        const cell = (c: string): fc.Arbitrary<string> =>
          FIELDS.includes(c as Field)
            ? value(c as Field)
            : fc.constantFrom('x', 'a, b', ' say "hi" ', '');
        const row = fc.tuple(
          fc.tuple(...columns.map((c) => fc.tuple(cell(c), fc.boolean()))),
          // Now and then a field too few, or one too many (empty: a comma ends the line).
          fc.constantFrom(0, 0, 0, 0, 0, 0, 0, -1, 1, 2),
        );
        const line = ([cells, width]: [[string, boolean][], number]): string =>
          [
            ...cells.slice(0, cells.length + Math.min(width, 0)),
            ...(width === 1 ? [['9', false] as const] : width === 2 ? [['', false] as const] : []),
          ]
            .map(([v, q]) => written(v, q))
            .join(',');
        return fc.array(row, { minLength: n, maxLength: n }).map((rows) => ({
          columns,
          text: `${[columns.map((c) => `col_${c}`).join(','), ...rows.map(line)].join('\n')}\n`,
        }));
      }),
  );

test('generated files: the staged way rejects and loads what the JavaScript way does', async () => {
  let stagedFiles = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(transactionsFile, async ({ columns, text }) => {
      const mapping = Object.fromEntries(
        columns.filter((c) => c !== 'note').map((c) => [c, `col_${c}`]),
      ) as unknown as TransactionColumns;
      const way = await expectSameBothWays('generated.csv', text, mapping);
      if (way === undefined || 'refused' in way.result) return;
      stagedFiles++;
      rejected += way.result.rejected.length;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // Every file is staged, and between them they reject rows: the comparison is not empty.
  expect(stagedFiles).toBe(RUNS);
  expect(rejected).toBeGreaterThan(RUNS);
}, 180_000);
