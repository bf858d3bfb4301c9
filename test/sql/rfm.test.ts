import { describe, expect, test } from '@jest/globals';
import { loadLocal } from '../../actions/lib/load/local-loader.js';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { customer, hexId, order, payment, writeOlistFiles } from '../support/olist-fixture.js';
import {
  activateCentroids,
  LOCAL_ENGINE_NAMES,
  LOCAL_ENGINES,
  migratedWarehouse,
  REFRESH_DIR,
} from '../support/warehouse.js';
import { warehouseForBlock } from '../support/warehouse-fixture.js';
import { expectRows } from '../support/table-rows.js';

/*
 * Hand-computed fixture. Eligible purchases end on 2018-01-10, so the as-of date is 2018-01-11.
 *   u1: o1 (100.00) and o2 (voucher 20.00 + card 30.00 = 50.00)  → recency 1, frequency 2, monetary 75, total 150
 *   u2: o3 (75.00) on 2018-01-05                                  → recency 6, frequency 1, monetary 75
 *   u3: o4 (75.00), shipped, 2018-01-10 23:59                     → recency 1, frequency 1, monetary 75
 *   u4: only a canceled order; u5: only an order without payments  → not customers
 * Normalised: recency 1..6 → u1 0, u2 5, u3 0; frequency 1..2 → u1 5; monetary all 75 (min = max) → 0.
 * Scores (n = 3): recency ranked by days desc: u2 rank 1 → 1; u1, u3 tie at rank 2 → 1 + floor(5/3) = 2.
 * frequency asc: u2, u3 tie at rank 1 → 1; u1 rank 3 → 1 + floor(10/3) = 4: only 2 distinct
 * quintile scores, so the fixed bins apply: f_score = least(frequency, 5): u1 2, u2 and u3 1.
 * monetary: all rank 1 → 1.
 * Segments: u1 (r2, f2), u2 (r1, f1) and u3 (r2, f1) hibernating.
 */
const FIXTURE = {
  customers: [
    customer('c1', 'u1'),
    customer('c2', 'u1'),
    customer('c3', 'u2'),
    customer('c4', 'u3'),
    customer('c5', 'u4'),
    customer('c6', 'u5'),
  ],
  orders: [
    order('o1', 'c1', 'delivered', '2018-01-01 10:00:00'),
    order('o2', 'c2', 'delivered', '2018-01-10 09:00:00'),
    order('o3', 'c3', 'delivered', '2018-01-05 12:00:00'),
    order('o4', 'c4', 'shipped', '2018-01-10 23:59:00'),
    order('o5', 'c5', 'canceled', '2018-01-11 08:00:00'),
    order('o6', 'c6', 'delivered', '2018-01-09 08:00:00'),
  ],
  payments: [
    payment('o1', 1, 'credit_card', '100.00'),
    payment('o2', 1, 'voucher', '20.00'),
    payment('o2', 2, 'credit_card', '30.00'),
    payment('o3', 1, 'boleto', '75.00'),
    payment('o4', 1, 'credit_card', '75.00'),
    payment('o5', 1, 'credit_card', '999.00'),
  ],
};

interface ScoreRow {
  customer_unique_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  total_spend: number;
  recency_n: number;
  frequency_n: number;
  monetary_n: number;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
}

describe.each(LOCAL_ENGINE_NAMES)('RFM features on a hand-computed fixture (%s)', (engine) => {
  const loaded = warehouseForBlock(async () => {
    const wh = await LOCAL_ENGINES[engine](await writeOlistFiles(FIXTURE));
    await deriveFeatures(wh, REFRESH_DIR, undefined);
    return wh;
  });

  async function scores(): Promise<Record<string, ScoreRow>> {
    const rows = await loaded.wh.query<ScoreRow & Record<string, unknown>>(
      'select * from customer_rfm_scores',
    );
    return Object.fromEntries(rows.map((r) => [r.customer_unique_id, r]));
  }

  test('order value sums every payment and only eligible orders count', async () => {
    await expectRows(
      loaded.wh,
      'select transaction_id, amount from eligible_transactions order by transaction_id',
      [
        [hexId('o1'), 100],
        [hexId('o2'), 50],
        [hexId('o3'), 75],
        [hexId('o4'), 75],
      ],
      { numeric: ['amount'] },
    );
  });

  test('recency, frequency, monetary, normalised features, scores and segments', async () => {
    const s = await scores();
    expect(Object.keys(s).sort()).toEqual([hexId('u1'), hexId('u2'), hexId('u3')]);
    const pick = (u: string) => {
      const r = s[hexId(u)]!;
      return [
        r.recency_days,
        Number(r.frequency),
        r.monetary,
        r.total_spend,
        r.recency_n,
        r.frequency_n,
        r.monetary_n,
        r.r_score,
        r.f_score,
        r.m_score,
        r.segment,
      ];
    };
    expect(pick('u1')).toEqual([1, 2, 75, 150, 0, 5, 0, 2, 2, 1, 'hibernating']);
    expect(await loaded.wh.query('select * from rfm_frequency_rule')).toEqual([
      { quintile_scores: 2, frequency_rule: 'fixed_bins' },
    ]);
    expect(pick('u2')).toEqual([6, 1, 75, 75, 5, 0, 0, 1, 1, 1, 'hibernating']);
    expect(pick('u3')).toEqual([1, 1, 75, 75, 0, 0, 0, 2, 1, 1, 'hibernating']);
  });

  test('the stored features equal what the views compute', async () => {
    const columns =
      'customer_unique_id, as_of_date, last_purchase_date, recency_days, frequency, monetary, total_spend, recency_n, frequency_n, monetary_n, r_score, f_score, m_score, segment';
    const diff = await loaded.wh.query(
      `(select ${columns} from customer_features except select ${columns} from customer_rfm_scores)
union all
(select ${columns} from customer_rfm_scores except select ${columns} from customer_features)`,
    );
    expect(diff).toEqual([]);
    expect(await loaded.wh.query('select count(*) as n from customer_features')).toEqual([
      { n: 3 },
    ]);
  });

  test('the view has the stored columns in the same order (the refresh inserts by position)', async () => {
    const columnsOf = async (relation: string) =>
      Object.keys((await loaded.wh.query(`select * from ${relation} limit 1`))[0] ?? {});
    const stored = await columnsOf('customer_features');
    expect(stored).toHaveLength(14);
    expect(await columnsOf('customer_rfm_scores')).toEqual(stored);
  });

  test('an asOf date from the environment replaces the default', async () => {
    await deriveFeatures(loaded.wh, REFRESH_DIR, '2018-01-20');
    try {
      const s = await scores();
      expect([hexId('u1'), hexId('u2'), hexId('u3')].map((u) => s[u]!.recency_days)).toEqual([
        10, 15, 10,
      ]);
    } finally {
      await deriveFeatures(loaded.wh, REFRESH_DIR, undefined);
    }
  });

  test('purchases on or after an earlier asOf are outside the observation window', async () => {
    // As of 2018-01-10: u1 keeps only o1 (2018-01-01), u2 keeps o3, u3's only order is that day.
    await deriveFeatures(loaded.wh, REFRESH_DIR, '2018-01-10');
    try {
      const s = await scores();
      expect(s[hexId('u1')]).toMatchObject({ recency_days: 9, frequency: 1, total_spend: 100 });
      expect(s[hexId('u2')]).toMatchObject({ recency_days: 5, frequency: 1 });
      expect(s[hexId('u3')]).toBeUndefined();
    } finally {
      await deriveFeatures(loaded.wh, REFRESH_DIR, undefined);
    }
  });

  test('purchase history: occasions are calendar days, x, t_x and T in days, mean repeat value', async () => {
    const rows = await loaded.wh.query<Record<string, unknown>>(
      'select customer_unique_id, repeat_occasions, t_x_days, t_days, mean_repeat_value from customer_purchase_history order by customer_unique_id',
    );
    const byId = Object.fromEntries(rows.map((r) => [r.customer_unique_id, r]));
    // Window ends 2018-01-10 (as of 2018-01-11). u1: 01-01 (100) and 01-10 (50): x 1, t_x 9, T 9.
    expect(byId[hexId('u1')]).toMatchObject({
      repeat_occasions: 1,
      t_x_days: 9,
      t_days: 9,
      mean_repeat_value: 50,
    });
    expect(byId[hexId('u2')]).toMatchObject({
      repeat_occasions: 0,
      t_x_days: 0,
      t_days: 5,
      mean_repeat_value: null,
    });
    // u3's only purchase is on the window's last day: T = 0.
    expect(byId[hexId('u3')]).toMatchObject({ repeat_occasions: 0, t_days: 0 });
    expect(rows).toHaveLength(3);
  });

  test('scoring assigns the nearest centroid of the active version, ties to the lower id', async () => {
    const activate = (version: number, centroids: number[][]) =>
      activateCentroids(loaded.wh, version, centroids);
    await activate(1, [
      [9, 9, 9],
      [8, 8, 8],
      [7, 7, 7],
    ]);
    await activate(2, [
      [0, 0, 0],
      [1, 4, 0],
      [5, 0, 1],
    ]);
    const rows = await loaded.wh.query<{
      customer_unique_id: string;
      cluster: number;
      distance: number;
      model_version: number;
    }>(
      'select customer_unique_id, cluster, distance, model_version from scored_customers order by customer_unique_id',
    );
    expect(rows.map((r) => [r.cluster, r.model_version])).toEqual([
      [1, 2],
      [2, 2],
      [0, 2],
    ]);
    expect(rows[0]!.distance).toBeCloseTo(Math.SQRT2, 10);
    expect(rows[1]!.distance).toBeCloseTo(1, 10);
    expect(rows[2]!.distance).toBe(0);

    const active = await loaded.wh.query<{ model_version: number }>(
      'select model_version from segment_models where is_active',
    );
    expect(active).toEqual([{ model_version: 2 }]);

    // u1 sits at (0, 5, 0): exactly 2.5 from both centroids, so the lower id wins.
    await activate(3, [
      [0, 2.5, 0],
      [0, 7.5, 0],
    ]);
    const tie = await loaded.wh.query<{ cluster: number; distance: number }>(
      `select cluster, distance from scored_customers where customer_unique_id = '${hexId('u1')}'`,
    );
    expect(tie).toEqual([{ cluster: 0, distance: 2.5 }]);
  });
});

describe('frequency scores when purchases vary enough', () => {
  test('quintiles give at least 3 distinct scores: they apply, not the fixed bins', async () => {
    // v1..v5 buy 1..5 times (one payment each): quintile scores 1..5.
    const buyers = [1, 2, 3, 4, 5].map((n) => ({ id: `v${n}`, orders: n }));
    const own = await migratedWarehouse();
    try {
      await loadLocal(
        own,
        await writeOlistFiles({
          customers: buyers.flatMap((b) =>
            Array.from({ length: b.orders }, (_, i) => customer(`${b.id}c${i}`, b.id)),
          ),
          orders: buyers.flatMap((b) =>
            Array.from({ length: b.orders }, (_, i) =>
              order(`${b.id}o${i}`, `${b.id}c${i}`, 'delivered', `2018-01-0${i + 1} 10:00:00`),
            ),
          ),
          payments: buyers.flatMap((b) =>
            Array.from({ length: b.orders }, (_, i) =>
              payment(`${b.id}o${i}`, 1, 'credit_card', '10.00'),
            ),
          ),
        }),
        { maxErrors: 0 },
      );
      expect(await own.query('select * from rfm_frequency_rule')).toEqual([
        { quintile_scores: 5, frequency_rule: 'quintiles' },
      ]);
      const rows = await own.query<{ customer_unique_id: string; f_score: number }>(
        'select customer_unique_id, f_score from customer_rfm_scores order by frequency',
      );
      expect(rows.map((r) => r.f_score)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await own.close();
    }
  });
});
