import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '../../../contracts/environment/schema.js';
import { readDashboardData, type DashboardData } from '../dashboards/data.js';
import { screenshotDashboard } from '../dashboards/screenshot.js';
import { renderDashboardHtml } from '../dashboards/to-html.js';
import { loadLocal } from '../load/local-loader.js';
import type { FileLoadReport } from '../load/report.js';
import { readMigrations } from '../migrations/files.js';
import { migrate, type MigrationOutcome } from '../migrations/runner.js';
import { DEFAULT_ORDERS } from '../sample-data/generate.js';
import { exportSegmentsCsv } from '../score/segments.js';
import { LocalModelRegistry, type ModelRecord } from '../segmentation/registry.js';
import { trainLocal } from '../segmentation/train-local.js';
import type { CopySessionWarehouse } from '../warehouse/copy-session.js';
import { PgliteWarehouse } from '../warehouse/pglite.js';
import { PostgresWarehouse } from '../warehouse/postgres.js';
import { runChecks } from './checks.js';
import { localPaths } from './paths.js';
import { createProgress } from './progress.js';
import { ensureSampleData } from './sample-data.js';
import { deriveFeatures } from './refresh.js';

export interface RunOptions {
  /** Repository root: holds sql/ and, unless `stateRoot` is given, receives .workshop/ and out/. */
  readonly root: string;
  /** Where .workshop/<team>/ and out/<team>/ go; defaults to `root`. */
  readonly stateRoot?: string;
  readonly env: Environment;
  /** Folder with the three Olist CSVs; generated sample data when omitted. */
  readonly dataDir?: string;
  readonly outDir?: string;
  readonly k?: number | 'auto';
  readonly sampleOrders?: number;
  /** Also write dashboard.png next to dashboard.html (needs Chromium: scripts/ensure-chromium.sh). */
  readonly screenshot?: boolean;
  readonly log: (line: string) => void;
  /** A PostgreSQL server (postgres://…) to run on instead of the team's PGlite folder. */
  readonly databaseUrl?: string;
}

export interface RunResult {
  readonly outDir: string;
  readonly files: {
    segments: string;
    model: string;
    run: string;
    dashboard: string;
    screenshot?: string;
  };
  readonly migrations: MigrationOutcome;
  readonly load: readonly FileLoadReport[];
  readonly model: ModelRecord;
  readonly dashboard: DashboardData;
  readonly timings: Readonly<Record<string, number>>;
}

/** The main job on the local backend: migrate → load → checks → train → score → dashboard. */
export async function runWorkshop(options: RunOptions): Promise<RunResult> {
  const { env, root, log } = options;
  const paths = localPaths(options.stateRoot ?? root, env.team);
  const outDir = options.outDir ?? paths.defaultOut;
  const progress = createProgress(log);
  const started = performance.now();

  const wh = await progress.stage(
    'open',
    (): Promise<CopySessionWarehouse> =>
      options.databaseUrl === undefined
        ? PgliteWarehouse.open(paths.database, { initSnapshot: paths.pgliteSnapshot })
        : PostgresWarehouse.connect(options.databaseUrl),
    (opened) => (opened instanceof PostgresWarehouse ? opened.target : paths.database),
  );
  try {
    const migrations = await progress.stage(
      'migrate',
      async () => migrate(wh, await readMigrations(join(root, 'sql', 'migrations'))),
      (o) => `${o.applied.length} applied, ${o.skipped.length} unchanged`,
    );

    let dataDir = options.dataDir;
    if (dataDir === undefined) {
      const orders = options.sampleOrders ?? DEFAULT_ORDERS;
      dataDir = paths.sampleData;
      await progress.stage(
        'sample',
        () => ensureSampleData(paths.sampleData, orders, env.model.seed),
        (made) => `${orders.toLocaleString('en-US')} orders ${made ? 'generated' : 'reused'}`,
      );
    }
    const source = dataDir;

    const load = await progress.stage(
      'load',
      () => loadLocal(wh, source, { maxErrors: env.load.maxErrors }),
      (reports) =>
        reports
          .map(
            (r) =>
              `${r.table} ${r.rowsLoaded}${r.rowsRejected ? ` (${r.rowsRejected} rejected)` : ''}`,
          )
          .join(', '),
    );
    for (const r of load)
      for (const row of r.rejected) log(`  rejected ${row.file}:${row.line}: ${row.reason}`);

    await progress.stage(
      'features',
      () => deriveFeatures(wh, join(root, 'sql', 'refresh'), env.asOf),
      (files) => `${files.length} table(s) rebuilt from sql/refresh`,
    );

    await progress.stage(
      'checks',
      () => runChecks(wh, join(root, 'sql', 'checks')),
      (results) => `${results.length} passed`,
    );

    const model = await progress.stage(
      'train',
      () =>
        trainLocal(
          wh,
          env.model,
          new LocalModelRegistry(paths.models),
          options.k === undefined ? {} : { k: options.k },
        ),
      (m) => `v${m.version}: k = ${m.k}, msd ${m.msd.toFixed(4)}, ${m.iterations} iterations`,
    );

    await mkdir(outDir, { recursive: true });
    const files = {
      segments: join(outDir, 'segments.csv'),
      model: join(outDir, 'model.json'),
      run: join(outDir, 'run.json'),
      dashboard: join(outDir, 'dashboard.html'),
      ...(options.screenshot === true ? { screenshot: join(outDir, 'dashboard.png') } : {}),
    };
    const customers = await progress.stage(
      'score',
      () => exportSegmentsCsv(wh, files.segments),
      (n) => `${n} customers scored → ${files.segments}`,
    );

    const dashboard = await progress.stage(
      'dashboard',
      async () => {
        const data = await readDashboardData(wh, env.team);
        await writeFile(files.dashboard, await renderDashboardHtml(data));
        if (files.screenshot !== undefined)
          await screenshotDashboard(files.dashboard, files.screenshot);
        return data;
      },
      () => [files.dashboard, files.screenshot].filter((f) => f !== undefined).join(', '),
    );

    await writeFile(files.model, `${JSON.stringify(model, null, 2)}\n`);
    const timings = { ...progress.timings, total: Math.round(performance.now() - started) };
    const runJson = {
      team: env.team,
      backend: 'local',
      data: source,
      model_version: model.version,
      k: model.k,
      timings_ms: timings,
      rows: {
        load: load.map(({ table, file, rowsIn, rowsLoaded, rowsRejected }) => ({
          table,
          file,
          rowsIn,
          rowsLoaded,
          rowsRejected,
        })),
        customers,
      },
      rejected: load.flatMap((r) => r.rejected),
      migrations: {
        applied: migrations.applied.map((a) => a.file.name),
        unchanged: migrations.skipped.length,
      },
    };
    await writeFile(files.run, `${JSON.stringify(runJson, null, 2)}\n`);
    return { outDir, files, migrations, load, model, dashboard, timings };
  } finally {
    await wh.close();
  }
}
