/**
 * Order values and the payment rows that pay them. Values are log-normal (median about R$100,
 * mean about R$155, a long tail into the thousands). Most orders have one payment row; a few are
 * paid with one or more vouchers, usually topped up by a credit card. All amounts are integer
 * cents, so the rows of an order add up to its value exactly.
 */
import type { Random } from '../random.js';
import { weightedPicker } from './weighted.js';

export type PaymentType = 'credit_card' | 'boleto' | 'voucher' | 'debit_card' | 'not_defined';

export interface Payment {
  readonly type: PaymentType;
  readonly installments: number;
  readonly cents: number;
}

const MEDIAN_CENTS = 10_000;
/** e^(σ²/2) = mean/median ≈ 1.55. */
const VALUE_SIGMA = 0.935;
const MIN_CENTS = 800;
/** Share of orders paid with several rows. */
const SPLIT_SHARE = 0.03;
/** Chance, per extra voucher, that a split order uses one more voucher. */
const EXTRA_VOUCHER = 0.3;
const MAX_VOUCHERS = 20;
/** Share of split orders whose remainder goes on a credit card (the rest are vouchers only). */
const SPLIT_WITH_CARD = 0.8;
/** Stores do not offer installments below this amount each. */
const MIN_INSTALLMENT_CENTS = 500;

const SINGLE_TYPES: readonly (readonly [PaymentType, number])[] = [
  ['credit_card', 0.767],
  ['boleto', 0.205],
  ['debit_card', 0.016],
  ['voucher', 0.012],
];
const pickSingleType = weightedPicker(SINGLE_TYPES.map(([, w]) => w));

/** Credit-card installments: mostly 1, common up to 10, rarely up to 24. */
const INSTALLMENTS: readonly (readonly [number, number])[] = [
  [1, 48],
  [2, 12],
  [3, 10],
  [4, 7],
  [5, 5],
  [6, 4],
  [7, 1.6],
  [8, 4.2],
  [9, 0.6],
  [10, 5.5],
  [12, 0.15],
  [15, 0.08],
  [18, 0.03],
  [20, 0.02],
  [24, 0.02],
];
const pickInstallments = weightedPicker(INSTALLMENTS.map(([, w]) => w));

/** A log-normal order value in cents, at least R$8. */
export function orderValueCents(random: Random): number {
  for (;;) {
    const cents = Math.round(MEDIAN_CENTS * Math.exp(VALUE_SIGMA * random.normal()));
    if (cents >= MIN_CENTS) return cents;
  }
}

function payment(type: PaymentType, cents: number, random: Random): Payment {
  if (type !== 'credit_card') return { type, installments: 1, cents };
  const wanted = INSTALLMENTS[pickInstallments(random.next())][0];
  const affordable = Math.max(1, Math.floor(cents / MIN_INSTALLMENT_CENTS));
  return { type, installments: Math.min(wanted, affordable), cents };
}

/** Splits `total` cents into `parts` random amounts of at least one cent each. */
function splitCents(total: number, parts: number, random: Random): number[] {
  const weights = Array.from({ length: parts }, () => 0.2 + random.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - parts;
  const amounts = weights.map((w) => 1 + Math.floor((spare * w) / sum));
  amounts[parts - 1] = total - amounts.slice(0, -1).reduce((a, b) => a + b, 0);
  return amounts;
}

function splitPayments(cents: number, random: Random): Payment[] {
  let vouchers = 1;
  while (vouchers < MAX_VOUCHERS && random.next() < EXTRA_VOUCHER) vouchers++;
  const withCard = random.next() < SPLIT_WITH_CARD;
  if (!withCard) vouchers = Math.max(vouchers, 2);
  vouchers = Math.min(vouchers, cents - (withCard ? 1 : 0));
  const voucherCents = withCard
    ? Math.max(vouchers, Math.round(cents * (0.05 + 0.6 * random.next())))
    : cents;
  const rows = splitCents(voucherCents, vouchers, random).map((c) => payment('voucher', c, random));
  if (withCard) {
    // The card row sits anywhere in the sequence, as in Olist's data.
    rows.splice(
      random.int(0, rows.length),
      0,
      payment('credit_card', cents - voucherCents, random),
    );
  }
  return rows;
}

/** Payment rows (in payment_sequential order) for an order worth `cents`. */
export function planPayments(cents: number, random: Random): Payment[] {
  if (random.next() < SPLIT_SHARE) return splitPayments(cents, random);
  return [payment(SINGLE_TYPES[pickSingleType(random.next())][0], cents, random)];
}

/** The single zero-value row of a canceled order whose payment type was never recorded. */
export function undefinedPayment(): Payment[] {
  return [{ type: 'not_defined', installments: 1, cents: 0 }];
}
