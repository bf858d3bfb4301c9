/**
 * Transactions → per-customer CLV statistics. A purchase occasion is a customer's calendar day with at
 * least one eligible transaction; its value is the sum of that day's amounts.
 *
 * - The window holds the days before `asOf`; its last day (asOf − 1) is the window end.
 * - x = occasions in the window after the first one (repeat occasions).
 * - t_x = weeks (days / 7) from the first to the last occasion in the window; 0 when x = 0.
 * - T = weeks from the first occasion to the window end. A customer whose only occasion is the window end
 *   has T = 0 and x = 0: allowed, such a customer adds nothing to the BG/NBD likelihood and is scored
 *   with the population expectation.
 * - meanRepeatValue = mean value of the repeat occasions (null when x = 0): the Gamma-Gamma input.
 * - Customers first seen on or after `asOf` are not in the calibration and are not returned. With a
 *   `holdoutEnd`, holdoutOccasions counts the returned customers' occasions on days in [asOf, holdoutEnd).
 *   Transactions on or after `holdoutEnd` (or on or after `asOf` without a holdout) are ignored.
 */

/** One eligible transaction (refunds and cancellations already removed upstream). */
export interface Transaction {
  readonly customerId: string;
  /** `YYYY-MM-DD`, or a whole day number (days since 1970-01-01). */
  readonly day: string | number;
  readonly amount: number;
}

export interface SummaryOptions {
  /** First day after the window, `YYYY-MM-DD` or day number. */
  readonly asOf: string | number;
  /** First day after the holdout period, if one is wanted. */
  readonly holdoutEnd?: string | number;
}

export interface CustomerSummary {
  readonly customerId: string;
  /** Day numbers (days since 1970-01-01). */
  readonly firstDay: number;
  readonly lastDay: number;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly meanRepeatValue: number | null;
  /** Present only when a holdout end was given. */
  readonly holdoutOccasions?: number;
}

export interface TransactionSummary {
  readonly customers: CustomerSummary[];
  /** Last day of the window (asOf − 1), as a day number and as `YYYY-MM-DD`. */
  readonly windowEnd: number;
  readonly windowEndDate: string;
  readonly asOf: number;
  readonly holdoutEnd?: number;
  /** (holdoutEnd − asOf) / 7. */
  readonly holdoutWeeks?: number;
  readonly transactionsInWindow: number;
  readonly transactionsInHoldout: number;
  /** After the holdout (or after the window without one), or from customers first seen after it. */
  readonly transactionsIgnored: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` date or a whole day number; undefined when it is neither. */
export function parseDay(day: string | number): number | undefined {
  if (typeof day === 'number') return Number.isInteger(day) ? day : undefined;
  const m = ISO_DAY.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function requireDay(value: string | number, what: string): number {
  const day = parseDay(value);
  if (day === undefined)
    throw new RangeError(`${what} "${value}" is not a YYYY-MM-DD date or a whole day number`);
  return day;
}

export function summarizeTransactions(
  transactions: Iterable<Transaction>,
  options: SummaryOptions,
): TransactionSummary {
  const asOf = requireDay(options.asOf, 'asOf');
  const holdoutEnd =
    options.holdoutEnd === undefined ? undefined : requireDay(options.holdoutEnd, 'holdoutEnd');
  if (holdoutEnd !== undefined && holdoutEnd <= asOf)
    throw new RangeError(
      `holdoutEnd ${formatDay(holdoutEnd)} must be after asOf ${formatDay(asOf)}`,
    );
  /** Window occasions per customer: day → value. */
  const windowDays = new Map<string, Map<number, number>>();
  /** Holdout occasion days per customer, and how many transactions fell on them. */
  const holdoutDays = new Map<string, { days: Set<number>; transactions: number }>();
  let inWindow = 0;
  let inHoldout = 0;
  let ignored = 0;
  let row = 0;
  for (const t of transactions) {
    const where = `transaction ${row} (customer ${JSON.stringify(t.customerId)})`;
    if (typeof t.customerId !== 'string' || t.customerId === '')
      throw new RangeError(`transaction ${row}: customerId is missing or empty`);
    const day = requireDay(t.day, `${where}: day`);
    if (typeof t.amount !== 'number' || !Number.isFinite(t.amount) || t.amount < 0)
      throw new RangeError(
        `${where}: amount ${String(t.amount)} is not a finite number ≥ 0 ` +
          '(pass eligible amounts only; remove refunds and cancellations before summarising)',
      );
    row++;
    if (day < asOf) {
      inWindow++;
      let days = windowDays.get(t.customerId);
      if (days === undefined) {
        days = new Map();
        windowDays.set(t.customerId, days);
      }
      days.set(day, (days.get(day) ?? 0) + t.amount);
    } else if (holdoutEnd !== undefined && day < holdoutEnd) {
      let h = holdoutDays.get(t.customerId);
      if (h === undefined) {
        h = { days: new Set(), transactions: 0 };
        holdoutDays.set(t.customerId, h);
      }
      h.days.add(day);
      h.transactions++;
    } else ignored++;
  }
  for (const [id, h] of holdoutDays) {
    if (windowDays.has(id)) inHoldout += h.transactions;
    else ignored += h.transactions;
  }

  const windowEnd = asOf - 1;
  const customers: CustomerSummary[] = [];
  for (const [customerId, values] of windowDays) {
    const days = [...values.keys()].sort((a, b) => a - b);
    const firstDay = days[0] as number;
    const lastDay = days[days.length - 1] as number;
    const x = days.length - 1;
    let repeatValue = 0;
    for (let i = 1; i < days.length; i++) repeatValue += values.get(days[i] as number) as number;
    customers.push({
      customerId,
      firstDay,
      lastDay,
      x,
      tx: (lastDay - firstDay) / 7,
      T: (windowEnd - firstDay) / 7,
      meanRepeatValue: x === 0 ? null : repeatValue / x,
      ...(holdoutEnd === undefined
        ? {}
        : { holdoutOccasions: holdoutDays.get(customerId)?.days.size ?? 0 }),
    });
  }
  return {
    customers,
    windowEnd,
    windowEndDate: formatDay(windowEnd),
    asOf,
    ...(holdoutEnd === undefined ? {} : { holdoutEnd, holdoutWeeks: (holdoutEnd - asOf) / 7 }),
    transactionsInWindow: inWindow,
    transactionsInHoldout: inHoldout,
    transactionsIgnored: ignored,
  };
}
