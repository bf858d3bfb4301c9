import type { Warehouse } from '../warehouse/warehouse.js';
import type { SegmentRow } from '../score/segments.js';

/** Everything the dashboard shows, read once from the warehouse. */
export interface DashboardData {
  readonly team: string;
  readonly asOfDate: string;
  readonly kpis: {
    readonly customers: number;
    readonly orders: number;
    readonly revenue: number;
    readonly averageOrderValue: number;
    readonly modelVersion: number | null;
    readonly k: number | null;
  };
  readonly segments: readonly { segment: string; customers: number; revenue: number }[];
  readonly clusters: readonly ClusterProfile[];
  /** A deterministic, evenly spaced sample of customers for the scatter plot. */
  readonly scatter: readonly { recency_days: number; monetary: number; cluster: number }[];
  readonly scatterOf: number;
}

export interface ClusterProfile {
  readonly cluster: number;
  readonly customers: number;
  readonly recency_n: number;
  readonly frequency_n: number;
  readonly monetary_n: number;
  readonly avg_recency_days: number | null;
  readonly avg_frequency: number | null;
  readonly avg_monetary: number | null;
}

const SCATTER_POINTS = 4000;

export async function readDashboardData(
  wh: Warehouse,
  team: string,
  segmentRows: readonly SegmentRow[],
): Promise<DashboardData> {
  const [totals] = await wh.query<{ orders: number; revenue: number; as_of_date: Date | string }>(
    `select count(*) as orders, cast(sum(order_value) as double precision) as revenue,
  (select max(as_of_date) from public.customer_rfm) as as_of_date
from public.order_values`,
  );
  const [model] = await wh.query<{ model_version: number; k: number }>(
    `select model_version, k from public.segment_models where is_active`,
  );
  const segments = await wh.query<{ segment: string; customers: number; revenue: number }>(
    `select segment, count_customers as customers, total_revenue as revenue
from public.segment_summary order by count_customers desc`,
  );
  const clusters = await wh.query<ClusterProfile & Record<string, unknown>>(
    `select cluster, count_customers as customers, recency_n, frequency_n, monetary_n,
  avg_recency_days, avg_frequency, avg_monetary
from public.cluster_profiles order by cluster`,
  );
  const orders = Number(totals?.orders ?? 0);
  const revenue = Number(totals?.revenue ?? 0);
  const step = Math.max(1, Math.ceil(segmentRows.length / SCATTER_POINTS));
  const scatter = segmentRows
    .filter((row, i) => i % step === 0 && row.cluster !== null)
    .map((row) => ({
      recency_days: Number(row.recency_days),
      monetary: Number(row.monetary),
      cluster: Number(row.cluster),
    }));
  const asOf = totals?.as_of_date;
  return {
    team,
    asOfDate: asOf instanceof Date ? asOf.toISOString().slice(0, 10) : String(asOf ?? ''),
    kpis: {
      customers: segmentRows.length,
      orders,
      revenue,
      averageOrderValue: orders === 0 ? 0 : revenue / orders,
      modelVersion: model?.model_version ?? null,
      k: model?.k ?? null,
    },
    segments: segments.map((s) => ({
      ...s,
      customers: Number(s.customers),
      revenue: Number(s.revenue),
    })),
    clusters: clusters.map((c) => ({
      ...c,
      cluster: Number(c.cluster),
      customers: Number(c.customers),
    })),
    scatter,
    scatterOf: segmentRows.length,
  };
}
