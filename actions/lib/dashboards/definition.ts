import { DEFAULT_CURRENCY } from '../../../contracts/environment/schema.js';
import { sqlString } from '../sql/literal.js';
import {
  BEFORE,
  GONE_CUSTOMERS,
  NEW_CUSTOMERS,
  NOW,
  segmentColours,
  segmentLabelsSql,
} from './rfm-segments.js';
import { compactMoney, date, dec, int, money, rounded, share, str } from './columns.js';
import type { DashboardSpec, DatasetSpec, KpiVisual, NumberFormat, TableVisual } from './types.js';

/** The segment table of rfm-segments.ts, joined in SQL as `labels`. */
const LABELS = segmentLabelsSql();

/** A view with the segment table joined as `labels` on its `segment`, and what each column is from. */
interface LabelledView {
  readonly view: string;
  /** What the SQL calls the view (`as` it, unless that is the view's own name). */
  readonly alias: string;
  readonly join: 'inner' | 'left';
  /** The columns that are not the view's, by the table that has them: `labels` or one in `joins`. */
  readonly elsewhere: Readonly<Record<string, string>>;
  /** Further joins, after the labels'. */
  readonly joins?: string;
}

/** A dataset that selects its columns, in its order, from a view and the labels joined to it. */
function labelledDataset(dataset: Omit<DatasetSpec, 'source'>, from: LabelledView): DatasetSpec {
  const { view, alias, join, elsewhere, joins = '' } = from;
  const select = dataset.columns.map(({ name }) => `${elsewhere[name] ?? alias}.${name}`);
  const as = view.endsWith(`.${alias}`) ? '' : ` as ${alias}`;
  const sql = `select
    ${select.join(',\n    ')}
from ${view}${as}
${join} join ${LABELS} as labels
    on ${alias}.segment = labels.segment${joins}`;
  const { id, name, ...rest } = dataset;
  return { id, name, source: { sql }, ...rest };
}

/** One row: customers, purchases, revenue, order value and lifetime value; model version and k. */
const kpis: DatasetSpec = {
  id: 'kpis',
  name: 'RFM headline numbers',
  source: { view: 'public.dashboard_kpis' },
  columns: [
    date('as_of_date', 'as of'),
    int('count_customers', 'customers'),
    int('count_orders', 'purchases'),
    money('total_revenue', 'revenue'),
    money('avg_order_value', 'average order value'),
    money('total_clv', 'lifetime value, total'),
    money('avg_clv', 'lifetime value, average'),
    int('model_version', 'model version'),
    int('k'),
  ],
};

/** One row per RFM segment, all ten, with its readable name, rule, definition and action. */
const segments = labelledDataset(
  {
    id: 'segments',
    name: 'RFM segments',
    columns: [
      str('segment', 'segment id'),
      str('segment_name', 'segment'),
      str('segment_rule', 'scores'),
      str('segment_definition', 'who'),
      str('segment_action', 'suggested action'),
      int('segment_order', 'order'),
      int('count_customers', 'customers'),
      share('share_customers', 'share'),
      compactMoney('total_revenue', 'revenue'),
      share('share_revenue', 'share of revenue'),
      int('total_purchases', 'purchases'),
      rounded('avg_recency_days', 'recency (days)'),
      dec('avg_frequency', 'purchases per customer'),
      money('avg_order_value', 'order value'),
      money('avg_clv', 'lifetime value'),
      compactMoney('total_clv', 'lifetime value, total'),
    ],
    orderBy: ['segment_order'],
  },
  {
    view: 'public.segment_summary',
    alias: 'summary',
    join: 'inner',
    elsewhere: {
      segment_name: 'labels',
      segment_rule: 'labels',
      segment_definition: 'labels',
      segment_action: 'labels',
    },
  },
);

/** The 5 × 5 grid of recency and frequency scores, every cell with its segment and customers. */
const grid = labelledDataset(
  {
    id: 'grid',
    name: 'RFM grid',
    columns: [
      int('r_score', 'recency score (R)'),
      int('f_score', 'frequency score (F)'),
      str('segment', 'segment id'),
      str('segment_name', 'segment'),
      int('segment_order', 'order'),
      int('count_customers', 'customers'),
    ],
    orderBy: ['r_score', 'f_score'],
  },
  {
    view: 'public.segment_grid',
    alias: 'grid',
    join: 'inner',
    elsewhere: { segment_name: 'labels' },
  },
);

/** `from_label` or `to_label`: the segment's name and its side, so no flow returns to its node. */
const migrationLabel = (side: 'from' | 'to'): string => {
  const [missing, suffix] = side === 'from' ? [NEW_CUSTOMERS, BEFORE] : [GONE_CUSTOMERS, NOW];
  const literal = (text: string) => sqlString(text, 'migration label');
  return `coalesce(${side}_labels.segment_name, ${literal(missing)}) || ${literal(suffix)} as ${side}_label`;
};

/** Customers per pair of segments between the previous and the current snapshot. */
const migration: DatasetSpec = {
  id: 'migration',
  name: 'Segment migration',
  source: {
    sql: `select
    migration.previous_as_of_date,
    migration.current_as_of_date,
    migration.from_segment,
    migration.to_segment,
    ${migrationLabel('from')},
    ${migrationLabel('to')},
    coalesce(from_labels.segment_order, 0) as from_order,
    coalesce(to_labels.segment_order, 99) as to_order,
    migration.count_customers
from public.segment_migration as migration
left join ${LABELS} as from_labels
    on migration.from_segment = from_labels.segment
left join ${LABELS} as to_labels
    on migration.to_segment = to_labels.segment`,
  },
  columns: [
    date('previous_as_of_date', 'previous snapshot'),
    date('current_as_of_date', 'current snapshot'),
    str('from_segment', 'from segment id'),
    str('to_segment', 'to segment id'),
    str('from_label', 'from'),
    str('to_label', 'to'),
    int('from_order'),
    int('to_order'),
    int('count_customers', 'customers'),
  ],
  orderBy: ['from_order', 'to_order'],
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
    str('cluster_name', 'cluster'),
    str('scaling'),
    dec('recency_scaled', 'recency (clustered space)'),
    dec('frequency_scaled', 'frequency (clustered space)'),
    dec('monetary_scaled', 'monetary (clustered space)'),
    rounded('centroid_recency_days', 'recency (days)'),
    dec('centroid_frequency', 'purchases'),
    money('centroid_monetary', 'typical order value'),
    int('count_customers', 'customers'),
    compactMoney('total_revenue', 'revenue'),
    rounded('avg_recency_days', 'average recency (days)'),
    dec('avg_frequency', 'average purchases'),
    money('avg_monetary', 'average order value'),
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

/** How many customers have a lifetime value in each 1-2-5 range. */
const clvRanges: DatasetSpec = {
  id: 'clv-ranges',
  name: 'Lifetime value distribution',
  source: { view: 'public.clv_distribution' },
  columns: [
    int('bin_order', 'order'),
    str('bin_label', 'lifetime value'),
    int('count_customers', 'customers'),
    share('share_customers', 'share of customers'),
  ],
  orderBy: ['bin_order'],
};

/** The 20 customers with the highest lifetime value. */
const topClv = labelledDataset(
  {
    id: 'top-clv',
    name: 'Top customers by lifetime value',
    columns: [
      int('clv_rank', '#'),
      str('customer_unique_id', 'customer'),
      str('segment_name', 'segment'),
      str('cluster_name', 'cluster'),
      int('recency_days', 'recency (days)'),
      int('frequency', 'purchases'),
      money('total_spend', 'spent so far'),
      share('p_alive', 'chance still active'),
      dec('expected_purchases', 'expected purchases'),
      money('clv', 'lifetime value'),
    ],
    orderBy: ['clv_rank'],
  },
  {
    view: 'public.top_customers_by_clv',
    alias: 'top_customers',
    join: 'left',
    elsewhere: { segment_name: 'labels' },
  },
);

/** Every scored customer; `cluster_name` makes the cluster a category for colours and filters. */
const customers = labelledDataset(
  {
    id: 'customers',
    name: 'Scored customers',
    columns: [
      str('customer_unique_id', 'customer'),
      str('segment', 'segment id'),
      str('segment_name', 'segment'),
      int('segment_order', 'segment order'),
      int('cluster'),
      str('cluster_name', 'cluster'),
      int('r_score', 'R'),
      int('f_score', 'F'),
      int('m_score', 'M'),
      int('recency_days', 'recency (days)'),
      int('frequency', 'purchases'),
      money('monetary', 'average order value'),
      money('total_spend', 'total spend'),
      money('clv', 'lifetime value'),
      dec('distance', 'distance to centroid'),
    ],
    orderBy: ['customer_unique_id'],
    key: ['customer_unique_id'],
  },
  {
    view: 'public.customer_segments',
    alias: 'customer_segments',
    join: 'left',
    elsewhere: { segment_name: 'labels', segment_order: 'labels', clv: 'customer_clv' },
    joins: `
left join public.customer_clv
    on customer_segments.customer_unique_id = customer_clv.customer_unique_id`,
  },
);

const kpi = (
  id: string,
  title: string,
  column: string,
  format: NumberFormat,
  aggregation: KpiVisual['value']['aggregation'] = 'SUM',
): KpiVisual => ({
  kind: 'kpi',
  id,
  title,
  dataset: 'kpis',
  span: 2,
  height: 'kpi',
  // kpis has one row, so SUM and MAX both give that row's value.
  value: { column, aggregation },
  format,
});

/** A table of a few rows that all fit: no filters, nothing left out. */
const smallTable = (
  fields: Pick<TableVisual, 'id' | 'title' | 'dataset' | 'span' | 'height' | 'rowNoun'> &
    Partial<Pick<TableVisual, 'subtitle' | 'emptyText'>>,
  columns: readonly string[],
  sortBy: TableVisual['sortBy'],
  rows: number,
): TableVisual => ({
  kind: 'table',
  ...fields,
  columns: columns.map((column) => ({ column })),
  sortBy,
  filters: [],
  maxRowsPerSelection: rows,
  pageRows: rows,
});

const NO_CLV =
  'No lifetime values yet: they are fitted by workshop run (the clv stage) and by training.';

/**
 * The RFM dashboard with money in `currency` (ISO 4217), the single source of both renderings:
 * `toQuickSightDefinition` and `renderDashboardHtml`.
 */
export function rfmDashboard(currency: string): DashboardSpec {
  return {
    id: 'rfm',
    title: 'RFM segments',
    currency,
    categoryColours: {
      ...segmentColours(),
      [`${NEW_CUSTOMERS}${BEFORE}`]: '#b0bec5',
      [`${GONE_CUSTOMERS}${NOW}`]: '#b0bec5',
    },
    datasets: [kpis, segments, grid, migration, clusters, centroids, clvRanges, topClv, customers],
    sheets: [
      {
        id: 'overview',
        title: 'Segments',
        description:
          'Who the customers are by recency and frequency of purchase, what each segment is worth, and what to do about it.',
        visuals: [
          kpi('kpi-customers', 'Customers', 'count_customers', 'integer'),
          kpi('kpi-orders', 'Purchases', 'count_orders', 'integer'),
          kpi('kpi-revenue', 'Revenue', 'total_revenue', 'currency-compact'),
          kpi('kpi-aov', 'Average order value', 'avg_order_value', 'currency', 'MAX'),
          kpi('kpi-clv-total', 'Lifetime value, total', 'total_clv', 'currency-compact'),
          kpi('kpi-clv-average', 'Lifetime value, average', 'avg_clv', 'currency', 'MAX'),
          smallTable(
            {
              id: 'segment-table',
              title: 'Segments at a glance',
              subtitle:
                'all ten RFM segments, best first; lifetime value: expected over the lifetime-value horizon',
              dataset: 'segments',
              span: 12,
              height: 'short',
              rowNoun: 'segments',
            },
            [
              'segment_name',
              'count_customers',
              'share_customers',
              'total_revenue',
              'share_revenue',
              'avg_recency_days',
              'avg_frequency',
              'avg_order_value',
              'avg_clv',
              'total_clv',
            ],
            { column: 'segment_order', direction: 'asc' },
            10,
          ),
          smallTable(
            {
              id: 'segment-guide',
              title: 'What the segments mean, and what to do',
              subtitle:
                'R and F: recency and frequency scores from 1 to 5, 5 = most recent or most frequent',
              dataset: 'segments',
              span: 12,
              height: 'short',
              rowNoun: 'segments',
            },
            ['segment_name', 'segment_rule', 'segment_definition', 'segment_action'],
            { column: 'segment_order', direction: 'asc' },
            10,
          ),
          {
            kind: 'treemap',
            id: 'segment-treemap',
            title: 'Revenue by segment',
            subtitle: 'each rectangle as large as the segment’s revenue',
            dataset: 'segments',
            span: 6,
            height: 'chart',
            category: { column: 'segment_name', sortBy: 'segment_order' },
            value: { column: 'total_revenue', aggregation: 'SUM' },
            format: 'currency-compact',
            emptyText: 'No revenue yet.',
          },
          {
            kind: 'heatmap',
            id: 'segment-grid',
            title: 'Recency × frequency grid',
            subtitle: 'customers in each cell and the segment it belongs to; 5 = best',
            dataset: 'grid',
            span: 6,
            height: 'chart',
            rows: { column: 'r_score', order: 'desc' },
            columns: { column: 'f_score' },
            value: { column: 'count_customers', aggregation: 'SUM' },
            label: { column: 'segment_name' },
            format: 'integer',
          },
          {
            kind: 'sankey',
            id: 'segment-migration',
            title: 'Segment migration',
            subtitle: 'where the customers of each segment went between the last two snapshots',
            dataset: 'migration',
            span: 12,
            height: 'tall',
            source: { column: 'from_label', sortBy: 'from_order' },
            target: { column: 'to_label', sortBy: 'to_order' },
            value: { column: 'count_customers', aggregation: 'SUM' },
            period: { from: 'previous_as_of_date', to: 'current_as_of_date' },
            emptyText:
              'One snapshot so far. Each run records the segments of its as-of date; run again with a later asOf to see where customers moved.',
          },
        ],
      },
      {
        id: 'clusters',
        title: 'Clusters',
        description:
          'The KMeans clusters of the active model, named from their profile, in real units.',
        visuals: [
          smallTable(
            {
              id: 'cluster-table',
              title: 'Cluster profiles',
              subtitle:
                'recency, purchases and typical order value: the centroid, a typical member; average order value: over all members (spend is skewed, so above the typical)',
              dataset: 'clusters',
              span: 12,
              height: 'short',
              rowNoun: 'clusters',
              emptyText: 'No active model yet.',
            },
            [
              'cluster_name',
              'count_customers',
              'centroid_recency_days',
              'centroid_frequency',
              'centroid_monetary',
              'avg_monetary',
              'total_revenue',
            ],
            { column: 'cluster', direction: 'asc' },
            50,
          ),
          {
            kind: 'scatter',
            id: 'scatter',
            title: 'Recency vs order value, by cluster',
            subtitle: 'one point per customer; order value on a log scale',
            dataset: 'customers',
            span: 6,
            height: 'chart',
            x: { column: 'recency_days' },
            y: { column: 'monetary' },
            colour: { column: 'cluster_name', sortBy: 'cluster' },
            yScale: 'log',
            maxPoints: 4000,
            emptyText: 'No active model yet.',
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
            emptyText: 'No active model yet.',
          },
        ],
      },
      {
        id: 'value',
        title: 'Lifetime value',
        description:
          'Expected value of each customer over the lifetime-value horizon (BG/NBD and Gamma-Gamma), discounted.',
        visuals: [
          {
            kind: 'bar',
            id: 'clv-histogram',
            title: 'Lifetime value distribution',
            subtitle: 'customers per range of lifetime value; ranges widen in 1-2-5 steps',
            dataset: 'clv-ranges',
            span: 6,
            height: 'chart',
            category: { column: 'bin_label', sortBy: 'bin_order' },
            value: { column: 'count_customers', aggregation: 'SUM' },
            orientation: 'vertical',
            sort: 'category',
            emptyText: NO_CLV,
          },
          {
            kind: 'bar',
            id: 'clv-by-segment',
            title: 'Lifetime value by segment',
            subtitle: 'what each segment is expected to bring over the lifetime-value horizon',
            dataset: 'segments',
            span: 6,
            height: 'chart',
            category: { column: 'segment_name', sortBy: 'segment_order' },
            value: { column: 'total_clv', aggregation: 'SUM' },
            orientation: 'horizontal',
            sort: 'category',
            emptyText: NO_CLV,
          },
          smallTable(
            {
              id: 'top-clv',
              title: 'Top 20 customers by lifetime value',
              dataset: 'top-clv',
              span: 12,
              height: 'tall',
              rowNoun: 'customers',
              emptyText: NO_CLV,
            },
            [
              'clv_rank',
              'customer_unique_id',
              'clv',
              'p_alive',
              'expected_purchases',
              'segment_name',
              'cluster_name',
              'total_spend',
              'frequency',
            ],
            { column: 'clv_rank', direction: 'asc' },
            20,
          ),
        ],
      },
      {
        id: 'customers',
        title: 'Customers',
        description: 'Every scored customer with segment, cluster, RFM values and lifetime value.',
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
              'segment_name',
              'cluster_name',
              'recency_days',
              'frequency',
              'monetary',
              'total_spend',
              'clv',
              'r_score',
              'f_score',
              'm_score',
              'distance',
            ].map((column) => ({ column })),
            sortBy: { column: 'total_spend', direction: 'desc' },
            filters: [
              { column: 'segment_name', sortBy: 'segment_order' },
              { column: 'cluster_name', sortBy: 'cluster' },
            ],
            maxRowsPerSelection: 100,
            pageRows: 100,
          },
        ],
      },
    ],
  };
}

/**
 * The dashboard in Olist's currency (BRL): what reading the datasets needs (they do not depend
 * on the currency). Publishers build the team's own with `rfmDashboard(sourceCurrency(…))`.
 */
export const RFM_DASHBOARD: DashboardSpec = rfmDashboard(DEFAULT_CURRENCY.olist);
