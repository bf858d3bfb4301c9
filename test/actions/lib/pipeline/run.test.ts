import { describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { SEGMENT_COLUMNS } from '../../../../actions/lib/score/segments.js';
import { RUN_STAGES, runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { formatSummary } from '../../../../actions/lib/pipeline/summary.js';
import { RFM_SEGMENTS } from '../../../../actions/lib/dashboards/rfm-segments.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
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
      ...RUN_STAGES,
    ]);

    const rows = parse(await readFile(result.files.segments, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([...SEGMENT_COLUMNS]);
    expect(rows.length).toBe(result.dashboard.kpis.customers);
    expect(new Set(rows.map((r) => r.customer_unique_id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.cluster))).toEqual(new Set(['0', '1', '2', '3']));
    expect(new Set(rows.map((r) => r.model_version))).toEqual(new Set([`${result.model.version}`]));
    expect(new Set(rows.map((r) => r.as_of_date))).toEqual(new Set([result.dashboard.asOfDate]));
    // Every cluster id has its generated name, and no two clusters share one.
    const names = new Map(rows.map((r) => [r.cluster, r.cluster_name]));
    expect([...names.keys()].sort().map((c) => names.get(c))).toEqual(
      result.model.clusters.map((c) => c.name),
    );
    expect(new Set(names.values()).size).toBe(4);
    // Money to cents; normalised values and distances to at most 6 significant digits.
    const significant = (x: string): number => x.replace(/^[-0.]+/, '').replace('.', '').length;
    for (const r of rows.slice(0, 500)) {
      for (const c of ['monetary', 'total_spend']) expect(r[c]).toMatch(/^\d+(\.\d{1,2})?$/);
      for (const c of ['recency_n', 'frequency_n', 'monetary_n', 'distance'])
        expect(significant(r[c]!.replace(/e.*$/, ''))).toBeLessThanOrEqual(6);
    }

    const model = JSON.parse(await readFile(result.files.model, 'utf8')) as {
      k: number;
      centroids: number[][];
      version: number;
      scaling: { scaling: string; features: { feature: string }[] };
      clusters: { name: string; centroid_real: number[] }[];
    };
    expect(model.k).toBe(4);
    expect(model.centroids).toHaveLength(4);
    expect(model.scaling.scaling).toBe('log-standard');
    expect(model.scaling.features.map((f) => f.feature)).toEqual([
      'recency',
      'frequency',
      'monetary',
    ]);
    expect(model.clusters.map((c) => c.name)).toEqual(result.model.clusters.map((c) => c.name));

    const run = JSON.parse(await readFile(result.files.run, 'utf8')) as {
      timings_ms: Record<string, number>;
      rows: { load: { rowsIn: number; rowsLoaded: number; rowsRejected: number }[] };
      as_of_date: string;
      data_fingerprint: string;
      model_reused: boolean;
    };
    expect(run.as_of_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(run.as_of_date).toBe(result.dashboard.asOfDate);
    expect(run.data_fingerprint).toBe(result.model.metrics.data_fingerprint);
    expect(run.model_reused).toBe(false);
    for (const stage of ['migrate', 'load', 'checks', 'train', 'score', 'dashboard', 'total'])
      expect(run.timings_ms[stage]).toBeGreaterThanOrEqual(0);
    for (const file of run.rows.load) expect(file.rowsIn).toBe(file.rowsLoaded + file.rowsRejected);
    expect(run.rows.load.map((f) => f.rowsIn)).toEqual([3000, 3000, expect.any(Number)]);

    const html = await readFile(result.files.dashboard, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    for (const id of ['segment-treemap', 'segment-grid', 'scatter', 'centroids', 'clv-histogram'])
      expect(html).toContain(`id="${id}-chart"`);
    for (const id of ['segment-table', 'segment-guide', 'cluster-table', 'top-clv'])
      expect(html).toContain(`<table id="${id}">`);
    // One snapshot so far: the migration says how to get a second one instead of drawing nothing.
    expect(html).toContain('data-empty="segment-migration"');

    // The summary lists all ten segments by name, empty ones too, with their suggested action,
    // and money in the team's currency (the example team's Olist data: BRL).
    const summary = formatSummary(result);
    expect(result.dashboard.segments.map((s) => s.segment)).toEqual(RFM_SEGMENTS.map((s) => s.id));
    for (const segment of RFM_SEGMENTS) {
      expect(summary).toContain(segment.name);
      expect(summary).toContain(segment.action.slice(0, 20));
    }
    expect(summary).toContain('revenue (BRL)');
    for (const cluster of result.model.clusters) expect(summary).toContain(cluster.name);
    expect(summary).toContain(`v${result.model.version}, k = 4`);

    lines.length = 0;
    const again = await runWorkshop(options);
    expect(again.migrations.applied).toEqual([]);
    expect(lines.some((l) => /3,000 orders reused/.test(l))).toBe(true);
    // Same data, same parameters: the version is reused, not registered again.
    expect(again.model.version).toBe(result.model.version);
    expect(again.model.reused).toBe(true);
    expect(again.model.centroids).toEqual(result.model.centroids);
    expect(lines.some((l) => /reused v\d+ \(active\): same data fingerprint/.test(l))).toBe(true);
    expect(formatSummary(again)).toContain(`v${result.model.version} (reused), k = 4`);
  });
});

describe('segment migration between two runs', () => {
  test('a run at a later as-of date keeps the earlier snapshot, and the migration joins the two', async () => {
    const env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
    const stateRoot = await mkdtemp(join(tmpdir(), 'workshop-migration-'));
    const run = (asOf: string) =>
      runWorkshop({
        root: REPO_ROOT,
        stateRoot,
        env: { ...env, asOf, model: { ...env.model, k: 4 as const } },
        sampleOrders: 3000,
        log: () => undefined,
      });
    const earlier = await run('2018-03-01');
    const later = await run('2018-06-01');
    expect([earlier.dashboard.asOfDate, later.dashboard.asOfDate]).toEqual([
      '2018-03-01',
      '2018-06-01',
    ]);

    const wh = await DuckDbWarehouse.open(
      join(stateRoot, '.workshop', env.team, 'warehouse.duckdb'),
    );
    try {
      const snapshots = await wh.query<{ as_of_date: string; id: string; segment: string }>(
        `select cast(as_of_date as varchar(10)) as as_of_date, customer_unique_id as id, segment
         from public.segment_snapshots`,
      );
      const at = (date: string) =>
        new Map(snapshots.filter((s) => s.as_of_date === date).map((s) => [s.id, s.segment]));
      const [before, after] = [at('2018-03-01'), at('2018-06-01')];
      expect(before.size).toBe(earlier.dashboard.kpis.customers);
      expect(after.size).toBe(later.dashboard.kpis.customers);
      const expected = new Map<string, number>();
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const key = `${before.get(id) ?? '(new)'} → ${after.get(id) ?? '(gone)'}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const migration = await wh.query<{ from_segment: string; to_segment: string; n: unknown }>(
        `select from_segment, to_segment, count_customers as n from public.segment_migration
         where previous_as_of_date = cast('2018-03-01' as date)
           and current_as_of_date = cast('2018-06-01' as date)`,
      );
      expect(
        new Map(migration.map((m) => [`${m.from_segment} → ${m.to_segment}`, Number(m.n)])),
      ).toEqual(expected);
      // Customers who bought for the first time between the two dates come from '(new)'.
      expect(expected.get('(new) → new_customers')).toBeGreaterThan(0);
      expect([...expected.keys()].some((k) => k.endsWith('(gone)'))).toBe(false);
    } finally {
      await wh.close();
    }
  });
});
