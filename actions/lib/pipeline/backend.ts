/**
 * The one place a team's backend is opened: its warehouse, loader, trainer, model registry and
 * dashboard publisher, wired from the environment and either the local state folder (a DuckDB
 * file, or a PostgreSQL server) or the team stack's outputs (Redshift, SageMaker, QuickSight). Every CLI
 * command and every action calls `openTeamBackend`; nothing else constructs a warehouse or an AWS
 * client.
 */
import { sourceCurrency, type Environment } from '../../../contracts/environment/schema.js';
import { teamWarehouseName } from '../../../contracts/naming.js';
import { readStackOutputsFile, type StackOutputs } from '../../../contracts/stack-outputs.js';
import { quickSightTarget, type TargetOverrides } from '../dashboards/quicksight-target.js';
import { pagePublisher, quickSightPublisher, type Publisher } from '../dashboards/publisher.js';
import { awsLoadTarget } from '../load/aws-loader.js';
import { duckDbLoader } from '../load/duckdb-loader.js';
import { awsLoader, localLoader, type Loader } from '../load/loader.js';
import { readMigrations } from '../migrations/files.js';
import { migrate } from '../migrations/runner.js';
import { LocalModelRegistry } from '../segmentation/registries/local-registry.js';
import { ModelFolder } from '../segmentation/registries/model-folder.js';
import type { ModelRegistry } from '../segmentation/registries/model-registry.js';
import { SageMakerModelRegistry } from '../segmentation/registries/sagemaker-registry.js';
import { localTrainer } from '../segmentation/trainers/local-trainer.js';
import { sageMakerTrainer } from '../segmentation/trainers/sagemaker-trainer.js';
import type { Trainer } from '../segmentation/trainers/trainer.js';
import {
  resolveSageMakerSettings,
  type TrainingWaitOptions,
} from '../segmentation/trainers/training-job.js';
import { DuckDbWarehouse } from '../warehouse/duckdb.js';
import { PostgresWarehouse, redact } from '../warehouse/postgres.js';
import {
  RedshiftDataWarehouse,
  redshiftTarget,
  type RedshiftTarget,
} from '../warehouse/redshift-data.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { awsClients, type AwsClientFactory } from './aws-clients.js';
import { localPaths } from './paths.js';
import { lockTeam } from './team-lock.js';

export type BackendKind = 'local' | 'aws';

/** Who is running, for the registry's metadata and the training job's tags. */
export interface RunIdentity {
  readonly commit: string;
  readonly runId: string;
}

export interface OpenBackendOptions {
  readonly env: Environment;
  readonly backend: BackendKind;
  /** Local: where `.workshop/<team>/` and `out/<team>/` live. */
  readonly stateRoot: string;
  /** Local: a PostgreSQL server (postgres://…) instead of the team's DuckDB file. */
  readonly databaseUrl?: string;
  /** AWS: the team stack's `terraform output -json`, as a file path or already read. */
  readonly stackOutputs?: string | StackOutputs;
  /** Aborting (Ctrl-C, a cancelled job) cancels the running statement or wait. */
  readonly signal?: AbortSignal;
  /** AWS: bound on one Data API statement or batch; default the warehouse's (15 minutes). */
  readonly statementTimeoutMs?: number;
  readonly run: RunIdentity;
  /** AWS: overrides the environment file's SageMaker instance type. */
  readonly instanceType?: string;
  /** AWS: QuickSight settings the environment file and stack outputs do not hold. */
  readonly quickSight?: TargetOverrides;
  /**
   * AWS: the SDK clients, owned (and destroyed) by the caller; default real clients with
   * `userAgent`, destroyed by `close`.
   */
  readonly clients?: AwsClientFactory;
  readonly userAgent?: string;
  /** Tests: the clock and jitter of every bounded wait (Data API polls, training, ingestions). */
  readonly waits?: Pick<TrainingWaitOptions, 'clock' | 'random'>;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/** A team's open backend; `close` releases the warehouse and every client. */
export interface TeamBackend {
  readonly env: Environment;
  readonly kind: BackendKind;
  /** Where the warehouse is, for messages: a folder, a URL without password, or a Redshift target. */
  readonly where: string;
  readonly wh: Warehouse;
  readonly loader: Loader;
  readonly trainer: Trainer;
  readonly registry: ModelRegistry;
  readonly publisher: Publisher;
  /** Local: the team's model folder (`.workshop/<team>/models`). */
  readonly models?: ModelFolder;
  /** AWS: the stack outputs the backend was opened with. */
  readonly stack?: StackOutputs;
  readonly run: RunIdentity;
  close(): Promise<void>;
}

/** Opens `options.env.team`'s backend. The caller closes it. */
export async function openTeamBackend(options: OpenBackendOptions): Promise<TeamBackend> {
  return options.backend === 'local' ? openLocal(options) : openAws(options);
}

async function openLocal(options: OpenBackendOptions): Promise<TeamBackend> {
  const { env } = options;
  if (options.stackOutputs !== undefined) {
    throw new Error('stack outputs are for the aws backend; the local backend has no stack');
  }
  const paths = localPaths(options.stateRoot, env.team);
  const lock = await lockTeam(env.team, paths.lock);
  if (lock.tookOverFrom !== undefined)
    options.log?.(
      `took over the lock of pid ${lock.tookOverFrom.pid}, which no longer runs (started ${lock.tookOverFrom.started})`,
    );
  let wh: DuckDbWarehouse | PostgresWarehouse;
  try {
    wh =
      options.databaseUrl === undefined
        ? await DuckDbWarehouse.open(paths.database)
        : await PostgresWarehouse.connect(options.databaseUrl);
  } catch (error) {
    await lock.release();
    if (options.databaseUrl !== undefined) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open ${paths.database}: ${reason}. If the file is damaged, run workshop reset --team ${env.team} (it keeps the team's models in ${paths.models}) and run again`,
    );
  }
  const models = new ModelFolder(paths.models);
  return {
    env,
    kind: 'local',
    where: options.databaseUrl === undefined ? paths.database : redact(options.databaseUrl),
    wh,
    loader: wh instanceof DuckDbWarehouse ? duckDbLoader(wh, paths.scratch) : localLoader(wh),
    trainer: localTrainer(env.model),
    registry: new LocalModelRegistry(models),
    publisher: pagePublisher(wh, env.team, paths.defaultOut, sourceCurrency(env.source)),
    models,
    run: options.run,
    close: async () => {
      try {
        await wh.close();
      } finally {
        await lock.release();
      }
    },
  };
}

async function openAws(options: OpenBackendOptions): Promise<TeamBackend> {
  const { env } = options;
  if (options.databaseUrl !== undefined) {
    throw new Error('a database URL is for the local backend; the aws backend uses the Data API');
  }
  if (options.stackOutputs === undefined) {
    throw new Error(
      "the aws backend needs the team stack's outputs: the JSON of `terraform output -json` in its stack folder",
    );
  }
  const stack =
    typeof options.stackOutputs === 'string'
      ? await readStackOutputsFile(options.stackOutputs)
      : options.stackOutputs;
  const from =
    typeof options.stackOutputs === 'string' ? options.stackOutputs : 'the stack outputs';
  if (stack.region !== env.region) {
    throw new Error(
      `${from} are for region ${stack.region} but environments/${env.team}.yaml says ${env.region}; pass the outputs of team ${env.team}'s stack`,
    );
  }
  if (stack.warehouse.type !== env.warehouse.type) {
    throw new Error(
      `${from} describe a ${stack.warehouse.type} warehouse but environments/${env.team}.yaml a ${env.warehouse.type} one; apply the team stack, then export its outputs again`,
    );
  }

  const clients = options.clients ?? awsClients(options.userAgent ?? 'rfm-workshop');
  const data = clients.redshiftData(stack.region);
  const s3 = clients.s3(stack.region);
  const sagemaker = clients.sagemaker(stack.region);
  const quicksight = clients.quicksight(stack.region);
  const target = redshiftTarget(stack.warehouse);
  const wh = new RedshiftDataWarehouse({
    client: data,
    target,
    ...(options.statementTimeoutMs === undefined ? {} : { timeoutMs: options.statementTimeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.waits,
  });
  const wait = {
    ...options.waits,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  return {
    env,
    kind: 'aws',
    where: 'clusterIdentifier' in target ? target.clusterIdentifier : target.workgroupName,
    wh,
    loader: awsLoader(wh, s3, awsLoadTarget(stack)),
    trainer: sageMakerTrainer({
      wh,
      sagemaker,
      s3,
      stack,
      settings: resolveSageMakerSettings(
        env.model,
        options.instanceType === undefined ? {} : { instanceType: options.instanceType },
      ),
      team: env.team,
      commit: options.run.commit,
      runId: options.run.runId,
      wait,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.log === undefined ? {} : { log: options.log }),
    }),
    registry: new SageMakerModelRegistry({ sagemaker, s3, stack, team: env.team }),
    // The target is resolved when publishing, so that a missing QuickSight setting fails the
    // publish step only.
    publisher: {
      kind: 'quicksight',
      publish: (request) =>
        quickSightPublisher(
          quicksight,
          quickSightTarget(env, stack, options.quickSight ?? {}),
        ).publish(request),
    },
    stack,
    run: options.run,
    close: async () => {
      await wh.close();
      if (options.clients === undefined)
        for (const client of [data, s3, sagemaker, quicksight]) client.destroy();
    },
  };
}

/**
 * A throwaway in-memory DuckDB with `migrationsDir` applied, and its loader (scratch files under
 * `scratchDir`): where an AWS load refused by a data check is loaded again to list the check's
 * rows, which Redshift does not return from inside a load. The caller closes it.
 */
export async function openReplayWarehouse(
  migrationsDir: string,
  scratchDir: string,
): Promise<{ loader: Loader; close: () => Promise<void> }> {
  const wh = await DuckDbWarehouse.open();
  try {
    await migrate(wh, await readMigrations(migrationsDir));
  } catch (error) {
    await wh.close();
    throw error;
  }
  return { loader: duckDbLoader(wh, scratchDir), close: () => wh.close() };
}

/**
 * The team's Redshift warehouse as the caller's own IAM identity, without a secret or stack
 * outputs: found by its name (contracts/naming.ts) and the environment's database. The drift
 * check reads the migration history this way as the drift role's database user `IAMR:<role>`,
 * which may read that table only. `close` destroys the client it made.
 */
export function openIdentityWarehouse(options: {
  readonly env: Environment;
  readonly clients: AwsClientFactory;
  readonly signal?: AbortSignal;
  readonly waits?: Pick<TrainingWaitOptions, 'clock' | 'random'>;
}): { readonly wh: Warehouse; close(): Promise<void> } {
  const { env } = options;
  const name = teamWarehouseName(env.team);
  const target: RedshiftTarget =
    env.warehouse.type === 'provisioned'
      ? { clusterIdentifier: name, database: env.warehouse.database }
      : { workgroupName: name, database: env.warehouse.database };
  const client = options.clients.redshiftData(env.region);
  const wh = new RedshiftDataWarehouse({
    client,
    target,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.waits,
  });
  return {
    wh,
    close: async () => {
      try {
        await wh.close();
      } finally {
        client.destroy();
      }
    },
  };
}
