/**
 * `workshop clv validate` on generated data: the holdout's actual repeat purchases equal what an
 * independent summary of the same files counts (clv/summary.ts over the CSVs), and the table has
 * every calibration-frequency bin.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeTransactions } from '../../../actions/lib/clv/summary.js';
import { writeSampleData } from '../../../actions/lib/sample-data/generate.js';
import { run } from '../../support/process.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { teamWorkspace } from '../../support/workshop-cli.js';

const CLI = join(REPO_ROOT, 'scripts', 'workshop.mjs');
let workspace: string;

beforeAll(async () => {
  workspace = await teamWorkspace('clv-validate-');
  await writeSampleData(join(workspace, 'data'), { orders: 20_000, seed: 3 });
}, 60_000);

type Row = Record<string, string>;
const csv = async (file: string): Promise<Row[]> =>
  parse(await readFile(join(workspace, 'data', file), 'utf8'), { columns: true }) as Row[];

test('the holdout table counts what the files hold after the as-of date', async () => {
  const [customers, orders, payments] = await Promise.all([
    csv('olist_customers_dataset.csv'),
    csv('olist_orders_dataset.csv'),
    csv('olist_order_payments_dataset.csv'),
  ]);
  // Eligible orders (not canceled or unavailable, with a payment), as the warehouse defines them.
  const unique = new Map(customers.map((c) => [c.customer_id, c.customer_unique_id]));
  const value = new Map<string, number>();
  for (const p of payments)
    value.set(p.order_id!, (value.get(p.order_id!) ?? 0) + Number(p.payment_value));
  const eligible = orders.filter(
    (o) => !['canceled', 'unavailable'].includes(o.order_status!) && value.has(o.order_id!),
  );
  const days = eligible.map((o) => o.order_purchase_timestamp!.slice(0, 10)).sort();
  const asOf = days[Math.floor(days.length / 2)]!;
  const holdoutEnd = days[days.length - 1]!;
  const expected = summarizeTransactions(
    eligible.map((o) => ({
      customerId: unique.get(o.customer_id!)!,
      day: o.order_purchase_timestamp!.slice(0, 10),
      amount: value.get(o.order_id!)!,
    })),
    { asOf, holdoutEnd },
  );
  const expectedActual = expected.customers.reduce((n, c) => n + (c.holdoutOccasions ?? 0), 0);

  const result = await run(
    'node',
    [CLI, 'clv', 'validate', '--data', 'data', '--as-of', asOf, '--holdout-end', holdoutEnd],
    { cwd: workspace, timeoutMs: 180_000 },
  );
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  const lines = result.stdout.trim().split('\n');
  const bins = ['0', '1', '2', '3', '4', '5', '6', '7+'];
  expect(lines.slice(2, 10).map((l) => l.split('\t')[0])).toEqual(bins);
  const report = JSON.parse(
    await readFile(join(workspace, 'out', 'retail-bank', 'clv-validation.json'), 'utf8'),
  ) as { holdout: { customers: number; actual: number; predicted: number } };
  expect(report.holdout.customers).toBe(expected.customers.length);
  expect(report.holdout.actual).toBe(expectedActual);
  expect(report.holdout.predicted).toBeGreaterThan(0);
  expect(lines.at(-1)).toBe(
    `total\t${expected.customers.length}\t${expectedActual.toFixed(1)}\t${report.holdout.predicted.toFixed(1)}`,
  );
}, 240_000);
