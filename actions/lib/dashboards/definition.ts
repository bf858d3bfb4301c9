import type { BarVisual, ColumnSpec, DashboardSpec, DatasetSpec } from './types.js';

const int = (name: string, label?: string): ColumnSpec => ({ name, type: 'INTEGER', label });
const dec = (name: string, label?: string): ColumnSpec => ({ name, type: 'DECIMAL', label });
const str = (name: string, label?: string): ColumnSpec => ({ name, type: 'STRING', label });

/** A half-page bar chart of the customers per `category` of `dataset`. */
const customersPer = (
  dataset: string,
  category: BarVisual['category'],
  title: string,
  layout: Pick<BarVisual, 'orientation' | 'sort'>,
): BarVisual => ({
  kind: 'bar',
  id: dataset,
  title,
  dataset,
  span: 6,
  height: 'chart',
  category,
  value: { column: 'count_customers', aggregation: 'SUM' },
  ...layout,
});

/** One row: customers, orders, revenue, average order value, active model version and k. */
const kpis: DatasetSpec = {
  id: 'kpis',
  name: 'RFM headline numbers',
  source: { view: 'public.dashboard_kpis' },
  columns: [
    { name: 'as_of_date', type: 'DATETIME', label: 'as of' },
    int('count_customers', 'customers'),
    int('count_orders', 'orders'),
    dec('total_revenue', 'revenue'),
    dec('avg_order_value', 'average order value'),
    int('model_version', 'model version'),
    int('k'),
  ],
};

/** One row per named RFM segment. */
const segments: DatasetSpec = {
  id: 'segments',
  name: 'RFM segments',
  source: { view: 'public.segment_summary' },
  columns: [
    str('segment'),
    int('count_customers', 'customers'),
    dec('total_revenue', 'revenue'),
    dec('avg_recency_days', 'average recency (days)'),
    dec('avg_frequency', 'average orders'),
    dec('avg_monetary', 'average order value'),
  ],
};

/**
 * One row per cluster of the active model: name, centroid in the clustered space and in real
 * units, member statistics.
 */
const clusters: DatasetSpec = {
  id: 'clusters',
  name: 'KMeans clusters',
  source: { view: 'public.cluster_profiles' },
  columns: [
    int('model_version', 'model version'),
    int('cluster'),
    str('cluster_name', 'cluster name'),
    str('scaling'),
    dec('recency_scaled', 'recency (clustered space)'),
    dec('frequency_scaled', 'frequency (clustered space)'),
    dec('monetary_scaled', 'monetary (clustered space)'),
    dec('centroid_recency_days', 'centroid recency (days)'),
    dec('centroid_frequency', 'centroid purchases'),
    dec('centroid_monetary', 'centroid order value'),
    int('count_customers', 'customers'),
    dec('total_revenue', 'revenue'),
    dec('avg_recency_days', 'average recency (days)'),
    dec('avg_frequency', 'average orders'),
    dec('avg_monetary', 'average order value'),
    dec('avg_distance', 'average distance'),
  ],
  orderBy: ['cluster'],
};

/** The centroids in long form (cluster × feature), which is what a heat map reads. */
const centroids: DatasetSpec = {
  id: 'centroids',
  name: 'KMeans centroid profile',
  source: { view: 'public.cluster_centroid_features' },
  columns: [
    int('model_version', 'model version'),
    int('cluster'),
    str('cluster_name', 'cluster'),
    int('feature_order'),
    str('feature'),
    dec('value', 'centroid (clustered space)'),
    dec('real_value', 'centroid (days, purchases, money)'),
    dec('profile_value', 'standard deviations from the customer mean'),
  ],
  orderBy: ['feature_order', 'cluster'],
};

/** Every scored customer; `cluster_name` makes the cluster a category for colours and filters. */
const customers: DatasetSpec = {
  id: 'customers',
  name: 'Scored customers',
  source: {
    sql: `select
    customer_unique_id,
    segment,
    cluster,
    cluster_name,
    r_score,
    f_score,
    m_score,
    recency_days,
    frequency,
    monetary,
    total_spend,
    distance
from public.customer_segments`,
  },
  columns: [
    str('customer_unique_id', 'customer'),
    str('segment'),
    int('cluster'),
    str('cluster_name', 'cluster'),
    int('r_score', 'R'),
    int('f_score', 'F'),
    int('m_score', 'M'),
    int('recency_days', 'recency (days)'),
    int('frequency', 'orders'),
    dec('monetary', 'average order value'),
    dec('total_spend', 'total spend'),
    dec('distance', 'distance to centroid'),
  ],
  orderBy: ['customer_unique_id'],
};

/**
 * The RFM dashboard, the single source of both renderings: `toQuickSightDefinition` and
 * `renderDashboardHtml`.
 */
export const RFM_DASHBOARD: DashboardSpec = {
  id: 'rfm',
  title: 'RFM segments',
  datasets: [kpis, segments, clusters, centroids, customers],
  sheets: [
    {
      id: 'overview',
      title: 'Overview',
      description: 'Headline numbers, RFM segments and the KMeans clusters of the active model.',
      visuals: [
        ...(
          [
            ['kpi-customers', 'Customers', 'count_customers', 'SUM', 'integer'],
            ['kpi-orders', 'Orders', 'count_orders', 'SUM', 'integer'],
            // Whole units: a headline total with cents does not fit a sixth of the page.
            ['kpi-revenue', 'Revenue', 'total_revenue', 'SUM', 'integer'],
            ['kpi-aov', 'Average order value', 'avg_order_value', 'MAX', 'currency'],
            ['kpi-model', 'Model version', 'model_version', 'MAX', 'version'],
            ['kpi-k', 'Clusters (k)', 'k', 'MAX', 'integer'],
          ] as const
        ).map(([id, title, column, aggregation, format]) => ({
          kind: 'kpi' as const,
          id,
          title,
          dataset: 'kpis',
          span: 2,
          height: 'kpi' as const,
          // kpis has one row, so SUM and MAX both give that row's value.
          value: { column, aggregation },
          format,
        })),
        customersPer('segments', { column: 'segment' }, 'Customers per RFM segment', {
          orientation: 'horizontal',
          sort: 'value-desc',
        }),
        customersPer('clusters', { column: 'cluster_name', sortBy: 'cluster' }, 'Cluster sizes', {
          orientation: 'vertical',
          sort: 'category',
        }),
        {
          kind: 'scatter',
          id: 'scatter',
          title: 'Recency vs monetary, by cluster',
          subtitle: 'one point per customer; monetary on a log scale',
          dataset: 'customers',
          span: 6,
          height: 'chart',
          x: { column: 'recency_days' },
          y: { column: 'monetary' },
          colour: { column: 'cluster_name', sortBy: 'cluster' },
          yScale: 'log',
          maxPoints: 4000,
        },
        {
          kind: 'heatmap',
          id: 'centroids',
          title: 'Centroid profile',
          subtitle:
            'each centroid in standard deviations from the customer mean (log scale for purchases and money)',
          dataset: 'centroids',
          span: 6,
          height: 'chart',
          rows: { column: 'feature', sortBy: 'feature_order' },
          columns: { column: 'cluster_name', sortBy: 'cluster' },
          value: { column: 'profile_value', aggregation: 'AVERAGE' },
          range: [-2, 2],
          format: 'decimal',
        },
      ],
    },
    {
      id: 'customers',
      title: 'Customers',
      description: 'Every scored customer with segment, cluster and RFM values.',
      visuals: [
        {
          kind: 'table',
          id: 'customer-table',
          title: 'Customers by total spend',
          rowNoun: 'customers',
          dataset: 'customers',
          span: 12,
          height: 'tall',
          columns: [
            'customer_unique_id',
            'segment',
            'cluster_name',
            'recency_days',
            'frequency',
            'monetary',
            'total_spend',
            'r_score',
            'f_score',
            'm_score',
            'distance',
          ].map((column) => ({ column })),
          sortBy: { column: 'total_spend', direction: 'desc' },
          filters: [{ column: 'segment' }, { column: 'cluster_name', sortBy: 'cluster' }],
          maxRowsPerSelection: 100,
          pageRows: 100,
        },
      ],
    },
  ],
};
