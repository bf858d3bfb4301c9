import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateSampleData,
  SAMPLE_FILES,
  writeSampleData,
  type SampleData,
} from '../../../../actions/lib/sample-data/generate.js';

type Table = keyof typeof SAMPLE_FILES;

const HEADERS: Record<Table, string> = {
  customers:
    '"customer_id","customer_unique_id","customer_zip_code_prefix","customer_city","customer_state"',
  orders:
    '"order_id","customer_id","order_status","order_purchase_timestamp","order_approved_at",' +
    '"order_delivered_carrier_date","order_delivered_customer_date","order_estimated_delivery_date"',
  payments: '"order_id","payment_sequential","payment_type","payment_installments","payment_value"',
};

/** Columns holding 32-hex-char ids, by table. */
const ID_COLUMNS: Record<Table, readonly number[]> = {
  customers: [0, 1],
  orders: [0, 1],
  payments: [0],
};
const ZIP_COLUMN = 2;

const REAL_DIR = fileURLToPath(new URL('../../../../../shared/data/olist/', import.meta.url));

interface Field {
  readonly value: string;
  readonly quoted: boolean;
}

/** Splits one line of Olist-style CSV (quoted fields never contain quotes or commas). */
function splitLine(line: string): Field[] {
  const fields: Field[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) throw new Error(`unterminated quote in ${line}`);
      fields.push({ value: line.slice(i + 1, close), quoted: true });
      i = close + 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push({ value: line.slice(i, end), quoted: false });
      i = end;
    }
    if (i >= line.length) return fields;
    if (line[i] !== ',') throw new Error(`expected a comma at ${i} in ${line}`);
    i++;
  }
}

interface Parsed {
  readonly header: string;
  readonly rows: Field[][];
}

function parse(csv: string): Parsed {
  const lines = csv.split('\n');
  expect(lines.pop()).toBe('');
  return { header: lines[0], rows: lines.slice(1).map(splitLine) };
}

function parseAll(data: SampleData): Record<Table, Parsed> {
  return {
    customers: parse(data.customers),
    orders: parse(data.orders),
    payments: parse(data.payments),
  };
}

/** Values of one column. */
function column(p: Parsed, index: number): string[] {
  return p.rows.map((r) => r[index].value);
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Coarse shape of a field, for comparing the quoting style of two files. */
function kind(f: Field): string {
  const v = f.value;
  let shape = 'text';
  if (v === '') shape = 'empty';
  else if (/^[0-9][0-9a-f]{31}$/.test(v)) shape = 'id-digit';
  else if (/^[a-f][0-9a-f]{31}$/.test(v)) shape = 'id-letter';
  else if (/^\d{5}$/.test(v)) shape = 'zip';
  else if (/^\d+$/.test(v)) shape = 'int';
  else if (/^\d+\.\d\d$/.test(v)) shape = 'money';
  else if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v)) shape = 'timestamp';
  return `${f.quoted ? 'quoted' : 'bare'} ${shape}`;
}

function kindsByColumn(rows: readonly Field[][]): string[][] {
  const kinds = rows[0].map(() => new Set<string>());
  for (const r of rows) r.forEach((f, i) => kinds[i].add(kind(f)));
  return kinds.map((s) => [...s].sort());
}

/**
 * Olist's quoting rules: ids quoted iff they start with a digit, zips always quoted, the rest bare.
 * Returns a description of every field that breaks them (at most `limit`).
 */
function styleViolations(table: Table, rows: readonly Field[][], limit = 10): string[] {
  const ids = new Set(ID_COLUMNS[table]);
  const bad: string[] = [];
  rows.forEach((row, r) => {
    row.forEach((f, i) => {
      let ok = !f.quoted;
      if (ids.has(i)) ok = /^[0-9a-f]{32}$/.test(f.value) && f.quoted === /^[0-9]/.test(f.value);
      else if (table === 'customers' && i === ZIP_COLUMN) ok = f.quoted && /^\d{5}$/.test(f.value);
      if (!ok && bad.length < limit)
        bad.push(`${table} row ${r + 1} field ${i + 1}: ${kind(f)} ${f.value}`);
    });
  });
  return bad;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const toMs = (ts: string): number => Date.parse(`${ts.replace(' ', 'T')}Z`);

/** Everything wrong with one order row's timestamps, given its status. */
function timestampProblems(row: readonly string[]): string[] {
  const [id, , status, purchase, approved, carrier, delivered, estimated] = row;
  const problems: string[] = [];
  const fail = (what: string): number => problems.push(`${id} (${status}): ${what}`);
  if (![purchase, estimated].every((ts) => TIMESTAMP.test(ts))) fail('missing timestamp');
  if (![approved, carrier, delivered].every((ts) => ts === '' || TIMESTAMP.test(ts)))
    fail('format');
  if (!estimated.endsWith(' 00:00:00')) fail('estimate not at midnight');
  if (!(toMs(estimated) > toMs(purchase))) fail('estimate before purchase');
  if ((delivered !== '') !== (status === 'delivered')) fail('delivered date');
  if ((status === 'delivered' || status === 'shipped') && carrier === '') fail('no carrier date');
  if (carrier !== '' && approved === '') fail('carrier without approval');
  if (status === 'created' && approved !== '') fail('created but approved');
  const chain = [purchase, approved, carrier, delivered].filter((ts) => ts !== '').map(toMs);
  if (chain.some((t, i) => i > 0 && t < chain[i - 1])) fail('out of order');
  return problems;
}

describe('generateSampleData at a small size', () => {
  const small = generateSampleData({ orders: 1000, seed: 7 });
  const parsed = parseAll(small);

  test('is deterministic per seed and defaults to seed 42', () => {
    expect(generateSampleData({ orders: 1000, seed: 7 })).toEqual(small);
    const other = generateSampleData({ orders: 1000, seed: 8 });
    expect(other.customers).not.toBe(small.customers);
    expect(other.orders).not.toBe(small.orders);
    expect(other.payments).not.toBe(small.payments);
    expect(generateSampleData({ orders: 300 })).toEqual(
      generateSampleData({ orders: 300, seed: 42 }),
    );
  });

  test('writes the exact headers, LF line endings and a final newline', () => {
    for (const table of Object.keys(HEADERS) as Table[]) {
      expect(parsed[table].header).toBe(HEADERS[table]);
      expect(small[table].endsWith('\n')).toBe(true);
      expect(small[table]).not.toContain('\r');
    }
  });

  test('gives every row the header field count and one customer row per order', () => {
    for (const table of Object.keys(HEADERS) as Table[]) {
      const width = splitLine(parsed[table].header).length;
      for (const row of parsed[table].rows) expect(row).toHaveLength(width);
    }
    expect(parsed.orders.rows).toHaveLength(1000);
    expect(parsed.customers.rows).toHaveLength(1000);
  });

  test('keeps ids unique and references consistent', () => {
    const customerIds = column(parsed.customers, 0);
    const orderIds = column(parsed.orders, 0);
    expect(new Set(customerIds).size).toBe(customerIds.length);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    expect(new Set(column(parsed.orders, 1))).toEqual(new Set(customerIds));
    const known = new Set(orderIds);
    for (const id of column(parsed.payments, 0)) expect(known.has(id)).toBe(true);
  });

  test('follows the Olist quoting style on every row', () => {
    for (const table of Object.keys(HEADERS) as Table[]) {
      expect(styleViolations(table, parsed[table].rows)).toEqual([]);
    }
    const values = column(parsed.payments, 4);
    expect(values.filter((v) => !/^\d+\.\d\d$/.test(v))).toEqual([]);
    const kinds = kindsByColumn(parsed.customers.rows);
    expect(kinds[0]).toEqual(['bare id-letter', 'quoted id-digit']);
  });

  test('keeps a person at one address across their orders', () => {
    const address = new Map<string, string>();
    for (const [, uniqueId, zip, city, state] of parsed.customers.rows) {
      const where = `${zip.value}|${city.value}|${state.value}`;
      expect(address.get(uniqueId.value) ?? where).toBe(where);
      address.set(uniqueId.value, where);
    }
  });

  test('writes timestamps that fit the order status', () => {
    const problems = parsed.orders.rows.flatMap((row) =>
      timestampProblems(row.map((f) => f.value)),
    );
    expect(problems.slice(0, 10)).toEqual([]);
  });

  test('numbers payments 1..n per order with sensible types and installments', () => {
    const sequences = new Map<string, number[]>();
    for (const [id, seq, type, installments, value] of parsed.payments.rows) {
      sequences.set(id.value, [...(sequences.get(id.value) ?? []), Number(seq.value)]);
      expect(['credit_card', 'boleto', 'voucher', 'debit_card', 'not_defined']).toContain(
        type.value,
      );
      const n = Number(installments.value);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(type.value === 'credit_card' ? 24 : 1);
      expect(Number(value.value) > 0).toBe(type.value !== 'not_defined');
    }
    for (const seqs of sequences.values()) {
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
    }
  });
});

describe('generateSampleData at tiny sizes and with bad options', () => {
  test.each([0, 1, 20])('works with %i orders', (orders) => {
    const parsed = parseAll(generateSampleData({ orders, seed: 3 }));
    expect(parsed.orders.rows).toHaveLength(orders);
    expect(parsed.customers.rows).toHaveLength(orders);
    // Below half the default size no order goes unpaid.
    expect(new Set(column(parsed.payments, 0)).size).toBe(orders);
    for (const table of Object.keys(HEADERS) as Table[]) {
      expect(parsed[table].header).toBe(HEADERS[table]);
      expect(styleViolations(table, parsed[table].rows)).toEqual([]);
    }
  });

  test.each([-1, 1.5, Number.NaN])('rejects orders = %p', (orders) => {
    expect(() => generateSampleData({ orders })).toThrow(RangeError);
  });

  test('rejects a non-integer seed', () => {
    expect(() => generateSampleData({ orders: 10, seed: 0.5 })).toThrow(RangeError);
  });
});

describe('writeSampleData', () => {
  test('creates the folder and writes the three files under their Kaggle names', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sample-data-'));
    try {
      const dir = join(root, 'nested', 'olist');
      const written = await writeSampleData(dir, { orders: 200, seed: 5 });
      const expected = generateSampleData({ orders: 200, seed: 5 });
      expect(written.map((f) => f.table)).toEqual(['customers', 'orders', 'payments']);
      for (const file of written) {
        expect(file.path).toBe(join(dir, SAMPLE_FILES[file.table]));
        const text = await readFile(file.path, 'utf8');
        expect(text).toBe(expected[file.table]);
        expect(file.bytes).toBe(Buffer.byteLength(text));
        expect(file.rows).toBe(text.split('\n').length - 2);
      }
      expect(written[0].rows).toBe(200);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('streams a file larger than one chunk (8 MiB) whole and in order', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sample-data-'));
    try {
      const written = await writeSampleData(root, { orders: 60_000, seed: 9 });
      const expected = generateSampleData({ orders: 60_000, seed: 9 });
      const orders = written.find((f) => f.table === 'orders');
      expect(orders?.bytes).toBeGreaterThan(8 * 2 ** 20);
      for (const file of written) {
        const text = await readFile(file.path, 'utf8');
        expect(text).toBe(expected[file.table]);
        expect(new Set(text.split('\n').slice(1, -1)).size).toBe(file.rows);
      }
      expect(orders?.rows).toBe(60_000);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

const haveRealFiles = existsSync(REAL_DIR);
const describeReal = haveRealFiles ? describe : describe.skip;

describeReal(
  haveRealFiles
    ? `matches the real Olist files in ${REAL_DIR}`
    : `matches the real Olist files (skipped: ${REAL_DIR} not found)`,
  () => {
    const generated = parseAll(generateSampleData({ orders: 2000, seed: 11 }));

    for (const t of Object.keys(SAMPLE_FILES) as Table[]) {
      const path = join(REAL_DIR, SAMPLE_FILES[t]);
      if (!existsSync(path)) {
        test.skip(`${t}: skipped, ${path} not found`, () => undefined);
        continue;
      }
      test(`${t}: same header and quoting as ${SAMPLE_FILES[t]}`, async () => {
        const lines = (await readFile(path, 'utf8')).split('\n', 3001);
        const real: Parsed = {
          header: lines[0],
          rows: lines.slice(1).filter(Boolean).map(splitLine),
        };
        expect(generated[t].header).toBe(real.header);
        expect(styleViolations(t, real.rows)).toEqual([]);
        expect(kindsByColumn(generated[t].rows)).toEqual(kindsByColumn(real.rows));
      });
    }
  },
);

describe('generateSampleData at the default size', () => {
  let parsed: Record<Table, Parsed>;
  let orderValues: Map<string, number>;
  let paymentRows: Map<string, number>;

  beforeAll(() => {
    parsed = parseAll(generateSampleData());
    orderValues = new Map();
    paymentRows = new Map();
    for (const [id, , , , value] of parsed.payments.rows) {
      orderValues.set(id.value, (orderValues.get(id.value) ?? 0) + Number(value.value));
      paymentRows.set(id.value, (paymentRows.get(id.value) ?? 0) + 1);
    }
  });

  test("has Olist's row count and a few repeat buyers with a long tail", () => {
    expect(parsed.orders.rows).toHaveLength(99_441);
    expect(parsed.customers.rows).toHaveLength(99_441);
    const perPerson = [...countBy(column(parsed.customers, 1)).values()];
    const repeatShare = perPerson.filter((n) => n > 1).length / perPerson.length;
    expect(repeatShare).toBeGreaterThan(0.02);
    expect(repeatShare).toBeLessThan(0.045);
    const most = Math.max(...perPerson);
    expect(most).toBeGreaterThanOrEqual(8);
    expect(most).toBeLessThanOrEqual(25);
  });

  test('puts about 42% of customers in SP', () => {
    const sp = column(parsed.customers, 4).filter((s) => s === 'SP').length;
    expect(sp / parsed.customers.rows.length).toBeGreaterThan(0.35);
    expect(sp / parsed.customers.rows.length).toBeLessThan(0.5);
  });

  test('has mostly delivered orders and some canceled and unavailable ones', () => {
    const statuses = countBy(column(parsed.orders, 2));
    expect((statuses.get('delivered') ?? 0) / 99_441).toBeGreaterThan(0.95);
    expect(statuses.get('canceled')).toBeGreaterThan(0);
    expect(statuses.get('unavailable')).toBeGreaterThan(0);
    expect(statuses.get('shipped')).toBeGreaterThan(0);
  });

  test('spreads purchases over about two years with a Black-Friday peak', () => {
    const purchases = column(parsed.orders, 3);
    const times = purchases.map(toMs);
    const spanDays = (Math.max(...times) - Math.min(...times)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(600);
    expect(spanDays).toBeLessThan(800);
    const perDay = [...countBy(purchases.map((ts) => ts.slice(0, 10)))];
    const busiest = perDay.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(busiest[0]).toBe('2017-11-24');
  });

  test('has a few split payments and exactly one order without payments', () => {
    const multi = [...paymentRows.values()].filter((n) => n > 1).length / 99_441;
    expect(multi).toBeGreaterThan(0.01);
    expect(multi).toBeLessThan(0.06);
    expect(99_441 - paymentRows.size).toBe(1);
    const types = countBy(column(parsed.payments, 2));
    const creditShare = (types.get('credit_card') ?? 0) / parsed.payments.rows.length;
    expect(creditShare).toBeGreaterThan(0.65);
    expect(creditShare).toBeLessThan(0.8);
  });

  test('has skewed order values that are positive unless not_defined', () => {
    const values = [...orderValues.values()].sort((a, b) => a - b);
    const median = values[values.length >> 1];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(median).toBeGreaterThan(70);
    expect(median).toBeLessThan(140);
    expect(mean).toBeGreaterThan(1.3 * median);
    expect(values[values.length - 1]).toBeGreaterThan(1000);
    const undefinedOrders = new Set(
      parsed.payments.rows.filter((r) => r[2].value === 'not_defined').map((r) => r[0].value),
    );
    const unpaid = [...orderValues].filter(([id, v]) => !undefinedOrders.has(id) && !(v > 0));
    expect(unpaid).toEqual([]);
  });
});
