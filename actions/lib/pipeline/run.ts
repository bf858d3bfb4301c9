import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment, SampleKind } from '../../../contracts/environment/schema.js';
import type { ClvJson, HoldoutCheck } from '../clv/model.js';
import type { DashboardData } from '../dashboards/data.js';
import type { FileLoadReport } from '../load/report.js';
import type { LoadOrigin } from '../load/sources.js';
import type { MigrationOutcome } from '../migrations/runner.js';
import { DEFAULT_ORDERS } from '../sample-data/generate.js';
import type { TrainModelResult } from '../segmentation/train-model.js';
import { openTeamBackend, type RunIdentity, type TeamBackend } from './backend.js';
import { localPaths } from './paths.js';
import { createProgress, describeStatementProgress, HEARTBEAT_MS } from './progress.js';
import { describeEstimate, inputBytes } from './estimate.js';
import { ensureSampleData } from './sample-data.js';
import { sqlDirs } from './sql-dirs.js';
import { formatTransactionSummary, readTransactionSummary } from './transaction-summary.js';
import { keepsOwnData, latestLoad } from './load-history.js';
import {
  checksStep,
  clvStep,
  featuresStep,
  loadStep,
  migrateStep,
  publishStep,
  scoreStep,
  trainStep,
} from './steps.js';

/**
 * The approval policy of a local run. A preview registers and activates its model through the
 * same approval code as a deploy, with the `auto` policy: the first version is approved, a later
 * one when it is no worse than the approved one on the same data (segmentation/approval.ts).
 */
export const PREVIEW_APPROVAL = 'auto';

/** The stages of a run, in order, as its progress lines name them. */
export const RUN_STAGES = [
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
] as const;

export interface RunOptions {
  /** Repository root: holds sql/ and, unless `stateRoot` is given, receives .workshop/ and out/. */
  readonly root: string;
  /** Where .workshop/<team>/ and out/<team>/ go; defaults to `root`. */
  readonly stateRoot?: string;
  readonly env: Environment;
  /** The team's data as its `source` reads it; a generated sample when omitted. */
  readonly dataDir?: string;
  readonly outDir?: string;
  readonly k?: number | 'auto';
  readonly sampleOrders?: number;
  /** Also write dashboard.png next to dashboard.html (needs Chromium: scripts/ensure-chromium.sh). */
  readonly screenshot?: boolean;
  readonly log: (line: string) => void;
  /** A PostgreSQL server (postgres://…) to run on instead of the team's DuckDB file. */
  readonly databaseUrl?: string;
  /** Overrides {@link PREVIEW_APPROVAL}. */
  readonly approvalPolicy?: 'auto' | 'manual';
  /** Recorded with the model version; default the working tree and a time-based run id. */
  readonly run?: RunIdentity;
  /** Once aborted, the run stops before its next stage and closes the team's database. */
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly outDir: string;
  readonly files: {
    segments: string;
    model: string;
    clv: string;
    run: string;
    dashboard: string;
    screenshot?: string;
  };
  readonly migrations: MigrationOutcome;
  readonly load: readonly FileLoadReport[];
  readonly model: TrainModelResult;
  readonly clv: ClvJson;
  /** The holdout check of this run's fit shown in the page (from clv-validation.json), if any. */
  readonly clvValidation?: HoldoutCheck;
  readonly dashboard: DashboardData;
  readonly timings: Readonly<Record<string, number>>;
}

/** The sample a run generates when given no data, as the environment's `source` says. */
function sampleKind(env: Environment): SampleKind {
  if (env.source.format === 'olist') return 'olist';
  if (env.source.sample === undefined) {
    throw new Error(
      `team ${env.team} reads its own transactions (source.format: transactions): pass --data with a CSV file or folder, or set source.sample: banking or insurance in its environment file to run on a generated sample`,
    );
  }
  return env.source.sample;
}

/** The main job on the local backend: the deploy's steps in order, then the page. */
export async function runWorkshop(options: RunOptions): Promise<RunResult> {
  const { env, root, log } = options;
  const paths = localPaths(options.stateRoot ?? root, env.team);
  const dirs = sqlDirs(root);
  const outDir = options.outDir ?? paths.defaultOut;
  // The still-running lines say how far the running statement is, once the warehouse is open.
  const open: { backend?: TeamBackend } = {};
  const progress = createProgress(log, options.signal, HEARTBEAT_MS, () =>
    describeStatementProgress(open.backend?.wh.statementProgress?.()),
  );
  const started = performance.now();

  const backend = await progress.stage(
    'open',
    () =>
      openTeamBackend({
        env,
        backend: 'local',
        stateRoot: options.stateRoot ?? root,
        run: options.run ?? { commit: 'working-tree', runId: `local-${Date.now()}` },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
      }),
    (opened) => opened.where,
  );
  open.backend = backend;
  try {
    return await runSteps(backend, options, { dirs, outDir, paths, progress, started });
  } finally {
    await backend.close();
  }
}

async function runSteps(
  backend: TeamBackend,
  options: RunOptions,
  ctx: {
    dirs: ReturnType<typeof sqlDirs>;
    outDir: string;
    paths: ReturnType<typeof localPaths>;
    progress: ReturnType<typeof createProgress>;
    started: number;
  },
): Promise<RunResult> {
  const { env, log } = options;
  const { dirs, outDir, paths, progress } = ctx;
  const migrations = await progress.stage(
    'migrate',
    () => migrateStep(backend, dirs),
    (o) => `${o.applied.length} applied, ${o.skipped.length} unchanged`,
  );

  const kept =
    options.dataDir === undefined ? keepsOwnData(await latestLoad(backend.wh)) : undefined;
  let dataPath = options.dataDir;
  let origin: LoadOrigin | undefined;
  if (dataPath === undefined && kept === undefined) {
    const kind = sampleKind(env);
    const size = options.sampleOrders ?? DEFAULT_ORDERS;
    const what = `${kind} sample, ${size.toLocaleString('en-US')} ${kind === 'olist' ? 'orders' : 'rows'}`;
    origin = { kind: 'sample', detail: `${what}, seed ${env.model.seed}` };
    dataPath = (
      await progress.stage(
        'sample',
        () => ensureSampleData(paths.sampleData, kind, size, env.model.seed),
        (made) => `${what} ${made.generated ? 'generated' : 'reused'}`,
      )
    ).dataPath;
  }
  const source = dataPath;
  if (source !== undefined) {
    const estimate = describeEstimate(await inputBytes(source));
    if (estimate !== undefined) log(`  ${estimate}`);
  }

  const load = await progress.stage(
    'load',
    () => (source === undefined ? Promise.resolve([]) : loadStep(backend, dirs, source, origin)),
    (reports) =>
      source === undefined
        ? `kept: ${kept ?? ''}`
        : reports
            .map(
              (r) =>
                `${r.table} ${r.rowsLoaded}${r.rowsRejected ? ` (${r.rowsRejected} rejected)` : ''}`,
            )
            .join(', '),
  );
  for (const r of load)
    for (const row of r.rejected) log(`  rejected ${row.file}:${row.line}: ${row.reason}`);
  log(`  transactions: ${formatTransactionSummary(await readTransactionSummary(backend.wh))}`);

  // A load rebuilds the features in its own transaction; kept data gets them rebuilt here.
  await progress.stage(
    'features',
    () => (source === undefined ? featuresStep(backend, dirs) : Promise.resolve(null)),
    (files) =>
      files === null
        ? "rebuilt from sql/refresh in the load's transaction"
        : `${files.length} table(s) rebuilt from sql/refresh`,
  );

  const loaded = source !== undefined;
  await progress.stage(
    'checks',
    () => checksStep(backend, dirs, { loadChecksPassed: loaded }),
    (results) =>
      `${results.length} passed${loaded ? ", the load's own checks in its transaction" : ''}`,
  );

  const clv = await progress.stage(
    'clv',
    () => clvStep(backend),
    (c) =>
      `BG/NBD r ${c.bgnbd.r.toFixed(3)} α ${c.bgnbd.alpha.toFixed(2)} a ${c.bgnbd.a.toFixed(3)} b ${c.bgnbd.b.toFixed(3)}; ${c.repeatCustomers} of ${c.customers} customers repeat`,
  );
  for (const warning of clv.warnings) log(`  clv: ${warning}`);

  const approvalPolicy = options.approvalPolicy ?? PREVIEW_APPROVAL;
  const envPolicy = env.model.approval?.policy ?? 'auto';
  if (approvalPolicy !== envPolicy) {
    log(
      `  approval policy ${approvalPolicy} for this local run; deploys use the environment file's ${envPolicy}`,
    );
  }
  const model = await progress.stage(
    'train',
    () =>
      trainStep(backend, {
        approvalPolicy,
        clv,
        log: (line) => log(`  ${line}`),
        ...(options.k === undefined ? {} : { k: options.k }),
      }),
    (m) =>
      `v${m.version}${m.reused ? ' (reused)' : ''}: k = ${m.metrics.k}, ${m.scaling.scaling} scaling, msd ${m.metrics.msd.toFixed(4)}, ${m.status}${m.activated ? ', active' : ''}`,
  );

  await mkdir(outDir, { recursive: true });
  const files = {
    segments: join(outDir, 'segments.csv'),
    model: join(outDir, 'model.json'),
    clv: join(outDir, 'clv.json'),
    run: join(outDir, 'run.json'),
    dashboard: join(outDir, 'dashboard.html'),
    ...(options.screenshot === true ? { screenshot: join(outDir, 'dashboard.png') } : {}),
  };
  const customers = await progress.stage(
    'score',
    () => scoreStep(backend, files.segments),
    (n) => `${n} customers scored → ${files.segments}`,
  );

  const page = await progress.stage(
    'dashboard',
    () =>
      publishStep(backend, {
        outDir,
        screenshot: options.screenshot === true,
        clvFit: { windowEnd: clv.windowEnd, dataFingerprint: clv.dataFingerprint },
        log: (line) => log(`  ${line}`),
      }),
    (published) => published.files.join(', '),
  );

  await copyFile(model.ref, files.model);
  await writeFile(files.clv, `${JSON.stringify(clv, null, 2)}\n`);
  const timings = { ...progress.timings, total: Math.round(performance.now() - ctx.started) };
  const dashboard = pageData(page.data);
  const runJson = {
    team: env.team,
    backend: 'local',
    data: source,
    as_of_date: dashboard.asOfDate,
    data_fingerprint: model.metrics.data_fingerprint,
    model_version: model.version,
    model_status: model.status,
    model_reused: model.reused,
    scaling: model.scaling.scaling,
    k: model.metrics.k,
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
  return {
    outDir,
    files,
    migrations,
    load,
    model,
    clv,
    ...(page.clvValidation === undefined ? {} : { clvValidation: page.clvValidation }),
    dashboard,
    timings,
  };
}

function pageData(data: DashboardData | undefined): DashboardData {
  if (data === undefined) throw new Error('the local backend published no page data');
  return data;
}
