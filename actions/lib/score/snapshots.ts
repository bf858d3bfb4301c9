import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const FILE = 'actions/lib/score/snapshots.ts';

/**
 * Records every scored customer's segment and cluster under the current as-of date in
 * `segment_snapshots`: the rows of that date are replaced, other dates are kept, so the
 * `segment_migration` view can compare the latest two. One transaction.
 */
export const RECORD_SEGMENT_SNAPSHOT: readonly SqlStatement[] = [
  {
    sql: `delete from public.segment_snapshots
where as_of_date in (select distinct as_of_date from public.customer_features)`,
    file: FILE,
    line: 13,
  },
  {
    sql: `insert into public.segment_snapshots
    (as_of_date, customer_unique_id, segment, cluster, model_version)
select as_of_date, customer_unique_id, segment, cluster, model_version
from public.customer_segments`,
    file: FILE,
    line: 19,
  },
];

/** Writes the snapshot of the current as-of date and returns that date and its customers. */
export async function recordSegmentSnapshot(
  wh: Warehouse,
): Promise<{ asOfDate: string | null; customers: number }> {
  await wh.transaction(RECORD_SEGMENT_SNAPSHOT);
  const [row] = await wh.query<{ as_of_date: string | null; customers: unknown }>(
    `select cast(max(as_of_date) as varchar(10)) as as_of_date, count(*) as customers
from public.segment_snapshots
where as_of_date in (select distinct as_of_date from public.customer_features)`,
  );
  return { asOfDate: row?.as_of_date ?? null, customers: Number(row?.customers ?? 0) };
}
