import { sqlString } from '../sql/literal.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Stores the environment's `asOf` (or null: the day after the latest purchase) for the views. */
export async function applyRunSettings(wh: Warehouse, asOf: string | undefined): Promise<void> {
  await wh.query(runSettingsUpdate(asOf));
}

/** The statement that stores `asOf`. */
export function runSettingsUpdate(asOf: string | undefined): string {
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new Error(`asOf "${asOf}" is not a date written YYYY-MM-DD`);
  }
  const value = asOf === undefined ? 'null' : `cast(${sqlString(asOf, 'asOf')} as date)`;
  return `update public.rfm_settings set as_of_date = ${value} where settings_id = 1`;
}
