import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SampleKind } from '../../../contracts/environment/schema.js';
import { writeSample } from '../sample-data/kinds.js';

const MARKER = 'sample.json';

/**
 * The generated `kind` sample in `<dir>/<kind>`, reused when it was generated with the same
 * options (generation is deterministic, so the files would come out byte-identical). Returns
 * what `--data` would take and whether it was generated now.
 */
export async function ensureSampleData(
  dir: string,
  kind: SampleKind,
  size: number,
  seed: number,
): Promise<{ dataPath: string; generated: boolean }> {
  const folder = join(dir, kind);
  const marker = await readFile(join(folder, MARKER), 'utf8').catch(() => '');
  const made =
    marker === ''
      ? undefined
      : (JSON.parse(marker) as { size: number; seed: number; data: string });
  if (made !== undefined && made.size === size && made.seed === seed) {
    return { dataPath: join(folder, made.data), generated: false };
  }
  const written = await writeSample(kind, folder, { size, seed });
  const data = relative(folder, written.dataPath) || '.';
  await writeFile(join(folder, MARKER), JSON.stringify({ size, seed, data }));
  return { dataPath: written.dataPath, generated: true };
}
