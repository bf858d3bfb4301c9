/**
 * The dashboard's segment views on a generated sample, on PGlite and on DuckDB: every segment and
 * every grid cell is there (empty ones with 0), the shares and totals add up to what the stored
 * features hold, the lifetime-value ranges count every scored customer once, and the segment
 * migration between two snapshots equals the join of the two snapshots done here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { writeSampleData } from '../../actions/lib/sample-data/generate.js';
import { storeScores } from '../../actions/lib/score/store-scores.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import {
  activateCentroids,
  LOCAL_ENGINE_NAMES,
  LOCAL_ENGINES,
  REFRESH_DIR,
} from '../support/warehouse.js';

const EARLIER = '2018-03-01';
const LATER = '2018-06-01';

interface Feature {
  customer_unique_id: string;
  segment: string;
  r_score: number;
  f_score: number;
  frequency: number;
  recency_days: number;
  total_spend: number;
}

const num = (x: unknown): number => Number(x);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe.each(LOCAL_ENGINE_NAMES)('segment views (%s)', (engine) => {
  let wh: Warehouse;
  let dataDir: string;
  const snapshots: Record<string, Map<string, string>> = {};

  /** Features as of `asOf`, scored with fixed centroids, and their snapshot recorded. */
  async function scoreAsOf(asOf: string): Promise<Feature[]> {
    await deriveFeatures(wh, REFRESH_DIR, asOf);
    const recorded = await storeScores(wh);
    expect(recorded.asOfDate).toBe(asOf);
    const rows = await wh.query<Feature & Record<string, unknown>>(
      `select customer_unique_id, segment, r_score, f_score, frequency, recency_days, total_spend
       from public.customer_features order by customer_unique_id`,
    );
    expect(recorded.customers).toBe(rows.length);
    snapshots[asOf] = new Map(rows.map((r) => [r.customer_unique_id, r.segment]));
    return rows.map((r) => ({
      ...r,
      r_score: num(r.r_score),
      f_score: num(r.f_score),
      frequency: num(r.frequency),
      recency_days: num(r.recency_days),
      total_spend: num(r.total_spend),
    }));
  }

  let later: Feature[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'segment-views-'));
    await writeSampleData(dataDir, { orders: 1500, seed: 11 });
    wh = await LOCAL_ENGINES[engine](dataDir);
    await deriveFeatures(wh, REFRESH_DIR, EARLIER);
    await activateCentroids(wh, 1, [
      [0.5, 0, 0.2],
      [2.5, 0.5, 0.4],
      [4.5, 1, 1],
    ]);
    await scoreAsOf(EARLIER);
    later = await scoreAsOf(LATER);
  }, 120_000);

  afterAll(async () => {
    await wh?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the rules name all 25 cells with ten segments, in display order', async () => {
    const rules = await wh.query<{ r_score: number; f_score: number; segment: string }>(
      'select r_score, f_score, segment, segment_order from public.rfm_segment_rules',
    );
    expect(rules).toHaveLength(25);
    expect(new Set(rules.map((r) => r.segment)).size).toBe(10);
    // Every customer's stored segment is the segment of its (r, f) cell.
    const cell = new Map(rules.map((r) => [`${num(r.r_score)},${num(r.f_score)}`, r.segment]));
    for (const c of later) expect(cell.get(`${c.r_score},${c.f_score}`)).toBe(c.segment);
  });

  test('segment_summary has all ten segments; empty ones with 0; shares add up', async () => {
    const rows = await wh.query<Record<string, unknown>>(
      'select * from public.segment_summary order by segment_order',
    );
    expect(rows.map((r) => r.segment)).toEqual([
      'champions',
      'loyal_customers',
      'potential_loyalists',
      'new_customers',
      'promising',
      'need_attention',
      'about_to_sleep',
      'cant_lose_them',
      'at_risk',
      'hibernating',
    ]);
    const revenue = sum(later.map((c) => c.total_spend));
    for (const row of rows) {
      const members = later.filter((c) => c.segment === row.segment);
      expect(num(row.count_customers)).toBe(members.length);
      expect(num(row.share_customers)).toBeCloseTo(members.length / later.length, 12);
      expect(num(row.total_revenue)).toBeCloseTo(sum(members.map((c) => c.total_spend)), 6);
      expect(num(row.share_revenue)).toBeCloseTo(
        sum(members.map((c) => c.total_spend)) / revenue,
        12,
      );
      const purchases = sum(members.map((c) => c.frequency));
      expect(num(row.total_purchases)).toBe(purchases);
      if (members.length === 0) {
        expect(row.avg_order_value).toBeNull();
        expect(num(row.total_clv)).toBe(0);
      } else {
        expect(num(row.avg_order_value)).toBeCloseTo(
          sum(members.map((c) => c.total_spend)) / purchases,
          6,
        );
      }
    }
    // The sample is small enough that some segments are empty, and they are still listed.
    expect(rows.some((r) => num(r.count_customers) === 0)).toBe(true);
    expect(sum(rows.map((r) => num(r.share_customers)))).toBeCloseTo(1, 12);
  });

  test('segment_grid has every cell of the 5 x 5 grid with its customers', async () => {
    const grid = await wh.query<Record<string, unknown>>('select * from public.segment_grid');
    expect(grid).toHaveLength(25);
    for (const cell of grid) {
      const members = later.filter(
        (c) => c.r_score === num(cell.r_score) && c.f_score === num(cell.f_score),
      );
      expect(num(cell.count_customers)).toBe(members.length);
    }
    expect(sum(grid.map((c) => num(c.count_customers)))).toBe(later.length);
  });

  test('the migration view counts each pair of segments between the two latest snapshots', async () => {
    const rows = await wh.query<Record<string, unknown>>(
      `select cast(previous_as_of_date as varchar(10)) as previous_as_of_date,
              cast(current_as_of_date as varchar(10)) as current_as_of_date,
              from_segment, to_segment, count_customers
       from public.segment_migration`,
    );
    const before = snapshots[EARLIER]!;
    const after = snapshots[LATER]!;
    const expected = new Map<string, number>();
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const key = `${before.get(id) ?? '(new)'} → ${after.get(id) ?? '(gone)'}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map(
      rows.map((r) => [
        `${String(r.from_segment)} → ${String(r.to_segment)}`,
        num(r.count_customers),
      ]),
    );
    expect(got).toEqual(expected);
    for (const r of rows) {
      expect([r.previous_as_of_date, r.current_as_of_date]).toEqual([EARLIER, LATER]);
    }
    // A later sample has customers the earlier one did not.
    expect([...got.keys()].some((k) => k.startsWith('(new) → '))).toBe(true);
  });

  test('lifetime value: every customer in one 1-2-5 range, the top 20 by value', async () => {
    await wh.transaction([
      { sql: 'delete from public.customer_clv', line: 1 },
      {
        sql: `insert into public.customer_clv
          (customer_unique_id, p_alive, expected_purchases, expected_avg_value, clv)
          select customer_unique_id, 0.5, 1.0, total_spend, total_spend * 0.37
          from public.customer_features`,
        line: 1,
      },
    ]);
    const clv = later.map((c) => c.total_spend * 0.37);
    const edges = [1, 2, 5].flatMap((m) => [0, 1, 2, 3, 4, 5, 6].map((d) => m * 10 ** d));
    edges.sort((a, b) => a - b);
    // bin 0 is under 1; bin i (1..21) starts at edges[i - 1]; bin 22 is 10 million and more.
    const binOf = (x: number): number => edges.filter((e) => x >= e).length;
    const expected = new Map<number, number>();
    for (const x of clv) expected.set(binOf(x), (expected.get(binOf(x)) ?? 0) + 1);
    const first = Math.min(...expected.keys());
    const last = Math.max(...expected.keys());

    const bins = await wh.query<Record<string, unknown>>(
      'select * from public.clv_distribution order by bin_order',
    );
    expect(bins.map((b) => num(b.bin_order))).toEqual(
      Array.from({ length: last - first + 1 }, (_, i) => first + i),
    );
    for (const b of bins) {
      expect(num(b.count_customers)).toBe(expected.get(num(b.bin_order)) ?? 0);
      expect(num(b.share_customers)).toBeCloseTo(
        (expected.get(num(b.bin_order)) ?? 0) / clv.length,
        12,
      );
    }
    expect(bins.find((b) => num(b.bin_order) === 4)?.bin_label ?? '10-20').toBe('10-20');

    const top = await wh.query<Record<string, unknown>>(
      'select clv_rank, customer_unique_id, segment, clv from public.top_customers_by_clv order by clv_rank',
    );
    const ranked = later
      .map((c) => ({ id: c.customer_unique_id, clv: c.total_spend * 0.37, segment: c.segment }))
      .sort((a, b) => b.clv - a.clv || (a.id < b.id ? -1 : 1))
      .slice(0, 20);
    expect(top.map((t) => [num(t.clv_rank), t.customer_unique_id, t.segment])).toEqual(
      ranked.map((r, i) => [i + 1, r.id, r.segment]),
    );
    for (const [i, t] of top.entries()) expect(num(t.clv)).toBeCloseTo(ranked[i]!.clv, 6);

    const summary = await wh.query<Record<string, unknown>>(
      'select segment, count_customers, total_clv, avg_clv from public.segment_summary',
    );
    for (const row of summary) {
      const members = later.filter((c) => c.segment === row.segment);
      expect(num(row.total_clv)).toBeCloseTo(sum(members.map((c) => c.total_spend * 0.37)), 6);
      if (members.length > 0)
        expect(num(row.avg_clv)).toBeCloseTo(
          sum(members.map((c) => c.total_spend * 0.37)) / members.length,
          6,
        );
    }
  });

  test('a second snapshot of the same date replaces its rows and keeps the other date', async () => {
    await storeScores(wh);
    const counts = await wh.query<{ as_of_date: string; n: unknown }>(
      `select cast(as_of_date as varchar(10)) as as_of_date, count(*) as n
       from public.segment_snapshots group by as_of_date order by as_of_date`,
    );
    expect(counts.map((c) => [c.as_of_date, num(c.n)])).toEqual([
      [EARLIER, snapshots[EARLIER]!.size],
      [LATER, snapshots[LATER]!.size],
    ]);
    const clustered = await wh.query<{ n: unknown }>(
      'select count(*) as n from public.segment_snapshots where cluster is null',
    );
    expect(num(clustered[0]?.n)).toBe(0);
  });

  test('with one snapshot there is no migration to show', async () => {
    await wh.query(`delete from public.segment_snapshots where as_of_date = '${EARLIER}'`);
    const rows = await wh.query('select * from public.segment_migration');
    expect(rows).toEqual([]);
  });
});
