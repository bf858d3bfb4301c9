/**
 * The CDNOW sample from its raw transactions (test/fixtures/cdnow/cdnow_transactions.csv) through
 * the real pipeline, as `workshop clv validate` runs it: migrate → load (source.format
 * transactions, examples/environments/cdnow.yaml, asOf 1997-10-01) → features → purchase history
 * → holdout up to 1998-07-01 → fit, on a DuckDB file in a temp folder.
 *
 * Fader, Hardie & Lee (2005) fit weeks 1–39 (1997-01-01 to 1997-09-30) of 2,357 customers and
 * validate on weeks 40–78 (1997-10-01 to 1998-06-30). Eight customers' only purchase is $0.00; in
 * CDNOW that is a purchase, which the example says with `source.zeroAmounts: purchase`, and the
 * pipeline then fits all 2,357 and gives the published estimates. Under the default for a team's
 * transactions (`zeroAmounts: excluded`) those eight are left out and listed as zero amount.
 *
 * The published paper shows the weeks 40–78 conditional expectations only as a figure, so the
 * predicted holdout purchases are checked against an independent computation of the BG/NBD
 * conditional expectation (paper's equation 10) with numpy and scipy: bench/peer/cdnow_bgnbd.py,
 * run with Debian's python3 (numpy 1.24.2, scipy 1.10.1), its "allRows" output. The actual holdout
 * purchases are counts from the data and are checked exactly; per calibration frequency they are
 * the totals BTYD users print for this sample (334 / 1,411 = 0.2367 per customer in bin 0).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { runClv, type ClvRun } from '../../../../actions/lib/clv/model.js';
import { readPurchaseHistory, withHoldout } from '../../../../actions/lib/clv/purchase-history.js';
import type { TransactionSummary } from '../../../../actions/lib/clv/summary.js';
import type { TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { featuresStep, loadStep } from '../../../../actions/lib/pipeline/steps.js';
import { migratedLocalBackend, SQL } from '../../../support/backend.js';
import { REPO_ROOT } from '../../../support/warehouse.js';
import { loadCdnow } from './cdnow-fixture.js';

const ENV_FILE = join(REPO_ROOT, 'examples', 'environments', 'cdnow.yaml');
const TRANSACTIONS = join(REPO_ROOT, 'test', 'fixtures', 'cdnow', 'cdnow_transactions.csv');
const HOLDOUT_END = '1998-07-01';

/** Fader, Hardie & Lee (2005) and Fader & Hardie (2013); tolerances as in cdnow.test.ts. */
const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_LL = -9582.4;
const PUBLISHED_GG = { p: 6.25, q: 3.74, gamma: 15.44 };

/** bench/peer/cdnow_bgnbd.py, "allRows": the fit on all 2,357 customers. */
const PEER = {
  r: 0.242595,
  alpha: 4.413602,
  a: 0.792922,
  b: 2.425906,
  logLikelihood: -9582.429207,
  // Calibration frequency 0 … 7+: customers, actual and predicted repeat purchases in weeks 40–78.
  holdout: [
    ['0', 1411, 334, 317.59822],
    ['1', 439, 306, 229.654585],
    ['2', 214, 298, 223.444706],
    ['3', 100, 156, 152.027955],
    ['4', 62, 157, 134.159683],
    ['5', 38, 112, 100.846147],
    ['6', 29, 112, 101.61723],
    ['7+', 64, 407, 394.060206],
  ] as const,
  holdoutActual: 1882,
  holdoutPredicted: 1653.408732,
};
/** The peer and this fit stop at optima that differ by ~1e-6 in the parameters. */
const PREDICTED_TOLERANCE = 0.01;

/** The customers whose only purchase is $0.00 (sample ids), and their purchase days. */
const ZERO_ONLY = new Map([
  ['87', '1997-01-05'],
  ['155', '1997-01-07'],
  ['227', '1997-01-11'],
  ['286', '1997-01-13'],
  ['1080', '1997-02-10'],
  ['1195', '1997-02-14'],
  ['1293', '1997-02-17'],
  ['2086', '1997-03-16'],
]);

let dispose: () => Promise<void>;
let backend: TeamBackend;
let summary: TransactionSummary;
let run: ClvRun;
let excluded: { customer_id: string; reason: string; day: string }[];

beforeAll(async () => {
  const env = await loadEnvironmentFile(ENV_FILE);
  const opened = await migratedLocalBackend(env);
  dispose = opened.dispose;
  backend = opened.backend;
  await loadStep(backend, SQL, TRANSACTIONS);
  await featuresStep(backend, SQL);
  summary = await withHoldout(backend.wh, await readPurchaseHistory(backend.wh), HOLDOUT_END);
  run = runClv(summary, env.clv);

  // The default for a team's transactions: amounts of 0 are not purchases.
  if (env.source.format !== 'transactions') throw new Error('cdnow.yaml maps transactions');
  const strict = await migratedLocalBackend({
    ...env,
    source: { ...env.source, zeroAmounts: 'excluded' },
  });
  try {
    await loadStep(strict.backend, SQL, TRANSACTIONS);
    excluded = await strict.backend.wh.query<{ customer_id: string; reason: string; day: string }>({
      sql: `select exclusions.customer_id, exclusions.reason,
    cast(cast(min(transactions.occurred_at) as date) as varchar) as day
from public.transaction_exclusions as exclusions
inner join public.transactions
    on transactions.customer_id = exclusions.customer_id
    and transactions.transaction_id = exclusions.transaction_id
group by exclusions.customer_id, exclusions.reason
order by exclusions.customer_id`,
      file: 'cdnow-transactions.test.ts',
      line: 1,
    });
  } finally {
    await strict.dispose();
  }
}, 120_000);

afterAll(async () => {
  await dispose?.();
});

describe('the calibration window (weeks 1–39) from the raw transactions', () => {
  test('ends 1997-09-30 and holds every one of the 2,357 customers', () => {
    expect(summary.windowEndDate).toBe('1997-09-30');
    expect(summary.holdoutWeeks).toBe(39);
    expect(summary.customers).toHaveLength(2357);
  });

  test('with zeroAmounts: excluded, the eight $0.00-only customers are left out as zero amount', () => {
    expect(new Map(excluded.map((e) => [e.customer_id, e.day]))).toEqual(ZERO_ONLY);
    expect(new Set(excluded.map((e) => e.reason))).toEqual(new Set(['zero amount']));
  });

  test("every customer's x, t_x, T and mean repeat value equal the published summary's", () => {
    const published = new Map(loadCdnow().map((c) => [String(c.id), c]));
    const differing = summary.customers.filter((c) => {
      const p = published.get(c.customerId);
      return (
        p === undefined ||
        c.x !== p.x ||
        Math.abs(c.tx - p.tx) > 0.0051 ||
        Math.abs(c.T - p.T) > 0.0051 ||
        Math.abs((c.meanRepeatValue ?? 0) - p.zbar) > 0.0051
      );
    });
    expect(differing).toEqual([]);
  });
});

describe('BG/NBD and Gamma-Gamma fitted from the raw transactions', () => {
  test('the published r, α, a, b and log-likelihood', () => {
    const bg = run.result.bgnbd;
    expect(bg.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(bg[k] - PUBLISHED_BGNBD[k])).toBeLessThan(5e-4);
    expect(Math.abs(bg.logLikelihood - PUBLISHED_LL)).toBeLessThan(0.05);
  });

  test('the independent numpy/scipy fit, to its printed digits', () => {
    const bg = run.result.bgnbd;
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(bg[k] - PEER[k])).toBeLessThan(1e-4);
    expect(Math.abs(bg.logLikelihood - PEER.logLikelihood)).toBeLessThan(1e-3);
  });

  test('Gamma-Gamma on the 946 repeat customers: the published p, q, γ', () => {
    const gg = run.result.gammaGamma;
    expect(run.result.repeatCustomers).toBe(946);
    expect(Math.abs(gg.p - PUBLISHED_GG.p)).toBeLessThan(5e-3);
    expect(Math.abs(gg.q - PUBLISHED_GG.q)).toBeLessThan(5e-3);
    expect(Math.abs(gg.gamma - PUBLISHED_GG.gamma)).toBeLessThan(5e-3);
  });
});

describe('the holdout table, weeks 40–78 (1997-10-01 to 1998-06-30)', () => {
  test('actual repeat purchases per calibration frequency are the counts in the data', () => {
    const holdout = run.result.holdout!;
    expect(holdout.byFrequency.map((r) => [r.frequency, r.customers, r.actual])).toEqual(
      PEER.holdout.map(([f, n, actual]) => [f, n, actual]),
    );
    expect(holdout.actual).toBe(PEER.holdoutActual);
    expect(holdout.byFrequency.map((r) => Number(r.actualMean.toFixed(4)))).toEqual([
      0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594,
    ]);
  });

  test(`predicted ones equal the independent computation within ${PREDICTED_TOLERANCE}`, () => {
    const holdout = run.result.holdout!;
    const within = holdout.byFrequency.map((row, i) => [
      row.frequency,
      Math.abs(row.predicted - PEER.holdout[i]![3]) < PREDICTED_TOLERANCE,
    ]);
    expect(within).toEqual(PEER.holdout.map(([frequency]) => [frequency, true]));
    expect(Math.abs(holdout.predicted - PEER.holdoutPredicted)).toBeLessThan(PREDICTED_TOLERANCE);
  });
});
