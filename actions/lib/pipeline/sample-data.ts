import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSampleData } from '../sample-data/generate.js';

const MARKER = 'sample.json';

/**
 * Generated sample data in `dir`, reused when it was generated with the same options (generation
 * is deterministic, so the files would come out byte-identical).
 */
export async function ensureSampleData(
  dir: string,
  orders: number,
  seed: number,
): Promise<boolean> {
  const wanted = JSON.stringify({ orders, seed });
  const existing = await readFile(join(dir, MARKER), 'utf8').catch(() => '');
  if (existing === wanted) return false;
  await writeSampleData(dir, { orders, seed });
  await writeFile(join(dir, MARKER), wanted);
  return true;
}
