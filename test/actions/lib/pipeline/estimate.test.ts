import { expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeEstimate,
  ESTIMATE_FROM_BYTES,
  inputBytes,
} from '../../../../actions/lib/pipeline/estimate.js';
import { limitMiB } from '../../../../actions/lib/warehouse/duckdb-settings.js';

test('small inputs get no estimate; large ones get time and memory', () => {
  expect(describeEstimate(ESTIMATE_FROM_BYTES - 1)).toBeUndefined();
  const oneMillionOrders = describeEstimate(326 * 1024 * 1024);
  expect(oneMillionOrders).toMatch(
    /^estimate: 326 MiB of input; about \d+ s and \d+\.\d GiB of memory on a 2-core machine/,
  );
  const tenMillion = describeEstimate(3260 * 1024 * 1024) ?? '';
  const seconds = (text: string): number => Number(/about (\d+) s/.exec(text)?.[1]);
  expect(seconds(tenMillion)).toBeGreaterThan(9 * seconds(oneMillionOrders ?? ''));
});

test("memory grows with the input up to DuckDB's limit, then only on the JavaScript side", () => {
  const gib = (text: string | undefined): number =>
    Number(/and ([\d.]+) GiB/.exec(text ?? '')?.[1]);
  const tenMillion = 3110 * 1024 * 1024;
  expect(gib(describeEstimate(tenMillion, 4096))).toBeLessThan(6);
  expect(gib(describeEstimate(tenMillion, 8192))).toBeCloseTo(
    gib(describeEstimate(tenMillion, 4096)) + 4,
    0,
  );
  expect(gib(describeEstimate(tenMillion, Infinity))).toBeGreaterThan(20);
  expect(gib(describeEstimate(326 * 1024 * 1024, 4096))).toBe(
    gib(describeEstimate(326 * 1024 * 1024, 8192)),
  );
});

test("DuckDB's memory units read as MiB", () => {
  expect(limitMiB('4GB')).toBeCloseTo(3814.7, 1);
  expect(limitMiB('4 GiB')).toBe(4096);
  expect(limitMiB('500MB')).toBeCloseTo(476.8, 1);
  expect(limitMiB('lots')).toBeUndefined();
});

test('the input is the data files of a folder, or the file itself', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'estimate-'));
  await writeFile(join(dir, 'a.csv'), 'x'.repeat(100));
  await writeFile(join(dir, 'b.parquet'), 'x'.repeat(50));
  await writeFile(join(dir, 'notes.txt'), 'x'.repeat(1000));
  expect(await inputBytes(dir)).toBe(150);
  expect(await inputBytes(join(dir, 'notes.txt'))).toBe(1000);
});
