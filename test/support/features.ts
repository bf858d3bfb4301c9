/**
 * Synthetic rows for `customer_features`, for tests that need features without loading and
 * deriving the Olist tables: well-separated groups on the normalised 0–5 scale.
 */
import { createRandom } from '../../actions/lib/random.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';

/** Two groups far apart on every feature: a low one and a high one. */
export const TWO_GROUPS = [
  [1, 1, 1],
  [4, 4, 4],
] as const;

/** `perGroup` points around each of `centers` (recency_n, frequency_n, monetary_n), seeded. */
export function groupedFeatures(
  centers: readonly (readonly [number, number, number])[],
  perGroup: number,
  seed = 7,
  spread = 0.15,
): [number, number, number][] {
  const rng = createRandom(seed);
  const clamp = (x: number): number => Math.min(5, Math.max(0, x));
  const jitter = (): number => (rng.next() + rng.next() + rng.next() - 1.5) * 2 * spread;
  return centers.flatMap((c) =>
    Array.from({ length: perGroup }, (): [number, number, number] => [
      clamp(c[0] + jitter()),
      clamp(c[1] + jitter()),
      clamp(c[2] + jitter()),
    ]),
  );
}

/**
 * Replaces `customer_features` with one row per point (the other columns are plausible filler),
 * and `transactions` with each customer's last purchase, so the warehouse passes the data checks
 * a load leaves it passing (training runs them first). `purchases: false` for a warehouse
 * migrated only as far as a version before `transactions` (V007).
 */
export async function seedFeatures(
  wh: Warehouse,
  points: readonly (readonly [number, number, number])[],
  { purchases: withPurchases = true }: { purchases?: boolean } = {},
): Promise<void> {
  const rows = points.map(([r, f, m], i) => {
    const id = `c${String(i).padStart(31, '0')}`;
    const frequency = 1 + Math.round(f);
    const monetary = 10 + 100 * m;
    const score = (x: number): number => Math.min(5, 1 + Math.floor(x));
    return `('${id}', date '2018-09-01', date '2018-08-01', ${1 + Math.round(100 * r)}, ${frequency}, ${monetary}, ${monetary * frequency}, ${r}, ${f}, ${m}, ${score(5 - r)}, ${score(f)}, ${score(m)}, 'hibernating')`;
  });
  const purchases = points.map(
    ([, , m], i) =>
      `('t${i}', 'c${String(i).padStart(31, '0')}', timestamp '2018-08-01 12:00:00', ${(10 + 100 * m).toFixed(2)}, null)`,
  );
  const replacePurchases = [
    { sql: 'delete from public.transactions', file: 'test/support/features.ts', line: 1 },
    {
      sql: `insert into public.transactions (transaction_id, customer_id, occurred_at, amount, status)
values ${purchases.join(',\n')}`,
      file: 'test/support/features.ts',
      line: 1,
    },
  ];
  await wh.transaction([
    { sql: 'delete from public.customer_features', file: 'test/support/features.ts', line: 1 },
    ...(withPurchases ? replacePurchases : []),
    {
      sql: `insert into public.customer_features
  (customer_unique_id, as_of_date, last_purchase_date, recency_days, frequency, monetary,
   total_spend, recency_n, frequency_n, monetary_n, r_score, f_score, m_score, segment)
values ${rows.join(',\n')}`,
      file: 'test/support/features.ts',
      line: 1,
    },
  ]);
}
