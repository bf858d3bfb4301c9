/**
 * Scoring in the warehouse (grouped histories, one score per distinct history, joined to the
 * customers) gives every customer exactly what scoring each customer in the client gives, on
 * each local engine.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CUSTOMER_CLV_FROM_HISTORY_SCORES,
  HISTORY_SCORE_COLUMNS,
  historyScoresCsv,
  readWarehouseHistories,
} from '../../../../actions/lib/clv/history-scores.js';
import { scoreCustomers } from '../../../../actions/lib/clv/clv.js';
import { fitClv, runClv } from '../../../../actions/lib/clv/model.js';
import { readPurchaseHistory } from '../../../../actions/lib/clv/purchase-history.js';
import { duckDbLoader } from '../../../../actions/lib/load/duckdb-loader.js';
import { localLoader, type Loader } from '../../../../actions/lib/load/loader.js';
import { deriveFeatures } from '../../../../actions/lib/pipeline/refresh.js';
import { writeSample } from '../../../../actions/lib/sample-data/kinds.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import type { SourceConfig } from '../../../../contracts/environment/schema.js';
import { BANKING } from '../../../../actions/lib/sample-data/banking.js';
import { migratedDuckDb, migratedWarehouse, REFRESH_DIR } from '../../../support/warehouse.js';

const SOURCE: SourceConfig = {
  format: 'transactions',
  data: 'sample',
  columns: { ...BANKING.columns },
  excludeStatuses: ['reversed'],
  zeroAmounts: 'excluded',
};
const OPTIONS = { horizonDays: 365, annualDiscountRate: 0.1, margin: 0.3 };

const ENGINES: Readonly<Record<string, () => Promise<{ wh: Warehouse; loader: Loader }>>> = {
  pglite: async () => {
    const wh = await migratedWarehouse();
    return { wh, loader: localLoader(wh) };
  },
  duckdb: async () => {
    const wh = await migratedDuckDb();
    return { wh, loader: duckDbLoader(wh, await mkdtemp(join(tmpdir(), 'scratch-'))) };
  },
};

describe.each(Object.keys(ENGINES))('customer_clv from history scores (%s)', (engine) => {
  let wh: Warehouse;
  let loader: Loader;

  beforeAll(async () => {
    ({ wh, loader } = await (
      ENGINES[engine] as () => Promise<{ wh: Warehouse; loader: Loader }>
    )());
    const sample = await writeSample('banking', await mkdtemp(join(tmpdir(), 'bank-')), {
      size: 6000,
      seed: 3,
    });
    await loader.load(sample.dataPath, { maxErrors: 0, source: SOURCE });
    await deriveFeatures(wh, REFRESH_DIR, '2024-07-01');
  }, 60_000);
  afterAll(async () => wh.close());

  test('every customer scores as the per-customer computation does', async () => {
    const { histories, windowEndDate } = await readWarehouseHistories(wh);
    const fit = fitClv(histories, windowEndDate, OPTIONS);
    // Fewer rows than customers: that is the point of reading them grouped.
    expect(histories.length).toBeLessThan(fit.result.customers);
    await loader.replaceTable(
      'clv_history_scores',
      HISTORY_SCORE_COLUMNS,
      historyScoresCsv(fit, histories),
    );
    await wh.transaction(CUSTOMER_CLV_FROM_HISTORY_SCORES);

    // The grouped and the per-customer fits stop at the same optimum, to the optimiser's tolerance.
    const history = await readPurchaseHistory(wh);
    const perCustomer = runClv(history, OPTIONS);
    const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
    expect(relative(perCustomer.result.bgnbd.r, fit.result.bgnbd.r)).toBeLessThan(1e-5);
    expect(relative(perCustomer.result.gammaGamma.p, fit.result.gammaGamma.p)).toBeLessThan(1e-5);
    expect(perCustomer.result.customers).toBe(fit.result.customers);
    expect(perCustomer.result.repeatCustomers).toBe(fit.result.repeatCustomers);
    // Read grouped or per customer, the same data: a holdout check is matched to its run by it.
    expect(perCustomer.result.dataFingerprint).toBe(fit.result.dataFingerprint);
    expect(perCustomer.result.spendIndependence.correlation).toBeCloseTo(
      fit.result.spendIndependence.correlation ?? NaN,
      9,
    );

    const stored = new Map(
      (
        await wh.query<{
          customer_unique_id: string;
          p_alive: unknown;
          expected_purchases: unknown;
          expected_avg_value: unknown;
          clv: unknown;
        }>('select * from customer_clv')
      ).map((r) => [r.customer_unique_id, r]),
    );
    // The join must give each customer what scoring that customer with the same fit gives.
    const expected = scoreCustomers(
      history.customers,
      fit.bgnbdFit,
      fit.gammaGammaFit,
      fit.scoring,
    );
    const scores = history.customers.map((c, i) => ({ customerId: c.customerId, ...expected[i]! }));
    expect(stored.size).toBe(scores.length);
    const close = (a: number, b: number): boolean =>
      Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    const off = scores.filter((s) => {
      const r = stored.get(s.customerId);
      return (
        r === undefined ||
        !close(Number(r.p_alive), s.pAlive) ||
        !close(Number(r.expected_purchases), s.expectedPurchases) ||
        !close(Number(r.expected_avg_value), s.expectedAvgValue) ||
        !close(Number(r.clv), s.clv)
      );
    });
    expect(off).toEqual([]);
    expect(scores.some((s) => s.clv > 0)).toBe(true);
  }, 60_000);
});

test('with no customer, the error says to load data first', async () => {
  const wh = await migratedDuckDb();
  await expect(readWarehouseHistories(wh)).rejects.toThrow(
    'no customer has an eligible purchase before the as-of date; load data before fitting lifetime values',
  );
  await wh.close();
});
