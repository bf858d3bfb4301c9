/**
 * Lifetime value for every customer without moving customers through the client: the histories
 * are read grouped (customers with the same (x, t_x, T) and mean repeat value are one row), the
 * models are fitted and each distinct history scored here, and the warehouse joins the scores to
 * its customers (`clv_history_scores`, V009). Gamma-Gamma's conditional mean is linear in the
 * customer's mean repeat value m, p·(γ + x·m) / (p·x + q − 1), which is what makes the join exact.
 */
import { scanCsv } from '../csv/scan-csv.js';
import type { SqlStatement } from '../sql/statement.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { scoreHistories } from './clv.js';
import { gammaGammaValueLine } from './gamma-gamma.js';
import type { ClvFit, ClvHistory } from './model.js';
import { formatDay, parseDay } from './summary.js';

/** The grouped histories, in days as the warehouse holds them, and the window they cover. */
export interface WarehouseHistories {
  readonly histories: readonly (ClvHistory & { readonly txDays: number; readonly tDays: number })[];
  /** Last day of the calibration window, YYYY-MM-DD. */
  readonly windowEndDate: string;
}

const GROUPED = `select
    repeat_occasions,
    t_x_days,
    t_days,
    mean_repeat_value,
    count(*) as customers,
    (select as_of_date from public.rfm_as_of) as as_of_date
from public.customer_purchase_history
group by repeat_occasions, t_x_days, t_days, mean_repeat_value
order by repeat_occasions, t_x_days, t_days, mean_repeat_value`;

/**
 * Reads every customer's history from `customer_purchase_history`, grouped, in one order on every
 * engine and run (the fit sums over them in this order).
 */
export async function readWarehouseHistories(wh: Warehouse): Promise<WarehouseHistories> {
  const csv = await exportCsv(wh, GROUPED);
  const histories: WarehouseHistories['histories'][number][] = [];
  let header = true;
  let asOf: string | undefined;
  scanCsv(
    csv,
    (record) => {
      if (header) {
        header = false;
        return;
      }
      const [x, txDays, tDays, mean, customers, asOfDate] = record.fields.map((f) => f ?? '');
      asOf ??= asOfDate;
      const repeat = Number(x);
      histories.push({
        x: repeat,
        txDays: Number(txDays),
        tDays: Number(tDays),
        tx: Number(txDays) / 7,
        T: Number(tDays) / 7,
        meanRepeatValue: repeat > 0 && mean !== '' ? Number(mean) : null,
        weight: Number(customers),
      });
    },
    (error) => {
      throw new Error(`customer_purchase_history line ${error.line}: ${error.reason}`);
    },
  );
  const asOfDay = asOf === undefined ? undefined : parseDay(asOf.slice(0, 10));
  if (asOfDay === undefined) {
    throw new Error(
      'no customer has an eligible purchase before the as-of date; load data before fitting lifetime values',
    );
  }
  return { histories, windowEndDate: formatDay(asOfDay - 1) };
}

/** The columns of `clv_history_scores`, in order. */
export const HISTORY_SCORE_COLUMNS = [
  'repeat_occasions',
  't_x_days',
  't_days',
  'p_alive',
  'expected_purchases',
  'value_intercept',
  'value_slope',
  'clv_per_value',
] as const;

/** Full precision: the scores are joined and multiplied in the warehouse, and rounded on export. */
const number = (v: number): string => String(v);

/** One CSV row (header first) per distinct (x, t_x, T) of `histories`, scored with `fit`. */
export function historyScoresCsv(fit: ClvFit, histories: WarehouseHistories['histories']): string {
  const seen = new Set<string>();
  const distinct = histories.filter((h) => {
    const key = `${h.x},${h.txDays},${h.tDays}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const scored = scoreHistories(distinct, fit.bgnbdFit, fit.scoring);
  const lines = [HISTORY_SCORE_COLUMNS.join(',')];
  distinct.forEach((h, i) => {
    const s = scored[i];
    if (s === undefined) return;
    const value = gammaGammaValueLine(fit.gammaGammaFit, h.x);
    if (![s.pAlive, s.expectedPurchases, s.discountedPurchases].every(Number.isFinite)) {
      const { r, alpha, a, b } = fit.bgnbdFit;
      throw new Error(
        `CLV: no finite score for the history x = ${h.x}, t_x = ${h.txDays} days, T = ${h.tDays} days under BG/NBD r ${r}, α ${alpha}, a ${a}, b ${b}; nothing was stored. Report it with these numbers`,
      );
    }
    lines.push(
      [
        h.x,
        h.txDays,
        h.tDays,
        number(s.pAlive),
        number(s.expectedPurchases),
        number(value.intercept),
        number(value.slope),
        number(fit.scoring.margin * s.discountedPurchases),
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

/** Replaces `customer_clv` with the scores joined to every customer, in one transaction. */
export const CUSTOMER_CLV_FROM_HISTORY_SCORES: readonly SqlStatement[] = [
  { sql: 'delete from public.customer_clv', file: 'clv/history-scores.ts', line: 1 },
  {
    sql: `insert into public.customer_clv
    (customer_unique_id, p_alive, expected_purchases, expected_avg_value, clv)
select
    history.customer_unique_id,
    scores.p_alive,
    scores.expected_purchases,
    scores.value_intercept + scores.value_slope * coalesce(history.mean_repeat_value, 0),
    scores.clv_per_value
        * (scores.value_intercept + scores.value_slope * coalesce(history.mean_repeat_value, 0))
from public.customer_purchase_history as history
inner join public.clv_history_scores as scores
    on history.repeat_occasions = scores.repeat_occasions
    and history.t_x_days = scores.t_x_days
    and history.t_days = scores.t_days`,
    file: 'clv/history-scores.ts',
    line: 1,
  },
];
