/**
 * A run killed at any point (SIGKILL: no cleanup at all) leaves a consistent team: the database
 * opens, the stored features are those of the loaded transactions (a load rebuilds them in its own
 * transaction), the stored scores are either empty or those of these features and the active
 * model, load_history describes what is loaded, and the next run takes over the dead process's
 * lock and completes.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { RUN_STAGES } from '../../../actions/lib/pipeline/run.js';
import { DuckDbWarehouse } from '../../../actions/lib/warehouse/duckdb.js';
import { run } from '../../support/process.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { teamWorkspace } from '../../support/workshop-cli.js';
import { CLI, signalAtStage } from './workshop-process.js';

/** Every stage after `open`, which takes the lock before anything is written. */
const STAGES = RUN_STAGES.filter((s) => s !== 'open');
let workspace: string;

beforeAll(async () => {
  expect((await run('node', [CLI, '--help'], { cwd: REPO_ROOT, timeoutMs: 60_000 })).code).toBe(0);
  workspace = await teamWorkspace('kill-points-');
  const first = await run('node', [CLI, 'run', '--orders', '1500'], {
    cwd: workspace,
    timeoutMs: 120_000,
  });
  expect(first.code).toBe(0);
}, 180_000);

/** What the team's database holds, read after the killed process is gone. */
async function state(): Promise<{
  features: number;
  customers: number;
  loaded: number;
  transactions: number;
  scores: number;
  currentScores: number;
}> {
  const wh = await DuckDbWarehouse.open(
    join(workspace, '.workshop', 'retail-bank', 'warehouse.duckdb'),
  );
  try {
    const [row] = await wh.query<Record<string, unknown>>(`select
  (select count(*) from customer_features) as features,
  (select count(distinct customer_unique_id) from eligible_transactions
     where purchase_date < (select as_of_date from rfm_as_of)) as customers,
  (select rows_loaded from load_history order by loaded_at desc limit 1) as loaded,
  (select count(*) from transactions) as transactions,
  (select count(*) from customer_segments) as scores,
  (select count(*) from customer_segments as stored
     inner join scored_customers as now using (customer_unique_id)
     where stored.as_of_date = now.as_of_date and stored.segment = now.segment
       and stored.recency_days = now.recency_days and stored.monetary = now.monetary
       and stored.model_version is not distinct from now.model_version
       and stored.cluster is not distinct from now.cluster) as current_scores`);
    return {
      features: Number(row?.features),
      customers: Number(row?.customers),
      loaded: Number(row?.loaded),
      transactions: Number(row?.transactions),
      scores: Number(row?.scores),
      currentScores: Number(row?.current_scores),
    };
  } finally {
    await wh.close();
  }
}

test('killed at every stage, the team stays consistent and the next run completes', async () => {
  const seen: string[] = [];
  for (const [i, stage] of STAGES.entries()) {
    // Alternate the data, so that a half-done load would show as features of the other size.
    const orders = i % 2 === 0 ? 2500 : 1500;
    const { signalled } = await signalAtStage(workspace, orders, stage, 'SIGKILL');
    expect([stage, signalled]).toEqual([stage, true]);
    const s = await state();
    expect({
      stage,
      consistent: s.features === s.customers && s.loaded === s.transactions,
      scores: s.scores === 0 || (s.scores === s.features && s.currentScores === s.scores),
    }).toEqual({
      stage,
      consistent: true,
      scores: true,
    });
    expect(s.features).toBeGreaterThan(0);
    seen.push(stage);
  }
  expect(seen).toEqual(STAGES);
  const after = await run('node', [CLI, 'run', '--orders', '1500'], {
    cwd: workspace,
    timeoutMs: 120_000,
  });
  expect(after.code).toBe(0);
  expect(after.stderr).toContain('✓ dashboard');
}, 300_000);
