/**
 * Property: whatever is done to a valid Olist folder or transactions file (truncation, stray
 * quotes, other separators, UTF-16 and Latin-1, control bytes, huge fields, a header only,
 * repeated header names, columns removed or repeated, rows repeated, bare CRs), a load either is
 * refused with a located message and leaves every table as it was, or loads with
 * rows in = rows loaded + rows rejected, every rejected row located, and the tables holding
 * exactly the rows loaded. Each input runs on DuckDB and on PGlite with the load checks, a fixed
 * seed and a bounded number of runs, and both engines must come to the same outcomes; the counts
 * are printed. MUTATIONS_SEED and MUTATIONS_RUNS explore further; MUTATIONS_DEBUG prints each
 * refusal.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SourceConfig } from '../../../../contracts/environment/schema.js';
import { CsvFileError } from '../../../../actions/lib/load/check-csv.js';
import { duckDbLoader } from '../../../../actions/lib/load/duckdb-loader.js';
import { localLoader, type Loader } from '../../../../actions/lib/load/loader.js';
import type { LoadOptions } from '../../../../actions/lib/load/local-loader.js';
import { LoadError, type FileLoadReport } from '../../../../actions/lib/load/report.js';
import {
  CheckFailure,
  readChecks,
  type DataCheck,
} from '../../../../actions/lib/pipeline/checks.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { customer, order, payment, writeOlistFiles } from '../../../support/olist-fixture.js';
import { LOAD_CHECKS_DIR, migratedDuckDb, migratedWarehouse } from '../../../support/warehouse.js';

const RUNS = Number(process.env.MUTATIONS_RUNS ?? 200);
const SEED = Number(process.env.MUTATIONS_SEED ?? 15);
const NOW = (): Date => new Date('2026-01-01T12:00:00Z');
const MAX_ERRORS = 2;

/** One change to a file's bytes. */
interface Mutation {
  readonly name: string;
  readonly apply: (bytes: Buffer) => Buffer;
}

const text = (b: Buffer): string => b.toString('utf8');
const lines = (b: Buffer): string[] => text(b).split('\n');
const at = (ratio: number, length: number): number => Math.min(length, Math.floor(ratio * length));
/** A position in [0, 1), uniform: not biased to the ends, which would all but always hit the header. */
const ratio = fc.noBias(fc.integer({ min: 0, max: 9_999 })).map((n) => n / 10_000);
/** `bytes` with `insert` put at `r` of the way through them, or of the rows after the header. */
function insertAt(bytes: Buffer, insert: Buffer, r: number, inRows: boolean): Buffer {
  const from = inRows ? bytes.indexOf(10) + 1 : 0;
  const i = from + at(r, bytes.length - from);
  return Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i)]);
}
/** Most insertions land in the rows: the header has mutations enough of its own. */
const inRows = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false));
/** `i` of `n` items, from a ratio. */
const pick = (r: number, n: number): number => Math.min(n - 1, Math.floor(r * n));

/** Mutations within the rows weigh more than those of the whole file, which mostly refuse it. */
const rowLevel = (arbitrary: fc.Arbitrary<Mutation>): fc.WeightedArbitrary<Mutation> => ({
  weight: 3,
  arbitrary,
});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  ratio.map((r) => ({
    name: 'truncate',
    apply: (b: Buffer) => b.subarray(0, at(r, b.length)),
  })),
  rowLevel(
    fc.tuple(ratio, inRows).map(([r, rows]) => ({
      name: 'stray quote',
      apply: (b: Buffer) => insertAt(b, Buffer.from('"'), r, rows),
    })),
  ),
  fc.tuple(fc.constantFrom('\t', ';', '|'), fc.boolean(), ratio).map(([sep, all, r]) => ({
    name: `${{ '\t': 'tab', ';': 'semicolon', '|': 'pipe' }[sep]} separator${all ? '' : ' (one line)'}`,
    apply: (b: Buffer) => {
      const ls = lines(b);
      const i = pick(r, ls.length);
      return Buffer.from(ls.map((l, j) => (all || j === i ? l.replace(/,/g, sep) : l)).join('\n'));
    },
  })),
  fc.boolean().map((bom) => ({
    name: bom ? 'UTF-16LE with BOM' : 'UTF-16LE without BOM',
    apply: (b: Buffer) =>
      Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text(b), 'utf16le')]),
  })),
  fc.constant({ name: 'Latin-1', apply: (b: Buffer) => Buffer.from(text(b), 'latin1') }),
  rowLevel(
    fc
      .tuple(fc.constantFrom(0x00, 0x0d, 0x0a, 0x1b, 0x7f, 0xff, 0xc3, 0x22, 0x2c), ratio, inRows)
      .map(([byte, r, rows]) => ({
        name: `control byte 0x${byte.toString(16).padStart(2, '0')}`,
        apply: (b: Buffer) => insertAt(b, Buffer.from([byte]), r, rows),
      })),
  ),
  rowLevel(
    fc.tuple(fc.constantFrom(300, 5_000, 70_000), ratio, ratio).map(([size, rl, rf]) => ({
      name: `huge field (${size})`,
      apply: (b: Buffer) => {
        const ls = lines(b);
        const i = pick(rl, ls.length);
        const fields = (ls[i] ?? '').split(',');
        fields[pick(rf, fields.length)] = 'x'.repeat(size);
        ls[i] = fields.join(',');
        return Buffer.from(ls.join('\n'));
      },
    })),
  ),
  fc.constant({ name: 'header only', apply: (b: Buffer) => Buffer.from(`${lines(b)[0] ?? ''}\n`) }),
  fc.constant({ name: 'empty', apply: () => Buffer.alloc(0) }),
  fc.tuple(ratio, ratio).map(([ra, rb]) => ({
    name: 'repeated header name',
    apply: (b: Buffer) => {
      const ls = lines(b);
      const names = (ls[0] ?? '').split(',');
      names[pick(ra, names.length)] = names[pick(rb, names.length)] ?? '';
      ls[0] = names.join(',');
      return Buffer.from(ls.join('\n'));
    },
  })),
  fc.tuple(fc.boolean(), ratio).map(([remove, r]) => ({
    name: remove ? 'column removed' : 'column repeated',
    apply: (b: Buffer) =>
      Buffer.from(
        lines(b)
          .map((l) => {
            if (l === '') return l;
            const fields = l.split(',');
            const i = pick(r, fields.length);
            fields.splice(i, remove ? 1 : 0, ...(remove ? [] : [fields[i] ?? '']));
            return fields.join(',');
          })
          .join('\n'),
      ),
  })),
  ratio.map((r) => ({
    name: 'row repeated',
    apply: (b: Buffer) => {
      const ls = lines(b);
      const i = 1 + pick(r, Math.max(1, ls.length - 2));
      ls.splice(i, 0, ls[i] ?? '');
      return Buffer.from(ls.join('\n'));
    },
  })),
  fc.boolean().map((all) => ({
    name: all ? 'CR line ends' : 'CRLF line ends',
    apply: (b: Buffer) => Buffer.from(text(b).replace(/\n/g, all ? '\r' : '\r\n')),
  })),
);

/** One to three mutations, applied in turn to one file. */
const mutations = fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), ratio);

type Outcome = 'refused' | 'loaded with rejects' | 'loaded';

interface Tally {
  /** Each run's outcome, in order: the same seed gives the same mutations on every engine. */
  sequence: Outcome[];
  /** Each run's reports or refusal and the tables after it, paths made relative to the data. */
  details: string[];
  /** Files each reader read (onFileRead), on the loader that says so. */
  readers: Record<'duckdb' | 'javascript', number>;
  tried: number;
  outcomes: Record<Outcome, number>;
  byMutation: Map<string, Record<Outcome, number>>;
}

const newTally = (): Tally => ({
  sequence: [],
  details: [],
  readers: { duckdb: 0, javascript: 0 },
  tried: 0,
  outcomes: { refused: 0, 'loaded with rejects': 0, loaded: 0 },
  byMutation: new Map(),
});

function count(tally: Tally, names: readonly string[], { outcome, detail }: Attempt): void {
  tally.sequence.push(outcome);
  tally.details.push(detail);
  tally.tried++;
  tally.outcomes[outcome]++;
  // Tallied by kind: without the size, the byte or the line.
  for (const name of new Set(names.map((n) => n.replace(/ \(.*\)$| 0x..$/, '')))) {
    const row = tally.byMutation.get(name) ?? { refused: 0, 'loaded with rejects': 0, loaded: 0 };
    row[outcome]++;
    tally.byMutation.set(name, row);
  }
}

function print(title: string, tally: Tally): void {
  const rows = [...tally.byMutation]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, o]) =>
        `  ${name.padEnd(24)} ${String(o.refused).padStart(4)} ${String(o['loaded with rejects']).padStart(6)} ${String(o.loaded).padStart(6)}`,
    );
  console.log(
    [
      `${title}: ${tally.tried} mutations tried: ${tally.outcomes.refused} refused, ${tally.outcomes['loaded with rejects']} loaded with rejects, ${tally.outcomes.loaded} loaded; files read by DuckDB's reader ${tally.readers.duckdb}, by the JavaScript reader ${tally.readers.javascript}`,
      `  ${'mutation (in the set)'.padEnd(24)} refused  w/rej loaded`,
      ...rows,
    ].join('\n'),
  );
}

const TABLES = [
  'customers',
  'orders',
  'payments',
  'transactions',
  'excluded_statuses',
  'load_history',
];

async function snapshot(wh: Warehouse): Promise<string[]> {
  const out: string[] = [];
  for (const table of TABLES) {
    const rows = await wh.query(`select * from ${table}`);
    out.push(...rows.map((r) => `${table} ${JSON.stringify(r, (_k, v: unknown) => String(v))}`));
  }
  return out.sort();
}

const countRows = async (wh: Warehouse, table: string): Promise<number> =>
  Number((await wh.query<{ n: unknown }>(`select count(*) as n from ${table}`))[0]?.n);

/** Physical lines of a file, for the bound on a rejected row's line. */
const physicalLines = (b: Buffer): number => text(b).split(/\r\n|\n|\r/).length;

/** What one load came to: its outcome, and everything it reported or left, as text. */
interface Attempt {
  readonly outcome: Outcome;
  readonly detail: string;
}

/** The rows of the tables a load fills, as text (the same on every engine). */
async function tableText(wh: Warehouse): Promise<string[]> {
  const rows =
    await wh.query(`select transaction_id, customer_id, cast(occurred_at as varchar) as occurred_at,
    cast(amount as varchar) as amount, status from transactions`);
  const out = rows.map((r) => `transactions ${JSON.stringify(r)}`);
  for (const table of ['customers', 'orders', 'payments'])
    out.push(`${table} ${await countRows(wh, table)}`);
  return out.sort();
}

/**
 * Loads `dataPath` (whose files are `files`) and checks the property; returns the outcome. A
 * refusal must name one of the files (with a line, for a row), or the data path and the check.
 */
async function attempt(
  wh: Warehouse,
  loader: Loader,
  dataPath: string,
  files: ReadonlyMap<string, Buffer>,
  options: LoadOptions,
  root: string,
): Promise<Attempt> {
  const relative = (text: string): string => text.split(root).join('<data>');
  const before = await snapshot(wh);
  let reports: FileLoadReport[];
  try {
    reports = await loader.load(dataPath, options);
  } catch (error) {
    expect(await snapshot(wh)).toEqual(before);
    const message = error instanceof Error ? error.message : String(error);
    const named = [...files.keys()].filter((f) => message.includes(`${f}:`));
    if (error instanceof CsvFileError) {
      expect(message.startsWith(named[0] ?? '\u0000')).toBe(true);
    } else if (error instanceof LoadError) {
      for (const r of error.reports.filter((x) => x.rowsRejected > MAX_ERRORS)) {
        expect(r.rejected.length).toBe(r.rowsRejected);
        expect(message).toContain(`${r.file}:${r.rejected[0]?.line ?? 0}: `);
      }
    } else if (error instanceof CheckFailure) {
      expect(message.startsWith(`${dataPath}: data checks failed inside the load`)).toBe(true);
      expect(message).toContain(LOAD_CHECKS_DIR);
    } else {
      throw new Error(`refused without a located message: ${message}`);
    }
    if (process.env.MUTATIONS_DEBUG !== undefined)
      console.log(message.split('\n').slice(0, 2).join(' | '));
    const name = error instanceof Error ? error.name : 'thrown';
    // A data check lists its offending rows in no set order.
    const lines = relative(`${name}: ${message}`).split('\n');
    return { outcome: 'refused', detail: [lines[0], ...lines.slice(1).sort()].join('\n') };
  }
  let rejected = 0;
  for (const r of reports) {
    expect(r.rowsIn).toBe(r.rowsLoaded + r.rowsRejected);
    expect(r.rejected).toHaveLength(r.rowsRejected);
    const bytes = files.get(r.file);
    expect(bytes).toBeDefined();
    expect(r.rowsIn).toBeLessThanOrEqual(physicalLines(bytes!));
    for (const row of r.rejected) {
      expect(row.file).toBe(r.file);
      expect(row.line).toBeGreaterThanOrEqual(2);
      expect(row.line).toBeLessThanOrEqual(physicalLines(bytes!));
      expect(row.reason.length).toBeGreaterThan(0);
    }
    rejected += r.rowsRejected;
  }
  // The tables hold exactly the rows reported loaded: nothing dropped or added on the way.
  const byTable = new Map<string, number>();
  for (const r of reports) byTable.set(r.table, (byTable.get(r.table) ?? 0) + r.rowsLoaded);
  for (const [table, loaded] of byTable)
    expect([table, await countRows(wh, table)]).toEqual([table, loaded]);
  return {
    outcome: rejected > 0 ? 'loaded with rejects' : 'loaded',
    detail: relative(JSON.stringify({ reports, tables: await tableText(wh) }, null, 1)),
  };
}

/** A valid input and how one mutated copy of it is written and loaded. */
interface Format {
  readonly name: string;
  /** Writes the input with `mutate` applied to one of its files; returns the data path and files. */
  write(
    dir: string,
    mutate: (bytes: Buffer) => Buffer,
    which: number,
  ): Promise<{ dataPath: string; files: Map<string, Buffer> }>;
  readonly source?: SourceConfig;
}

const OLIST_NAMES = [
  'olist_customers_dataset.csv',
  'olist_orders_dataset.csv',
  'olist_order_payments_dataset.csv',
];

async function olistFormat(): Promise<Format> {
  const base = await writeOlistFiles({
    customers: [
      customer('c1', 'u1'),
      customer('c2', 'u2').replace('sao paulo', 'são paulo'),
      customer('c3', 'u3'),
      customer('c4', 'u1'),
    ],
    orders: [
      order('o1', 'c1', 'delivered', '2018-01-01 10:00:00'),
      order('o2', 'c2', 'delivered', '2018-01-02 10:00:00'),
      order('o3', 'c3', 'canceled', '2018-01-03 10:00:00'),
      order('o4', 'c4', 'delivered', '2018-02-01 10:00:00'),
    ],
    payments: [
      payment('o1', 1, 'credit_card', '10.00'),
      payment('o2', 1, 'boleto', '20.50'),
      payment('o2', 2, 'voucher', '5.00'),
      payment('o4', 1, 'credit_card', '99.90'),
    ],
  });
  const original = new Map(
    await Promise.all(OLIST_NAMES.map(async (n) => [n, await readFile(join(base, n))] as const)),
  );
  await rm(base, { recursive: true, force: true });
  return {
    name: 'Olist folder',
    async write(dir, mutate, which) {
      const target = OLIST_NAMES[pick(which, OLIST_NAMES.length)];
      const folder = await mkdtemp(join(dir, 'olist-'));
      const files = new Map<string, Buffer>();
      for (const [name, bytes] of original) {
        const out = name === target ? mutate(bytes) : bytes;
        await writeFile(join(folder, name), out);
        files.set(join(folder, name), out);
      }
      return { dataPath: folder, files };
    },
  };
}

const BANK = Buffer.from(
  [
    'ref,holder,booked_at,amount_eur,state,merchant',
    'T1,3f0c9a52-7d4e-4b1a-9c2f-5e8d7a6b4c3d,2024-03-05T14:22:10Z,12.50,booked,"Café, Lisboa"',
    'T1,3f0c9a52-7d4e-4b1a-9c2f-5e8d7a6b4c3d,2024-03-07T09:00:00+01:00,-2.50,booked,Café',
    'T2,8a1b2c3d-0000-4000-8000-000000000002,2024-03-08 10:00:00,100,booked,rent',
    'T3,8a1b2c3d-0000-4000-8000-000000000002,2024-04-01,7.25,declined,shop',
    'T4,holder-4,2024-05-01T08:00:00Z,0,booked,card check',
    'T5,holder-4,2024-06-01T08:00:00Z,42,booked,"multi ""quoted"" name"',
    '',
  ].join('\n'),
);

const transactionsFormat: Format = {
  name: 'transactions file',
  source: {
    format: 'transactions',
    data: 'sample',
    columns: {
      transaction_id: 'ref',
      customer_id: 'holder',
      occurred_at: 'booked_at',
      amount: 'amount_eur',
      status: 'state',
    },
    excludeStatuses: ['declined'],
    zeroAmounts: 'excluded',
  },
  async write(dir, mutate) {
    const path = join(await mkdtemp(join(dir, 'tx-')), 'bank.csv');
    const bytes = mutate(BANK);
    await writeFile(path, bytes);
    return { dataPath: path, files: new Map([[path, bytes]]) };
  },
};

const ENGINES: readonly [
  string,
  (scratch: string) => Promise<{ wh: Warehouse; loader: Loader }>,
][] = [
  [
    'DuckDB',
    async (scratch) => {
      const wh = await migratedDuckDb();
      return { wh, loader: duckDbLoader(wh, scratch) };
    },
  ],
  ['PGlite', async () => migratedWarehouse().then((wh) => ({ wh, loader: localLoader(wh) }))],
];

let checks: DataCheck[];
const tallies: [string, Tally][] = [];
const scratch: string[] = [];
beforeAll(async () => {
  checks = await readChecks(LOAD_CHECKS_DIR);
});
afterAll(async () => {
  for (const [title, tally] of tallies) print(title, tally);
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe.each(ENGINES)('CSV mutations on %s', (engine, open) => {
  test.each([['Olist folder'], ['transactions file']])(
    'a mutated %s is refused with the tables unchanged, or loads with every row accounted for',
    async (formatName) => {
      const format = formatName === 'Olist folder' ? await olistFormat() : transactionsFormat;
      const dir = await mkdtemp(join(tmpdir(), 'mutations-'));
      scratch.push(dir);
      const { wh, loader } = await open(dir);
      const tally = newTally();
      tallies.push([`${format.name} on ${engine}`, tally]);
      const options: LoadOptions = {
        maxErrors: MAX_ERRORS,
        now: NOW,
        checks,
        ...(format.source === undefined ? {} : { source: format.source }),
        onFileRead: (_file, reader) => void tally.readers[reader]++,
      };
      try {
        await fc.assert(
          fc.asyncProperty(mutations, async ([ms, which]) => {
            const mutate = (bytes: Buffer): Buffer =>
              ms.reduce<Buffer>((b, m) => m.apply(b), bytes);
            const { dataPath, files } = await format.write(dir, mutate, which);
            const root = dirname([...files.keys()][0] as string);
            const result = await attempt(wh, loader, dataPath, files, options, root);
            count(
              tally,
              ms.map((m) => m.name),
              result,
            );
          }),
          { numRuns: RUNS, seed: SEED },
        );
      } finally {
        await wh.close();
      }
      for (const o of ['refused', 'loaded with rejects', 'loaded'] as const) {
        expect([o, tally.outcomes[o] > 0]).toEqual([o, true]);
      }
      if (engine === 'DuckDB') {
        // Most files that reach a reader are read by DuckDB's: the SQL checks are what is compared.
        expect(tally.readers.duckdb).toBeGreaterThan(2 * tally.readers.javascript);
      }
    },
    120_000,
  );
});

test('DuckDB and PGlite come to the same outcome, reports and rows for every mutation', () => {
  for (const format of ['Olist folder', 'transactions file']) {
    const [duck, pg] = ['DuckDB', 'PGlite'].map(
      (engine) => tallies.find(([title]) => title === `${format} on ${engine}`)?.[1],
    );
    expect(duck?.sequence).toHaveLength(RUNS);
    expect(pg?.sequence).toEqual(duck?.sequence);
    for (const [i, detail] of (duck?.details ?? []).entries()) {
      expect([format, i, pg?.details[i]]).toEqual([format, i, detail]);
    }
  }
});
