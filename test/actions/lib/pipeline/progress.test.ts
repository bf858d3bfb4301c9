import { expect, test } from '@jest/globals';
import {
  createProgress,
  describeStatementProgress,
} from '../../../../actions/lib/pipeline/progress.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a long stage says it is still running; a short one does not', async () => {
  const lines: string[] = [];
  const progress = createProgress((l) => lines.push(l), undefined, 40);
  await progress.stage(
    'load',
    () => sleep(130).then(() => 3),
    (n) => `${n} tables`,
  );
  await progress.stage('checks', () => Promise.resolve(1));
  const still = lines.filter((l) => l.startsWith('  … load still running'));
  expect(still.length).toBeGreaterThanOrEqual(2);
  expect(lines.some((l) => l.includes('checks still running'))).toBe(false);
  expect(lines.at(-1)).toMatch(/^✓ checks/);
  // Nothing ticks after the stages end.
  const count = lines.length;
  await sleep(100);
  expect(lines).toHaveLength(count);
  expect(progress.timings.load).toBeGreaterThanOrEqual(120);
});

test('an aborted run starts no further stage', async () => {
  const abort = new AbortController();
  const progress = createProgress(() => undefined, abort.signal);
  abort.abort(new Error('interrupted'));
  await expect(progress.stage('train', () => Promise.resolve(1))).rejects.toThrow('interrupted');
});

test('the still-running line says what the running work has done', async () => {
  const lines: string[] = [];
  let rows = 0;
  const progress = createProgress(
    (l) => lines.push(l),
    undefined,
    40,
    () => describeStatementProgress({ percent: 45.7, rowsDone: (rows += 1000), rowsTotal: 1e6 }),
  );
  await progress.stage('score', () => sleep(130));
  const still = lines.filter((l) => l.startsWith('  … score still running'));
  expect(still.length).toBeGreaterThanOrEqual(2);
  expect(still[0]).toMatch(/: statement 45 % \(1,000 of 1,000,000 rows\)$/);
  expect(still[1]).toMatch(/: statement 45 % \(2,000 of 1,000,000 rows\)$/);
  expect(describeStatementProgress({ percent: 33.3, rowsDone: 1, rowsTotal: 3 })).toBe(
    'statement 33 %',
  );
});

test('an idle DuckDB warehouse reports no statement progress', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await wh.query('create table t as select * from range(10) r(i)');
    expect(wh.statementProgress()).toBeUndefined();
    expect(describeStatementProgress(wh.statementProgress())).toBeUndefined();
  } finally {
    await wh.close();
  }
});
