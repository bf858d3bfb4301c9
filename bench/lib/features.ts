import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLocal } from '../../actions/lib/load/local-loader.js';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { readFeatures, type FeatureMatrix } from '../../actions/lib/segmentation/features.js';
import { applyScaling, fitScaling } from '../../actions/lib/segmentation/scaling.js';
import { PgliteWarehouse } from '../../actions/lib/warehouse/pglite.js';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { CACHE, REPO } from './paths.js';

/**
 * The RFM features of the generated data set of `orders` orders on the seed's 0-5 scale, as
 * `workshop run` trains on them with `scaling: seed` (migrate, load, refresh, read in customer
 * order, scale), cached as a header-less CSV; the earlier results were measured on this scale.
 */
export async function rfmFeatures(
  dataDir: string,
  orders: number,
): Promise<{ csv: string; features: FeatureMatrix }> {
  const csv = join(CACHE, `features-${orders}.csv`);
  if (!existsSync(csv)) {
    const wh = await PgliteWarehouse.open();
    try {
      await migrate(wh, await readMigrations(join(REPO, 'sql', 'migrations')));
      await loadLocal(wh, dataDir, { maxErrors: 10 });
      await deriveFeatures(wh, join(REPO, 'sql', 'refresh'), undefined);
      const raw = await readFeatures(wh);
      const { points, dim, n } = applyScaling(
        raw,
        fitScaling(raw, ['recency', 'frequency', 'monetary'], 'seed'),
      );
      const lines: string[] = [];
      for (let i = 0; i < n; i++)
        lines.push(Array.from(points.subarray(i * dim, (i + 1) * dim)).join(','));
      await writeFile(csv, `${lines.join('\n')}\n`);
    } finally {
      await wh.close();
    }
  }
  const rows = (await readFile(csv, 'utf8')).trim().split('\n');
  const dim = 3;
  const points = new Float64Array(rows.length * dim);
  rows.forEach((line, i) => line.split(',').forEach((v, j) => (points[i * dim + j] = Number(v))));
  return { csv, features: { n: rows.length, dim, points } };
}
