import { expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeEstimate,
  ESTIMATE_FROM_BYTES,
  inputBytes,
} from '../../../../actions/lib/pipeline/estimate.js';

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

test('the input is the data files of a folder, or the file itself', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'estimate-'));
  await writeFile(join(dir, 'a.csv'), 'x'.repeat(100));
  await writeFile(join(dir, 'b.parquet'), 'x'.repeat(50));
  await writeFile(join(dir, 'notes.txt'), 'x'.repeat(1000));
  expect(await inputBytes(dir)).toBe(150);
  expect(await inputBytes(join(dir, 'notes.txt'))).toBe(1000);
});
