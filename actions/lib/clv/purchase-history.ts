/**
 * Every customer's purchase history from the warehouse (the `customer_purchase_history` view, one
 * row per customer), with what followed the as-of date: the input of holdout validation, which
 * compares each customer's prediction with what the customer did.
 */
import { scanCsv } from '../csv/scan-csv.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { formatDay, parseDay, type CustomerSummary, type TransactionSummary } from './summary.js';

const COLUMNS = [
  'customer_unique_id',
  'first_purchase_date',
  'last_purchase_date',
  'repeat_occasions',
  't_x_days',
  't_days',
  'mean_repeat_value',
] as const;

const QUERY = `select ${COLUMNS.join(', ')}, (select as_of_date from public.rfm_as_of) as as_of_date
from public.customer_purchase_history
order by customer_unique_id`;

/** Days become weeks (the models' unit) as days / 7. */
const weeks = (days: number): number => days / 7;

/** Reads every customer's purchase history; the window ends the day before the as-of date. */
export async function readPurchaseHistory(wh: Warehouse): Promise<TransactionSummary> {
  const csv = await exportCsv(wh, QUERY);
  const customers: CustomerSummary[] = [];
  let header = true;
  let asOf: number | undefined;
  // Few distinct dates among many customers: each is parsed once.
  const days = new Map<string, number>();
  const day = (value: string | undefined, what: string, line: number): number => {
    const text = (value ?? '').slice(0, 10);
    let parsed = days.get(text);
    if (parsed === undefined) {
      parsed = parseDay(text);
      if (parsed === undefined)
        throw new Error(`customer_purchase_history line ${line}: ${what} "${value}" is not a date`);
      days.set(text, parsed);
    }
    return parsed;
  };
  scanCsv(
    csv,
    (record) => {
      if (header) {
        const expected = [...COLUMNS, 'as_of_date'];
        if (record.fields.join() !== expected.join()) {
          throw new Error(
            `customer_purchase_history: columns ${record.fields.join(', ')}, expected ${expected.join(', ')}`,
          );
        }
        header = false;
        return;
      }
      const [id, first, last, repeat, txDays, tDays, meanValue, asOfDate] = record.fields;
      asOf ??= day(asOfDate, 'as_of_date', record.line);
      const x = Number(repeat);
      customers.push({
        customerId: id ?? '',
        firstDay: day(first, 'first_purchase_date', record.line),
        lastDay: day(last, 'last_purchase_date', record.line),
        x,
        tx: weeks(Number(txDays)),
        T: weeks(Number(tDays)),
        meanRepeatValue: x > 0 ? Number(meanValue) : null,
      });
    },
    (error) => {
      throw new Error(`customer_purchase_history line ${error.line}: ${error.reason}`);
    },
  );
  if (asOf === undefined) {
    throw new Error(
      'no customer has an eligible purchase before the as-of date; load data before fitting lifetime values',
    );
  }
  return {
    customers,
    windowEnd: asOf - 1,
    windowEndDate: formatDay(asOf - 1),
    asOf,
    transactionsInWindow: customers.reduce((n, c) => n + c.x + 1, 0),
    transactionsInHoldout: 0,
    transactionsIgnored: 0,
  };
}

/**
 * The summary with each customer's repeat occasions from the as-of date up to (not including)
 * `holdoutEnd`, YYYY-MM-DD: what holdout validation compares the predictions with. Customers
 * first seen in the holdout are not in the calibration summary and are not counted.
 */
export async function withHoldout(
  wh: Warehouse,
  summary: TransactionSummary,
  holdoutEnd: string,
): Promise<TransactionSummary> {
  const end = parseDay(holdoutEnd);
  if (end === undefined) throw new Error(`--holdout-end "${holdoutEnd}" is not a YYYY-MM-DD date`);
  if (end <= summary.asOf) {
    throw new Error(
      `--holdout-end ${holdoutEnd} must be after the as-of date ${formatDay(summary.asOf)}`,
    );
  }
  const rows = await wh.query<{ customer_unique_id: string; occasions: unknown }>({
    sql: `select eligible_transactions.customer_unique_id,
    count(distinct eligible_transactions.purchase_date) as occasions
from public.eligible_transactions
cross join public.rfm_as_of
where eligible_transactions.purchase_date >= rfm_as_of.as_of_date
    and eligible_transactions.purchase_date < cast('${formatDay(end)}' as date)
group by eligible_transactions.customer_unique_id`,
    file: 'clv/purchase-history.ts',
    line: 1,
  });
  const occasions = new Map(rows.map((r) => [r.customer_unique_id, Number(r.occasions)]));
  let inHoldout = 0;
  const customers = summary.customers.map((c) => {
    const n = occasions.get(c.customerId) ?? 0;
    inHoldout += n;
    return { ...c, holdoutOccasions: n };
  });
  return {
    ...summary,
    customers,
    holdoutEnd: end,
    holdoutWeeks: (end - summary.asOf) / 7,
    transactionsInHoldout: inHoldout,
  };
}
