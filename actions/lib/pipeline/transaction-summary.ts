import type { Warehouse } from '../warehouse/warehouse.js';

/** How the loaded transactions divide: those RFM and CLV count, and each reason one is left out. */
export interface TransactionSummary {
  readonly eligible: number;
  /** Transactions left out per reason (R__12_transaction_exclusions.sql), largest first. */
  readonly excluded: readonly { readonly reason: string; readonly transactions: number }[];
}

/** Reads the split from the warehouse's views, after a load. */
export async function readTransactionSummary(wh: Warehouse): Promise<TransactionSummary> {
  const rows = await wh.query<{ reason: string; n: unknown }>({
    sql: `select 'eligible' as reason, count(*) as n from public.eligible_transactions
union all
select reason, count(*) as n from public.transaction_exclusions group by reason`,
    file: 'pipeline/transaction-summary.ts',
    line: 1,
  });
  const excluded = rows
    .filter((r) => r.reason !== 'eligible')
    .map((r) => ({ reason: r.reason, transactions: Number(r.n) }))
    .sort((a, b) => b.transactions - a.transactions || a.reason.localeCompare(b.reason));
  return {
    eligible: Number(rows.find((r) => r.reason === 'eligible')?.n ?? 0),
    excluded,
  };
}

/** `41,234 eligible; 312 left out: 200 refunded in full, 112 excluded status`. */
export function formatTransactionSummary(s: TransactionSummary): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const left = s.excluded.reduce((sum, e) => sum + e.transactions, 0);
  if (left === 0) return `${n(s.eligible)} eligible, none left out`;
  const reasons = s.excluded.map((e) => `${n(e.transactions)} ${e.reason}`).join(', ');
  return `${n(s.eligible)} eligible; ${n(left)} left out: ${reasons}`;
}
