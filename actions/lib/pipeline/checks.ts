import {
  readChecks,
  runCheckQueries,
  type CheckResult,
  type DataCheck,
} from '../sql/data-checks.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export {
  CheckFailure,
  readChecks,
  runCheckQueries,
  type CheckResult,
  type DataCheck,
} from '../sql/data-checks.js';

/**
 * Runs every `*.sql` in `dirs` (each one query returning the offending rows) and throws
 * CheckFailure naming each failing file and its rows.
 */
export async function runChecks(
  wh: Warehouse,
  dirs: string | readonly string[],
): Promise<CheckResult[]> {
  const checks: DataCheck[] = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs)
    checks.push(...(await readChecks(dir)));
  return runCheckQueries((statement) => wh.query(statement), checks);
}
