import { describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { SEGMENT_COLUMNS } from '../../../../actions/lib/score/segments.js';
import { runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { formatSummary } from '../../../../actions/lib/pipeline/summary.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

describe('workshop run on the local backend', () => {
  test('writes segments.csv, model.json, run.json and dashboard.html, and a second run reuses state', async () => {
    const env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
    const stateRoot = await mkdtemp(join(tmpdir(), 'workshop-run-'));
    const lines: string[] = [];
    const options = {
      root: REPO_ROOT,
      stateRoot,
      env: { ...env, model: { ...env.model, k: 4 as const } },
      sampleOrders: 3000,
      log: (l: string) => lines.push(l),
    };

    const result = await runWorkshop(options);
    expect(lines.filter((l) => l.startsWith('✓')).map((l) => l.split(/\s+/)[1])).toEqual([
      'open',
      'migrate',
      'sample',
      'load',
      'features',
      'checks',
      'clv',
      'train',
      'score',
      'dashboard',
    ]);

    const rows = parse(await readFile(result.files.segments, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([...SEGMENT_COLUMNS]);
    expect(rows.length).toBe(result.dashboard.kpis.customers);
    expect(new Set(rows.map((r) => r.customer_unique_id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.cluster))).toEqual(new Set(['0', '1', '2', '3']));

    const model = JSON.parse(await readFile(result.files.model, 'utf8')) as {
      k: number;
      centroids: number[][];
      version: number;
    };
    expect(model.k).toBe(4);
    expect(model.centroids).toHaveLength(4);

    const run = JSON.parse(await readFile(result.files.run, 'utf8')) as {
      timings_ms: Record<string, number>;
      rows: { load: { rowsIn: number; rowsLoaded: number; rowsRejected: number }[] };
    };
    for (const stage of ['migrate', 'load', 'checks', 'train', 'score', 'dashboard', 'total'])
      expect(run.timings_ms[stage]).toBeGreaterThanOrEqual(0);
    for (const file of run.rows.load) expect(file.rowsIn).toBe(file.rowsLoaded + file.rowsRejected);
    expect(run.rows.load.map((f) => f.rowsIn)).toEqual([3000, 3000, expect.any(Number)]);

    const html = await readFile(result.files.dashboard, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    for (const id of ['segments-chart', 'clusters-chart', 'scatter-chart', 'centroids-chart'])
      expect(html).toContain(`id="${id}"`);

    const summary = formatSummary(result);
    for (const segment of result.dashboard.segments) expect(summary).toContain(segment.segment);
    expect(summary).toContain(`v${result.model.version}, k = 4`);

    lines.length = 0;
    const again = await runWorkshop(options);
    expect(again.migrations.applied).toEqual([]);
    expect(lines.some((l) => /3,000 orders reused/.test(l))).toBe(true);
    expect(again.model.version).toBe(result.model.version + 1);
    expect(again.model.centroids).toEqual(result.model.centroids);
  });
});
