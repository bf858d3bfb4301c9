/** What the load tests share: a small transactions source, and the loaded tables as text. */
import { expect } from '@jest/globals';
import type { SourceConfig } from '../../contracts/environment/schema.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';

/** A transactions file with the columns who, when and amount: no ids, no statuses. */
export const WHO_WHEN_AMOUNT: SourceConfig = {
  format: 'transactions',
  data: 'sample',
  columns: { customer_id: 'who', occurred_at: 'when', amount: 'amount' },
  excludeStatuses: [],
  zeroAmounts: 'excluded',
};

const LOADED_TABLES = ['customers', 'orders', 'payments', 'transactions', 'load_history'];

/** Every row of the tables a load writes, by table, sorted: equal before and after means unchanged. */
export async function loadedRows(wh: Warehouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of LOADED_TABLES) {
    const rows = await wh.query(`select * from ${table}`);
    out[table] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => String(v))).sort();
  }
  return out;
}

/**
 * What `load` rejects with (anything else it returns fails the caller's type check), after
 * expecting the tables a load writes to hold the same rows before and after it; `customers` is
 * how many customers the tables hold, so that "unchanged" is not "empty".
 */
export async function refusalLeavingRows(
  wh: Warehouse,
  customers: number,
  load: () => Promise<unknown>,
): Promise<unknown> {
  const before = await loadedRows(wh);
  const error = await load().catch((e: unknown) => e);
  expect(await loadedRows(wh)).toEqual(before);
  expect(before.customers).toHaveLength(customers);
  return error;
}
