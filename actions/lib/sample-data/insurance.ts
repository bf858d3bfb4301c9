/**
 * A deterministic sample of an insurer's premium payments: policy holders with one or more
 * policies (motor, home, life, travel), paid monthly or yearly from the policy's start until it
 * lapses; failed direct debits (a status the environment excludes) and pro-rata refunds when a
 * policy is cancelled, as negative rows of their own. Dates are plain `YYYY-MM-DD`.
 */
import { createRandom, type Random } from '../random.js';
import { beta, gamma } from './gamma.js';
import type { TransactionSample } from './transaction-sample.js';

/** The insurer's premium payments; examples/environments/demo-insurer.yaml reads them. */
export const INSURANCE: TransactionSample = {
  file: 'premiums.csv',
  columns: {
    customer_id: 'policy_holder',
    occurred_at: 'paid_on',
    amount: 'premium',
    transaction_id: 'payment_id',
    status: 'payment_status',
  },
  excludedStatuses: ['failed'],
  generate: generateInsurance,
};

const HEADER = [
  'payment_id',
  'policy_number',
  'policy_holder',
  'product',
  'paid_on',
  'premium',
  'payment_status',
];

interface Product {
  readonly name: string;
  /** Median yearly premium. */
  readonly yearly: number;
  /** Share of policies paid monthly (the rest once a year). */
  readonly monthly: number;
}

const PRODUCTS: readonly Product[] = [
  { name: 'motor', yearly: 720, monthly: 0.7 },
  { name: 'home', yearly: 310, monthly: 0.5 },
  { name: 'life', yearly: 540, monthly: 0.9 },
  { name: 'travel', yearly: 95, monthly: 0 },
];

const START = Date.UTC(2022, 0, 1);
const END = Date.UTC(2025, 0, 1);
const MONTHS = 36;
const FAILED_SHARE = 0.02;
const ROWS_PER_HOLDER = 12.5;

const day = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The day `months` months after `start` (same day of the month, or the month's last). */
function addMonths(start: number, months: number): number {
  const d = new Date(start);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.getTime();
}

interface Row {
  readonly at: number;
  readonly line: string;
}

function policyRows(
  random: Random,
  holder: string,
  policy: string,
  next: () => string,
  rows: Row[],
): void {
  const product = PRODUCTS[random.int(0, PRODUCTS.length - 1)] as Product;
  const monthly = random.next() < product.monthly;
  const yearly = product.yearly * Math.exp(0.35 * random.normal());
  const premium = monthly ? yearly / 12 : yearly;
  const step = monthly ? 1 : 12;
  // A policy lapses at each renewal (monthly: each payment) with its own chance.
  const lapse = monthly ? beta(random, 1, 30) : beta(random, 2, 6);
  const start = addMonths(START, random.int(0, MONTHS - 6));
  let at = start;
  for (let n = 0; at < END; n++, at = addMonths(start, n * step)) {
    const failed = random.next() < FAILED_SHARE;
    const line = (amount: number, status: string, when: number): string =>
      [next(), policy, holder, product.name, day(when), amount.toFixed(2), status].join(',');
    rows.push({ at, line: line(premium, failed ? 'failed' : 'paid', at) });
    if (failed) {
      // Collected again a week later.
      const retry = at + 7 * 86_400_000;
      if (retry < END) rows.push({ at: retry, line: line(premium, 'paid', retry) });
    }
    if (n > 0 && random.next() < lapse) {
      if (!monthly && random.next() < 0.5) {
        // Cancelled mid-term: the unused months come back.
        const cancelAt = at + random.int(30, 300) * 86_400_000;
        const unused = premium * (1 - (cancelAt - at) / (365 * 86_400_000));
        if (cancelAt < END && unused > 0)
          rows.push({ at: cancelAt, line: line(-unused, 'paid', cancelAt) });
      }
      break;
    }
  }
}

function generateInsurance(options: { rows: number; seed: number }): string {
  const random = createRandom(options.seed);
  const holders = Math.max(1, Math.round(options.rows / ROWS_PER_HOLDER));
  const rows: Row[] = [];
  let payment = 0;
  let policies = 0;
  const next = (): string => `PAY-${String(++payment).padStart(9, '0')}`;
  for (let h = 0; h < holders; h++) {
    const holder = `PH-${String(h + 1).padStart(7, '0')}`;
    const count = 1 + Math.min(3, Math.floor(gamma(random, 0.6, 1)));
    for (let p = 0; p < count; p++) {
      policies++;
      policyRows(random, holder, `POL-${String(policies).padStart(8, '0')}`, next, rows);
    }
  }
  rows.sort((a, b) => a.at - b.at);
  return `${HEADER.join(',')}\n${rows.map((r) => r.line).join('\n')}\n`;
}
