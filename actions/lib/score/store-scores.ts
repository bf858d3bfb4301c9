import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const FILE = 'actions/lib/score/store-scores.ts';

/**
 * Scores every customer once: the scoring view (`scored_customers`, R__40) is copied into the
 * `customer_segments` table, which segments.csv, the views and the dashboards read, and each
 * customer's segment and cluster is recorded under the current as-of date in
 * `segment_snapshots` (the rows of that date are replaced, other dates are kept, so the
 * `segment_migration` view can compare the latest two). One transaction: the scores and their
 * snapshot always belong to the same features and model.
 */
export const STORE_SCORES: readonly SqlStatement[] = [
  { sql: 'delete from public.customer_segments', file: FILE, line: 15 },
  {
    sql: `insert into public.customer_segments
select * from public.scored_customers`,
    file: FILE,
    line: 17,
  },
  {
    sql: `delete from public.segment_snapshots
where as_of_date in (select distinct as_of_date from public.customer_features)`,
    file: FILE,
    line: 23,
  },
  {
    sql: `insert into public.segment_snapshots
    (as_of_date, customer_unique_id, segment, cluster, model_version)
select as_of_date, customer_unique_id, segment, cluster, model_version
from public.customer_segments`,
    file: FILE,
    line: 29,
  },
];

/** What a scoring stored: the as-of date of the snapshot and how many customers it holds. */
export interface StoredScores {
  readonly asOfDate: string | null;
  readonly customers: number;
}

/** Scores every customer and records the snapshot of the current as-of date (see STORE_SCORES). */
export async function storeScores(wh: Warehouse): Promise<StoredScores> {
  await wh.transaction(STORE_SCORES);
  const [row] = await wh.query<{ as_of_date: string | null; customers: unknown }>(
    `select cast(max(as_of_date) as varchar(10)) as as_of_date, count(*) as customers
from public.segment_snapshots
where as_of_date in (select distinct as_of_date from public.customer_features)`,
  );
  return { asOfDate: row?.as_of_date ?? null, customers: Number(row?.customers ?? 0) };
}

/**
 * Scores the customers when a load or a model activation emptied the stored scores since the
 * last scoring (a publish after `workshop load`, or after `workshop model activate`); returns
 * whether it did.
 */
export async function ensureScores(wh: Warehouse): Promise<boolean> {
  const [row] = await wh.query<{ stored: unknown; features: unknown }>(
    `select
    (select count(*) from public.customer_segments) as stored,
    (select count(*) from public.customer_features) as features`,
  );
  if (Number(row?.stored ?? 0) > 0 || Number(row?.features ?? 0) === 0) return false;
  await storeScores(wh);
  return true;
}
