/**
 * A deterministic sample of a retail bank's card and account transactions, in the shape such an
 * export has: UUID account holders, ISO 8601 timestamps with `Z` (some with a `+01:00` offset),
 * several transactions a day, refunds as negative rows sharing the purchase's booking reference,
 * reversed bookings, and columns the workshop does not use. Customers buy and drop out as BG/NBD
 * assumes and spend as Gamma-Gamma assumes (gamma.ts), so lifetime value has something to find.
 */
import { createRandom, type Random } from '../random.js';
import { beta, gamma, uuid } from './gamma.js';
import type { TransactionSample } from './transaction-sample.js';

/** The bank's transactions; examples/environments/demo-bank.yaml reads them. */
export const BANKING: TransactionSample = {
  file: 'transactions.csv',
  columns: {
    customer_id: 'account_holder',
    occurred_at: 'booked_at',
    amount: 'amount_eur',
    transaction_id: 'booking_ref',
    status: 'state',
  },
  excludedStatuses: ['reversed'],
  generate: generateBanking,
};

const HEADER = [
  'booking_ref',
  'account_holder',
  'booked_at',
  'amount_eur',
  'currency',
  'channel',
  'merchant_category',
  'state',
];
const CHANNELS = ['card', 'card', 'card', 'transfer', 'direct_debit'] as const;
const CATEGORIES = [
  'groceries',
  'fuel',
  'restaurants',
  'travel',
  'utilities',
  'electronics',
  'pharmacy',
] as const;

const WEEK_MS = 7 * 86_400_000;
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2025, 0, 1);
/** Customers join during the first year; the second year is there to watch them. */
const JOIN_WEEKS = 52;
const REFUND_SHARE = 0.04;
const REVERSED_SHARE = 0.01;
/** Rows per customer on average, to turn a wanted row count into customers. */
const ROWS_PER_CUSTOMER = 12;

interface Row {
  readonly at: number;
  readonly line: string;
}

const money = (v: number): string => v.toFixed(2);

/** `2024-03-05T14:22:10Z`, or the same instant written in CET (`+01:00`). */
function isoTime(at: number, random: Random): string {
  if (random.next() < 0.2) {
    const local = new Date(at + 3_600_000).toISOString().slice(0, 19);
    return `${local}+01:00`;
  }
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

/** A time of day between 07:00 and 23:00 on the day of `at`. */
function daytime(at: number, random: Random): number {
  const day = Math.floor(at / 86_400_000) * 86_400_000;
  return day + Math.floor((7 + random.next() * 16) * 3_600_000);
}

function generateBanking(options: { rows: number; seed: number }): string {
  const random = createRandom(options.seed);
  const customers = Math.max(1, Math.round(options.rows / ROWS_PER_CUSTOMER));
  const rows: Row[] = [];
  let booking = 0;
  for (let c = 0; c < customers; c++) {
    const holder = uuid(random);
    const perWeek = gamma(random, 0.9, 0.45);
    const dropout = beta(random, 0.7, 5);
    const spendRate = gamma(random, 4, 1 / 60);
    let at = START + random.next() * JOIN_WEEKS * WEEK_MS;
    for (;;) {
      const when = daytime(at, random);
      if (when >= END) break;
      booking++;
      const ref = `BK-${String(booking).padStart(9, '0')}`;
      const amount = Math.max(0.5, gamma(random, 3, 1 / spendRate));
      const state = random.next() < REVERSED_SHARE ? 'reversed' : 'booked';
      const channel = CHANNELS[random.int(0, CHANNELS.length - 1)] as string;
      const category = CATEGORIES[random.int(0, CATEGORIES.length - 1)] as string;
      const line = (t: number, value: string, s: string): string =>
        [ref, holder, isoTime(t, random), value, 'EUR', channel, category, s].join(',');
      rows.push({ at: when, line: line(when, money(amount), state) });
      if (state === 'booked' && channel === 'card' && random.next() < REFUND_SHARE) {
        const refundAt = when + (1 + random.next() * 20) * 86_400_000;
        const refunded = random.next() < 0.6 ? amount : amount * (0.1 + 0.4 * random.next());
        if (refundAt < END)
          rows.push({ at: refundAt, line: line(refundAt, money(-refunded), 'booked') });
      }
      if (random.next() < dropout) break;
      at = when + (-Math.log(1 - random.next()) / perWeek) * WEEK_MS;
    }
  }
  rows.sort((a, b) => a.at - b.at);
  return `${HEADER.join(',')}\n${rows.map((r) => r.line).join('\n')}\n`;
}
