/**
 * Order status and the timestamps that go with it: every order has a purchase time and an
 * estimated delivery date; approval, hand-over to the carrier and delivery appear only when the
 * status says the order got that far.
 */
import type { Random } from '../random.js';
import { DAY_MS, HOUR_MS, SECOND_MS, startOfDay } from './calendar.js';
import type { PaymentType } from './payments.js';
import { weightedPicker } from './weighted.js';

export type OrderStatus =
  | 'delivered'
  | 'shipped'
  | 'canceled'
  | 'unavailable'
  | 'invoiced'
  | 'processing'
  | 'created'
  | 'approved';

const STATUS_WEIGHTS: readonly (readonly [OrderStatus, number])[] = [
  ['delivered', 0.9702],
  ['shipped', 0.0111],
  ['canceled', 0.0063],
  ['unavailable', 0.0061],
  ['invoiced', 0.0032],
  ['processing', 0.003],
  ['created', 0.00005],
  ['approved', 0.00002],
];
const pickStatus = weightedPicker(STATUS_WEIGHTS.map(([, w]) => w));

/** Share of canceled orders that were approved before being canceled, and of those, shipped. */
const CANCELED_APPROVED = 0.78;
const CANCELED_SHIPPED = 0.15;

export interface OrderTimes {
  readonly purchase: number;
  readonly approved: number | null;
  readonly carrier: number | null;
  readonly delivered: number | null;
  /** Always midnight. */
  readonly estimated: number;
}

/** A status drawn with Olist-like frequencies (about 97% delivered). */
export function randomStatus(random: Random): OrderStatus {
  return STATUS_WEIGHTS[pickStatus(random.next())][0];
}

/** `median * e^(sigma·z)`, at least `min`, rounded to whole seconds. */
function logNormalMs(random: Random, median: number, sigma: number, min: number): number {
  const ms = Math.max(min, median * Math.exp(sigma * random.normal()));
  return Math.round(ms / SECOND_MS) * SECOND_MS;
}

function approvalDelay(type: PaymentType, random: Random): number {
  // A boleto is paid at a bank and cleared a day or two later; cards clear within minutes.
  return type === 'boleto'
    ? logNormalMs(random, 28 * HOUR_MS, 0.45, 2 * HOUR_MS)
    : logNormalMs(random, 15 * 60_000, 1.6, 10 * SECOND_MS);
}

function isApproved(status: OrderStatus, random: Random): boolean {
  if (status === 'created') return false;
  if (status === 'canceled') return random.next() < CANCELED_APPROVED;
  return true;
}

function reachedCarrier(status: OrderStatus, random: Random): boolean {
  if (status === 'delivered' || status === 'shipped') return true;
  if (status === 'canceled') return random.next() < CANCELED_SHIPPED;
  return false;
}

function estimatedDelivery(purchase: number, random: Random): number {
  const days = Math.min(60, Math.max(5, Math.round(23 * Math.exp(0.3 * random.normal()))));
  return startOfDay(purchase) + days * DAY_MS;
}

/** Timestamps consistent with `status`; `paymentType` is the order's main payment type. */
export function orderTimes(
  status: OrderStatus,
  purchase: number,
  paymentType: PaymentType,
  random: Random,
): OrderTimes {
  const estimated = estimatedDelivery(purchase, random);
  const approved = isApproved(status, random)
    ? purchase + approvalDelay(paymentType, random)
    : null;
  const carrier =
    approved !== null && reachedCarrier(status, random)
      ? approved + logNormalMs(random, 2.2 * DAY_MS, 0.75, 3 * HOUR_MS)
      : null;
  const delivered =
    status === 'delivered' && carrier !== null
      ? carrier + logNormalMs(random, 6.5 * DAY_MS, 0.6, 18 * HOUR_MS)
      : null;
  return { purchase, approved, carrier, delivered, estimated };
}
