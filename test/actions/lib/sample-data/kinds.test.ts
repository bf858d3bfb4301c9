import { expect, test } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { BANKING } from '../../../../actions/lib/sample-data/banking.js';
import { INSURANCE } from '../../../../actions/lib/sample-data/insurance.js';
import { writeSample } from '../../../../actions/lib/sample-data/kinds.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

type Rows = Record<string, string>[];
const rowsOf = (text: string): Rows => parse(text, { columns: true }) as Rows;

test.each([
  ['demo-bank', BANKING.columns, BANKING.excludedStatuses],
  ['demo-insurer', INSURANCE.columns, INSURANCE.excludedStatuses],
])(
  'examples/environments/%s.yaml maps the columns its sample has',
  async (team, columns, statuses) => {
    const env = await loadEnvironmentFile(
      join(REPO_ROOT, 'examples', 'environments', `${team}.yaml`),
    );
    expect(env.source).toMatchObject({
      format: 'transactions',
      columns,
      excludeStatuses: statuses,
    });
  },
);

test('the banking sample has what a bank export has, the same for the same seed', () => {
  const text = BANKING.generate({ rows: 5000, seed: 7 });
  expect(BANKING.generate({ rows: 5000, seed: 7 })).toBe(text);
  expect(BANKING.generate({ rows: 5000, seed: 8 })).not.toBe(text);
  const rows = rowsOf(text);
  expect(rows.length).toBeGreaterThan(3500);
  expect(rows.length).toBeLessThan(6500);
  expect(Object.keys(rows[0] ?? {})).toEqual(
    expect.arrayContaining([...Object.values(BANKING.columns), 'channel', 'merchant_category']),
  );
  expect(rows.every((r) => /^[0-9a-f-]{36}$/.test(r.account_holder ?? ''))).toBe(true);
  const times = rows.map((r) => r.booked_at ?? '');
  expect(times.some((t) => t.endsWith('Z'))).toBe(true);
  expect(times.some((t) => t.endsWith('+01:00'))).toBe(true);
  const refunds = rows.filter((r) => Number(r.amount_eur) < 0);
  expect(refunds.length).toBeGreaterThan(0);
  // Every refund shares its booking reference with an earlier purchase.
  const purchases = new Set(rows.filter((r) => Number(r.amount_eur) > 0).map((r) => r.booking_ref));
  expect(refunds.every((r) => purchases.has(r.booking_ref))).toBe(true);
  expect(rows.some((r) => r.state === 'reversed')).toBe(true);
  // Several transactions of one holder on one day.
  const days = new Set<string>();
  let sameDay = 0;
  for (const r of rows) {
    const key = `${r.account_holder}|${(r.booked_at ?? '').slice(0, 10)}`;
    if (days.has(key)) sameDay++;
    days.add(key);
  }
  expect(sameDay).toBeGreaterThan(0);
});

test('the insurance sample pays premiums monthly and yearly, with failed debits and lapses', () => {
  const rows = rowsOf(INSURANCE.generate({ rows: 5000, seed: 7 }));
  expect(rows.length).toBeGreaterThan(3500);
  expect(rows.length).toBeLessThan(6500);
  expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.paid_on ?? ''))).toBe(true);
  expect(rows.some((r) => r.payment_status === 'failed')).toBe(true);
  expect(rows.some((r) => Number(r.premium) < 0)).toBe(true);
  const perPolicy = new Map<string, number>();
  for (const r of rows)
    perPolicy.set(r.policy_number ?? '', (perPolicy.get(r.policy_number ?? '') ?? 0) + 1);
  const counts = [...perPolicy.values()];
  expect(counts.some((n) => n >= 12)).toBe(true);
  expect(counts.some((n) => n <= 3)).toBe(true);
  expect(new Set(rows.map((r) => r.payment_id)).size).toBe(rows.length);
});

test('writeSample says what --data takes for each kind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kinds-'));
  const olist = await writeSample('olist', join(dir, 'o'), { size: 200, seed: 1 });
  expect(olist.dataPath).toBe(join(dir, 'o'));
  expect(olist.files).toHaveLength(3);
  const bank = await writeSample('banking', join(dir, 'b'), { size: 200, seed: 1 });
  expect(bank.dataPath).toBe(join(dir, 'b', 'transactions.csv'));
  expect(bank.files[0]?.rows).toBe(rowsOf(await readFile(bank.dataPath, 'utf8')).length);
});

test.each(['banking', 'insurance'] as const)(
  'the %s sample, one string, is refused past its cap before any work',
  async (kind) => {
    const dir = await mkdtemp(join(tmpdir(), 'sample-cap-'));
    await expect(writeSample(kind, dir, { size: 2_000_001, seed: 1 })).rejects.toThrow(
      `a ${kind} sample of 2000001 rows cannot be generated: it is built in memory as one string, which caps it at 2,000,000 rows`,
    );
  },
);
