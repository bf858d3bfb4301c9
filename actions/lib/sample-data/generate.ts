/**
 * A deterministic generator of sample data shaped like the Kaggle "Brazilian E-Commerce Public
 * Dataset by Olist": customers, orders and order payments as CSV text in Olist's own layout. The
 * same options always give byte-identical files.
 */
import { sourceTable, type SourceTable } from '../sources/olist-tables.js';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandom, type Random } from '../random.js';
import { purchaseTimestamp } from './calendar.js';
import { CITIES, type City } from './cities.js';
import { CsvWriter } from './csv-style.js';
import { IdPool } from './ids.js';
import { orderTimes, randomStatus, type OrderStatus } from './lifecycle.js';
import { orderValueCents, planPayments, undefinedPayment, type Payment } from './payments.js';
import { weightedPicker } from './weighted.js';

/** Size and seed of a generation; the defaults give Olist's 99,441 orders. */
export interface SampleDataOptions {
  /** Number of orders (and of customer rows); default 99,441. */
  orders?: number;
  /** Seed of the pseudo-random generator; default 42. */
  seed?: number;
}

/** CSV text of the three files, each ending with a newline. */
export interface SampleData {
  customers: string;
  orders: string;
  payments: string;
}

/** File names of the Kaggle dataset, by table. */
export const SAMPLE_FILES: Readonly<Record<SourceTable, string>> = {
  customers: sourceTable('customers').file,
  orders: sourceTable('orders').file,
  payments: sourceTable('payments').file,
};

export type SampleTable = SourceTable;

/** Column names of each file, in order. */
export const SAMPLE_COLUMNS: Readonly<Record<SourceTable, readonly string[]>> = {
  customers: sourceTable('customers').columns.map((c) => c.name),
  orders: sourceTable('orders').columns.map((c) => c.name),
  payments: sourceTable('payments').columns.map((c) => c.name),
};

/** One file written by `writeSampleData`; `rows` excludes the header. */
export interface WrittenFile {
  readonly table: SampleTable;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export const DEFAULT_ORDERS = 99_441;
export const DEFAULT_SEED = 42;

/** Share of people with more than one order. */
const REPEAT_BUYERS = 0.031;
/** Orders per repeat buyer; the last entry stands for "8 or more". */
const REPEAT_ORDERS: readonly (readonly [number, number])[] = [
  [2, 0.905],
  [3, 0.07],
  [4, 0.013],
  [5, 0.006],
  [6, 0.003],
  [7, 0.0015],
  [8, 0.0015],
];
const pickRepeatOrders = weightedPicker(REPEAT_ORDERS.map(([, w]) => w));
const MAX_TAIL_ORDERS = 16;
/** The most loyal buyer's order count at the default size; scaled with the size. */
const TOP_BUYER_ORDERS = 17;
/** At the default size exactly one order has no payment rows, and three are `not_defined`. */
const UNPAID_ORDERS = 1;
const UNDEFINED_PAYMENTS = 3;

const pickCity = weightedPicker(CITIES.map((c) => c.weight));

interface Person {
  readonly uniqueId: number;
  readonly city: City;
  readonly zip: number;
}

/** Ids are indices into the generation's `IdPool`. */
interface Order {
  readonly orderId: number;
  readonly customerId: number;
  readonly person: Person;
  readonly status: OrderStatus;
  readonly purchase: number;
}

/** The orders file's timestamp columns, in order. */
const TIME_FIELDS = ['purchase', 'approved', 'carrier', 'delivered', 'estimated'] as const;

interface PaymentRow {
  readonly order: Order;
  readonly sequential: number;
  readonly payment: Payment;
}

function resolveOptions(opts: SampleDataOptions): { orders: number; seed: number } {
  const orders = opts.orders ?? DEFAULT_ORDERS;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(orders) || orders < 0) {
    throw new RangeError(`orders must be a non-negative integer, got ${orders}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { orders, seed };
}

function ordersOfPerson(random: Random): number {
  if (random.next() >= REPEAT_BUYERS) return 1;
  const orders = REPEAT_ORDERS[pickRepeatOrders(random.next())][0];
  if (orders < 8) return orders;
  let tail = orders;
  while (tail < MAX_TAIL_ORDERS && random.next() < 0.4) tail++;
  return tail;
}

/** Orders per person, adding up to `total`. */
function orderCounts(total: number, random: Random): number[] {
  const top = scaled(TOP_BUYER_ORDERS, total);
  const counts = top >= 2 ? [top] : [];
  let placed = counts.reduce((a, b) => a + b, 0);
  while (placed < total) {
    const n = Math.min(ordersOfPerson(random), total - placed);
    counts.push(n);
    placed += n;
  }
  return counts;
}

function randomPerson(ids: IdPool, random: Random): Person {
  const city = CITIES[pickCity(random.next())];
  const range = city.zips[random.int(0, city.zips.length - 1)];
  return { uniqueId: ids.next(), city, zip: random.int(range[0], range[1]) };
}

/** Each order gets its own customer_id; the person behind it keeps one customer_unique_id. */
function drawOrders(total: number, ids: IdPool, random: Random): Order[] {
  const orders: Order[] = [];
  for (const count of orderCounts(total, random)) {
    const person = randomPerson(ids, random);
    for (let i = 0; i < count; i++) {
      const customerId = ids.next();
      const orderId = ids.next();
      const purchase = purchaseTimestamp(random);
      orders.push({ orderId, customerId, person, status: randomStatus(random), purchase });
    }
  }
  return orders;
}

/** Up to `count` distinct random orders with the given status. */
function pickWithStatus(
  orders: readonly Order[],
  status: OrderStatus,
  count: number,
  random: Random,
): Set<Order> {
  const pool = orders.filter((o) => o.status === status);
  const picked = new Set<Order>();
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
    picked.add(pool[i]);
  }
  return picked;
}

/** A count of rare cases at the default size, scaled to `total` and rounded. */
function scaled(countAtDefault: number, total: number): number {
  return Math.round((countAtDefault * total) / DEFAULT_ORDERS);
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One file's rows in the order they are written, and how each is written. */
interface TableRows<T> {
  readonly items: readonly T[];
  readonly writeRow: (w: CsvWriter, item: T) => void;
}

/** Bytes per chunk written: a file never has to be one string. */
const CHUNK_BYTES = 1 << 23;

/**
 * The header and rows of `name` as chunks of bytes, in order; each chunk is a view of the
 * writer's buffer, valid until the next is asked for. Returns the number of data rows.
 */
function* tableChunks<T>(
  name: SampleTable,
  { items, writeRow }: TableRows<T>,
): Generator<Buffer, number, undefined> {
  const w = new CsvWriter(CHUNK_BYTES + 4096).header(SAMPLE_COLUMNS[name]);
  for (const item of items) {
    writeRow(w, item);
    w.endRow();
    if (w.size >= CHUNK_BYTES) yield w.take();
  }
  yield w.take();
  return w.rows;
}

/** Everything the three files are written from. */
interface Plan {
  readonly ids: IdPool;
  readonly orders: readonly Order[];
  /** Five timestamps per order, parallel to `orders` (see `TIME_FIELDS`); NaN for null. */
  readonly times: Float64Array;
  readonly payments: readonly PaymentRow[];
}

/** Independent random streams, so that each part of the data is drawn from its own sequence. */
function streams(seed: number) {
  const master = createRandom(seed);
  const stream = (): Random => createRandom(Math.floor(master.next() * 0x1_0000_0000));
  return {
    people: stream(),
    specials: stream(),
    money: stream(),
    timeline: stream(),
    order: stream(),
  };
}

function plan(total: number, rng: ReturnType<typeof streams>): Plan {
  // At most one person per order plus a customer id and an order id per order.
  const ids = new IdPool(3 * total, rng.people);
  const orders = drawOrders(total, ids, rng.people);
  const unpaid = pickWithStatus(orders, 'delivered', scaled(UNPAID_ORDERS, total), rng.specials);
  const notDefined = scaled(UNDEFINED_PAYMENTS, total);
  const undefinedPaid = pickWithStatus(orders, 'canceled', notDefined, rng.specials);

  const times = new Float64Array(orders.length * TIME_FIELDS.length);
  const payments: PaymentRow[] = [];
  orders.forEach((o, i) => {
    const rows = undefinedPaid.has(o)
      ? undefinedPayment()
      : planPayments(orderValueCents(rng.money), rng.money);
    const mainType = (rows.find((p) => p.type !== 'voucher') ?? rows[0]).type;
    const t = orderTimes(o.status, o.purchase, mainType, rng.timeline);
    TIME_FIELDS.forEach((field, k) => {
      times[i * TIME_FIELDS.length + k] = t[field] ?? NaN;
    });
    if (unpaid.has(o)) return;
    rows.forEach((payment, n) => payments.push({ order: o, sequential: n + 1, payment }));
  });
  return { ids, orders, times, payments };
}

/** The plan's rows in a shuffled order per file, as Olist's files are unsorted. */
function tableRows({ ids, orders, times, payments }: Plan, random: Random) {
  const indices = Array.from(orders, (_, i) => i);
  const customers: TableRows<Order> = {
    items: shuffled(orders, random),
    writeRow: (w, o) => {
      const p = o.person;
      w.id(ids, o.customerId).comma().id(ids, p.uniqueId).comma().zip(p.zip).comma();
      w.text(p.city.name).comma().text(p.city.state);
    },
  };
  const orderRows: TableRows<number> = {
    items: shuffled(indices, random),
    writeRow: (w, i) => {
      const o = orders[i];
      w.id(ids, o.orderId).comma().id(ids, o.customerId).comma().text(o.status);
      for (let k = 0; k < TIME_FIELDS.length; k++) {
        const ms = times[i * TIME_FIELDS.length + k];
        w.comma().timestamp(Number.isNaN(ms) ? null : ms);
      }
    },
  };
  const paymentRows: TableRows<PaymentRow> = {
    items: shuffled(payments, random),
    writeRow: (w, r) => {
      w.id(ids, r.order.orderId).comma().int(r.sequential).comma().text(r.payment.type).comma();
      w.int(r.payment.installments).comma().money(r.payment.cents);
    },
  };
  return { customers, orders: orderRows, payments: paymentRows };
}

function buildRows(opts: SampleDataOptions): ReturnType<typeof tableRows> {
  const { orders, seed } = resolveOptions(opts);
  const rng = streams(seed);
  return tableRows(plan(orders, rng), rng.order);
}

/** The chunks of one of the tables. */
function chunks(
  rows: ReturnType<typeof tableRows>,
  name: SampleTable,
): Generator<Buffer, number, undefined> {
  switch (name) {
    case 'customers':
      return tableChunks(name, rows.customers);
    case 'orders':
      return tableChunks(name, rows.orders);
    case 'payments':
      return tableChunks(name, rows.payments);
  }
}

/** Generates the three CSV files in memory (a small sample: each file is one string). */
export function generateSampleData(opts: SampleDataOptions = {}): SampleData {
  const rows = buildRows(opts);
  const text = (name: SampleTable): string => {
    // Each chunk is copied before the next is asked for: it is a view of the writer's buffer.
    const copies: Buffer[] = [];
    for (const chunk of chunks(rows, name)) copies.push(Buffer.from(chunk));
    return Buffer.concat(copies).toString('latin1');
  };
  return { customers: text('customers'), orders: text('orders'), payments: text('payments') };
}

/**
 * Generates the three files into `dir` (created if missing) under their Kaggle file names,
 * streaming each to disk in chunks: the size is bounded by the plan held in memory, not by the
 * length of a string.
 */
export async function writeSampleData(
  dir: string,
  opts: SampleDataOptions = {},
): Promise<WrittenFile[]> {
  const rows = buildRows(opts);
  await mkdir(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const name of Object.keys(SAMPLE_FILES) as SampleTable[]) {
    const path = join(dir, SAMPLE_FILES[name]);
    const handle = await open(path, 'w');
    try {
      let bytes = 0;
      const table = chunks(rows, name);
      for (let next = table.next(); ; next = table.next()) {
        if (next.done === true) {
          written.push({ table: name, path, rows: next.value, bytes });
          break;
        }
        const chunk = next.value;
        for (let at = 0; at < chunk.length;) {
          at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
        }
        bytes += chunk.length;
      }
    } finally {
      await handle.close();
    }
  }
  return written;
}
