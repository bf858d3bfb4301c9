/**
 * The lifetime-value models' inputs from the warehouse (the `customer_purchase_history` view, one
 * row per customer) and their scores back as CSV for the `customer_clv` table.
 */
import { stringify } from 'csv-stringify/sync';
import { scanCsv } from '../csv/scan-csv.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { ClvScoreRow } from './model.js';
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

/** The columns of `customer_clv`, in order. */
export const CLV_COLUMNS = [
  'customer_unique_id',
  'p_alive',
  'expected_purchases',
  'expected_avg_value',
  'clv',
] as const;

/** Days become weeks (the models' unit) as days / 7. */
const weeks = (days: number): number => days / 7;

/** Reads every customer's purchase history; the window ends the day before the as-of date. */
export async function readPurchaseHistory(wh: Warehouse): Promise<TransactionSummary> {
  const csv = await exportCsv(wh, QUERY);
  const customers: CustomerSummary[] = [];
  let header: string[] | undefined;
  let asOf: number | undefined;
  const day = (value: string | undefined, what: string, line: number): number => {
    const parsed = parseDay((value ?? '').slice(0, 10));
    if (parsed === undefined)
      throw new Error(`customer_purchase_history line ${line}: ${what} "${value}" is not a date`);
    return parsed;
  };
  scanCsv(
    csv,
    (record) => {
      if (header === undefined) {
        header = record.fields;
        return;
      }
      const f = Object.fromEntries(header.map((name, i) => [name, record.fields[i]]));
      asOf ??= day(f.as_of_date, 'as_of_date', record.line);
      const x = Number(f.repeat_occasions);
      customers.push({
        customerId: f.customer_unique_id ?? '',
        firstDay: day(f.first_purchase_date, 'first_purchase_date', record.line),
        lastDay: day(f.last_purchase_date, 'last_purchase_date', record.line),
        x,
        tx: weeks(Number(f.t_x_days)),
        T: weeks(Number(f.t_days)),
        meanRepeatValue: x > 0 ? Number(f.mean_repeat_value) : null,
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

/** Money and probabilities to 6 significant digits: the table is read by people and dashboards. */
const round = (x: number): string => String(Number(x.toPrecision(6)));

/** The scores as CSV with a header, in the columns of `customer_clv`. */
export function clvScoresCsv(scores: readonly ClvScoreRow[]): string {
  return stringify(
    scores.map((s) => [
      s.customerId,
      round(s.pAlive),
      round(s.expectedPurchases),
      round(s.expectedAvgValue),
      round(s.clv),
    ]),
    { header: true, columns: [...CLV_COLUMNS] },
  );
}
