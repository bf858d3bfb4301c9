/**
 * The pipeline's steps, each a function over an open team backend: what a deploy runs on AWS
 * and what `workshop run` runs locally, in the same order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalConfig } from '../../../contracts/environment/schema.js';
import {
  CUSTOMER_CLV_FROM_HISTORY_SCORES,
  HISTORY_SCORE_COLUMNS,
  historyScoresCsv,
  readWarehouseHistories,
} from '../clv/history-scores.js';
import { fitClv, runClv, type ClvJson, type ClvValidation } from '../clv/model.js';
import { readPurchaseHistory, withHoldout } from '../clv/purchase-history.js';
import type { PublishRequest, PublishResult } from '../dashboards/publisher.js';
import { LoadCheckFailure } from '../load/load-checks.js';
import type { LoadOptions } from '../load/local-loader.js';
import type { FileLoadReport } from '../load/report.js';
import type { LoadOrigin } from '../load/sources.js';
import { writeSample } from '../sample-data/kinds.js';
import { keepsOwnData, latestLoad } from './load-history.js';
import { readMigrations, type MigrationFile } from '../migrations/files.js';
import { checkMigrations, type MigrationDrift } from '../migrations/drift.js';
import { grantHistoryRead } from '../migrations/history-access.js';
import { migrate, type AppliedMigration, type MigrationOutcome } from '../migrations/runner.js';
import { exportSegmentsCsv } from '../score/segments.js';
import { ensureScores, storeScores, type StoredScores } from '../score/store-scores.js';
import { resolveApproval } from '../segmentation/approval.js';
import { decideVersion, type Decision, type DecisionOutcome } from '../segmentation/decide.js';
import type { LifetimeValueParameters } from '../segmentation/metrics.js';
import { trainModel, type TrainModelResult } from '../segmentation/train-model.js';
import { openReplayWarehouse, type TeamBackend } from './backend.js';
import { CheckFailure, readChecks, runChecks, type CheckResult } from './checks.js';
import { deriveFeatures, featureStatements } from './refresh.js';
import type { SqlDirs } from './sql-dirs.js';

/** What the migrate step did, and every file it considered. */
export interface MigrateStepResult extends MigrationOutcome {
  readonly files: readonly MigrationFile[];
}

/**
 * Applies the pending files of `sql/migrations` (on a dry run, lists them as `applied`). On AWS it
 * then lets the drift check's read-only identity read the history (history-access.ts).
 */
export async function migrateStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'migrations'>,
  options: { dryRun?: boolean; onApplied?: (a: AppliedMigration) => void } = {},
): Promise<MigrateStepResult> {
  const files = await readMigrations(dirs.migrations);
  const outcome = await migrate(backend.wh, files, {
    dryRun: options.dryRun === true,
    ...(options.onApplied === undefined ? {} : { onApplied: options.onApplied }),
  });
  // A changed scoring view (or a new table) leaves the stored scores behind: score again.
  if (options.dryRun !== true && outcome.applied.length > 0) await storeScores(backend.wh);
  if (backend.kind === 'aws' && options.dryRun !== true) await grantHistoryRead(backend.wh);
  return { ...outcome, files };
}

/** Compares the warehouse's migration history with `sql/migrations`, applying nothing. */
export async function migrationCheckStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'migrations'>,
): Promise<MigrationDrift> {
  return checkMigrations(backend.wh, await readMigrations(dirs.migrations));
}

/** The SQL folders a load reads: its checks, the migrations (for a local replay), the refresh. */
export type LoadDirs = Pick<SqlDirs, 'loadChecks' | 'migrations' | 'refresh'>;

/**
 * Replaces the team's source tables with the files in `dataDir`, or leaves them untouched: the
 * checks of `sql/checks/load` run inside the load and roll it back when they find rows, and the
 * features are rebuilt from `sql/refresh` in the same transaction, so data and features commit
 * together. When Redshift refused the load on a check, the same files are loaded into a
 * throwaway local DuckDB to list the check's rows.
 */
export async function loadStep(
  backend: TeamBackend,
  dirs: LoadDirs,
  dataDir: string,
  origin?: LoadOrigin,
): Promise<FileLoadReport[]> {
  const options: LoadOptions = {
    maxErrors: backend.env.load.maxErrors,
    source: backend.env.source,
    checks: await readChecks(dirs.loadChecks),
    after: (await featureStatements(dirs.refresh, backend.env.asOf)).statements,
    ...(origin === undefined ? {} : { origin }),
  };
  try {
    return await backend.loader.load(dataDir, options);
  } catch (error) {
    if (!(error instanceof LoadCheckFailure)) throw error;
    throw await withLocalRows(error, dirs.migrations, dataDir, options);
  }
}

/** `failure` with the rows its checks find when the same load runs locally, or as it is. */
async function withLocalRows(
  failure: LoadCheckFailure,
  migrationsDir: string,
  dataDir: string,
  options: LoadOptions,
): Promise<Error> {
  const scratch = await mkdtemp(join(tmpdir(), 'workshop-check-rows-'));
  try {
    const replay = await openReplayWarehouse(migrationsDir, scratch);
    try {
      await replay.loader.load(dataDir, options);
      return failure;
    } catch (error) {
      if (!(error instanceof CheckFailure)) return failure;
      return new CheckFailure(
        error.failed,
        `${failure.message.split('\n')[0] ?? ''}\nRedshift's checks found rows; the same checks on the same rows, loaded locally, find these`,
      );
    } finally {
      await replay.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Loads the team's generated sample (`source` says which: Olist, banking or insurance), unless
 * the warehouse holds the team's own data, which a sample never replaces: then nothing is loaded
 * and the reason is logged. A transactions team without `source.sample` loads nothing either.
 */
export async function loadSampleStep(
  backend: TeamBackend,
  dirs: LoadDirs,
  size: number,
  log: (line: string) => void,
): Promise<FileLoadReport[]> {
  const { env } = backend;
  const kept = keepsOwnData(await latestLoad(backend.wh));
  if (kept !== undefined) {
    log(`sample not loaded: ${kept}`);
    return [];
  }
  const kind = env.source.format === 'olist' ? 'olist' : env.source.sample;
  if (kind === undefined) {
    log(
      `sample not loaded: team ${env.team} reads its own transactions and names no source.sample; load them with workshop load --data`,
    );
    return [];
  }
  const dir = await mkdtemp(join(tmpdir(), `workshop-sample-${env.team}-`));
  try {
    const sample = await writeSample(kind, dir, { size, seed: env.model.seed });
    return await loadStep(backend, dirs, sample.dataPath, {
      kind: 'sample',
      detail: `${kind} sample, ${size.toLocaleString('en-US')} ${kind === 'olist' ? 'orders' : 'rows'}, seed ${env.model.seed}`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Loads the files the team uploaded to `<prefix>incoming/` in its data bucket (AWS), with the same
 * checks and mapping as any load. The local backend has no bucket: it loads with --data.
 */
export async function loadFromBucketStep(
  backend: TeamBackend,
  dirs: LoadDirs,
  log: (line: string) => void,
): Promise<FileLoadReport[]> {
  const download = backend.loader.downloadIncoming;
  if (download === undefined) {
    throw new Error(
      `the ${backend.kind} backend has no bucket to load from; load the team's files with --data`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), `workshop-incoming-${backend.env.team}-`));
  try {
    const folder = await download(dir);
    log(`downloaded ${folder.files.length} file(s) from ${folder.url}`);
    return await loadStep(backend, dirs, dir, { kind: 'files', detail: folder.url });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What a deploy loads: the team's uploaded files when `source.data` is `bucket`, else its
 * generated sample (never over data loaded from files).
 */
export function loadConfiguredStep(
  backend: TeamBackend,
  dirs: LoadDirs,
  sampleSize: number,
  log: (line: string) => void,
): Promise<FileLoadReport[]> {
  return backend.env.source.data === 'bucket'
    ? loadFromBucketStep(backend, dirs, log)
    : loadSampleStep(backend, dirs, sampleSize, log);
}

/** Stores the as-of date and rebuilds the feature tables from `sql/refresh`. */
export function featuresStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'refresh'>,
): Promise<string[]> {
  return deriveFeatures(backend.wh, dirs.refresh, backend.env.asOf);
}

/** Runs every data check (`sql/checks/load`, then `sql/checks`); any offending row fails the step. */
export function checksStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'checks' | 'loadChecks'>,
  options: { readonly loadChecksPassed?: boolean } = {},
): Promise<CheckResult[]> {
  // A load runs the load checks in its own transaction; right after it they would find the same.
  const folders =
    options.loadChecksPassed === true ? [dirs.checks] : [dirs.loadChecks, dirs.checks];
  return runChecks(backend.wh, folders);
}

export interface TrainStepOptions {
  /** Overrides the environment's `model.k`. */
  readonly k?: number | 'auto';
  /** Overrides the environment's `model.approval.policy`. */
  readonly approvalPolicy?: ApprovalConfig['policy'];
  /** The lifetime-value fit of the same load, registered with the version. */
  readonly clv?: ClvJson;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/**
 * Trains one model version with the backend's trainer, decides on it with the team's approval
 * policy, registers it, and activates it in the warehouse when approved.
 */
export function trainStep(
  backend: TeamBackend,
  options: TrainStepOptions = {},
): Promise<TrainModelResult> {
  const { env, wh, trainer, registry, run } = backend;
  return trainModel(
    { wh, trainer, registry },
    {
      config: env.model,
      approval: resolveApproval(
        env.model,
        options.approvalPolicy === undefined ? {} : { policy: options.approvalPolicy },
      ),
      commit: run.commit,
      runId: run.runId,
      ...(options.k === undefined ? {} : { k: options.k }),
      ...(options.clv === undefined ? {} : { clv: clvParameters(options.clv) }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.log === undefined ? {} : { log: options.log }),
    },
  );
}

/**
 * Fits BG/NBD and Gamma-Gamma on every customer's purchase history, stores each customer's
 * lifetime value in `customer_clv`, and returns what `clv.json` holds.
 */
export async function clvStep(backend: TeamBackend): Promise<ClvJson> {
  const { histories, windowEndDate } = await readWarehouseHistories(backend.wh);
  const fit = fitClv(histories, windowEndDate, backend.env.clv);
  await backend.loader.replaceTable(
    'clv_history_scores',
    HISTORY_SCORE_COLUMNS,
    historyScoresCsv(fit, histories),
  );
  await backend.wh.transaction(CUSTOMER_CLV_FROM_HISTORY_SCORES);
  return fit.result;
}

export interface ClvValidationOptions {
  /** The team's data, as its `source` reads it. */
  readonly dataPath: string;
  /** First day after the holdout, YYYY-MM-DD. */
  readonly holdoutEnd: string;
  /** First day after the fit's window; default the environment's asOf. */
  readonly asOf?: string;
}

/**
 * `workshop clv validate`: loads the data (features at the as-of date), fits on the purchases
 * before it and compares the predicted with the actual repeat purchases up to the holdout end.
 */
export async function clvValidationStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'migrations' | 'loadChecks' | 'refresh'>,
  options: ClvValidationOptions,
): Promise<ClvValidation> {
  const env = { ...backend.env, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) };
  const at = { ...backend, env };
  await migrateStep(at, dirs);
  await loadStep(at, dirs, options.dataPath);
  const summary = await withHoldout(
    backend.wh,
    await readPurchaseHistory(backend.wh),
    options.holdoutEnd,
  );
  const { result } = runClv(summary, env.clv);
  if (result.holdout === undefined) throw new Error('CLV: the fit has no holdout table');
  return { ...result, holdout: result.holdout };
}

export interface RetrainStepOptions extends Omit<TrainStepOptions, 'clv'> {
  /** Fit lifetime value first and register its parameters with the version (default true). */
  readonly lifetimeValue?: boolean;
}

export interface RetrainStepResult {
  readonly checks: CheckResult[];
  /** Undefined when `lifetimeValue` is false. */
  readonly clv: ClvJson | undefined;
  readonly training: TrainModelResult;
}

/**
 * What a deploy, a retrain and `workshop train` run on the data the warehouse holds, in the
 * order `workshop run` runs it: every data check (nothing is trained on data that fails one),
 * the lifetime-value fit, training and registration, then the scores and their snapshot that
 * the dashboards read (a deploy writes no segments.csv, so it stores them here).
 */
export async function retrainStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'checks' | 'loadChecks'>,
  options: RetrainStepOptions = {},
): Promise<RetrainStepResult> {
  const { lifetimeValue = true, ...train } = options;
  const checks = await checksStep(backend, dirs);
  const clv = lifetimeValue ? await clvStep(backend) : undefined;
  const training = await trainStep(backend, { ...train, ...(clv === undefined ? {} : { clv }) });
  await storeScoresStep(backend);
  return { checks, clv, training };
}

/** The parameters of a fit, as registered with the model version trained on the same load. */
export const clvParameters = (clv: ClvJson): LifetimeValueParameters => ({
  bgnbd: { r: clv.bgnbd.r, alpha: clv.bgnbd.alpha, a: clv.bgnbd.a, b: clv.bgnbd.b },
  gamma_gamma: { p: clv.gammaGamma.p, q: clv.gammaGamma.q, gamma: clv.gammaGamma.gamma },
  window_end: clv.windowEnd,
  horizon_days: clv.horizonDays,
});

/** Approves, rejects or (re)activates a registered version; see segmentation/decide.ts. */
export async function decideStep(
  backend: TeamBackend,
  decision: Decision,
  version: number,
  reason: string,
): Promise<DecisionOutcome> {
  const outcome = await decideVersion(backend, decision, version, reason);
  // An activation emptied the stored scores of the previous version.
  if (outcome.active) await storeScores(backend.wh);
  return outcome;
}

/**
 * Scores every customer once (the stored scores and this as-of date's snapshot), then writes
 * every customer's segment, cluster, distance and lifetime value from them to `file`.
 */
export async function scoreStep(backend: TeamBackend, file: string): Promise<number> {
  await storeScoresStep(backend);
  return exportSegmentsCsv(backend.wh, file);
}

/**
 * Stores every customer's segment and cluster with the active model, and replaces the snapshot
 * of the current as-of date; earlier dates are kept (see sql/migrations/R__74_segment_migration.sql).
 */
export function storeScoresStep(backend: TeamBackend): Promise<StoredScores> {
  return storeScores(backend.wh);
}

/**
 * Publishes the dashboard: the page locally, QuickSight on AWS; first scores the customers when
 * nothing has since the last load or model activation.
 */
export async function publishStep(
  backend: TeamBackend,
  request: PublishRequest = {},
): Promise<PublishResult> {
  // Locally the page reads the warehouse anyway; on AWS the steps that empty the scores (load,
  // activation) are followed by the ones that store them (retrain, decide), and publishing
  // needs no warehouse permission.
  if (backend.kind === 'local' && (await ensureScores(backend.wh)))
    request.log?.(
      'scored the customers: the stored scores were emptied by a load or a model activation since the last scoring',
    );
  return backend.publisher.publish(request);
}
